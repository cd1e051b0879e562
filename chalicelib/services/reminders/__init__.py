"""The reminder job, in four parts:

- `enqueue`: the 08:00 UTC schedule puts what is due on the queue, a chunk at a time, handing on;
- `handler`: the queue handler, the SQS protocol (partial batch responses, backoff, throttled
  messages sent again as new ones);
- `delivery`: one reminder, at most once (claim, send through notify at the account's pace,
  record the outcome);
- `local_drain`: the local stage's stand-in for the SQS event source (`POST /dev/reminders/run`).

The rules of what goes, and the at-most-once promise, are in chalicelib.domain.reminders; the
pacing rules in chalicelib.domain.pacing.
"""
