"""The hiring pipeline: which recruitment action is allowed from which status, and where it leads.

This is the one table of transitions; services ask `next_status()` and never decide on their own.

Rules, and why:

- `deleted` is a parking place, not a stage: from it only `restore` (back to the status
  it had before `delete`) and `purge` (gone for good) make sense. Everything else on a
  deleted applicant is refused, so a bulk action that happens to include one never
  revives it by accident.
- `restore` and `purge` are only for deleted applicants: purge is irreversible, so it
  needs the deliberate two steps "delete, then purge from the deleted list".
- `hired` is final. A hired applicant is an employee now (`GET /employees`), no longer a
  candidate: no stage action applies, and neither does `delete`/`purge`, because the
  employee record is linked to the application and is kept under the employment, not
  the recruitment. That also means purge never has to reach into the employees.
- `withdrawn` is the applicant's own decision. The recruiter may only `delete` it (and
  then purge); rejecting, saving, offering to, hiring or transferring someone who
  withdrew would overwrite their choice.
- `reject` is possible at any active stage (received, invited, saved, offer_received),
  as the product says. Rejecting the rejected is refused, like withdrawing the withdrawn:
  an action that would change nothing is reported, not silently repeated.
- `save` keeps a strong profile: from an active stage, and from `rejected` (the classic
  "not this time, but keep them"), and from `offer_received` (the offer was declined).
- `send_offer` and `hire` need a live candidate: received, invited, saved (and hire
  also from offer_received). A rejected applicant is saved first, deliberately.
- `transfer` moves the person to another vacancy as a fresh application (`received`
  there), from received, invited, saved and rejected (rejected here, right for
  another job). Not from `offer_received`: an open offer is settled first (hire or reject).
- A purge that has begun erasing an applicant's documents (S3 files cannot be part of a
  DynamoDB transaction, so they go first) can only be finished: `restore` is refused from
  then on, so nobody brings back an applicant with half their data gone.
- `invite` is not a `POST /applicants/actions` action: it is the interview invitation's
  effect on status, listed here so that inviting follows the same table: from received,
  invited (a further interview) and saved. An applicant with an offer, rejected,
  withdrawn, hired or deleted is not invited.
"""

from __future__ import annotations

from chalicelib.domain.errors import InvalidTransitionError

STATUSES = ("received", "invited", "withdrawn", "rejected", "saved", "offer_received", "hired", "deleted")
ACTIONS = ("withdraw", "delete", "restore", "purge", "reject", "save", "send_offer", "hire", "transfer")
"""The recruitment actions of `POST /applicants/actions`."""
INVITE = "invite"

PREVIOUS = "(status before delete)"
"""Target of `restore`: the status the applicant had when deleted."""
PURGED = "purged"
"""Target of `purge`: the applicant no longer exists."""

_COLUMNS = (*ACTIONS, INVITE)
RCV, INV, WDR, REJ, SAV, OFR, HIR, DEL = STATUSES  # short names, so the table reads as one
_ = None  # not allowed
# fmt: off
_TABLE: dict[str, tuple[str | None, ...]] = {
    # from \ action  withdraw delete restore   purge   reject save send_offer hire transfer invite
    "received":       (WDR,    DEL,   _,        _,      REJ,   SAV, OFR,       HIR, RCV,     INV),
    "invited":        (WDR,    DEL,   _,        _,      REJ,   SAV, OFR,       HIR, RCV,     INV),
    "saved":          (WDR,    DEL,   _,        _,      REJ,   _,   OFR,       HIR, RCV,     INV),
    "offer_received": (WDR,    DEL,   _,        _,      REJ,   SAV, _,         HIR, _,       _),
    "rejected":       (_,      DEL,   _,        _,      _,     SAV, _,         _,   RCV,     _),
    "withdrawn":      (_,      DEL,   _,        _,      _,     _,   _,         _,   _,       _),
    "hired":          (_,      _,     _,        _,      _,     _,   _,         _,   _,       _),
    "deleted":        (_,      _,     PREVIOUS, PURGED, _,     _,   _,         _,   _,       _),
}
# fmt: on
TRANSITIONS: dict[tuple[str, str], str] = {
    (status, action): target
    for status, row in _TABLE.items()
    for action, target in zip(_COLUMNS, row, strict=True)
    if target is not None
}
"""(status, action) → the status it leads to; a pair that is absent is not allowed."""


def allowed(status: str, action: str) -> bool:
    return (status, action) in TRANSITIONS


APPLICANT_WITHDRAWABLE = (*(status for status in STATUSES if allowed(status, "withdraw")), REJ, WDR)
"""Where the applicant's own withdrawal (their answer link, an interview offer) is taken: wherever the
recruiter's `withdraw` is allowed, and also after a rejection or an earlier withdrawal, since the
applicant's word stands and saying it twice changes nothing. Hired and deleted applicants are not."""


def next_status(status: str, action: str, status_before_delete: str | None = None, purge_started: bool = False) -> str:
    """The status `action` leads to from `status`, or InvalidTransitionError saying why not."""
    target = TRANSITIONS.get((status, action))
    if target is None:
        raise InvalidTransitionError(_refusal(status, action))
    if action == "restore" and purge_started:
        raise InvalidTransitionError("A purge of this applicant has begun and removed data; it can only be finished.")
    if target == PREVIOUS:
        restorable = status_before_delete in STATUSES and status_before_delete != "deleted"
        return status_before_delete if restorable else "received"
    return target


_ALREADY = {"withdraw": "withdrawn", "reject": "rejected", "save": "saved", "send_offer": "offer_received"}


def _refusal(status: str, action: str) -> str:
    if status not in STATUSES:
        return f"Unknown status {status!r}."
    if status == "deleted":
        return "A deleted applicant can only be restored or purged."
    if action in ("restore", "purge"):
        return f"Only a deleted applicant can be {action}d; this one is {status}."
    if status == "hired":
        return "A hired applicant is an employee now; their application is closed."
    if status == "withdrawn":
        return "The applicant withdrew; their application can only be deleted."
    if _ALREADY.get(action) == status:
        return f"The applicant is already {status.replace('_', ' ')}."
    return f"Cannot {action.replace('_', ' ')} an applicant who is {status.replace('_', ' ')}."
