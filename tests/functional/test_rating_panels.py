"""Send for rating: the panel, the reviewers' emails and pages, the ratings on the applicant."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

import pytest

from chalicelib.store import panels as panel_store
from tests.functional.test_invitations import sent_mime
from tests.support import PINNED_NOW, applicant, ses_refuses, vacancy

FORM = {"content-type": "application/x-www-form-urlencoded"}
SENDER = "recruiter@acme.example"
REVIEWERS = [{"name": "Anna Berg", "email": "anna@acme.example"}, {"name": "Per Lie", "email": "per@acme.example"}]


def panel_body(applicant_ids, **overrides):
    body = {
        "applicant_ids": applicant_ids,
        "reviewers": REVIEWERS,
        "from": SENDER,
        "message": "Se særlig på erfaringen.",
        "language": "nb",
        "timezone": "Europe/Oslo",
    }
    return {**body, **overrides}


def rating_links() -> dict[str, str]:
    """Each reviewer's token, by the address their email went to."""
    links = {}
    for message in sent_mime():
        match = re.search(r"https://rendezvous\.test/rate/([A-Za-z0-9_-]+)", message.get_body(("plain",)).get_content())
        if match:
            links[message["To"]] = match.group(1)
    return links


def rate(api, token, fields):
    return api.request("POST", f"/rate/{token}", auth=False, headers=FORM, raw_body=urlencode(fields))


def stars(person, value):
    return {f"stars.{person['id']}": str(value)}


def comment(person, text):
    return {f"comment.{person['id']}": text}


@pytest.fixture()
def people(api):
    job = vacancy(api, "Sykepleier")
    kari = applicant(
        api,
        job["id"],
        "Kari",
        "Nordmann",
        email="kari.nordmann@example.com",
        mobile="+4791234567",
        language="nb",
        application_text="Jeg har ti års erfaring fra akuttmottak.",
        screening_answers={"Har du førerkort?": "Ja, klasse B"},
    )
    ola = applicant(
        api, job["id"], "Ola", "Hansen", email="ola.hansen@example.com", application_text="Ola builds APIs."
    )
    return {"job": job, "kari": kari, "ola": ola}


@pytest.fixture()
def panel(api, people):
    response = api.post("/rating-panels", panel_body([people["kari"]["id"], people["ola"]["id"]]))
    assert response.status == 201, response
    links = rating_links()
    return {**people, "panel": response.json, "anna": links["anna@acme.example"], "per": links["per@acme.example"]}


def ratings_of(api, person):
    return api.get(f"/applicants/{person['id']}").json["ratings"]


# Sending -------------------------------------------------------------------------------------


def test_sending_for_rating_emails_each_reviewer_a_personal_link(api, people):
    ids = [people["kari"]["id"], people["ola"]["id"]]
    response = api.post("/rating-panels", panel_body(ids, closes_at="2026-12-01T16:00:00+01:00"))
    assert response.status == 201
    created = response.json
    assert created["applicant_ids"] == sorted(ids)
    assert [(r["name"], r["email"], r["status"]) for r in created["reviewers"]] == [
        ("Anna Berg", "anna@acme.example", "sent"),
        ("Per Lie", "per@acme.example", "sent"),
    ]
    assert created["closes_at"] == "2026-12-01T15:00:00Z"
    assert created["closed"] is False
    assert api.get(f"/rating-panels/{created['id']}").json == created
    assert [item["id"] for item in api.get("/rating-panels").json["items"]] == [created["id"]]

    emails = sent_mime()
    assert sorted(message["To"] for message in emails) == ["anna@acme.example", "per@acme.example"]
    links = rating_links()
    assert len(set(links.values())) == 2
    anna = next(message for message in emails if message["To"] == "anna@acme.example")
    text = anna.get_body(("plain",)).get_content()
    assert anna["From"] == SENDER
    assert anna["Subject"] == "Forespørsel om å vurdere kandidater"
    assert "Hei Anna Berg," in text
    assert "Se særlig på erfaringen." in text
    assert "1. desember 2026 16:00" in text
    # The email says how many, never who: names and contact details stay behind the link.
    for secret in ("Kari", "Nordmann", "kari.nordmann@example.com", "+4791234567", "Ola"):
        assert secret not in text
        assert secret not in anna.get_body(("html",)).get_content()


def test_the_applicants_history_says_they_were_sent_for_rating(api, panel):
    event = api.get(f"/applicants/{panel['kari']['id']}").json["history"][-1]
    assert event["event"] == "sent_for_rating"
    assert event["panel_id"] == panel["panel"]["id"]
    assert event["reviewers"] == ["Anna Berg", "Per Lie"]
    assert event["by"] == "recruiter-1"


def test_the_recruiters_message_is_never_a_template(api, people):
    body = panel_body([people["kari"]["id"]], message="Hei {firstname} <b>{{ 7*7 }}</b>")
    assert api.post("/rating-panels", body).status == 201
    message = sent_mime()[0]
    assert "Hei {firstname} <b>{{ 7*7 }}</b>" in message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "&lt;b&gt;" in html and "49" not in html


def test_another_organisations_applicant_is_not_found(api, people):
    stranger = applicant(api.as_org("other"), vacancy(api.as_org("other"))["id"], "Eve")
    response = api.post("/rating-panels", panel_body([people["kari"]["id"], stranger["id"]]))
    assert response.status == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json["errors"] == [{"field": "applicant_ids.1", "message": f"no applicant {stranger['id']}"}]
    assert sent_mime() == []
    assert api.get("/rating-panels").json["items"] == []


def test_another_organisations_panel_is_not_found(api, panel):
    other = api.as_org("other")
    assert other.get(f"/rating-panels/{panel['panel']['id']}").status == 404
    assert other.post(f"/rating-panels/{panel['panel']['id']}/close").status == 404
    assert other.get("/rating-panels").json["items"] == []


@pytest.mark.parametrize("action", ["withdraw", "delete", "hire"])
def test_who_left_the_process_cannot_be_sent_for_rating(api, people, action):
    extra = {"position": "Nurse", "department": "Care"} if action == "hire" else {}
    api.post("/applicants/actions", {"action": action, "applicant_ids": [people["ola"]["id"]], **extra})
    response = api.post("/rating-panels", panel_body([people["kari"]["id"], people["ola"]["id"]]))
    assert response.status == 409
    assert response.json["errors"][0]["field"] == "applicant_ids.1"
    assert sent_mime() == []


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"closes_at": "2026-11-19T09:00:00Z"}, "closes_at"),
        ({"closes_at": "2027-06-01T09:00:00Z"}, "closes_at"),
        ({"reviewers": [*REVIEWERS, {"name": "Anna again", "email": "ANNA@acme.example"}]}, "reviewers.2.email"),
        ({"reviewers": [{"name": "X", "email": "not-an-address"}]}, "reviewers.0.email"),
        ({"reviewers": []}, "reviewers"),
        ({"from": None}, "from"),
        ({"timezone": "Mars/Olympus"}, "timezone"),
        ({"language": "de"}, "language"),
    ],
)
def test_an_invalid_panel_is_a_422_naming_the_field(api, people, overrides, field):
    response = api.post("/rating-panels", panel_body([people["kari"]["id"]], **overrides))
    assert response.status == 422, response
    assert field in [error["field"] for error in response.json["errors"]]
    assert sent_mime() == []


def test_a_reviewer_whose_email_fails_is_marked_on_the_panel(api, people):
    body = panel_body([people["kari"]["id"]], reviewers=[{"name": "Anna Berg", "email": "anna@acme.example"}])
    ses_refuses("acme.example")
    response = api.post("/rating-panels", {**body, "from": "someone@acme.example"})
    assert response.status == 201
    assert [r["status"] for r in response.json["reviewers"]] == ["email_failed"]
    assert api.get(f"/rating-panels/{response.json['id']}").json["reviewers"][0]["status"] == "email_failed"


# The rating page -----------------------------------------------------------------------------


def test_the_page_lists_the_candidates_names_and_application_texts_and_nothing_more(api, panel):
    page = api.get(f"/rate/{panel['anna']}", auth=False)
    assert page.status == 200
    assert page.headers["content-type"].startswith("text/html")
    assert '<html lang="nb">' in page.text
    for text in ("Kari Nordmann", "Jeg har ti års erfaring fra akuttmottak.", "Ola Hansen", "Ola builds APIs."):
        assert text in page.text
    assert page.text.index("Ola Hansen") < page.text.index("Kari Nordmann")  # by last name
    assert "Se særlig på erfaringen." in page.text
    assert "Hei Anna Berg" in page.text
    for secret in ("kari.nordmann@example.com", "ola.hansen@example.com", "+4791234567", "førerkort", "Per Lie"):
        assert secret.lower() not in page.text.lower()
    for person in ("kari", "ola"):
        for value in range(1, 8):
            assert f'name="stars.{panel[person]["id"]}" id="stars-' in page.text
            assert f'value="{value}"' in page.text
        assert f'name="comment.{panel[person]["id"]}"' in page.text
    for index in (1, 2):
        for value in range(1, 8):
            assert f'<label for="stars-{index}-{value}">' in page.text
        assert f'<label for="comment-{index}">' in page.text
    assert "<script" not in page.text
    assert page.headers["referrer-policy"] == "no-referrer"
    assert page.headers["cache-control"] == "no-store"
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert ratings_of(api, panel["kari"])["count"] == 0


def test_a_reviewers_ratings_show_on_the_applicant_as_average_count_and_comments(api, panel):
    kari, ola = panel["kari"], panel["ola"]
    response = rate(api, panel["anna"], {**stars(kari, 6), **comment(kari, "Sterk faglig."), **stars(ola, 3)})
    assert response.status == 200
    assert "Vurderingene dine er lagret." in response.text
    rate(api.at(PINNED_NOW + timedelta(hours=1)), panel["per"], stars(kari, 3))

    summary = ratings_of(api, kari)
    assert (summary["average"], summary["count"]) == (4.5, 2)
    assert [(c["reviewer"], c["stars"], c["comment"]) for c in summary["comments"]] == [
        ("Anna Berg", 6, "Sterk faglig."),
        ("Per Lie", 3, None),
    ]
    assert summary["comments"][0]["panel_id"] == panel["panel"]["id"]
    assert summary["comments"][1]["at"] == "2026-11-20T10:00:00Z"
    assert api.get(f"/applicants/{kari['id']}").json["rating"] == 4.5
    listed = {
        item["id"]: item["rating"] for item in api.get(f"/vacancies/{panel['job']['id']}/applicants").json["items"]
    }
    assert listed == {kari["id"]: 4.5, ola["id"]: 3.0}
    reviewers = api.get(f"/rating-panels/{panel['panel']['id']}").json["reviewers"]
    assert [r["status"] for r in reviewers] == ["rated", "rated"]


def test_a_reviewer_may_change_their_rating_until_the_panel_closes(api, panel):
    kari = panel["kari"]
    rate(api, panel["anna"], {**stars(kari, 6), **comment(kari, "Bra")})
    later = api.at(PINNED_NOW + timedelta(days=3))
    assert rate(later, panel["anna"], {**stars(kari, 2), **comment(kari, "")}).status == 200
    summary = ratings_of(api, kari)
    assert (summary["average"], summary["count"]) == (2.0, 1)
    assert summary["comments"][0]["comment"] is None
    assert summary["comments"][0]["at"] == "2026-11-23T09:00:00Z"
    page = api.get(f"/rate/{panel['anna']}", auth=False).text
    assert re.search(f'name="stars.{kari["id"]}" id="stars-\\d+-2" value="2" checked', page)
    assert "Du ga: 2 stjerner" in page


def test_sending_the_same_ratings_again_changes_nothing(api, panel):
    kari = panel["kari"]
    rate(api, panel["anna"], stars(kari, 5))
    again = rate(api, panel["anna"], stars(kari, 5))
    assert again.status == 200
    assert "Ingenting er endret" in again.text
    assert ratings_of(api, kari)["count"] == 1


def test_a_reviewer_never_sees_another_reviewers_ratings(api, panel):
    kari = panel["kari"]
    rate(api, panel["anna"], {**stars(kari, 7), **comment(kari, "Annas hemmelige merknad")})
    per_page = api.get(f"/rate/{panel['per']}", auth=False).text
    assert "Annas hemmelige merknad" not in per_page
    assert "Anna" not in per_page
    assert " checked" not in per_page
    assert "Du ga" not in per_page
    per_thanks = rate(api, panel["per"], stars(kari, 1)).text
    assert "Annas hemmelige merknad" not in per_thanks
    assert "7 stjerner" not in per_thanks


@pytest.mark.parametrize("value", ["0", "8", "five", "3.5", "-1"])
def test_stars_outside_one_to_seven_are_a_400_page_and_change_nothing(api, panel, value):
    kari = panel["kari"]
    response = rate(api, panel["anna"], {**stars(kari, value), **comment(kari, "Ikke lagret")})
    assert response.status == 400
    assert response.headers["content-type"].startswith("text/html")
    assert '<html lang="nb">' in response.text
    assert "Velg 1 til 7 stjerner for Kari Nordmann." in response.text
    assert 'role="alert"' in response.text
    assert "Ikke lagret" in response.text  # what they typed is kept for the next try
    assert ratings_of(api, kari)["count"] == 0


def test_a_comment_without_stars_or_an_empty_form_is_a_400_page(api, panel):
    kari = panel["kari"]
    response = rate(api, panel["anna"], comment(kari, "Hmm"))
    assert response.status == 400
    assert "Velg også stjerner for Kari Nordmann til kommentaren din." in response.text
    empty = rate(api, panel["anna"], {})
    assert empty.status == 400
    assert "Vurder minst én kandidat." in empty.text


def test_a_closed_panel_is_a_410_page(api, panel):
    closed = api.post(f"/rating-panels/{panel['panel']['id']}/close")
    assert closed.status == 200
    assert closed.json["closed"] is True
    assert closed.json["closed_at"] == "2026-11-20T09:00:00Z"
    page = api.get(f"/rate/{panel['anna']}", auth=False)
    assert page.status == 410
    assert "Vurderingen er stengt" in page.text
    response = rate(api, panel["anna"], stars(panel["kari"], 5))
    assert response.status == 410
    assert ratings_of(api, panel["kari"])["count"] == 0
    assert api.post(f"/rating-panels/{panel['panel']['id']}/close").json == closed.json


def test_after_the_closing_time_the_link_is_gone(api, panel):
    after = api.at(datetime(2026, 12, 4, 9, 0, tzinfo=UTC))  # the default two weeks
    page = after.get(f"/rate/{panel['anna']}", auth=False)
    assert page.status == 410
    assert "Vurderingen er avsluttet" in page.text
    assert rate(after, panel["anna"], stars(panel["kari"], 5)).status == 410
    assert after.get(f"/rating-panels/{panel['panel']['id']}").json["closed"] is True
    assert ratings_of(api, panel["kari"])["count"] == 0


def test_a_panel_closing_between_reading_and_saving_takes_no_rating(api, panel, monkeypatch):
    original = panel_store.reviewer_ratings

    def close_meanwhile(*args, **kwargs):
        api.post(f"/rating-panels/{panel['panel']['id']}/close")
        return original(*args, **kwargs)

    monkeypatch.setattr(panel_store, "reviewer_ratings", close_meanwhile)
    assert rate(api, panel["anna"], stars(panel["kari"], 5)).status == 410
    assert ratings_of(api, panel["kari"])["count"] == 0


def test_an_unknown_token_is_a_404_page(api, panel):
    forged = panel["anna"][:-4] + ("AAAA" if not panel["anna"].endswith("AAAA") else "BBBB")
    for token in (forged, "short"):
        page = api.get(f"/rate/{token}", auth=False)
        assert page.status == 404
        assert page.headers["content-type"].startswith("text/html")
        assert rate(api, token, stars(panel["kari"], 5)).status == 404


def test_a_profile_link_is_not_a_rating_link(api, panel):
    api.post(f"/applicants/{panel['kari']['id']}/access", {"from": SENDER})
    text = sent_mime()[-1].get_body(("plain",)).get_content()
    token = re.search(r"/profile/([A-Za-z0-9_-]+)", text).group(1)
    assert api.get(f"/rate/{token}", auth=False).status == 404


def test_a_candidate_who_withdraws_leaves_the_open_panel(api, panel):
    kari, ola = panel["kari"], panel["ola"]
    api.post("/applicants/actions", {"action": "withdraw", "applicant_ids": [ola["id"]]})
    page = api.get(f"/rate/{panel['anna']}", auth=False).text
    assert "Kari Nordmann" in page
    assert "Ola" not in page
    response = rate(api, panel["anna"], {**stars(kari, 4), **stars(ola, 7)})
    assert response.status == 200
    assert ratings_of(api, ola)["count"] == 0
    assert ratings_of(api, kari)["count"] == 1


def test_two_tabs_of_one_reviewer_count_as_one_rating(api, panel, monkeypatch):
    """The second tab read before the first saved: its write conflicts, is read again and counts once."""
    kari = panel["kari"]
    original = panel_store.reviewer_ratings
    tabs = [lambda: rate(api, panel["anna"], stars(kari, 2))]

    def other_tab_first(*args, **kwargs):
        found = original(*args, **kwargs)
        while tabs:
            tabs.pop()()
        return found

    monkeypatch.setattr(panel_store, "reviewer_ratings", other_tab_first)
    assert rate(api, panel["anna"], stars(kari, 6)).status == 200
    summary = ratings_of(api, kari)
    assert (summary["average"], summary["count"]) == (6.0, 1)


def test_only_the_hash_of_a_reviewers_token_is_stored(api, panel):
    from tests.functional.test_actions_integrity import every_stored_item

    everything = every_stored_item()
    assert panel["anna"] not in everything
    assert panel["per"] not in everything


def test_a_malformed_form_is_a_400_page(api, panel):
    response = api.request("POST", f"/rate/{panel['anna']}", auth=False, headers=FORM, raw_body=b"\xff\xfe")
    assert response.status == 400
    assert response.headers["content-type"].startswith("text/html")
    assert "Please check the form" in response.text


def test_openapi_describes_the_panel_routes(api):
    document = api.get("/openapi.json", auth=False).json
    assert {"post", "get"} <= set(document["paths"]["/rating-panels"])
    assert "post" in document["paths"]["/rating-panels/{panel_id}/close"]
    form = document["paths"]["/rate/{token}"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]
    assert "^stars\\." in form["schema"]["patternProperties"]
    schema = document["components"]["schemas"]["RatingPanelCreate"]
    assert set(schema["required"]) == {"applicant_ids", "reviewers", "from"}
    assert "ratings" in document["components"]["schemas"]["ApplicantDetail"]["properties"]


# Reviewed edges --------------------------------------------------------------------------------


def test_an_absurdly_long_star_count_is_a_400_page(api, panel):
    response = rate(api, panel["anna"], stars(panel["kari"], "7" * 5000))
    assert response.status == 400
    assert response.headers["content-type"].startswith("text/html")


def test_a_null_comment_in_a_json_form_is_no_comment_and_bad_unicode_is_a_400(api, panel):
    kari = panel["kari"]["id"]
    headers = {"content-type": "application/json"}
    response = api.request(
        "POST",
        f"/rate/{panel['anna']}",
        auth=False,
        headers=headers,
        raw_body=json.dumps({f"stars.{kari}": 5, f"comment.{kari}": None}),
    )
    assert response.status == 200, response
    assert [c["comment"] for c in ratings_of(api, panel["kari"])["comments"]] == [None]
    broken = api.request(
        "POST",
        f"/rate/{panel['anna']}",
        auth=False,
        headers=headers,
        raw_body=f'{{"stars.{kari}": 5, "comment.{kari}": "x\\ud800"}}',
    )
    assert broken.status == 400
