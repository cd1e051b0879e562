"""How long an SMS is, in the segments an operator bills: GSM-7 160/153 characters, else UCS-2 70/67."""

from __future__ import annotations

from dataclasses import dataclass

# The GSM 03.38 default alphabet, and its extension table (each of those costs two septets).
GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENDED = frozenset("^{}\\[~]|€\f")
MAX_SEGMENTS = 3


@dataclass(frozen=True)
class SmsLength:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2
    segments: int


def plain(text: str) -> str:
    """One line, and CLDR's narrow no-break spaces as plain ones: they would force the costlier UCS-2."""
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())


def _segments(units: int, single: int, multi: int) -> int:
    if units <= single:
        return 1
    return -(-units // multi)


def measure(text: str) -> SmsLength:
    if all(char in GSM_BASIC or char in GSM_EXTENDED for char in text):
        septets = sum(2 if char in GSM_EXTENDED else 1 for char in text)
        return SmsLength("GSM-7", septets, _segments(septets, 160, 153))
    units = len(text.encode("utf-16-le")) // 2  # characters outside the BMP (emoji) take two
    return SmsLength("UCS-2", units, _segments(units, 70, 67))
