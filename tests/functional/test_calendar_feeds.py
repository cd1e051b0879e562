"""A calendar feed per recruiter: a secret URL a calendar app subscribes to, revoked at once."""

from __future__ import annotations

from datetime import timedelta

from tests.functional.test_invitations import invite_body
from tests.support import ApiClient, applicant, strict_calendar, vacancy


def feed_path(url):
    assert url.startswith("https://rendezvous.test/calendar/")
    return url.removeprefix("https://rendezvous.test")


def test_a_feed_serves_the_organisations_interviews_as_a_calendar_without_contact_details(api):
    job = vacancy(api, "Backend developer")
    kari = applicant(api, job["id"], "Kari", "Nordmann", mobile="+4791234567")
    john = applicant(api, job["id"], "John", "Smith")
    online = api.post(
        "/interviews", invite_body([kari["id"]], location=None, meeting_url="https://meet.example.com/x")
    ).json["interviews"][0]
    gone = api.post("/interviews", invite_body([john["id"]], start="2026-12-09T10:00")).json["interviews"][0]
    api.delete(f"/interviews/{gone['id']}")
    created = api.post("/calendar-feeds")
    assert created.status == 201, created
    assert created.json["created_at"] == "2026-11-20T09:00:00+00:00"
    token = created.json["url"].rsplit("/", 1)[1]
    assert len(token) >= 43  # 256 bits
    feed = api.get(feed_path(created.json["url"]), auth=False)
    assert feed.status == 200, feed
    assert feed.headers["content-type"].startswith("text/calendar")
    calendar = strict_calendar(feed.content)
    assert "METHOD" not in calendar  # a published feed, not a scheduling message
    (event,) = calendar.walk("VEVENT")  # the cancelled one is not there
    assert str(event["UID"]) == f"{online['id']}.feed@rendezvous"
    assert str(event["SUMMARY"]) == "Interview in person: Kari Nordmann (Backend developer)"
    assert str(event["URL"]) == "https://meet.example.com/x"
    assert str(event["LOCATION"]) == "https://meet.example.com/x"
    assert "Anna Berg" in str(event["DESCRIPTION"])
    for secret in ("kari@example.com", "+4791234567", "/confirm/"):
        assert secret not in feed.text
    assert token not in feed.text


def test_only_interviews_from_30_days_ago_on(api):
    job = vacancy(api, "Nurse")
    person = applicant(api, job["id"], "Eva", "Lund")
    api.post("/interviews", invite_body([person["id"]], start="2026-11-25T10:00"))
    url = api.post("/calendar-feeds").json["url"]
    later = api.at(api.now + timedelta(days=40))
    assert strict_calendar(later.get(feed_path(url), auth=False).content).walk("VEVENT") == []
    assert len(strict_calendar(api.get(feed_path(url), auth=False).content).walk("VEVENT")) == 1


def test_a_revoked_feed_stops_at_once_and_only_its_owner_sees_or_revokes_it(client, api):
    first = api.post("/calendar-feeds").json
    second = api.post("/calendar-feeds").json
    listed = api.get("/calendar-feeds").json
    assert {item["id"] for item in listed["items"]} == {first["id"], second["id"]}
    assert all("url" not in item for item in listed["items"])
    colleague = ApiClient(client, sub="recruiter-2")
    assert colleague.get("/calendar-feeds").json["items"] == []
    assert colleague.delete(f"/calendar-feeds/{first['id']}").status == 404
    assert api.as_org("other").delete(f"/calendar-feeds/{first['id']}").status == 404
    assert api.delete(f"/calendar-feeds/{first['id']}").status == 204
    assert api.get(feed_path(first["url"]), auth=False).status == 404
    assert api.get(feed_path(second["url"]), auth=False).status == 200
    assert [item["id"] for item in api.get("/calendar-feeds").json["items"]] == [second["id"]]
    assert api.delete(f"/calendar-feeds/{first['id']}").status == 404


def test_a_feed_shows_only_its_own_organisations_interviews(api):
    job = vacancy(api, "Nurse")
    person = applicant(api, job["id"], "Eva", "Lund")
    api.post("/interviews", invite_body([person["id"]]))
    other = api.as_org("other")
    url = other.post("/calendar-feeds").json["url"]
    assert strict_calendar(other.get(feed_path(url), auth=False).content).walk("VEVENT") == []


def test_an_unknown_token_is_a_404_and_the_routes_need_a_login(api):
    assert api.get("/calendar/" + "x" * 43, auth=False).status == 404
    assert api.get("/calendar/short", auth=False).status == 404
    assert api.post("/calendar-feeds", auth=False).status == 401
    assert api.get("/calendar-feeds", auth=False).status == 401
