"""Answers that reach the recruiter: when an applicant declines, asks for a new time or withdraws
(and, if the organisation asks for it, accepts), the recruiter who invited them gets an email.

Sent after the answer is recorded; nothing about it can fail the applicant's answer: a budget
that is spent or an SES refusal is counted in the metrics and the answer stands.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from chalicelib import config, observability

ALWAYS = ("decline", "reschedule", "withdraw")


def applicant_url(applicant_id: str) -> str:
    return f"{config.frontend_base_url()}/applicants/{applicant_id}"


def answered(interview: Any, given: str, now: datetime) -> None:
    from botocore.exceptions import BotoCoreError, ClientError

    from chalicelib.domain.errors import TooManyRequestsError
    from chalicelib.notify import email
    from chalicelib.services import deliveries, organisations
    from chalicelib.store import organisations as store

    if not interview.organizer_email or given not in (*ALWAYS, "accept"):
        return
    settings = store.settings(interview.org)
    if given == "accept" and not settings.get("notify_on_accept"):
        return
    message = compose(interview, given, now, settings)
    try:
        organisations.spend(interview.org, now, emails=1)
        message_id = email.send(message, org=interview.org)
    except (TooManyRequestsError, ClientError, BotoCoreError):
        observability.count("AnswerNoticesFailed")
        return
    deliveries.track(interview.org, message_id, "answer_notice", now, interview_id=interview.interview_id)


def compose(interview: Any, given: str, now: datetime, settings: dict[str, Any]) -> Any:
    from chalicelib.domain.localize import format_date, format_time, tag_values
    from chalicelib.domain.schedule import local
    from chalicelib.notify.compose import render_layout
    from chalicelib.services import organisations
    from chalicelib.services.team import facts
    from chalicelib.templating import texts as texts_for

    language = settings.get("default_language") or "en"
    texts = texts_for(language)
    notice = texts["notice"]
    about = facts(interview, language)
    values = tag_values(about, texts, None)
    answered_at = local(now, interview.timezone)
    details = [
        (texts["labels"]["answered"], f"{format_date(answered_at, language)}, {format_time(answered_at, language)}"),
        (texts["labels"]["vacancy"], values["vacancy"]),
        (texts["labels"]["type"], values["interviewtype"]),
        (texts["labels"]["date"], values["date"]),
        (texts["labels"]["time"], values["time"]),
    ]
    rendered = render_layout(
        language,
        notice["subject"][given],
        notice["body"][given],
        values,
        details,
        applicant_url(interview.applicant_id),
        link_sentence=notice["link_sentence"],
        link_button=notice["link_button"],
        footer=notice["footer"],
    )
    sender, _ = organisations.default_sender(interview.org, settings)
    from chalicelib.notify.email import Email

    return Email(
        to=interview.organizer_email,
        sender=sender,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        purpose="answer_notice",
    )
