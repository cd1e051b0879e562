"""Retention: the daily run that deletes what the organisation's policy no longer allows to keep, the
renewal question to the owners of saved profiles, legal holds, and the list of what will go.

The rules are in chalicelib/domain/retention.py. The run reads only the sparse `retention_due`
index up to today (what is due, missed days included), re-judges each applicant from its stored
facts under the organisation's current policy (so an index key that is early, after a longer
policy or a later activity, only moves the key) and then:

- purges it through the recruiter's own path: `deleted` (a history event by `retention`), the
  files, then `store.actions.purge` (interviews, links, ratings, panel places, profile links,
  documents, history, the applicant);
- or, for a saved profile, emails its owner the renewal question with a fresh profile link.

Every step is conditional on what was read and leaves the applicant in the index until it is
gone, so a run killed half-way is finished by the next one, and a second run on the same day
finds nothing left to do. It logs and counts only numbers, per organisation and reason.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from chalicelib import contract, observability
from chalicelib.domain import retention as rules
from chalicelib.domain.actors import Recruiter
from chalicelib.domain.errors import ConflictError, InvalidTransitionError, RendezvousError, UnavailableError
from chalicelib.domain.schedule import parse_instant
from chalicelib.store import retention as store

log = logging.getLogger("rendezvous.retention")

RUN_BY = "retention"  # the `by` of the history events the run writes (they go with the applicant)
PAGE = 200  # due applicants read per Query
MARGIN_MS = 20_000  # stop with this much of the invocation left; the next run goes on

TimeLeft = Callable[[], float]


# The daily run -------------------------------------------------------------------------------


class _Run:
    def __init__(self, now: datetime) -> None:
        self.now = now
        self.today = now.astimezone(UTC).date()
        self.policies: dict[str, rules.Policy] = {}
        self.settings: dict[str, dict[str, Any]] = {}
        self.counts: Counter[tuple[str, str, str]] = Counter()  # (outcome, org, reason)
        self.read = 0

    def policy(self, org: str) -> rules.Policy:
        if org not in self.policies:
            self.policies[org] = store.policy(org)
        return self.policies[org]

    def handle(self, applicant: Any) -> None:
        reason = applicant.retention_purge or applicant.retention_reason or rules.APPLICATION
        try:
            outcome, reason = self._decide(applicant)
        except ConflictError:
            outcome = "changed"  # changed meanwhile: the next run judges it again
        except RendezvousError:
            outcome = "failed"
        self.counts[(outcome, applicant.org, reason)] += 1

    def _decide(self, applicant: Any) -> tuple[str, str]:
        policy = self.policy(applicant.org)
        plan = store.plan_of(applicant, policy)
        finishing = applicant.retention_purge is not None and applicant.status == "deleted"
        if applicant.legal_hold is None and (finishing or plan.action(self.today) == "purge"):
            reason = applicant.retention_purge or plan.reason
            purge(applicant, reason, self.now)
            return "purged", reason
        if plan.action(self.today) == "notice":
            return self._notice(applicant, plan, policy), plan.reason
        store.rekey(applicant, store.fields(applicant.org, applicant.applicant_id, plan))
        return "redated", plan.reason

    def _notice(self, applicant: Any, plan: rules.Plan, policy: rules.Policy) -> str:
        from chalicelib.services import organisations, profiles
        from chalicelib.services.invitations import email_undeliverable

        if email_undeliverable(applicant):
            return "undeliverable"  # not asked (nor charged): asked again once the address is corrected
        if organisations.reserve(applicant.org, self.now, emails=1) is not None:
            return "deferred"  # over today's email budget: asked tomorrow (the key stays)
        if applicant.org not in self.settings:
            from chalicelib.store import organisations as organisation_store

            self.settings[applicant.org] = organisation_store.settings(applicant.org)
        sender, reply_to = organisations.default_sender(applicant.org, self.settings[applicant.org])
        from botocore.exceptions import BotoCoreError, ClientError

        after = {"renewal_notice_sent_at": self.now, **store.replan(applicant, policy, notice_sent_at=self.now)}
        try:
            profiles.renewal_notice(applicant, sender, reply_to, plan.delete_on, policy, after, self.now)
        except (ClientError, BotoCoreError):
            return "failed"  # not sent: the key stays, the next run asks again
        return "notified"


def run(event_time: str | datetime, time_left: TimeLeft | None = None) -> dict[str, Any]:
    """Everything due on the run's UTC date (and before: a missed day is caught up). Resumable: what a run
    did not reach (killed, or short of time) is still due for the next."""
    state = _Run(parse_instant(event_time))

    def short_of_time() -> bool:
        return time_left is not None and time_left() < MARGIN_MS

    finished = True
    for shard in store.shards():
        start = None
        while finished:
            applicants, start = store.due_page(shard, state.today, start, PAGE)
            state.read += len(applicants)
            for applicant in applicants:
                if short_of_time():  # each purge is a few requests: stop between two, never in one
                    finished = False
                    break
                state.handle(applicant)
            if start is None:
                break
        if not finished:
            break
    return _report(state, finished)


def _report(state: _Run, finished: bool) -> dict[str, Any]:
    totals: Counter[str] = Counter()
    per_org: dict[str, dict[str, dict[str, int]]] = {}
    for (outcome, org, reason), number in sorted(state.counts.items()):
        totals[outcome] += number
        per_org.setdefault(org, {}).setdefault(outcome, {})[reason] = number
        if outcome in ("purged", "notified", "failed"):
            metric = {"purged": "RetentionPurged", "notified": "RetentionNotices", "failed": "RetentionFailed"}[outcome]
            observability.count(metric, number, org=org, reason=reason)
    result = {
        "today": state.today.isoformat(),
        "read": state.read,
        **{
            outcome: totals.get(outcome, 0)
            for outcome in ("purged", "notified", "redated", "deferred", "undeliverable", "changed", "failed")
        },
        "done": finished,
    }
    # counts only: organisation ids and numbers, never a name, an address or an applicant id
    log.info("retention run", extra={**result, "per_org": per_org})
    return result


def purge(applicant: Any, reason: str, now: datetime) -> None:
    """Through the recruiter's path: `deleted` (keeping the retention keys, so a run killed after this is
    found again), the files, then the item collection and everything linked to it."""
    from chalicelib.domain.history import history_event
    from chalicelib.services import documents
    from chalicelib.store import actions as action_store

    if applicant.status != "deleted":
        event = history_event(now, RUN_BY, "deleted", from_status=applicant.status, status="deleted", reason=reason)
        kept = {"status_before_delete": applicant.status, "retention_purge": reason}
        action_store.change(applicant, "deleted", event, now, kept)
    elif applicant.retention_purge is None:
        action_store.change(
            applicant, "deleted", _run_event(now, "purge_started", reason), now, {"retention_purge": reason}
        )
    action_store.purge(applicant, documents.erase_for_purge(applicant, now))


def _run_event(now: datetime, event: str, reason: str) -> dict[str, Any]:
    from chalicelib.domain.history import history_event

    return history_event(now, RUN_BY, event, reason=reason)


def run_locally(at: datetime) -> dict[str, Any]:
    """POST /dev/retention/run: the run exactly as the 09:00 UTC schedule would at `at`."""
    return run(at)


# Recruiters: legal holds and the list of what will go ----------------------------------------


def hold(recruiter: Recruiter, applicant_id: str, data: contract.HoldRequest, now: datetime) -> contract.Applicant:
    """Place a legal hold: the retention run keeps the applicant (and purge is refused) until it is released."""
    from chalicelib.domain.history import history_event
    from chalicelib.services.applicant_views import view
    from chalicelib.store import applicants as applicant_store

    applicant = applicant_store.get(recruiter.org, applicant_id)
    if applicant.legal_hold is not None:
        raise InvalidTransitionError("The applicant is under a legal hold already.")
    placed = {"reason": data.reason, "by": recruiter.user_id, "at": now.isoformat()}
    changes = {"legal_hold": placed, **store.replan(applicant, store.policy(recruiter.org), held=True)}
    event = history_event(now, recruiter.user_id, "hold_placed", reason=data.reason)
    store.with_event(applicant, changes, event, now)
    return view(applicant)


def release(recruiter: Recruiter, applicant_id: str, now: datetime) -> contract.Applicant:
    """Release the hold: the date the policy gives applies again (a date that passed is due at the next run)."""
    from chalicelib.domain.history import history_event
    from chalicelib.services.applicant_views import view
    from chalicelib.store import applicants as applicant_store

    applicant = applicant_store.get(recruiter.org, applicant_id)
    if applicant.legal_hold is None:
        raise InvalidTransitionError("The applicant is not under a legal hold.")
    changes = {"legal_hold": None, **store.replan(applicant, store.policy(recruiter.org), held=False)}
    event = history_event(now, recruiter.user_id, "hold_released")
    store.with_event(applicant, changes, event, now)
    return view(applicant)


def page_due(recruiter: Recruiter, query: contract.OrgApplicantQuery) -> contract.ApplicantList:
    """`GET /applicants?retention_due_before=`: what the run will delete before that day, soonest first."""
    from chalicelib import config
    from chalicelib.domain import cursors
    from chalicelib.services.applicant_views import view

    before = query.retention_due_before
    scope = f"retention:{before.isoformat()}"
    secret = config.cursor_secret()
    start = cursors.decode(secret, recruiter.org, scope, query.cursor)
    items, position = store.org_due_page(recruiter.org, before, query.limit, start)
    return contract.ApplicantList(
        items=[view(item) for item in items], next_cursor=cursors.encode(secret, recruiter.org, scope, position)
    )


# Activity that is not a status change ---------------------------------------------------------


def interview_moved(org: str, applicant_id: str, ends: datetime, now: datetime) -> None:
    """A rescheduled interview that ends later than anything before it moves the application's date on.

    A separate write after the interview's, conditional on the applicant read (two tries); should it
    fail, the date stays at the end of the interview as it was before (logged, without personal data)."""
    from chalicelib.store import applicants as applicant_store

    for _attempt in range(2):
        applicant = applicant_store.find(org, applicant_id, consistent_read=True)
        if applicant is None:
            return
        current = applicant.last_activity_at or applicant.created_at
        last = rules.later(current, max(now, ends))
        if last == current:
            return
        try:
            store.rekey(applicant, store.replan(applicant, store.policy(org), last_activity_at=last))
            return
        except ConflictError:
            continue
        except UnavailableError:
            log.warning("retention date not moved after a reschedule", extra={"org": org})
            return
