"""The applicant's answer through their personal link: a page (GET, changes nothing) and the answer (POST).

GET reads two items (the link, the interview); POST adds one transaction.
Every outcome is an HTML page in the applicant's language where we know it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib import observability
from chalicelib.domain.answers import ANSWERS
from chalicelib.domain.localize import format_date, format_duration, format_names, format_time
from chalicelib.domain.schedule import local
from chalicelib.domain.tokens import looks_like_token, token_hash
from chalicelib.services import confirmations
from chalicelib.services.pages import Page, page, problem_page
from chalicelib.templating import texts

__all__ = ["answer", "page", "problem_page", "show"]


def details(interview: Any) -> dict[str, Any]:
    language = interview.applicant_language
    start = local(interview.start_utc, interview.timezone)
    catalog = texts(language)
    return {
        "name": interview.applicant_name,
        "vacancy": interview.vacancy_title,
        "type": catalog["interview_types"].get(interview.type, interview.type),
        "date": format_date(start, language),
        "time": format_time(start, language),
        "duration": format_duration(int(interview.duration_minutes), language),
        "location": interview.location or catalog["no_location"],
        "meeting_url": interview.meeting_url,
        "phone_note": interview.phone_note,
        "attendees": format_names([a.get("name") or "" for a in interview.attendees or []], language),
        "recruiter": {"name": interview.organizer_name, "email": interview.organizer_email}
        if interview.organizer_email
        else None,
        "labels": catalog["labels"],
    }


def _read_link(token: str) -> Any | None:
    from chalicelib.store import interviews

    return interviews.link(token_hash(token)) if looks_like_token(token) else None


def _load(token: str, now: datetime, link: Any | None = None) -> tuple[Any, Page | None]:
    """The interview behind a live link, or the page that says why there is none.

    The link's `changes_hour` rides along as `interview.link_changes_hour` (see store.links).
    `link`: the link as already read (the read that told it is no offer's), else it is read here."""
    from chalicelib.store import interviews

    if not looks_like_token(token):
        return None, problem_page("not_found", 404)
    link = link or interviews.link(token_hash(token))
    if link is None:
        return None, problem_page("not_found", 404)
    interview = interviews.find(link.org, link.interview_id, link.applicant_id)
    if interview is None:
        return None, problem_page("not_found", 404)
    interview.link_changes_hour = link.changes_hour
    language = interview.applicant_language
    if interview.cancelled:
        return interview, problem_page("cancelled", 410, language)
    if interview.start_utc <= now:
        return interview, problem_page("started", 410, language)
    return interview, None


def show(token: str, now: datetime) -> Page:
    link = _read_link(token)
    if link is not None and link.offer_id:  # an offer of slots: the applicant chooses their own time
        from chalicelib.services import interview_offers

        return interview_offers.show(link, now)
    interview, refusal = _load(token, now, link)
    if refusal:
        return refusal
    return page(
        "answer.html",
        200,
        interview.applicant_language,
        interview=details(interview),
        confirmation=interview.confirmation,
        answers=list(ANSWERS),
        org=interview.org,
    )


def error_page_for(status: int) -> Page:
    """An answer-page error raised outside the page's own handling (a malformed form, the store failing)."""
    key = {404: "not_found", 400: "bad_answer", 410: "started"}.get(status, "busy")
    return problem_page(key, status)


def answer(token: str, given: str | None, now: datetime, slot: str | None = None) -> Page:
    from chalicelib.services.pages import too_many_page
    from chalicelib.store.links import counted_as_seen

    link = _read_link(token)
    if link is not None and link.offer_id:  # an offer of slots: `slot` books one
        from chalicelib.services import interview_offers

        return interview_offers.answer(link, token_hash(token), {"answer": given or "", "slot": slot or ""}, now)

    for _attempt in range(2):
        interview, refusal = _load(token, now, link)
        link = None  # a second attempt reads everything again
        if refusal:
            return refusal
        language = interview.applicant_language
        if interview.confirmation == "not_applicable":
            return problem_page("withdrawn", 409, language)
        if given not in ANSWERS:
            return problem_page("bad_answer", 400, language)
        if ANSWERS[given] != interview.confirmation:  # the same answer again writes nothing
            # Counted on the link in the answer's own transaction: at most 30 changes an hour.
            change = counted_as_seen("answer", token_hash(token), now, interview.link_changes_hour)
            outcome = confirmations.record(interview, given, now, change)
            if outcome == "too_many":
                return too_many_page(language, now)
            if outcome == "applicant":  # hired or deleted meanwhile: nothing to withdraw
                return problem_page("closed", 409, language)
            if outcome == "stale":
                continue  # another answer landed first: read again and apply this one on top
            observability.count("Answers", kind=given)
            from chalicelib.services import notices

            notices.answered(interview, given, now)
            if interview.group_id:
                group_answered(interview, now)
        return page(
            "answered.html",
            200,
            language,
            interview=details(interview),
            answer=given,
            confirmation=ANSWERS[given],
            org=interview.org,
            change_link=token if given != "withdraw" else None,
        )
    return problem_page("busy", 409, interview.applicant_language)


def group_answered(interview: Any, now: datetime) -> None:
    """A group interview's attendees see the answer in the group's event. Nothing about it can fail
    the applicant's answer: a spent budget or an SES refusal is counted and the answer stands."""
    from botocore.exceptions import BotoCoreError, ClientError

    from chalicelib.domain.errors import TooManyRequestsError
    from chalicelib.services import organisations, team

    try:
        organisations.spend(interview.org, now, emails=team.count(interview.attendees))
        failed = team.group_changed(interview, interview.group_id, now)
    except (TooManyRequestsError, ClientError, BotoCoreError):
        failed = [{}]
    if failed:
        observability.count("GroupUpdatesFailed")
