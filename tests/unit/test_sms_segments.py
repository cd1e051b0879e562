"""SMS length in the segments an operator bills: GSM-7 160/153, UCS-2 70/67."""

from __future__ import annotations

import pytest

from chalicelib.domain.sms import measure, plain


@pytest.mark.parametrize(
    ("text", "encoding", "segments"),
    [
        ("", "GSM-7", 1),
        ("a" * 160, "GSM-7", 1),
        ("a" * 161, "GSM-7", 2),
        ("a" * 306, "GSM-7", 2),
        ("a" * 307, "GSM-7", 3),
        ("a" * 459, "GSM-7", 3),
        ("a" * 460, "GSM-7", 4),
        ("Påminnelse: møte på Ærø" + "a" * 137, "GSM-7", 1),  # æøå are in the GSM alphabet
        ("€" * 80, "GSM-7", 1),  # extension characters take two septets each
        ("€" * 81, "GSM-7", 2),
        ("ł" * 70, "UCS-2", 1),
        ("ł" * 71, "UCS-2", 2),
        ("ł" * 201, "UCS-2", 3),
        ("ł" * 202, "UCS-2", 4),
        ("🙂" * 35, "UCS-2", 1),  # outside the BMP: two code units each
        ("🙂" * 36, "UCS-2", 2),
    ],
)
def test_segments_follow_the_encoding(text, encoding, segments):
    length = measure(text)
    assert (length.encoding, length.segments) == (encoding, segments)


def test_cldr_s_no_break_spaces_do_not_force_ucs2():
    assert measure(plain("kl.\u202f10:00\u00a0i dag")).encoding == "GSM-7"
