"""How interviews read to recruiters."""

from __future__ import annotations

from chalicelib import contract
from chalicelib.domain.delivery import public
from chalicelib.domain.schedule import times


def view(interview) -> contract.Interview:
    when = times(interview.start_utc, interview.timezone, int(interview.duration_minutes))
    reminder = interview.reminder or {}
    invitation = interview.invitation or {}
    went = reminder.get("status") in ("sent", "failed", "skipped")
    return contract.Interview(
        id=interview.interview_id,
        applicant_id=interview.applicant_id,
        applicant_name=interview.applicant_name,
        vacancy_id=interview.vacancy_id,
        vacancy_title=interview.vacancy_title,
        type=interview.type,
        start=when.start,
        end=when.end,
        timezone=interview.timezone,
        duration_minutes=int(interview.duration_minutes),
        location=interview.location,
        meeting_url=interview.meeting_url,
        phone_note=interview.phone_note,
        group_id=interview.group_id,
        attendees=interview.attendees or [],
        confirmation=interview.confirmation,
        reminder=contract.ReminderOut(
            channel=reminder.get("channel", "none"),
            days_before=reminder.get("days_before"),
            send_on=reminder.get("send_on"),
            status=reminder.get("status", "none"),
            reason=reminder.get("reason") if reminder.get("status") in ("skipped", "failed") else None,
            # a reminder scheduled again (the interview moved) has not gone yet: the last one's delivery is history
            delivery=(public(interview.reminder_delivery) or public(interview.reminder_sms_delivery)) if went else None,
            sms_delivery=public(interview.reminder_sms_delivery) if went else None,
        ),
        cancelled=bool(interview.cancelled),
        invitation={
            "send_email": invitation.get("send_email", False),
            "status": invitation.get("status", "not_sent"),
            "message_id": interview.invitation_message_id,
            "delivery": public(interview.invitation_delivery),
        },
        version=int(interview.version or 1),
        created_at=interview.created_at,
        updated_at=interview.updated_at,
    )
