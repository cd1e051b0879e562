"""Send for rating: recruiters send applicants to reviewers, who rate them through a personal link.

Creating a panel checks everything first, then writes the panel, every reviewer's link
and each applicant's history event in one transaction, and only then emails the
reviewers (so no email carries a link that does not exist). A reviewer whose email
could not be sent shows as `email_failed` on the panel.

The recruiter sees each applicant's ratings on the applicant (`ratings` in
GET /applicants/{id}); reviewers see only their own (services/rating_pages.py).
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from chalicelib import config, contract
from chalicelib.domain import cursors, ratings
from chalicelib.domain.actors import Recruiter
from chalicelib.domain.errors import ConflictError, NotFoundError
from chalicelib.domain.ids import new_id
from chalicelib.domain.links import public_url
from chalicelib.domain.schedule import zone
from chalicelib.domain.tokens import new_token
from chalicelib.store import panels as store

log = logging.getLogger("rendezvous")


def moment_text(instant: datetime, timezone: str, language: str) -> str:
    """A date and time as a reviewer reads it: in the panel's time zone and language."""
    from chalicelib.domain.localize import format_date, format_time

    local_moment = instant.astimezone(zone(timezone))
    return f"{format_date(local_moment, language, 'long')} {format_time(local_moment, language)}"


def candidates(panel: Any) -> dict[str, str]:
    """Applicant id → the vacancy they were sent for (a dict when new, a MapAttribute when read)."""
    raw = panel.candidates
    if raw is None:
        return {}
    return dict(raw.as_dict() if hasattr(raw, "as_dict") else raw)


def view(panel: Any, now: datetime) -> contract.RatingPanel:
    rated = set(panel.rated_by or ())
    return contract.RatingPanel(
        id=panel.panel_id,
        applicant_ids=sorted(candidates(panel)),
        reviewers=[
            contract.Reviewer(
                id=reviewer["id"],
                name=reviewer["name"],
                email=reviewer["email"],
                status="rated" if reviewer["id"] in rated else reviewer.get("email_status", "sent"),
                message_id=reviewer.get("message_id"),
            )
            for reviewer in panel.reviewers or []
        ],
        message=panel.message,
        language=panel.language,
        timezone=panel.timezone,
        closes_at=panel.closes_at,
        closed=not ratings.is_open(bool(panel.closed), panel.closes_at, now),
        closed_at=panel.closed_at,
        created_at=panel.created_at,
        created_by=panel.created_by,
    )


def _load_candidates(recruiter: Recruiter, applicant_ids: list[str]) -> dict[str, Any]:
    """The applicants, all of this organisation and all still candidates, or a 404/409 naming each one."""
    from chalicelib.store import applicants as applicant_store

    found = applicant_store.get_many(recruiter.org, applicant_ids, consistent_read=True)
    missing = [
        {"field": f"applicant_ids.{index}", "message": f"no applicant {applicant_id}"}
        for index, applicant_id in enumerate(applicant_ids)
        if applicant_id not in found
    ]
    if missing:
        raise NotFoundError("Some applicants were not found.", missing)
    not_rateable = [
        {"field": f"applicant_ids.{index}", "message": f"applicant is {found[applicant_id].status}"}
        for index, applicant_id in enumerate(applicant_ids)
        if found[applicant_id].status not in ratings.RATEABLE
    ]
    if not_rateable:
        raise ConflictError("Some applicants cannot be sent for rating in their current status.", not_rateable)
    return {applicant_id: found[applicant_id] for applicant_id in dict.fromkeys(applicant_ids)}


def create(recruiter: Recruiter, data: contract.RatingPanelCreate, now: datetime) -> contract.RatingPanel:
    from chalicelib.domain.history import history_event
    from chalicelib.services import organisations

    zone(data.timezone)
    closes_at = ratings.closing_time(data.closes_at, now)
    ratings.check_reviewers([str(reviewer.email) for reviewer in data.reviewers])
    applicants = _load_candidates(recruiter, data.applicant_ids)
    sender = organisations.outgoing(recruiter, now, data.from_, emails=len(data.reviewers))

    panel_id = new_id("pnl", now)
    reviewers: list[dict[str, Any]] = []
    links: list[Any] = []
    tokens: dict[str, str] = {}
    for reviewer in data.reviewers:
        reviewer_id = new_id("rvw", now)
        token, token_hash = new_token()
        tokens[reviewer_id] = token
        reviewers.append(
            {"id": reviewer_id, "name": reviewer.name, "email": str(reviewer.email), "email_status": "sent"}
        )
        links.append(store.new_link(token_hash, recruiter.org, panel_id, reviewer_id, closes_at))
    panel = store.new_panel(
        recruiter.org,
        panel_id,
        candidates={applicant_id: applicant.vacancy_id for applicant_id, applicant in applicants.items()},
        reviewers=reviewers,
        message=data.message or None,
        sender=sender,
        language=data.language,
        timezone=data.timezone,
        closes_at=closes_at,
        closed=False,
        created_at=now,
        created_by=recruiter.user_id,
        expires_at=closes_at + ratings.PANEL_RETENTION,
    )
    names = [reviewer["name"] for reviewer in reviewers]
    events = {
        applicant_id: history_event(
            now,
            recruiter.user_id,
            "sent_for_rating",
            panel_id=panel_id,
            reviewers=names,
            closes_at=closes_at.isoformat(),
        )
        for applicant_id in applicants
    }
    store.create(panel, links, events)

    from chalicelib.services import deliveries

    for reviewer in reviewers:
        message_id = _send_request(recruiter, panel, reviewer, tokens[reviewer["id"]], len(applicants))
        if message_id is None:
            reviewer["email_status"] = "email_failed"
        else:
            reviewer["message_id"] = message_id  # GET /messages/{message_id}: what became of the request
            deliveries.track(recruiter.org, message_id, "rating_request", now, panel_id=panel.panel_id)
    store.set_reviewers(panel, reviewers)
    panel.reviewers = reviewers
    return view(panel, now)


def _send_request(recruiter: Recruiter, panel: Any, reviewer: dict[str, Any], token: str, count: int) -> str | None:
    """Email one reviewer their link: SES's message id, None when SES refused it (the panel records that)."""
    from botocore.exceptions import BotoCoreError, ClientError

    from chalicelib.domain.tags import render
    from chalicelib.notify import email
    from chalicelib.notify.compose import render_layout
    from chalicelib.templating import texts

    wording = texts(panel.language)["rating_email"]
    sender_name = recruiter.name or recruiter.email or panel.sender
    closes = moment_text(panel.closes_at, panel.timezone, panel.language)
    values = {"reviewer": reviewer["name"], "sender": sender_name, "closes": closes}
    paragraphs = [render(wording[key], values) for key in ("greeting", "body", "closes")]
    if panel.message:
        # The recruiter's own words go in as they are: never a template, no tags replaced.
        paragraphs.append(f"{render(wording['message_intro'], values)}\n{panel.message}")
    rendered = render_layout(
        panel.language,
        wording["subject"],
        "\n\n".join(paragraphs),
        values={},
        details=[(wording["labels"]["candidates"], str(count)), (wording["labels"]["open_until"], closes)],
        link=public_url("rating", token),
        link_sentence=wording["link_sentence"],
        link_button=wording["link_button"],
        footer=wording["footer"],
    )
    message = email.Email(
        to=reviewer["email"],
        sender=panel.sender,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        purpose="rating_request",
    )
    try:
        return email.send(message, org=recruiter.org)
    except (ClientError, BotoCoreError) as exc:
        log.warning("rating request not sent", extra={"panel_id": panel.panel_id, "error": str(exc)})
        return None


def get(recruiter: Recruiter, panel_id: str, now: datetime) -> contract.RatingPanel:
    return view(store.get(recruiter.org, panel_id), now)


def page(recruiter: Recruiter, query: contract.Page, now: datetime) -> contract.RatingPanelList:
    secret = config.cursor_secret()
    start = cursors.decode(secret, recruiter.org, "rating-panels", query.cursor)
    items, position = store.page(recruiter.org, query.limit, start)
    return contract.RatingPanelList(
        items=[view(item, now) for item in items],
        next_cursor=cursors.encode(secret, recruiter.org, "rating-panels", position),
    )


def close(recruiter: Recruiter, panel_id: str, now: datetime) -> contract.RatingPanel:
    """Close now: the links stop working. Closing a closed or expired panel changes nothing."""
    panel = store.get(recruiter.org, panel_id)
    if ratings.is_open(bool(panel.closed), panel.closes_at, now):
        store.close(panel, now)
        panel.closed, panel.closed_at = True, now
    return view(panel, now)


def summary(applicant: Any, given: list[Any]) -> contract.RatingSummary:
    """The applicant's ratings for recruiters (read with the applicant): average and count kept on the applicant,
    each rating with who gave it."""
    if not applicant.rating_count:
        return contract.RatingSummary()
    given = sorted(given, key=lambda rating: rating.rated_at)
    return contract.RatingSummary(
        average=ratings.average(applicant.rating_sum, applicant.rating_count),
        count=int(applicant.rating_count or 0),
        comments=[
            contract.RatingComment(
                reviewer=rating.reviewer_name,
                stars=int(rating.stars),
                comment=rating.comment,
                at=rating.updated_at,
                panel_id=rating.panel_id,
            )
            for rating in given
        ],
    )
