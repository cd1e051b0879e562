from chalicelib.domain.tags import has_tag, render, render_html, unknown_tags

VALUES = {"firstname": "Kari", "vacancy": "R&D <lead>", "confirmlink": "https://x.test/confirm/abc"}


def test_known_tags_are_replaced():
    assert render("Hei {firstname}, {vacancy}", VALUES) == "Hei Kari, R&D <lead>"


def test_tags_are_case_insensitive():
    assert render("{FirstName}", VALUES) == "Kari"
    assert unknown_tags("{FirstName}") == []


def test_unknown_tags_are_reported_sorted_and_once():
    assert unknown_tags("{foo} {firstname} {bar} {foo}") == ["bar", "foo"]


def test_braces_that_are_not_tags_are_left_alone():
    text = "{{ 7*7 }} { firstname } {} {%x%}"
    assert unknown_tags(text) == []
    assert render(text, VALUES) == text


def test_the_html_rendering_escapes_text_and_values_and_links_the_confirm_link():
    out = render_html("<b>{firstname}</b>\n{vacancy} {confirmlink}", VALUES, link=lambda url: f"<a href='{url}'>x</a>")
    assert out == "&lt;b&gt;Kari&lt;/b&gt;<br>\nR&amp;D &lt;lead&gt; <a href='https://x.test/confirm/abc'>x</a>"


def test_has_tag():
    assert has_tag("Answer: {ConfirmLink}", "confirmlink")
    assert not has_tag("Answer: confirmlink", "confirmlink")
    assert not has_tag(None, "confirmlink")
