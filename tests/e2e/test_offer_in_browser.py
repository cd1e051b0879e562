"""End to end: a recruiter offers slots through the API, the applicant picks one in a real browser.

As `make run` serves it: real HTTP, the embedded AWS, the email in the outbox, headless Chromium
on a phone-sized screen. The browser's requests carry no pinned clock, so the slots are put a few
days after the real current date.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from tests.e2e.conftest import PHONE

OSLO = ZoneInfo("Europe/Oslo")
WAIT_SECONDS = 30


def test_an_applicant_picks_a_time_on_her_phone_and_the_recruiter_sees_the_interview(local_api, browser, tmp_path):
    # GIVEN a Norwegian applicant offered three slots through the API
    local_api.token = local_api.call("POST", "/dev/token", {"org": "demo"}, auth=False)["token"]
    vacancy = local_api.call("POST", "/vacancies", {"title": "Lagermedarbeider", "location": "Oslo"}, expect=201)
    email = f"ingrid-{uuid.uuid4().hex[:8]}@example.com"
    person = {"first_name": "Ingrid", "last_name": "Berg", "email": email, "language": "nb"}
    applicant = local_api.call("POST", f"/vacancies/{vacancy['id']}/applicants", person, expect=201)
    day = (datetime.now(OSLO) + timedelta(days=4)).date()
    slots = [f"{day}T09:00", f"{day}T13:30", f"{day + timedelta(days=1)}T10:00"]
    offer = {
        "applicant_ids": [applicant["id"]],
        "type": "in_person",
        "slots": slots,
        "timezone": "Europe/Oslo",
        "duration_minutes": 30,
        "location": "Karl Johans gate 1, Oslo",
        "invitation": {
            "send_email": True,
            "from": "rekruttering@example.com",
            "subject": {"nb": "Velg tid for intervju: {vacancy}"},
            "body": {"nb": "Hei {firstname},\n\nvelg et tidspunkt som passer deg:\n\n{confirmlink}"},
        },
        "reminder": {"channel": "none"},
    }
    created = local_api.call("POST", "/interview-offers", offer, expect=201)
    (made,) = created["offers"]
    (mail,) = [sent for sent in local_api.call("GET", "/dev/outbox", auth=False)["emails"] if email in sent["to"]]
    link = re.findall(re.escape(local_api.base) + r"/confirm/[A-Za-z0-9_-]+", mail["text"])[0]

    # WHEN she opens the link on her phone
    browser.get(link)
    wait = WebDriverWait(browser, WAIT_SECONDS)
    wait.until(expected_conditions.presence_of_element_located((By.TAG_NAME, "form")))

    # THEN the page speaks Norwegian and lists the times with their zone, and the other answers
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nb"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Velg et tidspunkt"
    labels = [label.text for label in browser.find_elements(By.CSS_SELECTOR, "form label")]
    assert len(labels) == 5, labels
    assert "13:30 (" in labels[1] and "Sentral-Europa)" in labels[1]  # normaltid or sommertid, by the date
    assert labels[3:] == ["Ingen av tidspunktene passer: kontakt meg", "Trekk søknaden min"]
    width = browser.execute_script("return document.documentElement.clientWidth")
    assert width == PHONE["width"]
    assert browser.execute_script("return document.documentElement.scrollWidth") <= width
    assert local_api.call("GET", f"/interview-offers/{made['id']}")["state"] == "open"  # opening books nothing

    # WHEN she taps the 13:30 slot and sends her choice
    browser.find_element(By.XPATH, "//label[contains(., '13:30')]").click()
    browser.find_element(By.XPATH, "//button[normalize-space()='Send valget mitt']").click()
    # the title tells the pages apart (Chromium may answer a check on the old page's nodes with an
    # inspector error instead of "stale" while the new page comes in)
    wait.until(expected_conditions.title_is("Tidspunktet ditt er booket"))
    browser.save_screenshot(str(tmp_path / "booked.png"))

    # THEN the recruiter sees her booked, accepted interview at 13:30 Oslo time
    booked = local_api.call("GET", f"/interview-offers/{made['id']}")
    assert booked["state"] == "booked"
    assert [slot["taken"] for slot in booked["slots"]] == [0, 1, 0]
    interview = local_api.call("GET", f"/interviews/{booked['interview_id']}")
    assert interview["confirmation"] == "accepted"
    assert interview["start"].startswith(f"{day}T13:30:00+0")
    # ... and she got the booking with its calendar file
    mails = [sent for sent in local_api.call("GET", "/dev/outbox", auth=False)["emails"] if email in sent["to"]]
    assert mails[-1]["subject"].strip().startswith("Booket: ")  # the outbox keeps a folded header's space
    assert mails[-1]["attachments"] == ["invite.ics"]

    # WHEN she opens her link again, her booking is shown and the other times stay open to change to
    browser.get(link)
    wait.until(expected_conditions.presence_of_element_located((By.TAG_NAME, "form")))
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "Du har booket:" in body and "13:30" in body
    values = [radio.get_attribute("value") for radio in browser.find_elements(By.NAME, "slot")]
    assert values == [slots[0], slots[2], "reschedule", "withdraw"]
