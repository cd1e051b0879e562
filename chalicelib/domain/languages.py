"""Languages and the rule for choosing a recruiter's per-language text."""

from __future__ import annotations

from typing import Union

LANGUAGES = ("en", "nl", "nb", "sv", "da", "fi")
DEFAULT_LANGUAGE = "en"

LocalizedText = Union[str, dict[str, str]]


def pick(text: LocalizedText | None, language: str) -> str | None:
    """An applicant gets their own language, else `en`, else the first variant given."""
    if text is None or isinstance(text, str):
        return text
    if language in text:
        return text[language]
    if DEFAULT_LANGUAGE in text:
        return text[DEFAULT_LANGUAGE]
    return next(iter(text.values()), None)


def written_in(text: LocalizedText | None, language: str) -> str:
    """The language of the variant `pick` gives: an email's labels and dates follow the text the
    recruiter wrote, so an English-only text reaches a Swedish applicant all in English. A plain
    string (one text for every language) says nothing of its language: the applicant's it is."""
    if text is None or isinstance(text, str) or language in text:
        return language
    if DEFAULT_LANGUAGE in text:
        return DEFAULT_LANGUAGE
    return next(iter(text), language)


def variants(text: LocalizedText | None, languages: set[str]) -> list[str]:
    """The variants these applicants' languages would actually receive."""
    if text is None:
        return []
    return [value for value in (pick(text, lang) for lang in sorted(languages)) if value is not None]
