"""The interview's details written in the applicant's language (Babel), in the interview's time zone."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from chalicelib.domain.schedule import zone


@dataclass(frozen=True)
class InterviewFacts:
    """What the tags and the layout say about one applicant's interview."""

    first_name: str
    last_name: str
    vacancy_title: str
    type: str
    start_utc: datetime
    timezone: str
    duration_minutes: int
    location: str | None
    language: str
    attendees: list[dict[str, str]] = field(default_factory=list)
    meeting_url: str | None = None
    phone_note: str | None = None

    @property
    def start(self) -> datetime:
        return self.start_utc.astimezone(zone(self.timezone))

    @property
    def end(self) -> datetime:
        return (self.start_utc + timedelta(minutes=self.duration_minutes)).astimezone(zone(self.timezone))


def format_date(moment: datetime | date, language: str, length: str = "full") -> str:
    """`full` names the weekday (interviews); `long` does not (a letter's date: `20. november 2026`,
    `20 november 2026`, `November 20, 2026`). A datetime is taken on its own calendar day."""
    from babel.dates import format_date as babel_date

    return babel_date(moment.date() if isinstance(moment, datetime) else moment, length, locale=language)


def format_time(moment: datetime, language: str, with_zone: bool = True) -> str:
    from babel.dates import format_datetime
    from babel.dates import format_time as babel_time

    text = babel_time(moment, "short", tzinfo=moment.tzinfo, locale=language)
    if with_zone:
        text += f" ({format_datetime(moment, 'zzzz', tzinfo=moment.tzinfo, locale=language)})"
    return text


def format_duration(minutes: int, language: str) -> str:
    from babel.units import format_unit

    return format_unit(minutes, "duration-minute", length="long", locale=language)


def format_names(names: list[str], language: str) -> str:
    from babel.lists import format_list

    return format_list(names, locale=language) if names else ""


def tag_values(facts: InterviewFacts, texts: dict[str, Any], link: str | None) -> dict[str, str]:
    start = facts.start
    values = {
        "firstname": facts.first_name,
        "lastname": facts.last_name,
        "fullname": f"{facts.first_name} {facts.last_name}",
        "vacancy": facts.vacancy_title,
        "interviewtype": texts["interview_types"].get(facts.type, facts.type),
        "date": format_date(start, facts.language),
        "time": format_time(start, facts.language),
        "duration": format_duration(facts.duration_minutes, facts.language),
        "location": facts.location or texts["no_location"],
        "attendees": format_names([a["name"] for a in facts.attendees], facts.language),
        "meetinglink": facts.meeting_url or "",
    }
    if link is not None:
        values["confirmlink"] = link
    return values


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)
