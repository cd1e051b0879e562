"""The wording of offers, contracts, letters and summaries exists in every language, with the same tags."""

from __future__ import annotations

import pytest

from chalicelib.domain import tags
from chalicelib.domain.languages import LANGUAGES
from chalicelib.templating import document_texts


def leaves(texts, path=()):
    if isinstance(texts, dict):
        for key, value in texts.items():
            yield from leaves(value, (*path, key))
    else:
        yield path, texts


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_says_everything_english_says_with_the_same_tags(language):
    english = dict(leaves(document_texts("en")))
    wording = dict(leaves(document_texts(language)))
    assert set(wording) == set(english)
    for path, text in english.items():
        assert set(tags._TAG.findall(wording[path])) == set(tags._TAG.findall(text)), path
        assert wording[path].strip(), path
