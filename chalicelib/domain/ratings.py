"""Rating panels: who may be rated, how long a panel stays open, what a reviewer's form may hold, the average.

Pure: 'now' and the stored values are parameters. The store keeps, per applicant, the
sum and the count of their ratings (updated atomically with each rating), so the
average is `sum / count` and a list of applicants needs no extra reads for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from chalicelib.domain.errors import InvalidInputError

STARS = range(1, 8)
"""1 to 7 stars, as the product says."""

RATEABLE = ("received", "invited", "rejected", "saved", "offer_received")
"""Statuses in which an applicant may be shown to reviewers and rated.

Not `withdrawn` (the person left the process: their application is not sent to
outsiders any more), not `deleted` (off the vacancy, on its way to being purged),
not `hired` (an employee now, no longer a candidate). The rating page shows only
candidates who are still rateable, so a withdrawal also hides them from open panels.
"""

DEFAULT_OPEN = timedelta(days=14)
MAX_OPEN = timedelta(days=90)
LINK_RETENTION = timedelta(days=30)
"""The TTL sweeps a reviewer's link this long after the panel's closing time (it is dead from closing on)."""
PANEL_RETENTION = timedelta(days=180)
"""The TTL sweeps a panel (reviewers' names and addresses) this long after its closing time.

The ratings themselves stay with the applicant until the applicant is purged.
"""

MAX_CANDIDATES = 40
"""One reviewer's submission is one transaction: a panel update plus two items per candidate (<= 100)."""
MAX_REVIEWERS = 20
COMMENT_LENGTH = 2000

STARS_FIELD = "stars."
COMMENT_FIELD = "comment."


def closing_time(closes_at: datetime | None, now: datetime) -> datetime:
    """When the panel closes: as asked (in the future, within MAX_OPEN), else DEFAULT_OPEN from now."""
    if closes_at is None:
        return now + DEFAULT_OPEN
    if closes_at.tzinfo is None:
        raise InvalidInputError.field("closes_at", "give an instant with an offset, like 2026-12-01T16:00:00+01:00")
    if closes_at <= now:
        raise InvalidInputError.field("closes_at", "must be in the future")
    if closes_at > now + MAX_OPEN:
        raise InvalidInputError.field("closes_at", f"must be within {MAX_OPEN.days} days from now")
    return closes_at.astimezone(UTC)


def is_open(closed: bool, closes_at: datetime, now: datetime) -> bool:
    """A panel takes ratings until it is closed by a recruiter or its closing time has come."""
    return not closed and now < closes_at


def average(stars_sum: float | None, count: float | None) -> float | None:
    """The mean of the ratings, to two decimals; None while nobody has rated."""
    if not count:
        return None
    return round(float(stars_sum or 0) / float(count), 2)


def contribution(previous_stars: int | None, stars: int) -> tuple[int, int]:
    """What a (changed) rating adds to the applicant's (sum, count): a changed rating counts once."""
    if previous_stars is None:
        return stars, 1
    return stars - previous_stars, 0


@dataclass(frozen=True)
class Entry:
    """One reviewer's rating of one candidate."""

    stars: int
    comment: str | None = None


class RatingFormError(Exception):
    """The form cannot be saved: `problems` maps a candidate (or "" for the whole form) to a reason."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__(", ".join(f"{key or 'form'}: {value}" for key, value in problems.items()))
        self.problems = problems


def parse_stars(value: str) -> int | None:
    """A star count from a form value: 1..7, else None. '0', '8', '3.5', ' ' and 'five' are all refused."""
    text = value.strip()
    if len(text) > 3 or not text.isdigit() or not text.isascii():  # "07" is 7; 5000 digits are not stars
        return None
    stars = int(text)
    return stars if stars in STARS else None


def clean_comment(value: str | None) -> str | None:
    if value is None:
        return None
    text = value.replace("\r\n", "\n").strip()
    return text or None


def read_form(form: Mapping[str, str], candidate_ids: Iterable[str]) -> dict[str, Entry]:
    """The ratings a reviewer submitted for these candidates.

    Fields are `stars.<applicant_id>` and `comment.<applicant_id>`. A candidate with
    neither is left as it was; fields naming anyone else are ignored (a candidate may
    have left the panel since the page was loaded). Stars must be 1..7, a comment
    needs stars, and at least one candidate must be rated.
    """
    entries: dict[str, Entry] = {}
    problems: dict[str, str] = {}
    for applicant_id in candidate_ids:
        raw_stars = form.get(STARS_FIELD + applicant_id)
        comment = clean_comment(form.get(COMMENT_FIELD + applicant_id))
        if raw_stars is None or not raw_stars.strip():
            if comment is not None:
                problems[applicant_id] = "comment_without_stars"
            continue
        stars = parse_stars(raw_stars)
        if stars is None:
            problems[applicant_id] = "bad_stars"
        elif comment is not None and len(comment) > COMMENT_LENGTH:
            problems[applicant_id] = "comment_too_long"
        else:
            entries[applicant_id] = Entry(stars, comment)
    if problems:
        raise RatingFormError(problems)
    if not entries:
        raise RatingFormError({"": "nothing_rated"})
    return entries


def changed(entries: Mapping[str, Entry], stored: Mapping[str, Entry]) -> dict[str, Entry]:
    """Only what differs from what this reviewer already gave: resubmitting the same form writes nothing."""
    return {applicant_id: entry for applicant_id, entry in entries.items() if stored.get(applicant_id) != entry}


def check_reviewers(emails: list[str]) -> None:
    """Each reviewer once: two links for one address would be two votes by one person."""
    seen: dict[str, int] = {}
    errors = []
    for index, address in enumerate(emails):
        key = address.strip().lower()
        if key in seen:
            errors.append({"field": f"reviewers.{index}.email", "message": "this reviewer is already on the panel"})
        seen.setdefault(key, index)
    if errors:
        raise InvalidInputError("Some reviewers are listed twice.", errors)
