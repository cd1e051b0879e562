"""The rules for applicants' files: names, limits, and how an upload is judged."""

from __future__ import annotations

import pytest

from chalicelib.domain import documents as rules


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        ("Kari Nordmann CV.pdf", "Kari_Nordmann_CV.pdf"),
        ("C:\\Users\\kari\\Ærlig søknad.PDF", "AErlig_soknad.pdf"),
        ("../../etc/passwd", "passwd"),
        ("Łukasz Żółć.docx", "Lukasz_Zolc.docx"),
        ("...", "document"),
        ("cv", "cv"),
    ],
)
def test_an_object_key_name_is_plain_ascii_without_folders(given, safe):
    assert rules.safe_filename(given) == safe


def test_the_display_name_drops_folders_and_control_characters_but_keeps_letters():
    assert rules.display_filename("C:\\fakepath\\Søknad\u0000 Åse.pdf") == "Søknad Åse.pdf"


def test_every_key_starts_with_the_organisation_and_the_applicant():
    key = rules.object_key("acme", "apl_1", "doc_2", "../x/Ærlig CV.pdf")
    assert key == "acme/apl_1/doc_2/AErlig_CV.pdf"
    assert key.startswith(rules.applicant_prefix("acme", "apl_1"))


def test_a_download_keeps_the_real_name_for_clients_that_read_it():
    assert rules.content_disposition("Søknad Åse.pdf") == (
        "attachment; filename=\"Soknad_Ase.pdf\"; filename*=UTF-8''S%C3%B8knad%20%C3%85se.pdf"
    )


def test_types_are_normalised_and_refused_by_name():
    assert rules.check_content_type("Application/PDF; charset=binary") == "application/pdf"
    with pytest.raises(ValueError, match="accepted: PDF"):
        rules.check_content_type("text/html")


@pytest.mark.parametrize("size", [0, rules.MAX_SIZE + 1])
def test_an_empty_or_too_large_file_is_refused(size):
    with pytest.raises(ValueError):
        rules.check_size(size)


def test_a_jpeg_may_be_called_jpg_or_jpeg_but_not_png():
    rules.check_extension("me.JPG", "image/jpeg")
    rules.check_extension("me.jpeg", "image/jpeg")
    with pytest.raises(ValueError, match=r"\.png"):
        rules.check_extension("me.jpg", "image/png")


@pytest.mark.parametrize(
    ("declared", "stored", "size", "first", "field"),
    [
        ("application/pdf", "application/pdf", 10, b"%PDF-1.7", None),
        ("application/pdf", "application/pdf", rules.MAX_SIZE + 1, b"%PDF-1.7", "size"),
        ("application/pdf", "image/png", 10, b"%PDF-1.7", "content_type"),
        ("application/pdf", "application/pdf", 10, b"<html>", "content_type"),
        ("text/plain", "text/plain", 10, b"Hello, I am Kari", None),
        ("text/plain", "text/plain", 10, b"MZ\x90\x00\x03", "content_type"),
        ("text/plain", "text/plain", 10, b"%PDF-1.7", "content_type"),
        ("image/jpeg", "image/jpeg", 10, b"\xff\xd8\xff\xe0", None),
        (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            10,
            b"PK\x03\x04",
            None,
        ),
    ],
)
def test_an_upload_is_judged_on_what_s3_holds_not_on_what_was_declared(declared, stored, size, first, field):
    verdict = rules.judge_upload(declared, stored, size, first)
    assert verdict.accepted is (field is None)
    assert verdict.field == field
