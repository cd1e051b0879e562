"""Interview offers, their slots and the places in them: the only code that touches their table.

A place is taken by one conditional write (`taken < capacity`, slot not withdrawn), in the same
transaction as the offer's move to `booked` (conditional on the offer's version): of two
applicants racing for the last place exactly one transaction goes through. Changing to another
slot frees the old place in that same transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.domain.errors import NotFoundError, UnavailableError
from chalicelib.store.connection import connection
from chalicelib.store.errors import failed_positions, lost_race
from chalicelib.store.models import OFFER_PREFIX, SLOT_PREFIX, AnswerLink, InterviewOffer, OfferItem, OfferSlot

RETENTION = timedelta(days=30)  # the TTL sweeps offers, slots and links this long after the last slot


def offer_key(offer_id: str) -> str:
    return f"{OFFER_PREFIX}{offer_id}"


def slot_key(batch_id: str, start_utc: datetime) -> str:
    return f"{SLOT_PREFIX}{batch_id}#{start_utc.strftime('%Y-%m-%dT%H:%M:%SZ')}"


def new_slot(org: str, batch_id: str, start_utc: datetime, local_start: str, capacity: int) -> OfferSlot:
    return OfferSlot(
        org,
        slot_key(batch_id, start_utc),
        batch_id=batch_id,
        start_utc=start_utc,
        local_start=local_start,
        capacity=capacity,
        taken=0,
        withdrawn=False,
        expires_at=start_utc + RETENTION,
    )


def new_offer(org: str, offer_id: str, last_start: datetime, **fields: Any) -> InterviewOffer:
    return InterviewOffer(org, offer_key(offer_id), offer_id=offer_id, expires_at=last_start + RETENTION, **fields)


def create(slots: list[OfferSlot], offers: list[tuple[InterviewOffer, str]], valid_until: datetime) -> None:
    """The batch's slots, then each offer with its answer link in one transaction (nothing is sent yet)."""
    with TransactWrite(connection=connection()) as transaction:
        for slot in slots:
            transaction.save(slot, condition=OfferSlot.offer_key.does_not_exist())
    for offer, token_hash in offers:
        link = AnswerLink(
            token_hash,
            org=offer.org,
            interview_id=offer.offer_id,
            offer_id=offer.offer_id,
            applicant_id=offer.applicant_id,
            valid_until=valid_until,
            expires_at=offer.expires_at,
        )
        with TransactWrite(connection=connection()) as transaction:
            transaction.save(offer)
            transaction.save(link, condition=AnswerLink.token_hash.does_not_exist())


def get(org: str, offer_id: str, consistent: bool = False) -> InterviewOffer:
    try:
        item = OfferItem.get(org, offer_key(offer_id), consistent_read=consistent)
    except OfferItem.DoesNotExist:
        raise NotFoundError(f"No interview offer {offer_id}.") from None
    if not isinstance(item, InterviewOffer):
        raise NotFoundError(f"No interview offer {offer_id}.")
    return item


def find(org: str, offer_id: str) -> InterviewOffer | None:
    try:
        return get(org, offer_id, consistent=True)
    except NotFoundError:
        return None


def slots(org: str, batch_id: str, consistent: bool = True) -> list[OfferSlot]:
    """The batch's slots, soonest first (the key ends with the UTC start)."""
    query = OfferSlot.query(
        org, OfferSlot.offer_key.startswith(f"{SLOT_PREFIX}{batch_id}#"), consistent_read=consistent
    )
    return [item for item in query if isinstance(item, OfferSlot)]


def slots_of_batches(org: str, batch_ids: set[str]) -> dict[str, list[OfferSlot]]:
    return {batch_id: slots(org, batch_id, consistent=False) for batch_id in batch_ids}


def offers_of_batch(org: str, batch_id: str) -> list[InterviewOffer]:
    query = InterviewOffer.query(
        org, InterviewOffer.offer_key.startswith(OFFER_PREFIX), filter_condition=InterviewOffer.batch_id == batch_id
    )
    return [item for item in query if isinstance(item, InterviewOffer)]


def page(org: str, vacancy_id: str | None, limit: int, start: dict | None) -> tuple[list[InterviewOffer], dict | None]:
    """One bounded Query on the organisation's offers, oldest first (ids are time-ordered)."""
    from chalicelib.store.paging import bounded_page

    return bounded_page(
        InterviewOffer.query,
        InterviewOffer,
        limit,
        start,
        vacancy_id is not None,
        ("org", "offer_key"),
        hash_key=org,
        range_key_condition=InterviewOffer.offer_key.startswith(OFFER_PREFIX),
        filter_condition=(InterviewOffer.vacancy_id == vacancy_id) if vacancy_id else None,
    )


def take(offer: InterviewOffer, slot: str, previous: str | None, now: datetime) -> str:
    """Take a place in the slot keyed `slot` for `offer` (freeing its place in `previous`): `booked`, `full` or `stale`.

    `full`: the slot's condition failed (no place left, or withdrawn meanwhile); `stale`: the offer
    changed since it was read (the same applicant posting twice at once).
    """
    from pynamodb.exceptions import TransactWriteError

    try:
        with TransactWrite(connection=connection()) as transaction:
            transaction.update(
                OfferSlot(offer.org, slot),
                actions=[OfferSlot.taken.add(1)],
                condition=(OfferSlot.taken < OfferSlot.capacity) & (OfferSlot.withdrawn == False),  # noqa: E712
            )
            transaction.update(
                offer,
                actions=[
                    InterviewOffer.state.set("booked"),
                    InterviewOffer.booked_slot.set(slot),
                    InterviewOffer.updated_at.set(now),
                ],
            )
            if previous is not None:
                give_back(transaction, offer.org, previous)
    except TransactWriteError as exc:
        failed = failed_positions(exc)
        if 0 in failed:
            return "full"
        if failed:
            return "stale"
        raise UnavailableError("The booking could not be saved just now; try again.") from exc
    offer.refresh(consistent_read=True)
    return "booked"


def give_back(transaction: TransactWrite, org: str, slot: str) -> None:
    """A place of the slot freed, in the transaction that frees it (never below none taken)."""
    transaction.update(OfferSlot(org, slot), actions=[OfferSlot.taken.add(-1)], condition=OfferSlot.taken > 0)


def undo_take(offer: InterviewOffer, slot: str, previous: str | None, now: datetime) -> None:
    """The interview could not be made: give the place back and the offer its former slot."""
    with TransactWrite(connection=connection()) as transaction:
        give_back(transaction, offer.org, slot)
        actions = [InterviewOffer.updated_at.set(now)]
        if previous is None:
            actions += [InterviewOffer.state.set("open"), InterviewOffer.booked_slot.remove()]
        else:
            actions += [InterviewOffer.booked_slot.set(previous)]
            transaction.update(OfferSlot(offer.org, previous), actions=[OfferSlot.taken.add(1)])
        transaction.update(offer, actions=actions, add_version_condition=False)


def reload(offer: InterviewOffer) -> None:
    offer.refresh(consistent_read=True)


def set_invitation_status(offer: InterviewOffer, status: str) -> None:
    offer.update(actions=[InterviewOffer.invitation_status.set(status)], add_version_condition=False)


def set_interview(offer: InterviewOffer, interview_id: str, now: datetime) -> None:
    offer.update(
        actions=[InterviewOffer.interview_id.set(interview_id), InterviewOffer.updated_at.set(now)],
        add_version_condition=False,
    )


def decline(offer: InterviewOffer, answer: str, now: datetime, free: str | None) -> bool:
    """The applicant asked to be contacted or withdrew; a booked place is freed. False if the offer changed."""
    from pynamodb.exceptions import TransactWriteError

    try:
        with TransactWrite(connection=connection()) as transaction:
            transaction.update(
                offer,
                actions=[
                    InterviewOffer.state.set("declined"),
                    InterviewOffer.answer.set(answer),
                    InterviewOffer.updated_at.set(now),
                ],
            )
            if free is not None:
                give_back(transaction, offer.org, free)
    except TransactWriteError as exc:
        if failed_positions(exc):
            return False
        raise UnavailableError("The answer could not be saved just now; try again.") from exc
    return True


def add_slots(new: list[OfferSlot]) -> None:
    """New starts for a batch; a start that was withdrawn before comes back with its places as they were."""
    from pynamodb.exceptions import PutError

    for slot in new:
        try:
            slot.save(condition=OfferSlot.offer_key.does_not_exist())
        except PutError as exc:
            if not lost_race(exc):
                raise
            OfferSlot(slot.org, slot.offer_key).update(actions=[OfferSlot.withdrawn.set(False)])


def withdraw_slots(gone: list[OfferSlot]) -> None:
    """Withdrawn slots vanish from the pages; their taken places (bookings) stay as they are."""
    for slot in gone:
        slot.update(actions=[OfferSlot.withdrawn.set(True)], condition=OfferSlot.offer_key.exists())


def extend(offers: list[InterviewOffer], last_start: datetime) -> None:
    """Offers and their links live until RETENTION after their last slot."""
    for offer in offers:
        offer.update(actions=[InterviewOffer.expires_at.set(last_start + RETENTION)], add_version_condition=False)
        for token_hash in offer.answer_links or []:
            AnswerLink(token_hash).update(
                actions=[AnswerLink.valid_until.set(last_start), AnswerLink.expires_at.set(last_start + RETENTION)],
                condition=AnswerLink.token_hash.exists(),
            )


def add_link(offer: InterviewOffer, token_hash: str) -> None:
    """A fresh link for a new email about the offer (only hashes are kept), valid as the first one."""
    first = AnswerLink.get(offer.answer_links[0], consistent_read=True) if offer.answer_links else None
    AnswerLink(
        token_hash,
        org=offer.org,
        interview_id=offer.offer_id,
        offer_id=offer.offer_id,
        applicant_id=offer.applicant_id,
        valid_until=first.valid_until if first else offer.expires_at - RETENTION,
        expires_at=offer.expires_at,
    ).save(condition=AnswerLink.token_hash.does_not_exist())
    offer.update(
        actions=[InterviewOffer.answer_links.set([*(offer.answer_links or []), token_hash])],
        add_version_condition=False,
    )


def withdraw_applicant(
    org: str, applicant_id: str, vacancy_id: str, withdrawable: tuple[str, ...], event: dict[str, Any], now: datetime
) -> bool:
    """The applicant withdrew through an offer they had not booked: status and history event in one
    transaction, only from a status one may withdraw from. False when the applicant is not there or may not."""
    from pynamodb.exceptions import TransactWriteError

    from chalicelib.store import history
    from chalicelib.store.applicants import listing_keys, unread
    from chalicelib.store.models import Applicant

    applicant = unread(org, applicant_id)
    keys = listing_keys(org, vacancy_id, "withdrawn")
    try:
        with TransactWrite(connection=connection()) as transaction:
            transaction.save(history.item(org, applicant_id, event))
            transaction.update(
                applicant,
                actions=[
                    Applicant.status.set("withdrawn"),
                    Applicant.org_status.set(keys["org_status"]),
                    Applicant.updated_at.set(now),
                ],
                condition=Applicant.applicant_id.exists() & Applicant.status.is_in(*withdrawable),
                add_version_condition=False,
            )
    except TransactWriteError as exc:
        if failed_positions(exc):
            return False
        raise UnavailableError("The answer could not be saved just now; try again.") from exc
    return True


def personal_items(org: str, applicant_id: str) -> Iterator[Model]:
    """For purge: the applicant's offers and their links (a slot's places are counts, not people).

    One Query over the organisation's offers, filtered: offers are few beside the interviews."""
    query = InterviewOffer.query(
        org,
        InterviewOffer.offer_key.startswith(OFFER_PREFIX),
        filter_condition=InterviewOffer.applicant_id == applicant_id,
        consistent_read=True,
    )
    for offer in query:
        yield offer
        for token_hash in offer.answer_links or []:
            yield AnswerLink(token_hash)
