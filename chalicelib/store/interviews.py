"""Interviews and their answer links. The derived index keys are set here and nowhere else.

An interview is an item of its applicant's collection (`<org>#<applicant_id>`, `interview#<id>`,
docs/data-model.md). Where the applicant id is known (the answer link, a delivery record, an
attendance item, an offer, the group's member list) the interview is read with one GetItem on its
whole key; by its id alone (`/interviews/{id}`) through the sparse `by_interview` index.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pynamodb.transactions import TransactWrite

from chalicelib.domain.errors import NotFoundError
from chalicelib.store import attendance, history
from chalicelib.store.applicants import listing_keys, unread
from chalicelib.store.connection import connection
from chalicelib.store.errors import failed_positions, translated, unless_condition_failed
from chalicelib.store.models import (
    APPLICANT_ITEM,
    INTERVIEW_PREFIX,
    AnswerLink,
    Applicant,
    Interview,
    collection_key,
    interview_item_key,
)

LINK_RETENTION = timedelta(days=30)  # the TTL sweeps links this long after the interview


def calendar_key(local_start: str, start_utc: datetime, interview_id: str) -> str:
    """Local start date first (the page filters by it), then the instant (soonest first)."""
    return f"{local_start[:10]}#{start_utc.strftime('%Y-%m-%dT%H:%M:%SZ')}#{interview_id}"


def set_derived_keys(interview: Interview) -> None:
    interview.calendar_key = calendar_key(interview.local_start, interview.start_utc, interview.interview_id)
    interview.org_type = f"{interview.org}#{interview.type}"
    interview.applicant_key = collection_key(interview.org, interview.applicant_id)
    interview.item_key = interview_item_key(interview.interview_id)
    interview.org_interview = f"{interview.org}#{interview.interview_id}"
    due = reminder_due_keys(interview)
    interview.reminder_due = due["reminder_due"]
    interview.reminder_due_key = due["reminder_due_key"]


DUE = "due"


def reminder_due_keys(interview: Interview) -> dict[str, str | None]:
    """In the due-reminders index exactly while the reminder is scheduled and the interview not cancelled."""
    reminder = interview.reminder or {}
    if reminder.get("status") == "scheduled" and not interview.cancelled:
        return {
            "reminder_due": DUE,
            "reminder_due_key": f"{reminder['send_on']}#{interview.org}#{interview.interview_id}",
        }
    return {"reminder_due": None, "reminder_due_key": None}


def new_link(token_hash: str, interview: Interview) -> AnswerLink:
    return AnswerLink(
        token_hash,
        org=interview.org,
        interview_id=interview.interview_id,
        applicant_id=interview.applicant_id,
        valid_until=interview.start_utc,
        expires_at=interview.start_utc + LINK_RETENTION,
    )


def create(
    interview: Interview,
    link: AnswerLink | None,
    applicant: Applicant,
    event: dict[str, Any],
    now: datetime,
    set_invited: bool = True,
    retention: dict[str, Any] | None = None,
    delivery: Any | None = None,
) -> None:
    """One transaction: the interview, its answer link, the applicant invited with a history event,
    and the record of the invitation email already sent (store.deliveries.sent), if one went.

    Conditional on the applicant's version, so a concurrent change to the
    applicant fails the whole write instead of being overwritten.
    """
    set_derived_keys(interview)
    keys = listing_keys(applicant.org, applicant.vacancy_id, "invited")
    with TransactWrite(connection=connection()) as transaction:
        transaction.save(interview)
        for item in attendance.items(interview):  # at most 50 (the API's limit on attendees)
            transaction.save(item)
        if link is not None:
            transaction.save(link, condition=AnswerLink.token_hash.does_not_exist())
        transaction.save(history.item(applicant.org, applicant.applicant_id, event))
        if delivery is not None:  # a new message id: nothing to be conditional on
            transaction.save(delivery)
        actions = [Applicant.updated_at.set(now)]
        if set_invited:
            actions += [
                Applicant.status.set("invited"),
                Applicant.org_status.set(keys["org_status"]),
                Applicant.vacancy_listing.set(keys["vacancy_listing"]),
            ]
        for name, value in (retention or {}).items():  # the retention date follows the interview's end
            attribute = getattr(Applicant, name)
            actions.append(attribute.remove() if value is None else attribute.set(value))
        transaction.update(applicant, actions=actions)


def _by_id(org: str, interview_id: str) -> Interview | None:
    """The interview as the `by_interview` index holds it (one Query; eventually consistent)."""
    for interview in Interview.by_interview.query(f"{org}#{interview_id}", limit=1):
        return interview
    return None


def get(org: str, interview_id: str) -> Interview:
    """By id alone, for a recruiter's read or change: every write after it is conditional on the version read."""
    interview = _by_id(org, interview_id)
    if interview is None:
        raise NotFoundError(f"No interview {interview_id}.")
    return interview


def find(org: str, interview_id: str, applicant_id: str | None = None) -> Interview | None:
    """As stored now (a consistent GetItem); without the applicant id, the index first finds where it is."""
    if applicant_id is None:
        located = _by_id(org, interview_id)
        if located is None:
            return None
        applicant_id = located.applicant_id
    try:
        return Interview.get(collection_key(org, applicant_id), interview_item_key(interview_id), consistent_read=True)
    except Interview.DoesNotExist:
        return None


def _keys(org: str, interviews: dict[str, str | None]) -> list[tuple[str, str]]:
    """The table keys of interviews given as {interview id: applicant id}; an unknown applicant (an item
    written before the interviews moved into the collection) is found through the index."""
    keys = []
    for interview_id, applicant_id in interviews.items():
        if applicant_id is None:
            located = _by_id(org, interview_id)
            if located is None:
                continue
            applicant_id = located.applicant_id
        keys.append((collection_key(org, applicant_id), interview_item_key(interview_id)))
    return keys


def get_many(org: str, interviews: dict[str, str | None]) -> list[Interview]:
    """`interviews`: {interview id: applicant id}. One BatchGetItem per 100."""
    return list(Interview.batch_get(_keys(org, interviews)))


def member_refs(interview: Interview) -> dict[str, str | None]:
    """Every interview of the interview's group invitation, {interview id: applicant id}; itself alone outside one."""
    members = list(interview.group_members or [interview.interview_id])
    applicants = list(interview.group_applicants or [])
    refs: dict[str, str | None] = dict.fromkeys(members)
    if len(applicants) == len(members):
        refs.update(zip(members, applicants, strict=True))
    if interview.interview_id in refs:
        refs[interview.interview_id] = interview.applicant_id
    return refs


def group_members(org: str, interviews: dict[str, str | None]) -> list[Interview]:
    """Every interview a group invitation made, as stored now (a consistent read: an answer or a
    cancellation just written must show in the group's calendar event). `interviews`: member_refs()."""
    found = {
        interview.interview_id: interview
        for interview in Interview.batch_get(_keys(org, interviews), consistent_read=True)
    }
    return [found[interview_id] for interview_id in interviews if interview_id in found]


def new(org: str, interview_id: str, **fields: Any) -> Interview:
    """An interview to be created (`create`): the applicant's details copied in, the invitation, the reminder."""
    return Interview(org, interview_id, **fields)


def for_applicant(org: str, applicant_id: str, consistent_read: bool = False) -> list[Interview]:
    """The applicant's interviews, in order of id: one Query on their collection."""
    return list(
        Interview.query(
            collection_key(org, applicant_id),
            Interview.item_key.startswith(INTERVIEW_PREFIX),
            consistent_read=consistent_read,
        )
    )


def link(token_hash: str) -> AnswerLink | None:
    try:
        return AnswerLink.get(token_hash, consistent_read=True)
    except AnswerLink.DoesNotExist:
        return None


def record_answer(
    interview: Interview,
    confirmation: str,
    event: dict[str, Any],
    now: datetime,
    reminder: dict[str, Any] | None = None,
    withdraw: bool = False,
    change: Any | None = None,
) -> str:
    """The answer, the applicant, their history event and the link's count of changes in one transaction.

    `reminder`, when given, is the interview's reminder scheduled again (an accept after a decline);
    `withdraw` also makes the applicant `withdrawn`, if their status allows it
    (`pipeline.APPLICANT_WITHDRAWABLE`). The interview write is conditional on the version we read,
    so two answers at once cannot interleave. The applicant was not read (the answer page
    keeps to three requests): its update is a blind one that still bumps the
    version, so a recruiter's concurrent version-checked write sees the change.
    `change` (store.links.counted_as_seen) counts the answer on its link in the same transaction, so
    an answer is never counted without being recorded nor recorded beyond the hour's limit.
    Returns `recorded`, `stale` (the interview or the link changed since read: read again),
    `applicant` (only the applicant's condition failed) or `too_many` (the link's changes this
    hour are used up).
    """
    from chalicelib.domain.pipeline import APPLICANT_WITHDRAWABLE

    actions = [Interview.confirmation.set(confirmation), Interview.updated_at.set(now)]
    if interview.group_id:  # the group's calendar event changes with every answer in it
        actions.append(Interview.group_sequence.add(1))
    if reminder is not None:
        interview.reminder = reminder
        due = reminder_due_keys(interview)
        actions += [
            Interview.reminder.set(reminder),
            Interview.reminder_due.set(due["reminder_due"]),
            Interview.reminder_due_key.set(due["reminder_due_key"]),
        ]
    applicant_actions = [Applicant.updated_at.set(now)]
    applicant_condition = Applicant.applicant_id.exists()
    if withdraw:
        keys = listing_keys(interview.org, interview.vacancy_id, "withdrawn")
        applicant_actions += [Applicant.status.set("withdrawn"), Applicant.org_status.set(keys["org_status"])]
        applicant_condition &= Applicant.status.is_in(*APPLICANT_WITHDRAWABLE)
    from pynamodb.exceptions import TransactWriteError

    applicant = unread(interview.org, interview.applicant_id)
    try:
        with TransactWrite(connection=connection()) as transaction:
            transaction.save(history.item(interview.org, interview.applicant_id, event))
            transaction.update(interview, actions=actions)
            transaction.update(
                applicant, actions=applicant_actions, condition=applicant_condition, add_version_condition=False
            )
            if change is not None:
                transaction.update(
                    change.item, actions=change.actions, condition=change.condition, add_version_condition=False
                )
    except TransactWriteError as exc:
        failed = failed_positions(exc)  # PynamoDB sends puts first, then updates in the order given
        if failed == [2]:
            return "applicant"
        if failed == [3] and change.same_hour:
            return "too_many"
        if failed:
            return "stale"
        raise
    return "recorded"


CONTACT_FIELDS = {
    "first_name": "applicant_first_name",
    "last_name": "applicant_last_name",
    "email": "applicant_email",
    "mobile": "applicant_mobile",
    "language": "applicant_language",
}


def update_contact(org: str, applicant_id: str, applicant: Applicant) -> int:
    """Keep the applicant's contact details on their interviews in step with the applicant.

    A blind update (no version condition, but the version still goes up), so it
    never loses to a concurrent answer and a concurrent version-checked write still sees it.
    """
    count = 0
    for interview in for_applicant(org, applicant_id):
        actions = [
            getattr(Interview, attribute).set(getattr(applicant, field)) for field, attribute in CONTACT_FIELDS.items()
        ]
        actions.append(Interview.applicant_name.set(f"{applicant.first_name} {applicant.last_name}"))
        interview.update(actions=actions, condition=Interview.interview_id.exists(), add_version_condition=False)
        count += 1
    return count


def page(
    org: str,
    activity: str | None,
    first_day: str | None,
    last_day: str | None,
    vacancy_id: str | None,
    confirmation: str | None,
    limit: int,
    start: dict | None,
    delivery: str | None = None,
) -> tuple[list[Interview], dict | None]:
    """One page of the Interviews page: one Query on (organisation[, activity], local start date, instant).

    The key reads only interviews of the dates (and the activity) asked for; `vacancy_id` and
    `confirmation` are filters, so that Query reads at most twice the page (store.paging).
    """
    from chalicelib.store.paging import bounded_page

    key = Interview.calendar_key
    low, high = first_day, f"{last_day}#\uffff" if last_day else None
    if low and high:
        range_condition = key.between(low, high)
    elif low:
        range_condition = key >= low
    elif high:
        range_condition = key <= high
    else:
        range_condition = None
    filters = None
    if vacancy_id:
        filters = Interview.vacancy_id == vacancy_id
    if confirmation:
        condition = Interview.confirmation == confirmation
        filters = condition if filters is None else filters & condition
    if delivery:
        condition = (
            (Interview.invitation_delivery["state"] == delivery)
            | (Interview.reminder_delivery["state"] == delivery)
            | (Interview.reminder_sms_delivery["state"] == delivery)
        )
        filters = condition if filters is None else filters & condition
    if activity:
        return bounded_page(
            Interview.by_activity.query,
            Interview,
            limit,
            start,
            filters is not None,
            ("applicant_key", "item_key", "org_type", "calendar_key"),
            hash_key=f"{org}#{activity}",
            range_key_condition=range_condition,
            filter_condition=filters,
        )
    return bounded_page(
        Interview.by_start.query,
        Interview,
        limit,
        start,
        filters is not None,
        ("applicant_key", "item_key", "org", "calendar_key"),
        hash_key=org,
        range_key_condition=range_condition,
        filter_condition=filters,
    )


DELIVERY_SLOTS = ("invitation_delivery", "reminder_delivery", "reminder_sms_delivery")


def deliveries_read(interview: Interview) -> dict[str, dict[str, Any]]:
    """The delivery states as read, for a write that changes one of them itself (a resend)."""
    from chalicelib.domain.delivery import as_map

    return {slot: as_map(getattr(interview, slot)) for slot in DELIVERY_SLOTS}


def save_changed(
    interview: Interview,
    previous_attendees: list[str] | None = None,
    *,
    read: dict[str, dict[str, Any]] | None = None,
) -> None:
    """Write a recruiter's change; a stale read (someone changed it meanwhile) is a 409, never an overwrite.

    Delivery events write their states without moving the version (store.deliveries), so the write
    is also conditional on the delivery states read: one that arrived meanwhile is never undone.
    Then the attendance items follow, when the change may have moved them (`previous_attendees`: the
    emails before the change; None: the attendees and the time are as they were)."""
    set_derived_keys(interview)
    with translated("interview", conflict="The interview was changed by someone else; reload it and try again."):
        interview.save(condition=_unchanged_deliveries(read or deliveries_read(interview)))
    if previous_attendees is not None:
        attendance.sync(interview, previous_attendees)


def _unchanged_deliveries(read: dict[str, dict[str, Any]]) -> Any:
    condition = None
    for slot in DELIVERY_SLOTS:
        attribute, known = getattr(Interview, slot), read.get(slot) or {}
        if known.get("message_id") is None:
            part = attribute.does_not_exist() | attribute["message_id"].does_not_exist()
        else:
            part = (attribute["message_id"] == known["message_id"]) & (attribute["rank"] == known.get("rank", 0))
        condition = part if condition is None else condition & part
    return condition


def put_link(interview: Interview, token_hash: str) -> None:
    """Store an answer link whose hash the interview already lists."""
    new_link(token_hash, interview).save()


def extend_links(interview: Interview) -> None:
    """A moved interview keeps its links alive (and swept) relative to the new start."""
    for token_hash in interview.answer_links or []:
        with unless_condition_failed():  # a link already swept away needs no extending
            AnswerLink(token_hash).update(
                actions=[
                    AnswerLink.valid_until.set(interview.start_utc),
                    AnswerLink.expires_at.set(interview.start_utc + LINK_RETENTION),
                ],
                condition=AnswerLink.token_hash.exists(),
            )


def add_history(org: str, applicant_id: str, event: dict[str, Any]) -> None:
    """Append to the applicant's history without reading it: the event and a check that the applicant is there.

    An applicant purged meanwhile gets no event (the condition fails and nothing is written).
    """
    with unless_condition_failed(), TransactWrite(connection=connection()) as transaction:
        transaction.condition_check(
            Applicant, collection_key(org, applicant_id), APPLICANT_ITEM, condition=Applicant.applicant_id.exists()
        )
        transaction.save(history.item(org, applicant_id, event))
