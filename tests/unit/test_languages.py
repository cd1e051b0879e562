from chalicelib.domain.languages import pick, variants


def test_a_plain_string_is_for_every_language():
    assert pick("Hello", "nb") == "Hello"


def test_the_applicants_own_language_wins():
    assert pick({"en": "Hello", "nb": "Hei"}, "nb") == "Hei"


def test_english_is_the_fallback():
    assert pick({"nl": "Hallo", "en": "Hello"}, "sv") == "Hello"


def test_the_first_variant_when_neither_own_language_nor_english():
    assert pick({"nl": "Hallo", "sv": "Hej"}, "fi") == "Hallo"


def test_variants_lists_what_each_language_receives():
    text = {"nl": "Hallo", "en": "Hello"}
    assert variants(text, {"nl", "fi"}) == ["Hello", "Hallo"]
