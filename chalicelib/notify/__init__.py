"""SES and SNS senders. Clients are created lazily so import stays cheap and tests can swap them."""
