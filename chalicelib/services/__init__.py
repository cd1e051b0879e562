"""Use cases: join the domain rules, the store and the senders."""
