"""Recruitment actions through the API: per-applicant results, the deleted list, restore, transfer, hire."""

from __future__ import annotations

import pytest

from tests.support import applicant, vacancy


def act(api, action, applicant_ids, **fields):
    response = api.post("/applicants/actions", {"action": action, "applicant_ids": applicant_ids, **fields})
    assert response.status == 200, response
    return response.json["results"]


def only(results):
    assert len(results) == 1
    return results[0]


def listed(api, path):
    return [item["id"] for item in api.get(path).json["items"]]


@pytest.mark.parametrize(
    ("action", "fields", "status"),
    [
        ("withdraw", {}, "withdrawn"),
        ("reject", {"rejection_type": "not_qualified"}, "rejected"),
        ("save", {}, "saved"),
        ("send_offer", {}, "offer_received"),
        ("delete", {}, "deleted"),
        ("hire", {"position": "Developer", "department": "IT"}, "hired"),
    ],
)
def test_an_action_moves_the_applicant_and_leaves_a_history_event(api, action, fields, status):
    kari = applicant(api, vacancy(api)["id"])
    result = only(act(api, action, [kari["id"]], **fields))
    assert result == {"applicant_id": kari["id"], "ok": True, "status": status}
    detail = api.get(f"/applicants/{kari['id']}").json
    assert detail["status"] == status
    event = detail["history"][-1]
    assert event["by"] == "recruiter-1"
    assert event["at"].startswith("2026-11-20T09:00")
    assert (event["from_status"], event["status"]) == ("received", status)


def test_a_rejection_records_its_type_and_reason(api):
    kari = applicant(api, vacancy(api)["id"])
    act(api, "reject", [kari["id"]], rejection_type="after_interview", reason="Chose a more senior candidate")
    event = api.get(f"/applicants/{kari['id']}").json["history"][-1]
    assert event["event"] == "rejected"
    assert event["rejection_type"] == "after_interview"
    assert event["reason"] == "Chose a more senior candidate"


def test_one_failure_never_stops_the_others(api):
    job = vacancy(api)
    kari, ola, per = (applicant(api, job["id"], name) for name in ("Kari", "Ola", "Per"))
    act(api, "withdraw", [ola["id"]])
    stranger = applicant(api.as_org("other"), vacancy(api.as_org("other"))["id"], "Stranger")
    results = act(api, "save", [kari["id"], "apl_unknown", ola["id"], stranger["id"], per["id"]])
    assert [(result["applicant_id"], result["ok"]) for result in results] == [
        (kari["id"], True),
        ("apl_unknown", False),
        (ola["id"], False),
        (stranger["id"], False),
        (per["id"], True),
    ]
    assert results[1]["error"]["code"] == "not_found"
    assert results[2]["error"]["code"] == "invalid_transition"
    assert results[3]["error"]["code"] == "not_found"
    assert results[3]["error"]["message"]
    assert api.as_org("other").get(f"/applicants/{stranger['id']}").json["status"] == "received"


def test_an_id_given_twice_is_acted_on_once(api):
    kari = applicant(api, vacancy(api)["id"])
    results = act(api, "send_offer", [kari["id"], kari["id"]])
    assert results == [{"applicant_id": kari["id"], "ok": True, "status": "offer_received"}]


def test_an_action_changes_only_that_application(api):
    first, second = vacancy(api, "One"), vacancy(api, "Two")
    on_first = applicant(api, first["id"], email="kari@example.com")
    on_second = applicant(api, second["id"], email="kari@example.com")
    act(api, "reject", [on_first["id"]], rejection_type="position_filled")
    assert api.get(f"/applicants/{on_second['id']}").json["status"] == "received"
    assert len(api.get(f"/applicants/{on_second['id']}").json["history"]) == 1


def test_delete_moves_the_applicant_to_the_deleted_list_and_off_the_vacancy(api):
    job = vacancy(api)
    kari, ola = applicant(api, job["id"], "Kari"), applicant(api, job["id"], "Ola")
    act(api, "delete", [kari["id"]])
    assert listed(api, "/applicants?status=deleted") == [kari["id"]]
    assert listed(api, f"/vacancies/{job['id']}/applicants") == [ola["id"]]


def test_restore_returns_the_status_before_delete_and_puts_it_back_on_the_vacancy(api):
    job = vacancy(api)
    kari = applicant(api, job["id"])
    act(api, "reject", [kari["id"]], rejection_type="other", reason="Relocating")
    act(api, "delete", [kari["id"]])
    assert only(act(api, "restore", [kari["id"]]))["status"] == "rejected"
    assert listed(api, "/applicants?status=deleted") == []
    assert listed(api, f"/vacancies/{job['id']}/applicants") == [kari["id"]]
    assert listed(api, "/applicants?status=rejected") == [kari["id"]]
    events = [event["event"] for event in api.get(f"/applicants/{kari['id']}").json["history"]]
    assert events == ["received", "rejected", "deleted", "restored"]


@pytest.mark.parametrize(
    ("action", "fields"),
    [
        ("withdraw", {}),
        ("delete", {}),
        ("reject", {"rejection_type": "not_qualified"}),
        ("save", {}),
        ("send_offer", {}),
        ("hire", {"position": "Developer", "department": "IT"}),
        ("transfer", {}),
    ],
)
def test_anything_but_restore_or_purge_on_a_deleted_applicant_is_an_invalid_transition(api, action, fields):
    job, other_job = vacancy(api, "One"), vacancy(api, "Two")
    kari = applicant(api, job["id"])
    act(api, "delete", [kari["id"]])
    if action == "transfer":
        fields = {"vacancy_id": other_job["id"]}
    result = only(act(api, action, [kari["id"]], **fields))
    assert result["ok"] is False
    assert result["error"]["code"] == "invalid_transition"
    assert api.get(f"/applicants/{kari['id']}").json["status"] == "deleted"
    assert api.get("/employees").json["items"] == []


@pytest.mark.parametrize("action", ["restore", "purge"])
def test_restore_and_purge_are_only_for_deleted_applicants(api, action):
    kari = applicant(api, vacancy(api)["id"])
    result = only(act(api, action, [kari["id"]]))
    assert result["error"]["code"] == "invalid_transition"
    assert api.get(f"/applicants/{kari['id']}").json["status"] == "received"


def test_purge_removes_the_applicant_for_good(api):
    kari = applicant(api, vacancy(api)["id"])
    act(api, "delete", [kari["id"]])
    assert only(act(api, "purge", [kari["id"]])) == {"applicant_id": kari["id"], "ok": True, "status": "purged"}
    assert api.get(f"/applicants/{kari['id']}").status == 404
    assert listed(api, "/applicants?status=deleted") == []
    assert only(act(api, "restore", [kari["id"]]))["error"]["code"] == "not_found"


def test_hire_creates_an_employee_and_closes_the_application(api):
    kari = applicant(api, vacancy(api)["id"], mobile="+4791234567")
    act(api, "send_offer", [kari["id"]])
    assert only(act(api, "hire", [kari["id"]], position="Backend developer", department="Platform"))["ok"]
    employees = api.get("/employees").json
    assert employees["next_cursor"] is None
    employee = only(employees["items"])
    assert employee["id"].startswith("emp_")
    assert {key: value for key, value in employee.items() if key != "id"} == {
        "applicant_id": kari["id"],
        "first_name": "Kari",
        "last_name": "Nordmann",
        "email": "kari@example.com",
        "mobile": "+4791234567",
        "position": "Backend developer",
        "department": "Platform",
        "hired_at": "2026-11-20T09:00:00Z",
    }
    event = api.get(f"/applicants/{kari['id']}").json["history"][-1]
    assert (event["event"], event["employee_id"], event["position"]) == ("hired", employee["id"], "Backend developer")
    again = only(act(api, "hire", [kari["id"]], position="CTO", department="Board"))
    assert again["error"]["code"] == "invalid_transition"
    assert only(act(api, "delete", [kari["id"]]))["error"]["code"] == "invalid_transition"
    assert len(api.get("/employees").json["items"]) == 1


def test_employees_are_another_organisations_secret_and_come_in_pages(api):
    job = vacancy(api)
    people = [applicant(api, job["id"], f"Person{n}") for n in range(3)]
    act(api, "hire", [person["id"] for person in people], position="Nurse", department="Care")
    assert api.as_org("other").get("/employees").json["items"] == []
    seen, cursor = [], None
    while True:
        page = api.get("/employees?limit=2" + (f"&cursor={cursor}" if cursor else "")).json
        assert len(page["items"]) <= 2
        seen += [item["applicant_id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(person["id"] for person in people)
    assert api.get("/employees?limit=0").status == 422


def test_transfer_moves_the_person_without_the_vacancy_specific_data(api):
    old_job, new_job = vacancy(api, "Old"), vacancy(api, "New")
    kari = applicant(api, old_job["id"], application_text="I love code", screening_answers={"Driving licence?": "Yes"})
    act(api, "reject", [kari["id"]], rejection_type="position_filled")
    result = only(act(api, "transfer", [kari["id"]], vacancy_id=new_job["id"]))
    assert result == {"applicant_id": kari["id"], "ok": True, "status": "received"}
    moved = api.get(f"/applicants/{kari['id']}").json
    assert moved["vacancy_id"] == new_job["id"]
    assert moved["application_text"] is None
    assert moved["screening_answers"] is None
    assert (moved["first_name"], moved["email"]) == ("Kari", "kari@example.com")
    event = moved["history"][-1]
    assert (event["event"], event["from_vacancy_id"], event["to_vacancy_id"]) == (
        "transferred",
        old_job["id"],
        new_job["id"],
    )
    assert listed(api, f"/vacancies/{old_job['id']}/applicants") == []
    assert listed(api, f"/vacancies/{new_job['id']}/applicants") == [kari["id"]]
    assert listed(api, f"/vacancies/{new_job['id']}/applicants?status=received") == [kari["id"]]


def test_transfer_to_the_vacancy_the_applicant_is_on_is_an_invalid_transition(api):
    job = vacancy(api)
    kari = applicant(api, job["id"])
    result = only(act(api, "transfer", [kari["id"]], vacancy_id=job["id"]))
    assert result["error"]["code"] == "invalid_transition"


@pytest.mark.parametrize("whose", ["unknown", "other organisation's"])
def test_transfer_to_a_vacancy_the_organisation_does_not_have_is_422(api, whose):
    kari = applicant(api, vacancy(api)["id"])
    target = "vac_unknown" if whose == "unknown" else vacancy(api.as_org("other"))["id"]
    response = api.post(
        "/applicants/actions", {"action": "transfer", "applicant_ids": [kari["id"]], "vacancy_id": target}
    )
    assert response.status == 422
    assert [error["field"] for error in response.json["errors"]] == ["vacancy_id"]
    assert api.get(f"/applicants/{kari['id']}").json["vacancy_id"] != target


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"action": "reject", "applicant_ids": ["a"]}, ["rejection_type"]),
        ({"action": "reject", "applicant_ids": ["a"], "rejection_type": "rude"}, ["rejection_type"]),
        ({"action": "reject", "applicant_ids": ["a"], "rejection_type": "other"}, ["reason"]),
        ({"action": "hire", "applicant_ids": ["a"], "department": "IT"}, ["position"]),
        ({"action": "hire", "applicant_ids": ["a"], "position": " ", "department": "IT"}, ["position"]),
        ({"action": "transfer", "applicant_ids": ["a"]}, ["vacancy_id"]),
        ({"action": "promote", "applicant_ids": ["a"]}, ["action"]),
        ({"applicant_ids": ["a"]}, ["action"]),
        ({"action": "save"}, ["applicant_ids"]),
        ({"action": "save", "applicant_ids": []}, ["applicant_ids"]),
        ({"action": "save", "applicant_ids": "a"}, ["applicant_ids"]),
        ({"action": "save", "applicant_ids": ["a"], "position": "x"}, ["position"]),
    ],
    ids=[
        "reject without type",
        "reject with unknown type",
        "other without reason",
        "hire without position",
        "hire with blank position",
        "transfer without vacancy",
        "unknown action",
        "no action",
        "no applicants",
        "empty applicants",
        "applicants not a list",
        "field of another action",
    ],
)
def test_an_invalid_request_is_422_for_the_whole_request_naming_the_field(api, body, fields):
    kari = applicant(api, vacancy(api)["id"])
    if isinstance(body.get("applicant_ids"), list) and body["applicant_ids"]:
        body = {**body, "applicant_ids": [kari["id"]]}
    response = api.post("/applicants/actions", body)
    assert response.status == 422, response
    assert response.headers["content-type"] == "application/problem+json"
    assert [error["field"] for error in response.json["errors"]] == fields
    assert api.get(f"/applicants/{kari['id']}").json["status"] == "received"


def test_more_than_two_hundred_applicants_at_once_is_422(api):
    response = api.post("/applicants/actions", {"action": "save", "applicant_ids": [f"apl_{n}" for n in range(201)]})
    assert response.status == 422
    assert response.json["errors"][0]["field"] == "applicant_ids"


def test_actions_need_a_token(api):
    response = api.post("/applicants/actions", {"action": "save", "applicant_ids": ["a"]}, auth=False)
    assert response.status == 401


def test_openapi_describes_the_actions_and_employees(api):
    document = api.get("/openapi.json", auth=False).json
    assert "post" in document["paths"]["/applicants/actions"]
    assert "get" in document["paths"]["/employees"]
    schemas = document["components"]["schemas"]
    action = schemas["RecruitmentAction"]
    assert action["discriminator"]["propertyName"] == "action"
    assert set(action["discriminator"]["mapping"]) == {
        "withdraw",
        "delete",
        "restore",
        "purge",
        "reject",
        "save",
        "send_offer",
        "hire",
        "transfer",
    }
    assert set(schemas["HireAction"]["required"]) == {"action", "applicant_ids", "position", "department"}
    assert "Employee" in schemas
