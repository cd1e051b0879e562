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


def test_labels_and_dates_follow_the_language_the_text_was_written_in():
    from chalicelib.domain.languages import written_in

    assert written_in({"en": "Hi"}, "sv") == "en"
    assert written_in({"nb": "Hei"}, "sv") == "nb"
    assert written_in({"nb": "Hei", "sv": "Hej"}, "sv") == "sv"
    assert written_in({"nb": "Hei", "en": "Hi"}, "da") == "en"
    assert written_in("Hi", "sv") == "sv"  # one text for all: its language is unknown
    assert written_in(None, "fi") == "fi"
