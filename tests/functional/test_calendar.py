"""The Interviews page, reschedule and cancel, and ad-hoc email to selected applicants."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from tests.functional.test_answers import answer
from tests.functional.test_invitations import invite_body, link_in, sent_mime
from tests.functional.test_reminders import RUN_DAY, run_schedule, sms_sent
from tests.support import applicant, vacancy


def invite(api, person, start, type_="in_person", timezone="Europe/Oslo", **extra):
    body = invite_body([person["id"]], start=start, type=type_, timezone=timezone, **extra)
    response = api.post("/interviews", body)
    assert response.status == 201, response
    return response.json["interviews"][0]


@pytest.fixture()
def calendar(api):
    """GIVEN interviews over December in two vacancies, three activities and two time zones."""
    dev, nurse = vacancy(api, "Developer"), vacancy(api, "Nurse")
    people = [applicant(api, (dev if n % 2 else nurse)["id"], f"Person{n}", "Test") for n in range(6)]
    made = [
        invite(api, people[0], "2026-12-01T09:00", "phone"),
        invite(api, people[1], "2026-12-02T23:30", "in_person", "Europe/Helsinki"),  # 21:30 UTC on the 2nd
        invite(api, people[2], "2026-12-02T08:00", "group"),
        invite(api, people[3], "2026-12-10T10:00", "phone"),
        invite(api, people[4], "2026-12-15T14:00", "in_person"),
        invite(api, people[5], "2026-12-31T16:00", "phone"),
    ]
    return {"interviews": made, "people": people, "dev": dev, "nurse": nurse}


def ids(response):
    assert response.status == 200, response
    return [item["id"] for item in response.json["items"]]


class TestInterviewsPage:
    def test_local_start_dates_in_range_soonest_first(self, api, calendar):
        made = calendar["interviews"]
        assert ids(api.get("/interviews?from=2026-12-02&to=2026-12-10")) == [
            made[2]["id"],
            made[1]["id"],
            made[3]["id"],
        ]

    def test_rows_carry_what_the_page_shows(self, api, calendar):
        (row,) = api.get("/interviews?from=2026-12-01&to=2026-12-01").json["items"]
        assert row["applicant_name"] == "Person0 Test"
        assert row["vacancy_title"] == "Nurse"
        assert row["type"] == "phone"
        assert row["start"] == "2026-12-01T09:00:00+01:00"
        assert row["attendees"][0]["name"] == "Anna Berg"
        assert row["confirmation"] == "pending"
        assert set(row["reminder"]) == {"channel", "days_before", "send_on", "status"}

    def test_filter_by_activity(self, api, calendar):
        made = calendar["interviews"]
        assert ids(api.get("/interviews?activity=phone&from=2026-12-01&to=2026-12-31")) == [
            made[0]["id"],
            made[3]["id"],
            made[5]["id"],
        ]
        assert ids(api.get("/interviews?activity=info_meeting")) == []

    def test_filter_by_vacancy_and_confirmation(self, api, calendar):
        dev = calendar["dev"]["id"]
        assert all(row["vacancy_id"] == dev for row in api.get(f"/interviews?vacancy_id={dev}").json["items"])
        token = link_in(
            next(m for m in sent_mime() if m["To"] == "person3@example.com").get_body(("plain",)).get_content()
        )
        answer(api, token, "accept")
        assert ids(api.get("/interviews?confirmation=accepted")) == [calendar["interviews"][3]["id"]]

    def test_paging_has_no_duplicates_or_gaps(self, api, calendar):
        seen, cursor = [], None
        while True:
            response = api.get("/interviews?limit=2" + (f"&cursor={cursor}" if cursor else ""))
            seen += ids(response)
            cursor = response.json["next_cursor"]
            if not cursor:
                break
        assert seen == ids(api.get("/interviews?limit=200"))
        assert len(seen) == len(set(seen)) == 6

    @pytest.mark.parametrize(("limit", "short_page_with_cursor"), [(1, True), (2, True), (4, False)])
    def test_a_filtered_page_reads_at_most_twice_its_size_and_paging_finds_every_match(
        self, api, calendar, dynamodb_calls, limit, short_page_with_cursor
    ):
        # GIVEN one accepted interview among six, the last but one in time
        token = link_in(
            next(m for m in sent_mime() if m["To"] == "person4@example.com").get_body(("plain",)).get_content()
        )
        answer(api, token, "accept")
        # WHEN the page is read with the confirmation filter, a cursor at a time
        seen, short_pages, cursor = [], 0, None
        while True:
            with dynamodb_calls.record() as calls:
                response = api.get(
                    f"/interviews?confirmation=accepted&limit={limit}" + (f"&cursor={cursor}" if cursor else "")
                )
            # THEN every page is one Query reading at most twice the page size
            assert calls.by_operation == {"Query": 1}
            assert calls.items_read <= 2 * limit
            seen += ids(response)
            assert len(response.json["items"]) <= limit
            cursor = response.json["next_cursor"]
            short_pages += bool(cursor) and len(response.json["items"]) < limit
            if not cursor:
                break
        # AND the pages together hold exactly the match; a small page size meets pages short of it that go on
        assert seen == [calendar["interviews"][4]["id"]]
        assert bool(short_pages) is short_page_with_cursor

    def test_a_vacancy_filter_pages_through_every_match_once(self, api, calendar):
        dev = calendar["dev"]["id"]
        seen, cursor = [], None
        while True:
            response = api.get(f"/interviews?vacancy_id={dev}&limit=1" + (f"&cursor={cursor}" if cursor else ""))
            seen += ids(response)
            cursor = response.json["next_cursor"]
            if not cursor:
                break
        expected = [row["id"] for row in api.get("/interviews?limit=200").json["items"] if row["vacancy_id"] == dev]
        assert seen == expected
        assert len(expected) == 3

    def test_the_openapi_description_says_a_page_may_be_short(self, api):
        operation = api.get("/openapi.json", auth=False).json["paths"]["/interviews"]["get"]
        assert "fewer than `limit` items" in operation["description"]

    def test_another_organisation_sees_nothing_and_cannot_use_the_cursor(self, api, calendar):
        other = api.as_org("other")
        assert ids(other.get("/interviews")) == []
        cursor = api.get("/interviews?limit=1").json["next_cursor"]
        assert other.get(f"/interviews?limit=1&cursor={cursor}").status == 422
        assert other.get(f"/interviews/{calendar['interviews'][0]['id']}").status == 404

    @pytest.mark.parametrize(
        ("query", "field"),
        [
            ("from=2026-13-01", "from"),
            ("to=yesterday", "to"),
            ("to=0", "to"),  # not 1970-01-01 read as a Unix time
            ("from=2026-12-10&to=2026-12-01", "from"),
            ("activity=lunch", "activity"),
            ("limit=500", "limit"),
            ("confirmation=maybe", "confirmation"),
        ],
    )
    def test_bad_filters_are_422(self, api, query, field):
        response = api.get(f"/interviews?{query}")
        assert response.status == 422
        assert response.json["errors"][0]["field"] == field


class TestReschedule:
    @pytest.fixture()
    def booked(self, api):
        job = vacancy(api, "Sykepleier")
        kari = applicant(api, job["id"], "Kari", "Nordmann", language="nb", mobile="+4791234567")
        interview = invite(api, kari, "2026-12-07T10:00", reminder={"channel": "email_sms", "days_before": 2})
        token = link_in(sent_mime()[0].get_body(("plain",)).get_content())
        answer(api, token, "accept")
        return {"kari": kari, "interview": interview, "token": token}

    def test_a_new_time_resets_the_answer_recomputes_the_reminder_and_tells_the_applicant(self, api, booked):
        path = f"/interviews/{booked['interview']['id']}"
        response = api.patch(path, {"start": "2026-12-09T13:00", "notify": True})
        assert response.status == 200, response
        interview = response.json
        assert interview["start"] == "2026-12-09T13:00:00+01:00"
        assert interview["confirmation"] == "pending"
        assert interview["reminder"] == {
            "channel": "email_sms",
            "days_before": 2,
            "send_on": "2026-12-07",
            "status": "scheduled",
        }
        notice = sent_mime()[-1]
        assert notice["Subject"] == "Nytt tidspunkt: Personlig intervju for Sykepleier"
        text = notice.get_body(("plain",)).get_content()
        assert "onsdag 9. desember 2026 kl. 13:00" in text
        (ics,) = list(notice.iter_attachments())
        event = Calendar.from_ical(ics.get_content()).walk("VEVENT")[0]
        assert event["SEQUENCE"] == 1
        assert str(event["UID"]) == f"{interview['id']}@rendezvous"
        new_token = link_in(text)
        assert answer(api, new_token, "accept").status == 200
        assert answer(api, booked["token"], "decline").status == 200  # the first link still works too
        assert api.get(path).json["confirmation"] == "declined"

    def test_a_reminder_that_went_is_sent_again_for_the_new_date(self, client, api, booked):
        run_schedule(client, RUN_DAY)
        assert len(sms_sent()) == 1
        api.patch(f"/interviews/{booked['interview']['id']}", {"start": "2026-12-14T10:00"})
        run_schedule(client, datetime(2026, 12, 12, 8, 0, tzinfo=UTC))
        assert len(sms_sent()) == 2

    def test_the_new_time_is_checked_like_a_new_invitation(self, api, booked):
        path = f"/interviews/{booked['interview']['id']}"
        assert api.patch(path, {"start": "2026-11-21T10:00"}).json["errors"][0]["field"] == "reminder.days_before"
        assert api.patch(path, {"start": "2026-11-01T10:00"}).status == 422
        response = api.patch(path, {"reminder": {"channel": "email", "days_before": 6}})
        assert response.json["errors"][0]["field"] == "reminder.days_before"
        assert (
            api.as_org("acme", sms=False).patch(path, {"reminder": {"channel": "sms", "days_before": 1}}).status == 403
        )
        assert api.patch(path, {"duration_minutes": 0}).status == 422

    def test_a_location_change_keeps_the_answer(self, api, booked):
        response = api.patch(f"/interviews/{booked['interview']['id']}", {"location": "Room 2"})
        assert response.json["confirmation"] == "accepted"
        assert response.json["location"] == "Room 2"

    def test_a_stale_edit_is_a_conflict(self, api, booked):
        path = f"/interviews/{booked['interview']['id']}"
        seen = api.get(path).json["version"]
        assert api.patch(path, {"location": "Room 2"}, headers={"if-match": f'"{seen}"'}).status == 200
        stale = api.patch(path, {"location": "Room 3"}, headers={"if-match": f'"{seen}"'})
        assert stale.status == 409
        assert api.get(path).json["location"] == "Room 2"

    def test_cancelling_drops_the_reminder_kills_the_link_and_tells_the_applicant(self, client, api, booked):
        path = f"/interviews/{booked['interview']['id']}"
        response = api.delete(f"{path}?notify=true")
        assert response.status == 200, response
        assert response.json["cancelled"] is True
        assert response.json["reminder"]["status"] == "skipped"
        notice = sent_mime()[-1]
        assert notice["Subject"] == "Avlyst: Personlig intervju for Sykepleier"
        (ics,) = list(notice.iter_attachments())
        calendar = Calendar.from_ical(ics.get_content())
        assert str(calendar["METHOD"]) == "CANCEL"
        assert api.get(f"/confirm/{booked['token']}", auth=False).status == 410
        run_schedule(client, RUN_DAY)
        assert sms_sent() == []
        assert api.patch(path, {"location": "x"}).status == 409
        history = api.get(f"/applicants/{booked['kari']['id']}").json["history"]
        assert history[-1]["event"] == "interview_cancelled"


class TestAdHocEmail:
    @pytest.fixture()
    def people(self, api):
        job = vacancy(api, "Utvikler")
        return [
            applicant(api, job["id"], "Kari", "Nordmann", language="nb"),
            applicant(api, job["id"], "John", "Smith", language="en"),
        ]

    def test_each_selected_applicant_gets_the_email_in_their_language(self, api, people):
        body = {
            "applicant_ids": [p["id"] for p in people] + ["apl_nope"],
            "from": "hr@acme.example",
            "subject": {"en": "About {vacancy}", "nb": "Om {vacancy}"},
            "body": {"en": "Hello {firstname}", "nb": "Hei {fullname}"},
        }
        response = api.post("/emails", body)
        assert response.status == 200, response
        results = response.json["results"]
        assert [r["ok"] for r in results] == [True, True, False]
        assert results[0]["message_id"]
        assert results[2]["error"]["code"] == "not_found"
        kari, john = sent_mime()
        assert (kari["Subject"], john["Subject"]) == ("Om Utvikler", "About Utvikler")
        assert "Hei Kari Nordmann" in kari.get_body(("plain",)).get_content()
        assert kari["From"] == "hr@acme.example"
        assert api.get(f"/applicants/{people[0]['id']}").json["history"][-1]["event"] == "email_sent"

    def test_another_organisations_applicant_is_not_found(self, api, people):
        body = {"applicant_ids": [people[0]["id"]], "from": "hr@other.example", "subject": "Hi", "body": "Hi"}
        response = api.as_org("other").post("/emails", body)
        assert response.json["results"][0]["error"]["code"] == "not_found"
        assert sent_mime() == []

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"from": "not-an-email"}, "from"),
            ({"subject": ""}, "subject"),
            ({"body": " "}, "body"),
            ({"applicant_ids": []}, "applicant_ids"),
            ({"body": "Hi {date}"}, "body"),
            ({"subject": "{nope}"}, "subject"),
        ],
    )
    def test_anything_invalid_is_422_and_nothing_is_sent(self, api, people, change, field):
        body = {"applicant_ids": [people[0]["id"]], "from": "hr@acme.example", "subject": "Hi", "body": "Hello"}
        body.update(change)
        response = api.post("/emails", body)
        assert response.status == 422, response
        assert response.json["errors"][0]["field"] == field
        assert sent_mime() == []

    def test_missing_fields_are_422(self, api, people):
        response = api.post("/emails", {"applicant_ids": [people[0]["id"]]})
        assert response.status == 422
        assert {e["field"] for e in response.json["errors"]} == {"from", "subject", "body"}


class TestReviewedEdges:
    """Edges a review found: each was a bug once."""

    @pytest.fixture()
    def reminded(self, client, api):
        job = vacancy(api, "Sykepleier")
        kari = applicant(api, job["id"], "Kari", "Nordmann", language="nb", mobile="+4791234567")
        interview = invite(
            api,
            kari,
            "2026-12-07T10:00",
            reminder={"channel": "email_sms", "days_before": 2, "subject": "Husk {firstname}"},
        )
        run_schedule(client, RUN_DAY)
        assert len(sms_sent()) == 1
        return interview

    def test_a_location_change_does_not_move_the_interview_or_resend_its_reminder(self, client, api, reminded):
        response = api.patch(f"/interviews/{reminded['id']}", {"location": "Room 2"})
        assert response.json["start"] == reminded["start"]
        assert response.json["reminder"]["status"] == "sent"
        run_schedule(client, RUN_DAY + timedelta(days=1))
        assert len(sms_sent()) == 1

    def test_sending_the_same_reminder_settings_again_does_not_resend(self, client, api, reminded):
        response = api.patch(f"/interviews/{reminded['id']}", {"reminder": {"channel": "email_sms", "days_before": 2}})
        assert response.json["reminder"]["status"] == "sent"
        run_schedule(client, RUN_DAY + timedelta(days=1))
        assert len(sms_sent()) == 1

    def test_a_partial_reminder_change_keeps_the_rest(self, api, reminded):
        response = api.patch(f"/interviews/{reminded['id']}", {"reminder": {"days_before": 1}})
        assert response.json["reminder"] == {
            "channel": "email_sms",
            "days_before": 1,
            "send_on": "2026-12-06",
            "status": "scheduled",
        }

    def test_seconds_in_a_start_are_refused(self, api, reminded):
        response = api.patch(f"/interviews/{reminded['id']}", {"start": "2026-12-09T10:00:30"})
        assert response.status == 422
        assert response.json["errors"][0]["field"] == "start"

    def test_cancel_takes_notify_in_the_body_too(self, api, reminded):
        response = api.request("DELETE", f"/interviews/{reminded['id']}", body={"notify": True})
        assert response.status == 200
        assert sent_mime()[-1]["Subject"].startswith("Avlyst")


def test_a_withdrawal_after_the_applicant_was_hired_says_the_application_is_closed(api):
    job = vacancy(api, "Sykepleier")
    kari = applicant(api, job["id"], "Kari", "Nordmann", language="nb")
    invite(api, kari, "2026-12-07T10:00")
    token = link_in(sent_mime()[-1].get_body(("plain",)).get_content())
    hired = api.post(
        "/applicants/actions",
        {"action": "hire", "applicant_ids": [kari["id"]], "position": "Nurse", "department": "Care"},
    )
    assert hired.json["results"][0]["ok"] is True
    response = answer(api, token, "withdraw")
    assert response.status == 409
    assert "Søknaden er avsluttet" in response.text
    assert api.get(f"/applicants/{kari['id']}").json["status"] == "hired"


def test_the_answer_form_may_come_as_multipart_and_anything_unreadable_is_a_page(api):
    job = vacancy(api, "Sykepleier")
    kari = applicant(api, job["id"], "Kari", "Nordmann", language="nb")
    interview = invite(api, kari, "2026-12-07T10:00")
    token = link_in(sent_mime()[-1].get_body(("plain",)).get_content())
    boundary = "XyZ"
    form = f'--{boundary}\r\nContent-Disposition: form-data; name="answer"\r\n\r\naccept\r\n--{boundary}--\r\n'
    response = api.request(
        "POST",
        f"/confirm/{token}",
        auth=False,
        raw_body=form,
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert response.status == 200, response
    assert api.get(f"/interviews/{interview['id']}").json["confirmation"] == "accepted"
    odd = api.request(
        "POST", f"/confirm/{token}", auth=False, raw_body="answer", headers={"content-type": "text/plain"}
    )
    assert odd.status == 400
    assert odd.headers["content-type"].startswith("text/html")


def test_an_interview_is_read_by_its_id_in_one_query_and_never_from_another_organisation(api, dynamodb_calls):
    job = vacancy(api)
    made = invite(api, applicant(api, job["id"]), "2026-12-10T10:00")
    with dynamodb_calls.record() as calls:
        shown = api.get(f"/interviews/{made['id']}")
    assert shown.status == 200 and shown.json["id"] == made["id"]
    assert calls.by_operation == {"Query": 1}  # the by_interview index: the id alone names no applicant
    other = api.as_org("other")
    assert other.get(f"/interviews/{made['id']}").status == 404
    assert other.patch(f"/interviews/{made['id']}", {"location": "Elsewhere"}).status == 404
    assert other.delete(f"/interviews/{made['id']}").status == 404
    assert api.get(f"/interviews/{made['id']}").json["location"] == made["location"]
