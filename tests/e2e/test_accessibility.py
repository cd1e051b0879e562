"""Every page a person opens passes axe-core with no violations, in Chromium, under `make run`.

The outbox (the developer's mail viewer), the applicant's answer and profile pages, the
reviewer's rating page and the error pages, each reached as a person would: through the
link in an email read from the outbox. axe-core comes from package-lock.json (npm ci).
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from tests.e2e.conftest import axe_script, axe_violations

OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture(scope="module")
def axe(chromium) -> str:
    return axe_script()


@pytest.fixture(scope="module")
def links(local_api) -> dict[str, str]:
    """An organisation with an invited applicant, a rating panel and a profile link: the links they were sent."""
    # the demo organisation, whose sender domain (example.com) the local runner tagged for it
    local_api.token = local_api.call("POST", "/dev/token", {"org": "demo"}, auth=False)["token"]
    vacancy = local_api.call("POST", "/vacancies", {"title": "Sykepleier", "location": "Bergen"}, expect=201)
    email = f"kari-{uuid.uuid4().hex[:8]}@example.com"
    person = {"first_name": "Kari", "last_name": "Nordmann", "email": email, "language": "nb"}
    applicant = local_api.call("POST", f"/vacancies/{vacancy['id']}/applicants", person, expect=201)
    day = (datetime.now(OSLO) + timedelta(days=5)).date()
    invitation = {
        "applicant_ids": [applicant["id"]],
        "type": "phone",
        "start": f"{day}T10:00",
        "timezone": "Europe/Oslo",
        "duration_minutes": 30,
        "location": "Telefon",
        "invitation": {
            "send_email": True,
            "from": "rekruttering@example.com",
            "subject": {"nb": "Intervju for {vacancy}"},
            "body": {"nb": "Hei {firstname}, vi ses {date} kl. {time}."},
        },
        "reminder": {"channel": "none"},
    }
    local_api.call("POST", "/interviews", invitation, expect=201)
    chooser = {**person, "first_name": "Ola", "email": f"ola-{uuid.uuid4().hex[:8]}@example.com"}
    chooser = local_api.call("POST", f"/vacancies/{vacancy['id']}/applicants", chooser, expect=201)
    offer = {key: value for key, value in invitation.items() if key != "start"}
    offer["invitation"] = {**invitation["invitation"], "body": {"nb": "Hei {firstname}, velg et tidspunkt."}}
    offer.update(applicant_ids=[chooser["id"]], slots=[f"{day}T10:00", f"{day}T11:00"])
    local_api.call("POST", "/interview-offers", offer, expect=201)
    reviewer = f"anna-{uuid.uuid4().hex[:8]}@example.com"
    panel = {
        "applicant_ids": [applicant["id"]],
        "reviewers": [{"name": "Anna Berg", "email": reviewer}],
        "from": "rekruttering@example.com",
        "message": "Se på erfaringen.",
        "timezone": "Europe/Oslo",
        "language": "nb",
    }
    local_api.call("POST", "/rating-panels", panel, expect=201)
    local_api.call("POST", f"/applicants/{applicant['id']}/access", {"from": "rekruttering@example.com"}, expect=201)
    # a saved profile: its page also has the retention form "keep my profile"
    saved_email = f"ola-{uuid.uuid4().hex[:8]}@example.com"
    ola = {"first_name": "Ola", "last_name": "Nordmann", "email": saved_email, "language": "nb"}
    saved = local_api.call("POST", f"/vacancies/{vacancy['id']}/applicants", ola, expect=201)
    save = {"action": "save", "applicant_ids": [saved["id"]], "send_access": True, "from": "rekruttering@example.com"}
    local_api.call("POST", "/applicants/actions", save)
    closed = local_api.call(
        "POST", "/rating-panels", {**panel, "reviewers": [{"name": "Per", "email": "per@x.example"}]}, expect=201
    )
    local_api.call("POST", f"/rating-panels/{closed['id']}/close")

    emails = local_api.call("GET", "/dev/outbox", auth=False)["emails"]
    texts = [mail["text"] for mail in emails if saved_email not in mail["to"]]
    saved_text = next(mail["text"] for mail in emails if saved_email in mail["to"])

    def link(kind: str, to_text: str) -> str:
        found = re.findall(re.escape(local_api.base) + f"/{kind}/[A-Za-z0-9_-]+", to_text)
        assert found, to_text
        return found[0]

    mails = "\n".join(texts)
    return {
        "answer": link("confirm", mails),
        "slot choice": link("confirm", next(text for text in texts if "velg et tidspunkt" in text)),
        "profile": link("profile", mails),
        "saved profile": link("profile", saved_text),
        "rating": link("rate", next(text for text in texts if "Se på erfaringen." in text)),
        "closed rating (410)": link("rate", texts[-1]),
        "unknown answer link (404)": f"{local_api.base}/confirm/{'x' * 43}",
        "outbox": f"{local_api.base}/dev/outbox.html",
        "outbox, filtered": f"{local_api.base}/dev/outbox.html?to={email}",
    }


def test_axe_reports_what_it_finds(browser, axe):
    """The check can fail: a page with an unlabelled image and field has violations."""
    browser.get("data:text/html,<html><body><img src='x.png'><input></body></html>")

    found = {violation["id"] for violation in axe_violations(browser, axe)}

    assert {"image-alt", "label", "html-has-lang", "document-title"} <= found


@pytest.mark.parametrize(
    "page",
    [
        "answer",
        "slot choice",
        "profile",
        "saved profile",
        "rating",
        "closed rating (410)",
        "unknown answer link (404)",
        "outbox",
        "outbox, filtered",
    ],
)
def test_the_page_has_no_axe_violations(page, links, browser, axe):
    browser.get(links[page])
    WebDriverWait(browser, 30).until(expected_conditions.presence_of_element_located((By.TAG_NAME, "h1")))

    violations = axe_violations(browser, axe)

    assert violations == [], f"{page} ({links[page]}): {violations}"


def test_the_outbox_shows_the_email_as_its_recipient_sees_it(links, local_api, browser):
    browser.get(links["outbox, filtered"])
    subjects = [heading.text for heading in browser.find_elements(By.CSS_SELECTOR, "article h2")]
    assert subjects == ["EMAIL Din lagrede profil", "EMAIL Intervju for Sykepleier"], subjects  # newest first
    frame = browser.find_element(By.XPATH, "//article[.//h2[contains(., 'Intervju for')]]//iframe")
    assert frame.get_attribute("sandbox") == "allow-popups allow-popups-to-escape-sandbox"
    browser.switch_to.frame(frame)
    WebDriverWait(browser, 30).until(expected_conditions.presence_of_element_located((By.TAG_NAME, "a")))
    button = browser.find_element(By.TAG_NAME, "a")  # the email's first link: its answer button
    assert button.get_attribute("href") == links["answer"]
    assert button.get_attribute("target") in ("", None)  # the <base target="_blank"> of the frame applies
    assert browser.execute_script("return document.querySelector('base').target") == "_blank"


def send_form(browser, field_selector: str, value: str | None = None) -> None:
    """Set one field (tick it, or type `value`) and send its form with its button, as a person would."""
    field = browser.find_element(By.CSS_SELECTOR, field_selector)
    if value is None:
        browser.execute_script("arguments[0].click()", field)
    else:
        field.clear()
        field.send_keys(value)
    page = browser.find_element(By.TAG_NAME, "html")
    browser.execute_script("arguments[0].form.querySelector('button[type=submit]').click()", field)
    WebDriverWait(browser, 30).until(expected_conditions.staleness_of(page))
    WebDriverWait(browser, 30).until(expected_conditions.presence_of_element_located((By.TAG_NAME, "h1")))


def page_name(browser) -> str:
    """Which page this is: the kind of link (confirm, rate, profile) and the page's title."""
    return f"{browser.current_url.split('/')[3]}: {browser.title}"


def test_the_pages_a_sent_form_leads_to_have_no_axe_violations(links, browser, axe):
    seen = {}
    browser.get(links["answer"])
    send_form(browser, "input[name=answer][value=accept]")
    seen["answered"] = (page_name(browser), axe_violations(browser, axe))

    browser.get(links["slot choice"])
    send_form(browser, "input[name=slot]")
    seen["slot booked"] = (page_name(browser), axe_violations(browser, axe))

    browser.get(links["rating"])
    send_form(browser, "input[type=radio][value='6']")
    seen["rated"] = (page_name(browser), axe_violations(browser, axe))

    browser.get(links["profile"])
    send_form(browser, "#field-mobile", "12")  # not a phone number: the page again, with the problem named (400)
    assert browser.find_element(By.ID, "field-mobile").get_attribute("aria-invalid") == "true"
    seen["profile with a problem"] = (page_name(browser), axe_violations(browser, axe))

    browser.get(links["saved profile"])
    send_form(browser, "input[name=intent][value=keep]")
    assert browser.find_element(By.CSS_SELECTOR, "[role=status]").text
    seen["profile kept"] = (page_name(browser), axe_violations(browser, axe))

    browser.get(links["profile"])
    send_form(browser, "#field-confirm")
    seen["deletion requested"] = (page_name(browser), axe_violations(browser, axe))

    assert {page: violations for page, (_, violations) in seen.items()} == {page: [] for page in seen}, seen
    # five different pages were checked (the kept profile is the profile page again, with its notice)
    assert len({name for name, _ in seen.values()}) == 5, seen
