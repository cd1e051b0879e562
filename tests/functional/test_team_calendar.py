"""Interviewers in the loop: their calendar mail on create, change and cancel; conflict warnings;
online meetings and phone notes."""

from __future__ import annotations

import pytest

from tests.functional.test_answers import answer
from tests.functional.test_invitations import invite_body, link_in, sent_mime
from tests.support import applicant, is_team_mail, strict_calendar, vacancy


def team_mail():
    return [message for message in sent_mime(team=True) if is_team_mail(message)]


def only_event(message):
    (ics,) = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
    calendar = strict_calendar(ics.get_content())
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def addresses(event, name):
    values = event.get(name)
    values = values if isinstance(values, list) else [values]
    return [str(value).removeprefix("mailto:") for value in values]


@pytest.fixture()
def people(api):
    job = vacancy(api, "Backend developer")
    return {
        "job": job,
        "kari": applicant(api, job["id"], "Kari", "Nordmann", language="nb", mobile="+4791234567"),
        "john": applicant(api, job["id"], "John", "Smith", language="en"),
    }


def create(api, *applicants, **overrides):
    response = api.post("/interviews", invite_body([person["id"] for person in applicants], **overrides))
    assert response.status == 201, response
    return response.json


class TestTheTeamsCalendar:
    def test_each_attendee_gets_an_invitation_without_the_applicants_contact_details_or_link(self, api, people):
        created = create(api, people["kari"])
        interview = created["interviews"][0]
        mails = team_mail()
        assert sorted(mail["To"] for mail in mails) == ["anna@acme.example", "per@acme.example"]
        applicant_mail = sent_mime()[0]
        answer_token = link_in(applicant_mail.get_body(("plain",)).get_content())
        for mail in mails:
            assert mail["Subject"] == "Interview: Kari Nordmann, Backend developer, Monday, December 7, 2026"
            raw = mail.as_string()
            for secret in (answer_token, "kari@example.com", "+4791234567", "/confirm/"):
                assert secret not in raw
            calendar, event = only_event(mail)
            assert str(calendar["METHOD"]) == "REQUEST"
            assert str(event["UID"]) == f"{interview['id']}.team@rendezvous"
            assert event["SEQUENCE"] == 0
            assert addresses(event, "ORGANIZER") == ["recruiter@demo.example"]  # the token's email
            assert event["ORGANIZER"].params["CN"] == "Demo Recruiter"
            assert addresses(event, "ATTENDEE") == ["anna@acme.example", "per@acme.example"]
            assert "Kari Nordmann" in str(event["SUMMARY"])
            assert "Kari Nordmann" in str(event["DESCRIPTION"])
            assert "kari@example.com" not in str(event["DESCRIPTION"])
            assert str(event["LOCATION"]) == "Storgata 1, Oslo"
            assert event.decoded("DTSTART").isoformat() == "2026-12-07T09:00:00+00:00"
        # the applicant's own event is another one
        _, own = only_event(applicant_mail)
        assert str(own["UID"]) == f"{interview['id']}@rendezvous"

    def test_the_team_mail_is_in_the_organisations_language(self, api, people):
        admin = api.as_org("acme", admin=True)
        assert admin.patch("/organisation", {"default_language": "sv"}).status == 200
        create(api, people["john"])
        mail = team_mail()[0]
        assert mail["Subject"].startswith("Intervju: John Smith, Backend developer, måndag 7 december 2026")
        assert '<html lang="sv">' in mail.get_body(("html",)).get_content()

    def test_attendees_are_invited_even_when_the_applicant_gets_no_email(self, api, people):
        create(api, people["kari"], invitation={"send_email": False})
        assert sent_mime() == []
        assert len(team_mail()) == 2

    def test_a_new_time_sends_an_update_with_the_same_uid_and_a_higher_sequence(self, api, people):
        interview = create(api, people["kari"])["interviews"][0]
        response = api.patch(f"/interviews/{interview['id']}", {"start": "2026-12-08T14:00"})  # no notify
        assert response.status == 200, response
        assert len(sent_mime()) == 1  # the applicant was not told
        updates = team_mail()[2:]
        assert sorted(mail["To"] for mail in updates) == ["anna@acme.example", "per@acme.example"]
        calendar, event = only_event(updates[0])
        assert str(calendar["METHOD"]) == "REQUEST"
        assert str(event["UID"]) == f"{interview['id']}.team@rendezvous"
        assert event["SEQUENCE"] == 1
        assert event.decoded("DTSTART").isoformat() == "2026-12-08T13:00:00+00:00"
        assert updates[0]["Subject"] == "Changed: interview with Kari Nordmann, Backend developer"

    def test_a_change_of_attendees_invites_the_new_one_and_cancels_for_the_one_who_left(self, api, people):
        interview = create(api, people["kari"])["interviews"][0]
        attendees = [
            {"name": "Anna Berg", "email": "anna@acme.example"},
            {"name": "Ola Li", "email": "ola@acme.example"},
        ]
        assert api.patch(f"/interviews/{interview['id']}", {"attendees": attendees}).status == 200
        after = {mail["To"]: only_event(mail) for mail in team_mail()[2:]}
        assert set(after) == {"anna@acme.example", "ola@acme.example", "per@acme.example"}
        assert str(after["per@acme.example"][0]["METHOD"]) == "CANCEL"
        assert str(after["ola@acme.example"][0]["METHOD"]) == "REQUEST"
        assert addresses(after["ola@acme.example"][1], "ATTENDEE") == ["anna@acme.example", "ola@acme.example"]
        assert all(event["SEQUENCE"] == 1 for _, event in after.values())

    def test_a_reminder_change_alone_sends_the_team_nothing(self, api, people):
        interview = create(api, people["kari"])["interviews"][0]
        api.patch(f"/interviews/{interview['id']}", {"reminder": {"channel": "email", "days_before": 2}})
        assert len(team_mail()) == 2

    def test_cancelling_sends_the_team_a_cancel_whether_or_not_the_applicant_is_told(self, api, people):
        first = create(api, people["kari"])["interviews"][0]
        second = create(api, people["john"], start="2026-12-09T10:00")["interviews"][0]
        assert api.delete(f"/interviews/{first['id']}").status == 200
        assert api.delete(f"/interviews/{second['id']}?notify=true").status == 200
        cancels = team_mail()[4:]
        assert len(cancels) == 4
        for mail, interview in zip(cancels, (first, first, second, second), strict=True):
            calendar, event = only_event(mail)
            assert str(calendar["METHOD"]) == "CANCEL"
            assert str(event["STATUS"]) == "CANCELLED"
            assert str(event["UID"]) == f"{interview['id']}.team@rendezvous"
            assert event["SEQUENCE"] == 1
        assert [mail["To"] for mail in sent_mime()] == ["kari@example.com", "john@example.com", "john@example.com"]


class TestConflicts:
    def test_an_attendee_already_booked_at_that_time_is_a_warning_not_a_refusal(self, api, people):
        first = create(api, people["kari"])["interviews"][0]  # 10:00-10:45 Oslo, Anna and Per
        body = invite_body(
            [people["john"]["id"]],
            start="2026-12-07T10:30",
            attendees=[{"name": "Per Lie", "email": "PER@acme.example"}],
        )
        preview = api.post("/interviews/preview", body)
        assert preview.status == 200
        (warning,) = preview.json["warnings"]
        assert warning["code"] == "attendee_busy"
        assert warning["interview_id"] == first["id"]
        assert warning["start"] == "2026-12-07T10:00:00+01:00"
        assert warning["attendee"] == "per@acme.example"
        assert warning["applicant_id"] == people["john"]["id"]
        assert "Per Lie" in warning["message"]
        created = api.post("/interviews", body)
        assert created.status == 201
        assert [w["code"] for w in created.json["warnings"]] == ["attendee_busy"]

    def test_back_to_back_interviews_do_not_clash(self, api, people):
        create(api, people["kari"])
        body = invite_body([people["john"]["id"]], start="2026-12-07T10:45")
        assert api.post("/interviews/preview", body).json["warnings"] == []

    def test_the_applicant_already_booked_is_a_warning(self, api, people):
        first = create(api, people["kari"], attendees=[])["interviews"][0]
        second = create(api, people["kari"], attendees=[], start="2026-12-07T10:15")
        (warning,) = second["warnings"]
        assert warning["code"] == "applicant_busy"
        assert warning["interview_id"] == first["id"]
        assert warning["applicant_id"] == people["kari"]["id"]

    def test_cancelled_and_declined_interviews_block_nobody(self, api, people):
        first = create(api, people["kari"])["interviews"][0]
        api.delete(f"/interviews/{first['id']}")
        body = invite_body([people["john"]["id"]])
        assert api.post("/interviews/preview", body).json["warnings"] == []
        second = create(api, people["john"])
        assert second["warnings"] == []
        token = link_in(sent_mime()[-1].get_body(("plain",)).get_content())
        api.post(
            f"/confirm/{token}",
            auth=False,
            raw_body="answer=decline",
            headers={"content-type": "application/x-www-form-urlencoded"},
        )
        assert api.get(f"/interviews/{second['interviews'][0]['id']}").json["confirmation"] == "declined"
        assert api.post("/interviews/preview", invite_body([people["kari"]["id"]])).json["warnings"] == []

    def test_moving_an_interview_onto_another_warns_and_it_never_clashes_with_itself(self, api, people):
        first = create(api, people["kari"])["interviews"][0]
        second = create(api, people["john"], start="2026-12-08T10:00")["interviews"][0]
        same = api.patch(f"/interviews/{second['id']}", {"duration_minutes": 60})
        assert same.json["warnings"] == []
        moved = api.patch(f"/interviews/{second['id']}", {"start": "2026-12-07T10:00"})
        assert moved.status == 200
        assert {(w["code"], w["attendee"]) for w in moved.json["warnings"]} == {
            ("attendee_busy", "anna@acme.example"),
            ("attendee_busy", "per@acme.example"),
        }
        assert {w["interview_id"] for w in moved.json["warnings"]} == {first["id"]}
        # the first one moves away: the attendance index follows it
        api.patch(f"/interviews/{first['id']}", {"start": "2026-12-10T10:00"})
        assert api.patch(f"/interviews/{second['id']}", {"duration_minutes": 50}).json["warnings"] == []

    def test_another_organisations_interviews_are_not_conflicts(self, api, people):
        create(api, people["kari"])
        other = api.as_org("other")
        job = vacancy(other, "Nurse")
        person = applicant(other, job["id"], "Eva", "Lund")
        body = invite_body([person["id"]], invitation={"send_email": False})
        assert other.post("/interviews/preview", body).json["warnings"] == []

    def test_the_attendance_index_is_read_with_one_query_per_attendee(self, api, people, dynamodb_calls):
        create(api, people["kari"])
        body = invite_body([people["john"]["id"]], start="2026-12-07T10:30")
        with dynamodb_calls.record() as calls:
            assert len(api.post("/interviews/preview", body).json["warnings"]) == 2
        with_two = calls.by_operation
        with dynamodb_calls.record() as calls:
            assert api.post("/interviews/preview", {**body, "attendees": []}).json["warnings"] == []
        without = calls.by_operation
        assert with_two["Query"] - without["Query"] == 2
        assert with_two["BatchGetItem"] - without["BatchGetItem"] == 1  # the clashing interview, read once
        assert "Scan" not in with_two


class TestOnlineMeetings:
    def test_a_meeting_link_is_in_the_emails_and_every_calendar_file(self, api, people):
        url = "https://meet.example.com/abc-defg-hij?pwd=1"
        body = {
            "en": "Join at {meetinglink} on {date}.",
            "nb": "Bli med på {meetinglink} {date}.",
        }
        created = create(api, people["kari"], location=None, meeting_url=url, invitation={"body": body})
        interview = created["interviews"][0]
        assert interview["meeting_url"] == url
        mail = sent_mime()[0]
        assert f"Bli med på {url} " in mail.get_body(("plain",)).get_content()
        html = mail.get_body(("html",)).get_content()
        assert 'href="https://meet.example.com/abc-defg-hij?pwd=1"' in html
        _, event = only_event(mail)
        assert str(event["URL"]) == url
        assert str(event["LOCATION"]) == url  # no place: the link is where it happens
        for team in team_mail():
            _, event = only_event(team)
            assert str(event["URL"]) == url
            assert url in team.get_body(("plain",)).get_content()
        page = api.get("/confirm/" + link_in(mail.get_body(("plain",)).get_content()), auth=False)
        assert url in page.text

    def test_only_https_links_of_at_most_2000_characters(self, api, people):
        for bad in ("http://meet.example.com/x", "javascript:alert(1)", "https://", "https://" + "a" * 2000):
            response = api.post("/interviews/preview", invite_body([people["kari"]["id"]], meeting_url=bad))
            assert response.status == 422, bad
            assert response.json["errors"][0]["field"] == "meeting_url"

    def test_a_patch_sets_and_removes_the_link_and_tells_the_team(self, api, people):
        interview = create(api, people["kari"])["interviews"][0]
        path = f"/interviews/{interview['id']}"
        assert api.patch(path, {"meeting_url": "https://teams.example.com/l/1"}).json["meeting_url"] == (
            "https://teams.example.com/l/1"
        )
        _, event = only_event(team_mail()[-1])
        assert str(event["URL"]) == "https://teams.example.com/l/1"
        assert str(event["LOCATION"]) == "Storgata 1, Oslo"  # a place wins; the link is in URL
        assert api.patch(path, {"meeting_url": None}).json["meeting_url"] is None

    def test_a_phone_note_says_who_calls_whom(self, api, people):
        note = "Anna calls you on your mobile"
        create(api, people["john"], type="phone", location=None, phone_note=note)
        assert f"Phone: {note}" in sent_mime()[0].get_body(("plain",)).get_content()
        assert note in team_mail()[0].get_body(("plain",)).get_content()


def notices():
    return [message for message in sent_mime() if message["To"] == "recruiter@demo.example"]


class TestAnswersReachTheRecruiter:
    @pytest.fixture()
    def token(self, api, people):
        create(api, people["kari"], attendees=[])
        return link_in(sent_mime()[0].get_body(("plain",)).get_content())

    @pytest.mark.parametrize(
        ("given", "subject"),
        [
            ("decline", "Kari Nordmann declined: Interview in person for Backend developer"),
            ("reschedule", "Kari Nordmann asks for a new time: Interview in person for Backend developer"),
            ("withdraw", "Kari Nordmann withdrew their application for Backend developer"),
        ],
    )
    def test_the_inviting_recruiter_hears_who_answered_what_and_when(self, api, people, token, given, subject):
        assert answer(api.at(api.now.replace(hour=13, minute=5)), token, given).status == 200
        (notice,) = notices()
        assert notice["Subject"].strip() == subject  # Python's email folds a long subject after "Subject:"
        text = notice.get_body(("plain",)).get_content()
        assert "Monday, December 7, 2026" in text  # when the interview is
        assert "Answered: Friday, November 20, 2026, 2:05" in text  # when they answered, in the interview's zone
        assert f"https://app.rendezvous.test/applicants/{people['kari']['id']}" in text
        assert "kari@example.com" not in text
        assert '<html lang="en">' in notice.get_body(("html",)).get_content()

    def test_the_notice_is_in_the_organisations_language(self, api, token):
        api.as_org("acme", admin=True).patch("/organisation", {"default_language": "nl"})
        answer(api, token, "decline")
        (notice,) = notices()
        assert notice["Subject"].strip() == "Kari Nordmann kan niet komen: Persoonlijk interview voor Backend developer"

    def test_an_accept_is_silent_unless_the_organisation_asks_for_it(self, api, token):
        answer(api, token, "accept")
        assert notices() == []
        admin = api.as_org("acme", admin=True)
        assert admin.patch("/organisation", {"notify_on_accept": True}).json["notify_on_accept"] is True
        answer(api, token, "decline")
        answer(api, token, "accept")
        assert [notice["Subject"].strip().split(":")[0] for notice in notices()] == [
            "Kari Nordmann declined",
            "Kari Nordmann accepted",
        ]

    def test_the_same_answer_twice_sends_one_notice(self, api, token):
        answer(api, token, "decline")
        answer(api, token, "decline")
        assert len(notices()) == 1


class TestTheApplicantsPage:
    def test_the_answer_page_names_the_interviewers_the_recruiter_and_the_phone_note(self, api, people):
        create(api, people["john"], type="phone", phone_note="We call you")
        token = link_in(sent_mime()[0].get_body(("plain",)).get_content())
        page = api.get(f"/confirm/{token}", auth=False).text
        assert "Anna Berg and Per Lie" in page
        assert 'Demo Recruiter, <a href="mailto:recruiter@demo.example">recruiter@demo.example</a>' in page
        assert "We call you" in page
        assert "john@example.com" not in page

    def test_the_thank_you_page_links_back_to_change_the_answer_until_it_is_withdrawn(self, api, people):
        create(api, people["john"], attendees=[])
        token = link_in(sent_mime()[0].get_body(("plain",)).get_content())
        thanks = answer(api, token, "decline").text
        assert f'<a href="{token}">Change my answer</a>' in thanks  # relative: /confirm/ under any stage prefix
        assert "Change my answer" not in answer(api, token, "withdraw").text

    def test_a_reminder_carries_the_current_sequence_and_the_applicants_answer(self, client, api, people):
        from datetime import UTC, datetime

        from tests.functional.test_reminders import run_schedule

        interview = create(api, people["john"], reminder={"channel": "email", "days_before": 2})["interviews"][0]
        api.patch(f"/interviews/{interview['id']}", {"location": "Room 2"})
        token = link_in(sent_mime()[0].get_body(("plain",)).get_content())
        answer(api, token, "accept")
        run_schedule(client, datetime(2026, 12, 5, 8, 0, tzinfo=UTC))
        reminder = sent_mime()[-1]
        _, event = only_event(reminder)
        assert str(event["UID"]) == f"{interview['id']}@rendezvous"
        assert event["SEQUENCE"] == 1
        assert event["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"

    def test_a_text_written_in_one_language_gets_labels_and_dates_in_that_language(self, api, people):
        job = people["job"]
        sven = applicant(api, job["id"], "Sven", "Berg", language="sv")
        english = {"subject": {"en": "Interview"}, "body": {"en": "Dear {firstname}, see you {date}."}}
        create(api, sven, attendees=[], invitation=english)
        mail = sent_mime()[0]
        text = mail.get_body(("plain",)).get_content()
        assert "see you Monday, December 7, 2026." in text
        assert "Vacancy: Backend developer" in text
        assert "måndag" not in text
        assert '<html lang="en">' in mail.get_body(("html",)).get_content()


def group_uid(group_id):
    return f"{group_id}.team@rendezvous"


def token_for(address):
    (mail,) = [mail for mail in sent_mime() if mail["To"] == address and "/confirm/" in mail.as_string()][:1]
    return link_in(mail.get_body(("plain",)).get_content())


class TestGroupInterviews:
    @pytest.fixture()
    def group(self, api, people):
        created = create(api, people["kari"], people["john"], type="group")
        assert created["warnings"] == []  # the group's own members never clash with each other
        kari, john = created["interviews"]
        return {"kari": kari, "john": john, "id": kari["group_id"]}

    def test_the_panel_gets_one_event_for_the_group_and_each_applicant_their_own_invitation(self, api, group):
        assert group["id"] and group["id"] == group["john"]["group_id"]
        assert api.get(f"/interviews/{group['kari']['id']}").json["group_id"] == group["id"]
        applicant_mails = sent_mime()
        assert sorted(mail["To"] for mail in applicant_mails) == ["john@example.com", "kari@example.com"]
        tokens = {token_for("kari@example.com"), token_for("john@example.com")}
        assert len(tokens) == 2  # each keeps their own link
        mails = team_mail()
        assert sorted(mail["To"] for mail in mails) == ["anna@acme.example", "per@acme.example"]  # once each
        for mail in mails:
            assert mail["Subject"] == (
                "Interview: Kari Nordmann and John Smith, Backend developer, Monday, December 7, 2026"
            )
            raw = mail.as_string()
            for secret in (*tokens, "kari@example.com", "john@example.com", "+4791234567", "/confirm/"):
                assert secret not in raw
            calendar, event = only_event(mail)
            assert str(calendar["METHOD"]) == "REQUEST"
            assert str(event["UID"]) == group_uid(group["id"])
            assert event["SEQUENCE"] == 0
            assert "Kari Nordmann and John Smith" in str(event["SUMMARY"])
            description = str(event["DESCRIPTION"])
            assert "Kari Nordmann: not answered yet" in description
            assert "John Smith: not answered yet" in description
            assert addresses(event, "ATTENDEE") == ["anna@acme.example", "per@acme.example"]
            assert event.decoded("DTSTART").isoformat() == "2026-12-07T09:00:00+00:00"
        # the applicants' own events are theirs
        for mail in applicant_mails:
            _, own = only_event(mail)
            assert str(own["UID"]).removesuffix("@rendezvous") in {group["kari"]["id"], group["john"]["id"]}

    def test_answers_update_the_groups_event_with_a_higher_sequence(self, api, group):
        assert answer(api, token_for("john@example.com"), "decline").status == 200
        updates = team_mail()[2:]
        assert sorted(mail["To"] for mail in updates) == ["anna@acme.example", "per@acme.example"]
        for mail in updates:
            calendar, event = only_event(mail)
            assert str(calendar["METHOD"]) == "REQUEST"
            assert str(event["UID"]) == group_uid(group["id"])
            assert event["SEQUENCE"] == 1
            assert "John Smith: declined" in str(event["DESCRIPTION"])
            assert "Kari Nordmann: not answered yet" in str(event["DESCRIPTION"])
        assert answer(api, token_for("kari@example.com"), "withdraw").status == 200
        _, event = only_event(team_mail()[-1])
        assert event["SEQUENCE"] == 2
        assert "Kari Nordmann: withdrew their application" in str(event["DESCRIPTION"])

    def test_cancelling_one_updates_the_event_without_them_and_the_last_cancels_it(self, api, group):
        assert api.delete(f"/interviews/{group['john']['id']}").status == 200
        updates = team_mail()[2:]
        assert len(updates) == 2
        for mail in updates:
            calendar, event = only_event(mail)
            assert str(calendar["METHOD"]) == "REQUEST"
            assert str(event["UID"]) == group_uid(group["id"])
            assert event["SEQUENCE"] == 1
            assert "John Smith" not in str(event["SUMMARY"]) + str(event["DESCRIPTION"])
            assert "Kari Nordmann: not answered yet" in str(event["DESCRIPTION"])
        assert api.delete(f"/interviews/{group['kari']['id']}").status == 200
        cancels = team_mail()[4:]
        assert sorted(mail["To"] for mail in cancels) == ["anna@acme.example", "per@acme.example"]
        for mail in cancels:
            calendar, event = only_event(mail)
            assert str(calendar["METHOD"]) == "CANCEL"
            assert str(event["STATUS"]) == "CANCELLED"
            assert str(event["UID"]) == group_uid(group["id"])
            assert event["SEQUENCE"] == 2

    def test_moving_one_applicant_takes_them_out_of_the_groups_event(self, api, group):
        moved = api.patch(f"/interviews/{group['john']['id']}", {"start": "2026-12-08T14:00"})
        assert moved.status == 200, moved
        assert moved.json.get("group_id") is None
        assert api.get(f"/interviews/{group['kari']['id']}").json["group_id"] == group["id"]
        after = team_mail()[2:]
        assert len(after) == 4
        events = [only_event(mail) for mail in after]
        own = [(calendar, event) for calendar, event in events if group["john"]["id"] in str(event["UID"])]
        grouped = [(calendar, event) for calendar, event in events if str(event["UID"]) == group_uid(group["id"])]
        assert len(own) == 2 and len(grouped) == 2
        for calendar, event in own:  # new to the attendees: an invitation of John's own event
            assert str(calendar["METHOD"]) == "REQUEST"
            assert str(event["UID"]) == f"{group['john']['id']}.team@rendezvous"
            assert event.decoded("DTSTART").isoformat() == "2026-12-08T13:00:00+00:00"
        for calendar, event in grouped:
            assert str(calendar["METHOD"]) == "REQUEST"
            assert event["SEQUENCE"] == 1
            assert "John Smith" not in str(event["DESCRIPTION"])
            assert event.decoded("DTSTART").isoformat() == "2026-12-07T09:00:00+00:00"
        # now a cancellation of John's is his own event's, and the group's is left alone
        assert api.delete(f"/interviews/{group['john']['id']}").status == 200
        for mail in team_mail()[6:]:
            calendar, event = only_event(mail)
            assert str(event["UID"]) == f"{group['john']['id']}.team@rendezvous"
            assert str(calendar["METHOD"]) == "CANCEL"

    def test_moving_the_whole_group_moves_every_applicant_and_updates_the_one_event(self, api, group):
        body = {"start": "2026-12-08T14:00", "location": "Kirkegata 2, Oslo", "notify": True, "whole_group": True}
        moved = api.patch(f"/interviews/{group['kari']['id']}", body)
        assert moved.status == 200, moved
        assert moved.json["warnings"] == []  # the group's members do not clash with each other there either
        for name in ("kari", "john"):
            interview = api.get(f"/interviews/{group[name]['id']}").json
            assert interview["group_id"] == group["id"]
            assert interview["start"] == "2026-12-08T14:00:00+01:00"
            assert interview["location"] == "Kirkegata 2, Oslo"
        notices = sent_mime()[2:]  # each applicant is told, with their own event
        assert sorted(mail["To"] for mail in notices) == ["john@example.com", "kari@example.com"]
        updates = team_mail()[2:]
        assert sorted(mail["To"] for mail in updates) == ["anna@acme.example", "per@acme.example"]
        for mail in updates:
            calendar, event = only_event(mail)
            assert str(calendar["METHOD"]) == "REQUEST"
            assert str(event["UID"]) == group_uid(group["id"])
            assert event["SEQUENCE"] == 1
            assert event.decoded("DTSTART").isoformat() == "2026-12-08T13:00:00+00:00"
            assert str(event["LOCATION"]) == "Kirkegata 2, Oslo"
            assert "Kari Nordmann and John Smith" in str(event["SUMMARY"])

    def test_whole_group_on_an_interview_of_no_group_is_refused(self, api, people):
        interview = create(api, people["kari"])["interviews"][0]
        response = api.patch(f"/interviews/{interview['id']}", {"start": "2026-12-08T14:00", "whole_group": True})
        assert response.status == 422
        assert response.json["errors"][0]["field"] == "whole_group"

    def test_a_member_given_another_panel_at_the_groups_time_does_not_clash_with_its_group(self, api, group):
        attendees = [{"name": "Anna Berg", "email": "anna@acme.example"}]
        changed = api.patch(f"/interviews/{group['john']['id']}", {"attendees": attendees})
        assert changed.status == 200
        assert changed.json["warnings"] == []

    def test_a_group_interview_of_one_applicant_is_an_ordinary_one(self, api, people):
        interview = create(api, people["kari"], type="group")["interviews"][0]
        assert interview.get("group_id") is None
        (event,) = {str(only_event(mail)[1]["UID"]) for mail in team_mail()}
        assert event == f"{interview['id']}.team@rendezvous"
