"""Emails about an interview: the recruiter's text, rendered by tag substitution, inside our layout.

Preview and sending use the same functions, so what a recruiter previews is what goes.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from markupsafe import Markup

from chalicelib.domain.localize import InterviewFacts, tag_values
from chalicelib.domain.tags import CONFIRM_LINK, has_tag, render, render_html
from chalicelib.notify.email import Attachment, Email
from chalicelib.templating import render as render_template
from chalicelib.templating import texts as texts_for


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def _link_html(url: str) -> str:
    escaped = html.escape(url, quote=True)
    return f'<a href="{escaped}">{escaped}</a>'


def render_message(
    facts: InterviewFacts,
    subject: str,
    body: str,
    link: str | None,
    include_link: bool,
    signature: str | None = None,
) -> Rendered:
    texts = texts_for(facts.language)
    values = tag_values(facts, texts, link)
    details = [
        (texts["labels"]["vacancy"], values["vacancy"]),
        (texts["labels"]["type"], values["interviewtype"]),
        (texts["labels"]["date"], values["date"]),
        (texts["labels"]["time"], values["time"]),
        (texts["labels"]["duration"], values["duration"]),
        (texts["labels"]["location"], values["location"]),
    ]
    details += meeting_details(facts, texts)
    if values["attendees"]:
        details.append((texts["labels"]["attendees"], values["attendees"]))
    append_link = bool(link) and include_link and not has_tag(body, CONFIRM_LINK)
    return render_layout(facts.language, subject, body, values, details, link if append_link else None, signature)


def meeting_details(facts: InterviewFacts, texts: dict[str, Any]) -> list[tuple[str, str]]:
    """The online meeting's link and, for a phone interview, who calls whom."""
    rows = []
    if facts.meeting_url:
        rows.append((texts["labels"]["meeting"], facts.meeting_url))
    if facts.phone_note:
        rows.append((texts["labels"]["phone_note"], facts.phone_note))
    return rows


def one_line(text: str) -> str:
    """A subject is a header: whatever a value held, it stays on one line."""
    return " ".join(text.split())


def render_layout(
    language: str,
    subject: str,
    body: str,
    values: dict[str, str],
    details: list[tuple[str, str]],
    link: str | None = None,
    signature: str | None = None,
    *,
    link_sentence: str | None = None,
    link_button: str | None = None,
    footer: str | None = None,
) -> Rendered:
    """The recruiter's text, tags replaced, inside our text and HTML layout.

    The link's sentence and button and the footer default to the interview wording;
    emails that are not about an interview (rating requests, profile access) give their own,
    and mail about an applicant to someone else (a forwarded CV) brings its own footer.
    """
    texts = texts_for(language)
    context: dict[str, Any] = {
        "language": language,
        "subject": one_line(render(subject, values)),
        "body": render(body, values),
        "body_html": Markup(render_html(body, values, link=_link_html)),  # noqa: S704 - escaped by render_html
        "details": details,
        "link": link,
        "confirm_sentence": link_sentence or texts["confirm_sentence"],
        "confirm_button": link_button or texts["confirm_button"],
        "signature": render(signature, values) if signature else None,
        "footer": render(texts["email_footer"] if footer is None else footer, values),
    }
    return Rendered(
        subject=context["subject"],
        text=render_template("email/layout.txt", **context),
        html=render_template("email/layout.html", **context),
    )


def preview_body(facts: InterviewFacts, body: str, link: str, include_link: bool) -> str:
    """The body as the applicant reads it, with the link added where it will be."""
    texts = texts_for(facts.language)
    text = render(body, tag_values(facts, texts, link))
    if include_link and not has_tag(body, CONFIRM_LINK):
        text = f"{text.rstrip()}\n\n{texts['confirm_sentence']}\n{link}"
    return text


def interview_email(
    facts: InterviewFacts,
    interview_id: str,
    sequence: int,
    now: datetime,
    sender: str,
    to: str,
    subject: str,
    body: str,
    link: str | None,
    include_link: bool,
    signature: str | None = None,
    method: str = "REQUEST",
    purpose: str = "invitation",
    partstat: str | None = None,
) -> Email:
    from chalicelib.notify.ics import calendar

    rendered = render_message(facts, subject, body, link, include_link, signature)
    texts = texts_for(facts.language)
    summary = f"{texts['interview_types'].get(facts.type, facts.type)}: {facts.vacancy_title}"
    description = rendered.text
    ics = calendar(
        facts, interview_id, sequence, now, sender, to, summary, description, method=method, partstat=partstat
    )
    return Email(
        to=to,
        sender=sender,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        attachments=[Attachment("invite.ics", ics, f"text/calendar; method={method}; charset=utf-8")],
        purpose=purpose,
    )


def team_email(
    facts: InterviewFacts,
    interview_id: str,
    sequence: int,
    now: datetime,
    sender: str,
    to: str,
    organiser: Any,
    attendees: list[Any],
    kind: str,
    roster: list[tuple[str, str]] | None = None,
) -> Email:
    """An interviewer's invitation (`invite`), update (`update`), cancellation (`cancel`) or notice
    that they were taken off the interview (`removed`), with the team's calendar event.

    `facts.language` is the organisation's; the applicant is named, but neither their contact
    details nor their answer link are anywhere in it.

    A group interview's event (`interview_id` is the group's id; `roster`: per applicant still in
    it, their name and confirmation) is the group's, not one applicant's: it names them all."""
    from chalicelib.domain.localize import format_names
    from chalicelib.notify.ics import event, team_uid, wrap

    texts = texts_for(facts.language)
    team = texts["team"]
    values = {**tag_values(facts, texts, None), "organiser": organiser.name or organiser.email}
    if roster is not None:
        values["fullname"] = format_names([name for name, _ in roster], facts.language) or values["fullname"]
    details = [
        (texts["labels"]["vacancy"], values["vacancy"]),
        (texts["labels"]["type"], values["interviewtype"]),
        (texts["labels"]["date"], values["date"]),
        (texts["labels"]["time"], values["time"]),
        (texts["labels"]["duration"], values["duration"]),
        (texts["labels"]["location"], values["location"]),
        *meeting_details(facts, texts),
    ]
    if values["attendees"]:
        details.append((texts["labels"]["attendees"], values["attendees"]))
    details.append((texts["labels"]["organiser"], values["organiser"]))
    if roster is not None:
        details += [(name, team["states"].get(state, state)) for name, state in roster]
    cancelling = kind in ("cancel", "removed")
    subject = team["cancel_subject" if cancelling else f"{kind}_subject"]
    rendered = render_layout(facts.language, subject, team[f"{kind}_body"], values, details, footer=team["footer"])
    method = "CANCEL" if cancelling else "REQUEST"
    item = event(
        team_uid(interview_id),
        facts,
        sequence,
        now,
        one_line(render(team["summary"], values)),
        rendered.text,
        organizer=organiser,
        attendees=attendees,
        cancelled=cancelling,
    )
    return Email(
        to=to,
        sender=sender,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        attachments=[Attachment("invite.ics", wrap([item], method), f"text/calendar; method={method}; charset=utf-8")],
        purpose=f"team_{kind}",
    )
