"""Recruiter text with `{tags}`: found, checked and replaced by plain substitution.

Recruiter text is never evaluated as a template (no template injection): only
the known tags are replaced, each by a value we computed. In the HTML part the
values and the text around them are escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

TAGS = (
    "firstname",
    "lastname",
    "fullname",
    "vacancy",
    "interviewtype",
    "date",
    "time",
    "duration",
    "location",
    "attendees",
    "meetinglink",
    "confirmlink",
)
CONFIRM_LINK = "confirmlink"
MEETING_LINK = "meetinglink"
_TAG = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def unknown_tags(text: str) -> list[str]:
    return sorted({name for name in _TAG.findall(text) if name.lower() not in TAGS})


def has_tag(text: str | None, tag: str) -> bool:
    return bool(text) and any(name.lower() == tag for name in _TAG.findall(text or ""))


def render(text: str, values: dict[str, str]) -> str:
    """Replace every known tag; unknown tags were refused before we got here."""
    return _TAG.sub(lambda match: values.get(match.group(1).lower(), match.group(0)), text)


def render_html(text: str, values: dict[str, str], link: Callable[[str], str] | None = None) -> str:
    """Escape the recruiter's text and the values; newlines become line breaks; URLs become links."""
    parts: list[str] = []
    position = 0
    for match in _TAG.finditer(text):
        parts.append(html.escape(text[position : match.start()]))
        name = match.group(1).lower()
        value = values.get(name, match.group(0))
        if name in (CONFIRM_LINK, MEETING_LINK) and link is not None and values.get(name):
            parts.append(link(value))
        else:
            parts.append(html.escape(value))
        position = match.end()
    parts.append(html.escape(text[position:]))
    return "".join(parts).replace("\r\n", "\n").replace("\n", "<br>\n")
