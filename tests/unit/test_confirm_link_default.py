from chalicelib.domain.invitations import include_confirm_link, include_confirm_link_default


def test_one_applicant_body_with_the_tag_means_no_default_link():
    assert include_confirm_link_default("Answer: {confirmlink}", {"nb"}) is False


def test_one_applicant_body_without_the_tag_means_the_link_by_default():
    assert include_confirm_link_default("Welcome", {"nb"}) is True


def test_several_languages_every_variant_has_the_tag():
    body = {"nb": "Svar: {confirmlink}", "en": "Answer: {confirmlink}"}
    assert include_confirm_link_default(body, {"nb", "en", "sv"}) is False  # sv gets en


def test_several_languages_one_variant_lacks_the_tag():
    body = {"nb": "Svar: {confirmlink}", "en": "Answer"}
    assert include_confirm_link_default(body, {"nb", "en"}) is True


def test_a_variant_nobody_receives_does_not_count():
    body = {"nb": "Svar: {confirmlink}", "en": "Answer: {confirmlink}", "nl": "Geen"}
    assert include_confirm_link_default(body, {"nb", "en"}) is False


def test_no_body_means_the_link_by_default():
    assert include_confirm_link_default(None, {"en"}) is True


def test_an_explicit_choice_wins():
    assert include_confirm_link(False, "Welcome", {"en"}) is False
    assert include_confirm_link(True, "{confirmlink}", {"en"}) is True
