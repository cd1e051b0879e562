"""End to end: a recruiter invites through the API, the applicant answers in a real browser.

Everything runs as on a developer's machine under `make run`: real HTTP, the
embedded AWS, the email in the outbox, headless Chromium on a phone-sized
screen. The browser's requests carry no pinned clock, so the interview is put
a few days after the real current date.
"""

from __future__ import annotations

import re
import struct
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from tests.e2e.conftest import PHONE

STOCKHOLM = ZoneInfo("Europe/Stockholm")
WAIT_SECONDS = 30
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Swedish as Babel writes a full date ("måndag 7 december 2026"), spelled out here on purpose.
WEEKDAYS = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")
MONTHS = (
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
)
ANSWERS = ("Ja, jag kommer", "Nej, jag kan inte", "Kontakta mig för en ny tid", "Återkalla min ansökan")


def invitation(applicant_id: str, start: str) -> dict:
    return {
        "applicant_ids": [applicant_id],
        "type": "in_person",
        "attendees": [{"name": "Anna Berg", "email": "anna@example.com"}],
        "start": start,
        "timezone": "Europe/Stockholm",
        "duration_minutes": 45,
        "location": "Drottninggatan 1, Stockholm",
        "invitation": {
            "send_email": True,
            "from": "rekrytering@example.com",
            "subject": {"sv": "Intervju för {vacancy}", "en": "Interview for {vacancy}"},
            "body": {
                "sv": "Hej {firstname},\n\nVälkommen på intervju {date} kl. {time}.\n\n{confirmlink}",
                "en": "Dear {firstname},\n\nWelcome on {date} at {time}.\n\n{confirmlink}",
            },
            "include_confirm_link": None,
        },
        "reminder": {"channel": "none"},
    }


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_SIGNATURE), data[:16]
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_an_applicant_accepts_on_the_answer_page_and_the_recruiter_sees_it(local_api, browser, tmp_path):
    # GIVEN a Swedish applicant invited through the API to an interview three days from now
    # The demo organisation: its sender domains (example.com) are SES identities the local runner tagged for it.
    local_api.token = local_api.call("POST", "/dev/token", {"org": "demo"}, auth=False)["token"]
    vacancy = local_api.call("POST", "/vacancies", {"title": "Lagerarbetare", "location": "Stockholm"}, expect=201)
    email = f"elsa-{uuid.uuid4().hex[:8]}@example.com"
    person = {"first_name": "Elsa", "last_name": "Lindqvist", "email": email, "language": "sv"}
    applicant = local_api.call("POST", f"/vacancies/{vacancy['id']}/applicants", person, expect=201)
    day = (datetime.now(STOCKHOLM) + timedelta(days=3)).date()
    created = local_api.call("POST", "/interviews", invitation(applicant["id"], f"{day}T10:00"), expect=201)
    interview = created["interviews"][0]
    assert interview["confirmation"] == "pending"

    (mail,) = [sent for sent in local_api.call("GET", "/dev/outbox", auth=False)["emails"] if email in sent["to"]]
    assert mail["subject"] == "Intervju för Lagerarbetare"
    links = re.findall(re.escape(local_api.base) + r"/confirm/[A-Za-z0-9_-]+", mail["text"])
    assert len(set(links)) == 1, mail["text"]
    link = links[0]
    assert link in mail["html"]

    # WHEN she opens the link on her phone
    browser.get(link)
    wait = WebDriverWait(browser, WAIT_SECONDS)
    wait.until(expected_conditions.presence_of_element_located((By.TAG_NAME, "form")))

    # THEN the page speaks Swedish and shows the interview
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "sv"
    assert browser.title == "Din intervju"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Din intervju"
    text = browser.find_element(By.TAG_NAME, "body").text
    for expected in (
        "Hej Elsa Lindqvist, du är inbjuden till intervju för tjänsten Lagerarbetare.",
        f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}",
        "10:00 (centraleuropeisk",  # normaltid or sommartid, depending on the date
        "Personlig intervju",
        "Drottninggatan 1, Stockholm",
        "Kan du komma?",
    ):
        assert expected in text, f"{expected!r} not on the page:\n{text}"
    labels = [label.text for label in browser.find_elements(By.CSS_SELECTOR, "form label")]
    assert labels == list(ANSWERS)
    assert not [radio for radio in browser.find_elements(By.NAME, "answer") if radio.is_selected()]

    # ... fits a phone's width without sideways scrolling, and looks right in a screenshot
    width = browser.execute_script("return document.documentElement.clientWidth")
    assert width == PHONE["width"]
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width
    screenshot = tmp_path / "answer-page.png"
    assert browser.save_screenshot(str(screenshot))
    assert png_size(screenshot.read_bytes()) == (
        PHONE["width"] * PHONE["pixelRatio"],
        PHONE["height"] * PHONE["pixelRatio"],
    )

    # WHEN she taps "Ja, jag kommer" and sends her answer
    label = browser.find_element(By.XPATH, "//label[normalize-space()='Ja, jag kommer']")
    label.click()
    radio = browser.find_element(By.ID, label.get_attribute("for"))
    assert radio.get_attribute("value") == "accept"
    assert radio.is_selected()
    answer_page = browser.find_element(By.TAG_NAME, "html")
    browser.find_element(By.XPATH, "//button[normalize-space()='Skicka mitt svar']").click()
    wait.until(expected_conditions.staleness_of(answer_page))
    wait.until(expected_conditions.title_is("Tack"))

    # THEN she is thanked in Swedish
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "sv"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Tack"
    assert browser.find_element(By.CSS_SELECTOR, "[role=status]").text == "Tack, vi ser fram emot att träffa dig."
    assert "Ditt svar hittills: Du kommer" in browser.find_element(By.TAG_NAME, "body").text
    browser.save_screenshot(str(tmp_path / "thank-you-page.png"))

    # ... and the recruiter sees the confirmation, with the answer in her history
    assert local_api.call("GET", f"/interviews/{interview['id']}")["confirmation"] == "accepted"
    history = local_api.call("GET", f"/applicants/{applicant['id']}")["history"]
    assert history[-1]["event"] == "answered"
    assert history[-1]["by"] == "applicant"
    assert history[-1]["answer"] == "accept"

    # ... and opening the link again shows her answer so far, still changeable
    browser.get(link)
    wait.until(expected_conditions.title_is("Din intervju"))
    assert "Ditt svar hittills: Du kommer" in browser.find_element(By.TAG_NAME, "body").text
    assert browser.find_element(By.ID, "answer-accept").is_selected()
