"""How many SMS a text costs: GSM 03.38 where every character fits, else UCS-2.

Carriers bill per segment: 160 GSM-7 characters in a single message, 153 in each part of a
longer one (the rest carries the join header); the extension characters (`€`, `[`, `{` ...)
take two places. A single character outside the GSM alphabet (an emoji, a Polish `ł`)
switches the whole text to UCS-2: 70 UTF-16 code units alone, 67 per part.
"""

from __future__ import annotations

GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = frozenset("\f^{}\\[~]|€")


def sms_segments(text: str) -> tuple[int, str]:
    """The number of segments `text` is sent as, and its encoding (`GSM-7` or `UCS-2`)."""
    if all(char in GSM_BASIC or char in GSM_EXTENSION for char in text):
        units = sum(2 if char in GSM_EXTENSION else 1 for char in text)
        single, part, encoding = 160, 153, "GSM-7"
    else:
        units = len(text.encode("utf-16-le")) // 2
        single, part, encoding = 70, 67, "UCS-2"
    if units <= single:
        return 1, encoding
    return -(-units // part), encoding
