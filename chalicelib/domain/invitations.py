"""Rules of inviting: the confirm-link default, who can be invited, reminder days."""

from __future__ import annotations

from chalicelib.domain.languages import LocalizedText, variants
from chalicelib.domain.tags import CONFIRM_LINK, has_tag

INTERVIEW_TYPES = ("phone", "in_person", "group", "info_meeting")
REMINDER_DAYS = (1, 2, 3, 5, 7)
REMINDER_CHANNELS = ("none", "email", "sms", "email_sms")
SMS_CHANNELS = ("sms", "email_sms")
EMAIL_CHANNELS = ("email", "email_sms")


def include_confirm_link_default(body: LocalizedText | None, languages: set[str]) -> bool:
    """Pre-selected unless the body of every language variant these applicants get has {confirmlink}."""
    used = variants(body, languages or {"en"})
    return not (used and all(has_tag(text, CONFIRM_LINK) for text in used))


def include_confirm_link(choice: bool | None, body: LocalizedText | None, languages: set[str]) -> bool:
    return include_confirm_link_default(body, languages) if choice is None else choice
