"""What an SMS costs in segments, as carriers count them."""

from __future__ import annotations

import pytest

from chalicelib.domain.sms import sms_segments


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", (1, "GSM-7")),
        ("a" * 160, (1, "GSM-7")),
        ("a" * 161, (2, "GSM-7")),
        ("a" * 306, (2, "GSM-7")),
        ("a" * 307, (3, "GSM-7")),
        ("Hei Kari, møte på mandag 10:00 Å Æ Ø", (1, "GSM-7")),
        ("€" * 80, (1, "GSM-7")),  # an extension character takes two places
        ("€" * 81, (2, "GSM-7")),
        ("ł" * 70, (1, "UCS-2")),  # one character outside the GSM alphabet switches the text to UCS-2
        ("ł" * 71, (2, "UCS-2")),
        ("a" * 60 + "👋" * 5, (1, "UCS-2")),  # an emoji is two UTF-16 code units: 70
        ("a" * 61 + "👋" * 5, (2, "UCS-2")),
    ],
)
def test_segments_follow_the_encoding_of_the_whole_text(text, expected):
    assert sms_segments(text) == expected
