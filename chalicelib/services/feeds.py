"""A calendar feed per recruiter: a secret subscription URL that Outlook, Google Calendar and Apple
Calendar poll for the organisation's interviews (from 30 days ago on).

The URL's token is 256 random bits; only its SHA-256 is stored, keyed by that hash, so the public
route finds the feed (and with it the one organisation it may show) from the token alone: no
organisation or id in the URL, nothing a caller could swap. Deleting the feed revokes it at once.
The events carry names, vacancy, time, place and meeting link; never an applicant's contact details.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from chalicelib.domain.links import public_url

PAST_DAYS = 30


def create(org: str, user_id: str, now: datetime) -> dict[str, Any]:
    from chalicelib.domain.ids import new_id
    from chalicelib.domain.tokens import new_token
    from chalicelib.store import feeds

    token, token_hash = new_token()
    feed = feeds.add(token_hash, org, user_id, new_id("cal", now), now)
    return {"id": feed.feed_id, "url": public_url("calendar", token), "created_at": feed.created_at.isoformat()}


def page(org: str, user_id: str) -> dict[str, Any]:
    from chalicelib.store import feeds

    items = [{"id": feed.feed_id, "created_at": feed.created_at.isoformat()} for feed in feeds.of_owner(org, user_id)]
    return {"items": items, "next_cursor": None}


def delete(org: str, user_id: str, feed_id: str) -> None:
    from chalicelib.store import feeds

    feeds.remove(org, user_id, feed_id)


def calendar(token: str, now: datetime) -> str:
    """The feed (an iCalendar text); an unknown or revoked token is a 404."""
    from chalicelib.domain.errors import NotFoundError
    from chalicelib.domain.tokens import looks_like_token, token_hash
    from chalicelib.notify.ics import event, wrap
    from chalicelib.services.team import facts, organisation_language, organiser
    from chalicelib.store import feeds
    from chalicelib.store import organisations as organisation_store
    from chalicelib.templating import texts as texts_for

    feed = feeds.find(token_hash(token)) if looks_like_token(token) else None
    if feed is None:
        raise NotFoundError("No such calendar feed (it may have been revoked).")
    org = feed.org
    language = organisation_language(org)
    texts = texts_for(language)
    first_day = (now - timedelta(days=PAST_DAYS)).date().isoformat()
    events = []
    for interview in feeds.interviews_from(org, first_day):
        about = facts(interview, language)
        kind = texts["interview_types"].get(interview.type, interview.type)
        names = ", ".join(a.get("name") or "" for a in interview.attendees or [])
        lines = [
            f"{texts['labels']['vacancy']}: {interview.vacancy_title}",
            f"{texts['labels']['type']}: {kind}",
            f"{texts['labels']['attendees']}: {names}" if names else "",
            f"{texts['labels']['meeting']}: {interview.meeting_url}" if interview.meeting_url else "",
            f"{texts['labels']['phone_note']}: {interview.phone_note}" if interview.phone_note else "",
        ]
        events.append(
            event(
                f"{interview.interview_id}.feed@rendezvous",
                about,
                int(interview.sequence or 0),
                interview.updated_at or now,
                f"{kind}: {interview.applicant_name} ({interview.vacancy_title})",
                "\n".join(line for line in lines if line),
                organizer=organiser(interview),
            )
        )
    name = organisation_store.settings(org).get("name") or "Rendezvous"
    return wrap(events, name=f"{name}: interviews").decode("utf-8")
