"""The local outbox as a mail viewer: newest first, the HTML part framed, attachments, SMS, a filter."""

from __future__ import annotations

import re
from html import unescape

from chalicelib.notify import sms
from tests.support import applicant, pdf_text, vacancy


def invite(api, person, start="2026-12-07T10:00"):
    body = {
        "applicant_ids": [person["id"]],
        "type": "in_person",
        "attendees": [],  # the interviewers' calendar mail is tested in test_team_calendar.py
        "start": start,
        "timezone": "Europe/Oslo",
        "duration_minutes": 45,
        "location": "Storgata 1, Oslo",
        "invitation": {
            "send_email": True,
            "from": "recruiter@acme.example",
            "subject": {"en": "Interview with {firstname}"},
            "body": {"en": "Dear {firstname},\n\nsee you {date}.\n\n{confirmlink}"},
        },
        "reminder": {"channel": "none"},
    }
    response = api.post("/interviews", body)
    assert response.status == 201, response


def test_the_outbox_page_shows_the_newest_message_first_with_its_html_part_framed(api):
    job = vacancy(api)
    invite(api, applicant(api, job["id"], "Kari", "Nordmann", email="kari@example.com"))
    invite(api, applicant(api, job["id"], "John", "Smith", email="john@example.com"))

    page = api.get("/dev/outbox.html", auth=False)

    assert page.status == 200
    subjects = re.findall(r"<h2 [^>]*><span class=\"kind\">EMAIL</span> ([^<]+)</h2>", page.text)
    assert subjects == ["Interview with John", "Interview with Kari"]
    assert [mail["subject"] for mail in api.outbox()["emails"]] == ["Interview with Kari", "Interview with John"]
    newest = api.outbox()["emails"][1]
    # the HTML part in a sandboxed frame (links open a new tab, no scripts), the text part on demand
    frame = re.search(r"<iframe src=\"([^\"]+)\"[^>]* sandbox=\"([^\"]*)\"", page.text)
    assert frame.group(1) == f"/dev/outbox/{newest['id']}/html"
    assert frame.group(2) == "allow-popups allow-popups-to-escape-sandbox"
    assert "<details><summary>Text part</summary>" in page.text
    # the answer link in the text part can be clicked
    link = re.search(r"https://rendezvous\.test/confirm/[\w-]+", newest["text"]).group()
    assert f'<a href="{link}">{link}</a>' in page.text
    assert "script-src 'nonce-" in page.headers["content-security-policy"]


def test_an_emails_html_part_is_served_as_the_recipient_sees_it(api):
    job = vacancy(api)
    invite(api, applicant(api, job["id"], "Kari", "Nordmann"))
    (mail,) = api.outbox()["emails"]

    framed = api.get(f"/dev/outbox/{mail['id']}/html", auth=False)

    assert framed.status == 200
    assert framed.headers["content-type"].startswith("text/html")
    assert framed.headers["x-frame-options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in framed.headers["content-security-policy"]
    assert '<base target="_blank">' in framed.text
    assert framed.text.replace('<base target="_blank">', "") == mail["html"]


def test_attachments_can_be_downloaded(api):
    job = vacancy(api)
    person = applicant(api, job["id"], "Kari", "Nordmann")
    invite(api, person)
    forwarded = api.post(
        f"/applicants/{person['id']}/forward",
        {"to": "lead@acme.example", "from": "recruiter@acme.example", "subject": "CV", "body": "Have a look."},
    )
    assert forwarded.status == 200, forwarded
    invitation, forward = api.outbox()["emails"]
    page = api.get("/dev/outbox.html", auth=False)
    assert f'href="/dev/outbox/{invitation["id"]}/attachments/0" download="invite.ics"' in page.text

    ics = api.get(f"/dev/outbox/{invitation['id']}/attachments/0", auth=False)
    assert ics.status == 200
    assert ics.headers["content-type"] == "text/calendar; charset=utf-8"
    assert ics.headers["content-disposition"].startswith('attachment; filename="invite.ics"')
    assert ics.text.startswith("BEGIN:VCALENDAR")

    (summary_name,) = forward["attachments"]
    browser = {"accept": "text/html,application/xhtml+xml,*/*;q=0.8"}  # what a click on the link sends
    pdf = api.get(f"/dev/outbox/{forward['id']}/attachments/0", auth=False, headers=browser)
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert "Kari Nordmann" in pdf_text(pdf.content)
    assert summary_name.endswith(".pdf")


def test_an_unknown_email_or_attachment_is_a_404_problem(api):
    job = vacancy(api)
    invite(api, applicant(api, job["id"], "Kari", "Nordmann"))
    (mail,) = api.outbox()["emails"]
    for path in (
        "/dev/outbox/nosuchmessage/html",
        "/dev/outbox/nosuchmessage/attachments/0",
        f"/dev/outbox/{mail['id']}/attachments/1",
        f"/dev/outbox/{mail['id']}/attachments/first",
    ):
        response = api.get(path, auth=False)
        assert response.status == 404, path
        assert response.headers["content-type"] == "application/problem+json"


def test_sms_show_their_segment_count_and_the_filter_finds_a_recipient(api):
    job = vacancy(api)
    invite(api, applicant(api, job["id"], "Kari", "Nordmann", email="kari@example.com"))
    sms.send("+4791234567", "Hei Kari, vi ses mandag kl. 10:00. " * 5)  # 175 GSM-7 characters: 2 segments
    sms.send("+31612345678", "Tot maandag 👋")  # an emoji: UCS-2, 1 segment

    (long_sms, short_sms) = api.outbox()["sms"]
    assert (long_sms["segments"], long_sms["encoding"]) == (2, "GSM-7")
    assert (short_sms["segments"], short_sms["encoding"]) == (1, "UCS-2")
    page = api.get("/dev/outbox.html", auth=False).text
    assert "175 characters, 2 segments (GSM-7)" in page

    filtered = api.get("/dev/outbox.html?to=KARI%40example", auth=False).text
    assert re.findall(r"<span class=\"kind\">(\w+)</span>", filtered) == ["EMAIL"]
    assert "1 of 3 messages are to “KARI@example”" in unescape(filtered)
    by_number = api.get("/dev/outbox.html?to=%2B4791", auth=False).text
    assert re.findall(r"<span class=\"kind\">(\w+)</span>", by_number) == ["SMS"]
    nothing = api.get("/dev/outbox.html?to=nobody", auth=False).text
    assert "Nothing was sent to an address or number containing “nobody”." in unescape(nothing)
