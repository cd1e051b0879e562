"""Anonymising what is forwarded: the applicant's name, contact details and links never get through."""

from __future__ import annotations

import pytest

from chalicelib.domain.anonymise import Person, Redactor, decode_text, reference

KARI = Person("Kari", "Nordmann", "kari.n@example.com", "+4791234567", "Storgata 1\n0155 Oslo")


@pytest.fixture()
def redact():
    return Redactor(KARI, "Candidate 7K3Q", "[removed]").text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kari Nordmann is a nurse.", "Candidate 7K3Q is a nurse."),
        ("NORDMANN, KARI", "Candidate 7K3Q"),
        ("Kari's experience", "Candidate 7K3Q's experience"),
        ("Signed: Nordmann", "Signed: Candidate 7K3Q"),
        ("Mail kari.n@example.com or k@n.no", "Mail [removed] or [removed]"),
        ("Call +47 912 34 567 or 912 34 567", "Call [removed] or [removed]"),
        ("Tlf: (+47) 22-33-44-55", "Tlf: [removed]"),
        ("See https://linkedin.com/in/kari-nordmann and www.kari.no", "See [removed] and [removed]"),
        ("I live at Storgata 1, 0155 Oslo.", "I live at [removed], [removed]."),
        ("My page: https://kari.example/cv.", "My page: [removed]."),
    ],
)
def test_the_applicant_s_name_and_contact_details_are_replaced(redact, text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Nurse at Haukeland 2019-2023, 12 years in total.",
        "Born 12.03.1990; postcode 0155; salary 650 000.",
        "Karin and Karianne are colleagues; per month; Nordmannsgate.",
    ],
)
def test_what_only_resembles_it_is_left_alone(redact, text):
    assert redact(text) == text


def test_particles_of_a_name_are_not_taken_for_the_name():
    redact = Redactor(Person("Sanne", "de Vries"), "Candidate X", "[removed]").text
    assert redact("Sanne de Vries worked with de Jong; Vries agreed.") == (
        "Candidate X worked with de Jong; Candidate X agreed."
    )


def test_the_reference_is_the_end_of_the_id():
    assert reference("apl_01M7W2Y7M0B1NS3X3BEBJA7k3q") == "7K3Q"


def test_plain_text_is_read_in_the_encodings_editors_write():
    assert decode_text("Åse Ærø".encode()) == "Åse Ærø"
    assert decode_text("\ufeffÅse".encode()) == "Åse"
    assert decode_text("Åse Ærø".encode("cp1252")) == "Åse Ærø"


@pytest.mark.parametrize(
    ("person", "text", "expected"),
    [
        (Person("kari", "nordmann"), "Re: Kari. Kari likes Oslo; Nordmann's view", "Re: X. X likes Oslo; X's view"),
        (Person("Li", "Wu"), "About Li Wu (Li): call Li; WU agreed", "About X (X): call X; X agreed"),
        (Person("Siobhán", "O’Neil"), "O'Neil and O’Neil and Siobhán", "X and X and X"),
    ],
    ids=["any case", "short names", "typographic apostrophe"],
)
def test_names_are_found_in_any_case_however_short(person, text, expected):
    assert Redactor(person, "X", "[removed]").text(text) == expected


def test_each_piece_of_a_one_line_address_and_bare_links_are_removed():
    redact = Redactor(Person("Li", "Wu", address="Storgata 1, 0155 Oslo"), "X", "[removed]").text
    assert redact("Storgata 1\nsee github.com/liwu and liwu.example/me") == ("[removed]\nsee [removed] and [removed]")
