"""Documents: presigned uploads to S3 (moto), the list, downloads, deletion, and every refusal."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import boto3
import pytest

from chalicelib import config
from chalicelib.domain.documents import MAX_SIZE
from tests.support import applicant, http_get, upload_to_s3, vacancy

PDF = b"%PDF-1.4\n% a tiny stand-in for a CV\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def announce(api, applicant_id, filename="Kari Nordmann CV.pdf", content_type="application/pdf", size=None, **more):
    body = {"filename": filename, "content_type": content_type, "size": size or len(PDF), **more}
    return api.post(f"/applicants/{applicant_id}/documents", body)


def uploaded(api, applicant_id, content=PDF, **announced):
    """A document announced, uploaded by the 'browser' and read once, so it is settled."""
    created = announce(api, applicant_id, **announced)
    assert created.status == 201, created
    assert upload_to_s3(created.json["upload"], content).status_code in (200, 204)
    return api.get(f"/applicants/{applicant_id}/documents/{created.json['document']['id']}").json


def bucket_keys(prefix=""):
    s3 = boto3.client("s3", region_name=config.region())
    answer = s3.list_objects_v2(Bucket=config.documents_bucket(), Prefix=prefix)
    return [item["Key"] for item in answer.get("Contents", [])]


def policy_of(upload):
    return json.loads(base64.b64decode(upload["fields"]["policy"]))


@pytest.fixture()
def kari(api):
    return applicant(api, vacancy(api)["id"], "Kari", "Nordmann", language="nb")


def test_announcing_an_upload_gives_a_pending_document_and_a_presigned_post(api, kari):
    response = announce(api, kari["id"])
    assert response.status == 201, response
    document, upload = response.json["document"], response.json["upload"]
    assert document["status"] == "pending"
    assert (document["kind"], document["filename"], document["content_type"]) == (
        "cv",
        "Kari Nordmann CV.pdf",
        "application/pdf",
    )
    assert document["download_url"] is None
    assert upload["fields"]["key"] == f"acme/{kari['id']}/{document['id']}/Kari_Nordmann_CV.pdf"
    assert upload["fields"]["Content-Type"] == "application/pdf"
    assert upload["max_size"] == MAX_SIZE
    assert upload["expires_at"] == "2026-11-20T09:15:00Z"
    assert config.documents_bucket() in upload["url"]


def test_the_presigned_post_makes_s3_itself_refuse_another_size_type_or_key(api, kari):
    """moto does not enforce POST policies, so the policy is read here; AWS S3 enforces exactly these."""
    upload = announce(api, kari["id"]).json["upload"]
    conditions = policy_of(upload)["conditions"]
    assert ["content-length-range", 1, MAX_SIZE] in conditions
    assert {"Content-Type": "application/pdf"} in conditions
    assert {"key": upload["fields"]["key"]} in conditions
    assert {"bucket": config.documents_bucket()} in conditions
    assert policy_of(upload)["expiration"]  # S3 refuses the form after this instant


def test_an_uploaded_document_is_settled_on_read_and_downloads_as_an_attachment(api, kari):
    document = uploaded(api, kari["id"])
    assert document["status"] == "uploaded"
    assert document["size"] == len(PDF)  # the real size, from S3
    assert document["download_expires_at"] == "2026-11-20T09:05:00Z"
    download = http_get(document["download_url"])
    assert download.status_code == 200
    assert download.content == PDF
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.headers["Content-Disposition"].startswith('attachment; filename="Kari_Nordmann_CV.pdf"')
    assert "X-Amz-Expires=300" in document["download_url"]


def test_the_list_shows_every_document_oldest_first_without_download_links(api, kari):
    first = uploaded(api, kari["id"])
    later = api.at(api.now + timedelta(minutes=1))
    second = announce(later, kari["id"], filename="photo.png", content_type="image/png", size=len(PNG), kind="other")
    listed = api.get(f"/applicants/{kari['id']}/documents").json
    assert [item["id"] for item in listed["items"]] == [first["id"], second.json["document"]["id"]]
    assert [item["status"] for item in listed["items"]] == ["uploaded", "pending"]
    assert all(item["download_url"] is None for item in listed["items"])
    assert listed["next_cursor"] is None


def test_the_list_comes_in_pages(api, kari):
    for number in range(3):
        announce(api.at(api.now + timedelta(seconds=number)), kari["id"], filename=f"cv-{number}.pdf")
    first = api.get(f"/applicants/{kari['id']}/documents?limit=2").json
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = api.get(f"/applicants/{kari['id']}/documents?limit=2&cursor={first['next_cursor']}").json
    assert [item["filename"] for item in rest["items"]] == ["cv-2.pdf"]


def test_an_oversized_upload_is_422_naming_size_and_nothing_is_stored(api, kari):
    response = announce(api, kari["id"], size=MAX_SIZE + 1)
    assert response.status == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert [error["field"] for error in response.json["errors"]] == ["size"]
    assert "10 MB" in response.json["errors"][0]["message"]
    assert api.get(f"/applicants/{kari['id']}/documents").json["items"] == []


@pytest.mark.parametrize(
    ("filename", "content_type", "field"),
    [
        ("cv.exe", "application/x-msdownload", "content_type"),
        ("page.html", "text/html", "content_type"),
        ("cv.pdf", "image/png", "filename"),
    ],
)
def test_a_type_we_do_not_take_or_a_name_that_belies_it_is_422(api, kari, filename, content_type, field):
    response = announce(api, kari["id"], filename=filename, content_type=content_type)
    assert response.status == 422
    assert [error["field"] for error in response.json["errors"]] == [field]


def test_a_recruiter_cannot_make_a_contract_by_upload(api, kari):
    response = announce(api, kari["id"], kind="contract")
    assert response.status == 422
    assert response.json["errors"][0]["field"] == "kind"


def test_a_file_larger_than_signed_for_is_rejected_when_settled_and_deleted(api, kari):
    """moto accepts what S3 would refuse; the check on reading catches it all the same."""
    created = announce(api, kari["id"]).json
    upload_to_s3(created["upload"], b"%PDF-" + b"x" * MAX_SIZE)
    document = api.get(f"/applicants/{kari['id']}/documents/{created['document']['id']}").json
    assert document["status"] == "rejected"
    assert document["error"]["field"] == "size"
    assert document["download_url"] is None
    assert bucket_keys(f"acme/{kari['id']}/") == []


def test_a_file_whose_content_is_not_the_declared_type_is_rejected(api, kari):
    created = announce(api, kari["id"]).json
    upload_to_s3(created["upload"], b"<html><script>alert(1)</script></html>")
    document = api.get(f"/applicants/{kari['id']}/documents/{created['document']['id']}").json
    assert (document["status"], document["error"]["field"]) == ("rejected", "content_type")
    assert bucket_keys(f"acme/{kari['id']}/") == []


def test_an_upload_that_never_came_expires_after_its_window(api, kari):
    created = announce(api, kari["id"]).json
    path = f"/applicants/{kari['id']}/documents/{created['document']['id']}"
    assert api.at(api.now + timedelta(minutes=16)).get(path).json["status"] == "pending"  # grace for a slow upload
    assert api.at(api.now + timedelta(minutes=21)).get(path).json["status"] == "expired"


def test_deleting_a_document_removes_its_file_and_notes_it_in_the_history(api, kari):
    document = uploaded(api, kari["id"])
    assert bucket_keys(f"acme/{kari['id']}/")
    response = api.delete(f"/applicants/{kari['id']}/documents/{document['id']}")
    assert response.status == 204
    assert bucket_keys(f"acme/{kari['id']}/") == []
    assert api.get(f"/applicants/{kari['id']}/documents/{document['id']}").status == 404
    events = [event["event"] for event in api.get(f"/applicants/{kari['id']}").json["history"]]
    assert events == ["received", "document_added", "document_deleted"]


def test_another_organisation_s_applicant_and_documents_are_not_found(api, kari):
    document = uploaded(api, kari["id"])
    other = api.as_org("other")
    assert other.get(f"/applicants/{kari['id']}/documents").status == 404
    assert other.get(f"/applicants/{kari['id']}/documents/{document['id']}").status == 404
    assert other.delete(f"/applicants/{kari['id']}/documents/{document['id']}").status == 404
    assert announce(other, kari["id"]).status == 404
    assert bucket_keys(f"acme/{kari['id']}/")  # untouched


def test_a_document_of_another_applicant_is_not_found_under_this_one(api, kari):
    ola = applicant(api, kari["vacancy_id"], "Ola")
    document = uploaded(api, kari["id"])
    assert api.get(f"/applicants/{ola['id']}/documents/{document['id']}").status == 404


def test_a_deleted_applicant_gets_no_new_documents(api, kari):
    api.post("/applicants/actions", {"action": "delete", "applicant_ids": [kari["id"]]})
    response = announce(api, kari["id"])
    assert response.status == 409
    assert response.headers["content-type"] == "application/problem+json"


def test_documents_need_a_token(api, kari):
    assert api.get(f"/applicants/{kari['id']}/documents", auth=False).status == 401


def test_openapi_describes_the_document_routes(api):
    paths = api.get("/openapi.json", auth=False).json["paths"]
    assert set(paths["/applicants/{applicant_id}/documents"]) == {"get", "post"}
    assert set(paths["/applicants/{applicant_id}/documents/{document_id}"]) == {"get", "delete"}


def test_s3_not_answering_is_503_problem_json_not_500(api, kari, monkeypatch):
    from botocore.exceptions import EndpointConnectionError

    from chalicelib.files import s3

    created = announce(api, kari["id"]).json

    def unreachable(key):
        raise EndpointConnectionError(endpoint_url="https://s3.eu-north-1.amazonaws.com")

    monkeypatch.setattr(s3, "head", unreachable)
    response = api.get(f"/applicants/{kari['id']}/documents/{created['document']['id']}")
    assert response.status == 503
    assert response.headers["content-type"] == "application/problem+json"
