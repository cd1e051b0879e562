"""The reviewer's rating page behind a personal link: GET shows it (changing nothing), POST saves ratings.

A reviewer sees the candidates' names, the vacancy and the application text, and
their own ratings; never the candidates' contact details, screening answers or
anyone else's ratings. Every outcome is an HTML page in the panel's language.
GET reads the link, the panel, the applicants, their vacancies and this reviewer's
ratings (five requests); POST adds one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chalicelib.domain import ratings
from chalicelib.domain.errors import ConflictError, RendezvousError
from chalicelib.domain.tokens import looks_like_token, token_hash
from chalicelib.services.pages import Page, error_page, page, problem_page

SECTION = "rating_page"


@dataclass
class Visit:
    """A live link: the panel, the reviewer, and the candidates they may rate now."""

    panel: Any
    reviewer: dict[str, Any]
    candidates: list[Any]  # Applicant items, by name
    vacancy_titles: dict[str, str]
    changes_hour: str | None = None  # the link's, as read (store.links)

    @property
    def language(self) -> str:
        return self.panel.language


def _refusal(key: str, status: int, language: str = "en") -> Page:
    return problem_page(key, status, language, SECTION)


def _load(token: str, now: datetime) -> tuple[Visit | None, Page | None]:
    """The visit behind a live link, or the page that says why there is none."""
    from chalicelib.services.panels import candidates
    from chalicelib.store import applicants as applicant_store
    from chalicelib.store import panels as store
    from chalicelib.store import vacancies as vacancy_store

    if not looks_like_token(token):
        return None, _refusal("not_found", 404)
    link = store.link(token_hash(token))
    if link is None:
        return None, _refusal("not_found", 404)
    panel = store.find(link.org, link.panel_id)
    if panel is None:
        return None, _refusal("gone", 410)  # swept after it closed
    reviewer = next((r for r in panel.reviewers or [] if r["id"] == link.reviewer_id), None)
    if reviewer is None:
        return None, _refusal("not_found", 404)
    if panel.closed:
        return None, _refusal("closed", 410, panel.language)
    if not ratings.is_open(False, min(panel.closes_at, link.valid_until), now):
        return None, _refusal("expired", 410, panel.language)
    sent_for = candidates(panel)
    found = applicant_store.get_many(panel.org, sent_for, consistent_read=True)
    shown = sorted(
        (
            found[applicant_id]
            for applicant_id in sent_for
            if applicant_id in found
            and found[applicant_id].status in ratings.RATEABLE
            and found[applicant_id].vacancy_id == sent_for[applicant_id]
        ),
        key=lambda applicant: (applicant.last_name.casefold(), applicant.first_name.casefold(), applicant.applicant_id),
    )
    titles = vacancy_store.titles(panel.org, {applicant.vacancy_id for applicant in shown}) if shown else {}
    return Visit(panel, reviewer, shown, titles, link.changes_hour), None


def _stored(visit: Visit) -> dict[str, Any]:
    from chalicelib.store import panels as store

    return store.reviewer_ratings(
        visit.panel.org,
        visit.panel.panel_id,
        visit.reviewer["id"],
        [candidate.applicant_id for candidate in visit.candidates],
    )


def _render(
    visit: Visit,
    now: datetime,
    given: dict[str, ratings.Entry],
    status: int = 200,
    problems: dict[str, str] | None = None,
    submitted: dict[str, str] | None = None,
) -> Page:
    from chalicelib.services.panels import moment_text

    people = []
    for index, candidate in enumerate(visit.candidates, start=1):
        applicant_id = candidate.applicant_id
        entry = given.get(applicant_id)
        if submitted is not None:  # show what they sent, so nothing typed is lost
            stars = ratings.parse_stars(submitted.get(ratings.STARS_FIELD + applicant_id, "") or "")
            comment = submitted.get(ratings.COMMENT_FIELD + applicant_id, "")
        else:
            stars, comment = (entry.stars, entry.comment or "") if entry else (None, "")
        people.append(
            {
                "index": index,
                "id": applicant_id,
                "name": f"{candidate.first_name} {candidate.last_name}",
                "vacancy": visit.vacancy_titles.get(candidate.vacancy_id, ""),
                "application": candidate.application_text or "",
                "stars": stars,
                "saved_stars": entry.stars if entry else None,
                "comment": comment,
                "problem": (problems or {}).get(applicant_id),
            }
        )
    return page(
        "rate.html",
        status,
        visit.language,
        SECTION,
        reviewer=visit.reviewer["name"],
        message=visit.panel.message,
        org=visit.panel.org,
        closes=moment_text(visit.panel.closes_at, visit.panel.timezone, visit.language),
        people=people,
        stars=list(ratings.STARS),
        form_problem=(problems or {}).get(""),
        has_problems=bool(problems),
    )


def show(token: str, now: datetime) -> Page:
    visit, refusal = _load(token, now)
    if refusal:
        return refusal
    return _render(visit, now, _as_entries(_stored(visit)))


def _as_entries(stored: dict[str, Any]) -> dict[str, ratings.Entry]:
    return {applicant_id: ratings.Entry(int(rating.stars), rating.comment) for applicant_id, rating in stored.items()}


def submit(token: str, form: dict[str, str], now: datetime) -> Page:
    """Save a reviewer's ratings; a conflict (two tabs, a candidate leaving) is read again once."""
    from chalicelib.services.pages import too_many_page
    from chalicelib.store.links import count_change

    counted = False
    for _attempt in range(2):
        visit, refusal = _load(token, now)
        if refusal:
            return refusal
        stored = _stored(visit)
        entries = _as_entries(stored)
        try:
            submitted = ratings.read_form(form, [candidate.applicant_id for candidate in visit.candidates])
        except ratings.RatingFormError as exc:
            return _render(visit, now, entries, 400, exc.problems, form)
        changes = ratings.changed(submitted, entries)
        if not changes:
            return _thanks(visit, entries, changed=False)
        if not counted and not count_change("rating", token_hash(token), now, visit.changes_hour):
            return too_many_page(visit.language, now)
        counted = True
        try:
            _save(visit, stored, changes, now)
        except ConflictError:
            continue
        return _thanks(visit, {**entries, **changes}, changed=True)
    return _refusal("busy", 409, visit.language)


def _save(visit: Visit, stored: dict[str, Any], changes: dict[str, ratings.Entry], now: datetime) -> None:
    from chalicelib.store import panels as store

    panel, reviewer = visit.panel, visit.reviewer
    by_id = {candidate.applicant_id: candidate for candidate in visit.candidates}
    writes = []
    for applicant_id, entry in changes.items():
        rating = stored.get(applicant_id)
        previous = int(rating.stars) if rating is not None else None
        if rating is None:
            rating = store.new_rating(
                panel.org, applicant_id, by_id[applicant_id].vacancy_id, panel.panel_id, reviewer, now
            )
        rating.stars = entry.stars
        rating.comment = entry.comment
        rating.updated_at = now
        sum_delta, count_delta = ratings.contribution(previous, entry.stars)
        writes.append(store.RatingWrite(rating, sum_delta, count_delta))
    store.save_ratings(panel, reviewer["id"], writes, now)


def _thanks(visit: Visit, given: dict[str, ratings.Entry], changed: bool) -> Page:
    people = [
        {"name": f"{candidate.first_name} {candidate.last_name}", "stars": given[candidate.applicant_id].stars}
        for candidate in visit.candidates
        if candidate.applicant_id in given
    ]
    return page("rated.html", 200, visit.language, SECTION, people=people, changed=changed, org=visit.panel.org)


def failure_page(error: RendezvousError) -> Page:
    """For errors raised before the page's own handling (a form that is not UTF-8, the store failing)."""
    return error_page(SECTION, error.status)
