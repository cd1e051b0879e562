"""Interview offers: the recruiter offers slots, each applicant picks their own time through their link."""

from __future__ import annotations

import re
import threading
from datetime import UTC, datetime

import pytest
from icalendar import Calendar

from tests.functional.test_invitations import sent_mime
from tests.support import OSLO_WINTER, applicant, vacancy

FORM = {"content-type": "application/x-www-form-urlencoded"}
SLOTS = ["2026-12-07T10:00", "2026-12-07T11:00", "2026-12-08T10:00"]  # the pinned now is Fri 2026-11-20 09:00 UTC


def offer_body(applicant_ids, **overrides):
    body = {
        "applicant_ids": applicant_ids,
        "type": "in_person",
        "attendees": [{"name": "Anna Berg", "email": "anna@acme.example"}],
        "slots": SLOTS,
        "timezone": "Europe/Oslo",
        "duration_minutes": 45,
        "location": "Storgata 1, Oslo",
        "invitation": {
            "send_email": True,
            "from": "recruiter@acme.example",
            "subject": {"en": "Choose a time for {vacancy}", "nb": "Velg tid for {vacancy}"},
            "body": {
                "en": "Dear {firstname}, pick a time: {confirmlink}",
                "nb": "Hei {firstname}, velg tid: {confirmlink}",
            },
        },
        "reminder": {"channel": "none"},
    }
    body.update(overrides)
    return body


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def link_to(address: str) -> str:
    """The answer link in the latest mail to `address`."""
    for message in reversed(sent_mime()):
        if address in message["To"]:
            match = re.search(r"https://rendezvous\.test/confirm/([A-Za-z0-9_-]+)", text_of(message))
            if match:
                return match.group(1)
    raise AssertionError(f"no link was sent to {address}")


def choose(api, token, slot):
    return api.request("POST", f"/confirm/{token}", auth=False, headers=FORM, raw_body=f"slot={slot}")


@pytest.fixture()
def people(api):
    job = vacancy(api, "Sykepleier")
    return {
        "job": job,
        "kari": applicant(api, job["id"], "Kari", "Nordmann", language="nb", mobile="+4791234567"),
        "john": applicant(api, job["id"], "John", "Smith", language="en"),
    }


@pytest.fixture()
def offered(api, people):
    response = api.post("/interview-offers", offer_body([people["kari"]["id"], people["john"]["id"]]))
    assert response.status == 201, response
    return {
        **people,
        "offers": {offer["applicant_id"]: offer for offer in response.json["offers"]},
        "warnings": response.json["warnings"],
        "kari_link": link_to("kari@example.com"),
        "john_link": link_to("john@example.com"),
    }


def offer_of(api, offered, who):
    return api.get(f"/interview-offers/{offered['offers'][offered[who]['id']]['id']}").json


def interviews_of(api, applicant_id):
    return api.get(f"/applicants/{applicant_id}").json["interviews"]


# 1. Offering -------------------------------------------------------------------------------


def test_an_offer_per_applicant_is_emailed_with_the_times_and_a_link_to_choose(api, offered):
    kari = offered["offers"][offered["kari"]["id"]]
    assert kari["state"] == "open"
    assert [slot["start"] for slot in kari["slots"]] == [
        "2026-12-07T10:00:00+01:00",
        "2026-12-07T11:00:00+01:00",
        "2026-12-08T10:00:00+01:00",
    ]
    assert [(slot["capacity"], slot["taken"], slot["open"]) for slot in kari["slots"]] == [(1, 0, True)] * 3
    assert kari["invitation_status"] == "sent"
    mails = {message["To"]: message for message in sent_mime()}
    norwegian = mails["kari@example.com"]
    assert norwegian["Subject"] == "Velg tid for Sykepleier"
    text = text_of(norwegian)
    assert "Tidspunkter å velge mellom" in text
    assert "mandag 7. desember 2026 10:00" in text and "tirsdag 8. desember 2026 10:00" in text
    assert not any(part.get_content_type() == "text/calendar" for part in norwegian.walk())  # no time yet
    assert offered["kari_link"] != offered["john_link"]
    # nobody is invited yet: no interview until a time is chosen
    assert interviews_of(api, offered["kari"]["id"]) == []


def test_the_choice_page_lists_the_open_slots_in_the_applicants_language_and_a_get_never_books(api, offered):
    page = api.get(f"/confirm/{offered['kari_link']}", auth=False)
    assert page.status == 200, page
    assert '<html lang="nb">' in page.text
    for text in (
        "Velg et tidspunkt",
        "mandag 7. desember 2026 10:00",
        "tirsdag 8. desember 2026 10:00",
        "Ingen av tidspunktene passer: kontakt meg",
        "Trekk søknaden min",
        'value="2026-12-07T10:00"',
    ):
        assert text in page.text
    assert f"10:00 ({OSLO_WINTER})" in page.text  # the zone, in Norwegian
    assert page.headers["cache-control"] == "no-store"
    for _ in range(2):
        api.get(f"/confirm/{offered['kari_link']}", auth=False)
    assert offer_of(api, offered, "kari")["state"] == "open"
    assert [slot["taken"] for slot in offer_of(api, offered, "kari")["slots"]] == [0, 0, 0]


def test_every_check_of_post_interviews_applies_to_every_slot(api, people):
    ids = [people["kari"]["id"]]
    past = api.post("/interview-offers", offer_body(ids, slots=["2026-12-07T10:00", "2026-11-19T10:00"]))
    assert past.status == 422 and past.json["errors"][0]["field"] == "slots.1", past
    skipped = api.post("/interview-offers", offer_body(ids, slots=["2026-12-07T10:00", "2027-03-28T02:30"]))
    assert skipped.status == 422 and skipped.json["errors"][0]["field"] == "slots.1", skipped  # DST skips 02:30
    twice = api.post("/interview-offers", offer_body(ids, slots=["2026-12-07T10:00", "2026-12-07T10:00"]))
    assert twice.status == 422 and twice.json["errors"][0]["field"] == "slots.1"
    assert api.post("/interview-offers", offer_body(ids, slots=["2026-12-07T10:00"])).status == 422
    assert api.post("/interview-offers", offer_body(ids, timezone="Mars/Olympus")).status == 422
    tag = offer_body(ids)
    tag["invitation"]["body"] = {"en": "See you {date}"}
    assert api.post("/interview-offers", tag).json["errors"][0]["field"] == "invitation.body.en"
    unknown = offer_body(ids)
    unknown["invitation"]["subject"] = "Hi {nosuchtag}"
    assert api.post("/interview-offers", unknown).json["errors"][0]["field"] == "invitation.subject"
    bad_days = api.post("/interview-offers", offer_body(ids, reminder={"channel": "email", "days_before": 4}))
    assert bad_days.status == 422 and bad_days.json["errors"][0]["field"] == "reminder.days_before"
    sms = api.as_org("acme", sms=False).post(
        "/interview-offers", offer_body(ids, reminder={"channel": "sms", "days_before": 1})
    )
    assert sms.status == 403
    assert api.post("/interview-offers", offer_body(["app_nobody"])).status == 404
    silent = offer_body(ids)
    silent["invitation"]["send_email"] = False
    assert api.post("/interview-offers", silent).json["errors"][0]["field"] == "invitation.send_email"
    assert sent_mime() == []  # nothing went


def test_a_slot_too_close_for_the_reminder_is_offered_with_a_warning_and_booked_without_one(api, people):
    body = offer_body(
        [people["kari"]["id"]],
        slots=["2026-11-21T10:00", "2026-12-07T10:00"],
        reminder={"channel": "email", "days_before": 2},
    )
    response = api.post("/interview-offers", body)
    assert response.status == 201, response
    assert [(w["code"], w["slot"]) for w in response.json["warnings"]] == [("reminder_too_close", "2026-11-21T10:00")]
    assert choose(api, link_to("kari@example.com"), "2026-11-21T10:00").status == 200
    interview = interviews_of(api, people["kari"]["id"])[0]
    assert interview["reminder"]["channel"] == "none"


# 2. Choosing -------------------------------------------------------------------------------


def test_choosing_a_slot_books_it_as_post_interviews_would_with_the_confirmation_accepted(api, offered):
    response = choose(api, offered["kari_link"], "2026-12-07T11:00")
    assert response.status == 200, response
    assert "Tidspunktet ditt er booket" in response.text
    interviews = interviews_of(api, offered["kari"]["id"])
    assert len(interviews) == 1
    interview = api.get(f"/interviews/{interviews[0]['id']}").json
    assert interview["start"] == "2026-12-07T11:00:00+01:00"
    assert interview["confirmation"] == "accepted"
    assert interview["attendees"] == [{"name": "Anna Berg", "email": "anna@acme.example"}]
    assert interview["invitation"]["status"] == "sent"
    assert api.get(f"/applicants/{offered['kari']['id']}").json["status"] == "invited"
    offer = offer_of(api, offered, "kari")
    assert offer["state"] == "booked" and offer["interview_id"] == interview["id"]
    assert offer["booked_start"] == "2026-12-07T11:00:00+01:00"
    assert [slot["taken"] for slot in offer["slots"]] == [0, 1, 0]
    booked_mail = sent_mime()[-1]
    assert booked_mail["To"] == "kari@example.com"
    assert booked_mail["Subject"].startswith("Booket: ")
    (ics,) = [part for part in booked_mail.walk() if part.get_content_type() == "text/calendar"]
    event = Calendar.from_ical(ics.get_payload(decode=True)).walk("VEVENT")[0]
    assert event.decoded("DTSTART").astimezone(UTC) == datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
    # the booked slot is full (capacity 1): John no longer sees it
    john_page = api.get(f"/confirm/{offered['john_link']}", auth=False).text
    assert 'value="2026-12-07T11:00"' not in john_page and 'value="2026-12-07T10:00"' in john_page
    # the Interviews page lists it as any other
    calendar = api.get("/interviews?from=2026-12-07&to=2026-12-07").json["items"]
    assert [item["id"] for item in calendar] == [interview["id"]]


def test_the_same_choice_twice_books_once(api, offered):
    assert choose(api, offered["kari_link"], "2026-12-07T11:00").status == 200
    assert choose(api, offered["kari_link"], "2026-12-07T11:00").status == 200
    assert len(interviews_of(api, offered["kari"]["id"])) == 1
    assert [slot["taken"] for slot in offer_of(api, offered, "kari")["slots"]] == [0, 1, 0]


@pytest.fixture()
def atomic_writes(monkeypatch):
    """DynamoDB checks a write's condition and applies it as one step; moto, run in-process, does not
    guard that step against another thread. Serialise moto's writes so the emulator keeps DynamoDB's
    promise (the code under test is unchanged; the race between the two requests stays real)."""
    from moto.dynamodb.models import DynamoDBBackend

    lock = threading.RLock()
    for name in ("transact_write_items", "update_item", "put_item", "delete_item"):
        original = getattr(DynamoDBBackend, name)

        def serialised(self, *args, _original=original, **kwargs):
            with lock:
                return _original(self, *args, **kwargs)

        monkeypatch.setattr(DynamoDBBackend, name, serialised)


def test_two_applicants_racing_for_the_last_place_get_one_booking_and_one_taken_page(api, offered, atomic_writes):
    # GIVEN both have their page open (which also loads, once, the code both requests run)
    for who in ("kari", "john"):
        assert api.get(f"/confirm/{offered[f'{who}_link']}", auth=False).status == 200
    barrier = threading.Barrier(2)
    results = {}

    def race(who):
        barrier.wait()
        results[who] = choose(api, offered[f"{who}_link"], "2026-12-07T10:00")

    threads = [threading.Thread(target=race, args=(who,)) for who in ("kari", "john")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(response.status for response in results.values())
    assert statuses == [200, 409], results
    loser = next(who for who, response in results.items() if response.status == 409)
    page = results[loser].text
    assert ("That time has just been taken" in page) or ("Det tidspunktet ble nettopp tatt" in page)
    assert 'value="2026-12-07T10:00"' not in page
    assert 'value="2026-12-07T11:00"' in page and 'value="2026-12-08T10:00"' in page  # the remaining slots
    booked = [len(interviews_of(api, offered[who]["id"])) for who in ("kari", "john")]
    assert sorted(booked) == [0, 1]
    assert offer_of(api, offered, "kari")["slots"][0]["taken"] == 1
    assert offer_of(api, offered, loser)["state"] == "open"


def test_a_group_slot_takes_as_many_applicants_as_its_capacity(api, people):
    ids = [people["kari"]["id"], people["john"]["id"]]
    assert api.post("/interview-offers", offer_body(ids, type="group", capacity=2)).status == 201
    assert choose(api, link_to("kari@example.com"), "2026-12-07T10:00").status == 200
    assert choose(api, link_to("john@example.com"), "2026-12-07T10:00").status == 200
    offers = api.get("/interview-offers").json["items"]
    assert {offer["state"] for offer in offers} == {"booked"}
    assert offers[0]["slots"][0]["taken"] == 2 and offers[0]["slots"][0]["open"] is False


def test_a_slot_not_offered_or_a_missing_choice_is_refused(api, offered):
    assert choose(api, offered["kari_link"], "2026-12-09T10:00").status == 409
    empty = api.request("POST", f"/confirm/{offered['kari_link']}", auth=False, headers=FORM, raw_body="slot=")
    assert empty.status == 400
    assert offer_of(api, offered, "kari")["state"] == "open"


# 3. Keeping it true ------------------------------------------------------------------------


def test_changing_to_another_slot_frees_the_old_place_and_moves_the_interview(api, offered):
    assert choose(api, offered["kari_link"], "2026-12-07T10:00").status == 200
    first = interviews_of(api, offered["kari"]["id"])[0]["id"]
    response = choose(api, offered["kari_link"], "2026-12-08T10:00")
    assert response.status == 200, response
    offer = offer_of(api, offered, "kari")
    assert [slot["taken"] for slot in offer["slots"]] == [0, 0, 1]
    assert offer["booked_start"] == "2026-12-08T10:00:00+01:00"
    assert api.get(f"/interviews/{first}").json["cancelled"] is True
    current = api.get(f"/interviews/{offer['interview_id']}").json
    assert current["start"] == "2026-12-08T10:00:00+01:00" and current["confirmation"] == "accepted"
    # the freed place is open again for John
    assert choose(api, offered["john_link"], "2026-12-07T10:00").status == 200
    # the old event is cancelled in Kari's calendar
    cancels = [
        part
        for message in sent_mime()
        if message["To"] == "kari@example.com"
        for part in message.walk()
        if part.get_content_type() == "text/calendar" and b"METHOD:CANCEL" in part.get_payload(decode=True)
    ]
    assert len(cancels) == 1


def test_past_respond_by_only_contact_me_and_withdraw_are_offered(api, people):
    body = offer_body([people["kari"]["id"]], respond_by="2026-11-25T12:00")
    assert api.post("/interview-offers", body).status == 201
    token = link_to("kari@example.com")
    later = api.at(datetime(2026, 11, 26, 9, 0, tzinfo=UTC))
    page = later.get(f"/confirm/{token}", auth=False)
    assert page.status == 200
    assert 'value="2026-12-07T10:00"' not in page.text
    assert 'value="reschedule"' in page.text and 'value="withdraw"' in page.text
    assert choose(later, token, "2026-12-07T10:00").status == 409
    assert later.get("/interview-offers?state=expired").json["items"][0]["applicant_id"] == people["kari"]["id"]
    contact = later.request("POST", f"/confirm/{token}", auth=False, headers=FORM, raw_body="slot=reschedule")
    assert contact.status == 200
    assert "vi kontakter deg" in later.get(f"/confirm/{token}", auth=False).text  # the page says what she answered
    declined = later.get("/interview-offers?state=declined").json["items"]
    assert [(offer["applicant_id"], offer["answer"]) for offer in declined] == [(people["kari"]["id"], "reschedule")]


def test_withdrawing_through_the_offer_withdraws_the_application(api, offered):
    response = api.request(
        "POST", f"/confirm/{offered['john_link']}", auth=False, headers=FORM, raw_body="slot=withdraw"
    )
    assert response.status == 200, response
    assert api.get(f"/applicants/{offered['john']['id']}").json["status"] == "withdrawn"
    assert choose(api, offered["john_link"], "2026-12-07T10:00").status == 409


def test_a_recruiter_adds_and_withdraws_slots_and_notifies_those_still_choosing(api, offered):
    assert choose(api, offered["kari_link"], "2026-12-07T10:00").status == 200
    offer_id = offered["offers"][offered["john"]["id"]]["id"]
    before = len(sent_mime())
    response = api.patch(
        f"/interview-offers/{offer_id}",
        {"add_slots": ["2026-12-09T09:00"], "remove_slots": ["2026-12-08T10:00"], "notify": True},
    )
    assert response.status == 200, response
    slots = {slot["local_start"]: slot for slot in response.json["slots"]}
    assert slots["2026-12-08T10:00"]["withdrawn"] is True and slots["2026-12-09T09:00"]["open"] is True
    new_mails = sent_mime()[before:]
    assert [message["To"] for message in new_mails] == ["john@example.com"]  # Kari has booked
    assert "onsdag" not in text_of(new_mails[0]) and "Wednesday, December 9, 2026 9:00" in text_of(new_mails[0])
    page = api.get(f"/confirm/{link_to('john@example.com')}", auth=False).text
    assert 'value="2026-12-09T09:00"' in page and 'value="2026-12-08T10:00"' not in page
    bad = api.patch(f"/interview-offers/{offer_id}", {"remove_slots": ["2026-12-31T10:00"]})
    assert bad.status == 422 and bad.json["errors"][0]["field"] == "remove_slots.0"


# 4. For the recruiter ----------------------------------------------------------------------


def test_the_list_filters_by_vacancy_and_state_and_shows_each_slots_places(api, offered):
    assert choose(api, offered["kari_link"], "2026-12-07T10:00").status == 200
    everything = api.get(f"/interview-offers?vacancy_id={offered['job']['id']}").json
    assert len(everything["items"]) == 2 and everything["next_cursor"] is None
    booked = api.get("/interview-offers?state=booked").json["items"]
    assert [offer["applicant_id"] for offer in booked] == [offered["kari"]["id"]]
    assert [slot["taken"] for slot in booked[0]["slots"]] == [1, 0, 0]
    assert [o["applicant_id"] for o in api.get("/interview-offers?state=open").json["items"]] == [offered["john"]["id"]]
    assert api.get("/interview-offers?vacancy_id=vac_00000000000000000000000000").json["items"] == []
    assert api.get("/interview-offers?state=lost").status == 422


def test_another_organisations_offer_is_not_found(api, offered):
    offer_id = offered["offers"][offered["kari"]["id"]]["id"]
    assert api.as_org("other").get(f"/interview-offers/{offer_id}").status == 404
    assert api.as_org("other").patch(f"/interview-offers/{offer_id}", {"add_slots": []}).status == 404
    assert api.as_org("other").get("/interview-offers").json["items"] == []


def test_slots_for_an_applicant_who_asked_for_a_new_time_replace_the_interview_once_booked(api, people):
    invite = offer_body([people["kari"]["id"]])
    invite.pop("slots")
    invite["start"] = "2026-12-01T10:00"
    invite["invitation"]["body"] = {"en": "See you {date} {confirmlink}", "nb": "Vi ses {date} {confirmlink}"}
    interview = api.post("/interviews", invite).json["interviews"][0]
    token = link_to("kari@example.com")
    not_yet = api.post(f"/interviews/{interview['id']}/offer-slots", {"slots": SLOTS[:2]})
    assert not_yet.status == 409
    api.request("POST", f"/confirm/{token}", auth=False, headers=FORM, raw_body="answer=reschedule")
    response = api.post(
        f"/interviews/{interview['id']}/offer-slots",
        {"slots": SLOTS[:2], "invitation": {"from": "recruiter@acme.example", "subject": "New time", "body": "Pick"}},
    )
    assert response.status == 201, response
    (offer,) = response.json["offers"]
    assert offer["replaces"] == interview["id"] and offer["type"] == "in_person"
    assert choose(api, link_to("kari@example.com"), "2026-12-07T11:00").status == 200
    assert api.get(f"/interviews/{interview['id']}").json["cancelled"] is True
    booked = api.get(f"/interview-offers/{offer['id']}").json
    assert api.get(f"/interviews/{booked['interview_id']}").json["confirmation"] == "accepted"


def test_a_booked_slot_is_reminded_like_any_interview(api, people):
    body = offer_body([people["kari"]["id"]], reminder={"channel": "email", "days_before": 2})
    assert api.post("/interview-offers", body).status == 201
    assert choose(api, link_to("kari@example.com"), "2026-12-08T10:00").status == 200
    before = len(sent_mime())
    assert api.post("/dev/reminders/run", {"at": "2026-12-05T08:00:00Z"}, auth=False).json["emails"] == 0
    assert api.post("/dev/reminders/run", {"at": "2026-12-06T08:00:00Z"}, auth=False).json["emails"] == 1
    reminder = sent_mime()[before:]
    assert [message["To"] for message in reminder] == ["kari@example.com"]
    assert "tirsdag 8. desember 2026" in text_of(reminder[0])


def test_purging_an_applicant_removes_their_offer_and_its_link(api, offered):
    john = offered["john"]["id"]
    for action in ("delete", "purge"):
        response = api.post("/applicants/actions", {"action": action, "applicant_ids": [john]})
        assert response.json["results"][0]["ok"] is True, response
    assert api.get(f"/interview-offers/{offered['offers'][john]['id']}").status == 404
    assert api.get(f"/confirm/{offered['john_link']}", auth=False).status == 404
    assert [offer["applicant_id"] for offer in api.get("/interview-offers").json["items"]] == [offered["kari"]["id"]]


def test_an_applicant_rejected_meanwhile_cannot_book_and_the_place_stays_free(api, offered):
    rejected = {"action": "reject", "applicant_ids": [offered["john"]["id"]], "rejection_type": "position_filled"}
    assert api.post("/applicants/actions", rejected).json["results"][0]["ok"] is True
    response = choose(api, offered["john_link"], "2026-12-07T10:00")
    assert response.status == 409 and "Your application is closed" in response.text
    assert interviews_of(api, offered["john"]["id"]) == []
    offer = offer_of(api, offered, "john")
    assert offer["state"] == "open" and [slot["taken"] for slot in offer["slots"]] == [0, 0, 0]
    assert choose(api, offered["kari_link"], "2026-12-07T10:00").status == 200


def test_a_booking_the_recruiter_cancelled_can_no_longer_be_changed_through_the_link(api, offered):
    assert choose(api, offered["kari_link"], "2026-12-07T10:00").status == 200
    interview_id = offer_of(api, offered, "kari")["interview_id"]
    assert api.delete(f"/interviews/{interview_id}").status == 200
    page = api.get(f"/confirm/{offered['kari_link']}", auth=False).text
    assert 'value="2026-12-08T10:00"' not in page
    assert choose(api, offered["kari_link"], "2026-12-08T10:00").status == 409
    assert len(interviews_of(api, offered["kari"]["id"])) == 1


def test_an_interviews_answer_page_still_reads_its_link_once(api, people, dynamodb_calls):
    """Telling an offer's link from an interview's costs no request: the link read once decides."""
    invite = offer_body([people["kari"]["id"]])
    invite.pop("slots")
    invite.update(start="2026-12-07T10:00")
    assert api.post("/interviews", invite).status == 201
    token = link_to("kari@example.com")
    with dynamodb_calls.record() as calls:
        assert api.get(f"/confirm/{token}", auth=False).status == 200
    # the link and the interview: the organisation's name and address were read within the minute (the invitation)
    assert calls.by_operation == {"GetItem": 2}
