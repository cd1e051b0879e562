"""The reminder job: exactly once, on the right day, only while the interview still calls for it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import boto3
import pytest
from botocore.exceptions import ClientError

from chalicelib import config
from chalicelib.services.reminders import delivery, enqueue, handler
from tests.functional.test_answers import answer
from tests.functional.test_invitations import invite_body, link_in, sent_mime
from tests.support import OSLO_WINTER, applicant, vacancy

RUN_DAY = datetime(2026, 12, 5, 8, 0, tzinfo=UTC)  # Saturday; the interview is Monday 2026-12-07


def sms_sent():
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.sns.models import sns_backends

    return list(sns_backends[DEFAULT_ACCOUNT_ID][config.region()].sms_messages.values())


def reminder_mails():
    subjects = ("Påminnelse", "Reminder", "Husk")
    return [mail for mail in sent_mime() if mail["Subject"].startswith(subjects)]


@pytest.fixture()
def scheduled(api):
    """GIVEN Kari (nb, mobile) and John (en, no mobile) invited for Monday, reminded by email+SMS 2 days before."""
    job = vacancy(api, "Sykepleier")
    kari = applicant(api, job["id"], "Kari", "Nordmann", language="nb", mobile="+4791234567")
    john = applicant(api, job["id"], "John", "Smith", language="en")
    body = invite_body([kari["id"], john["id"]], reminder={"channel": "email_sms", "days_before": 2})
    created = api.post("/interviews", body).json["interviews"]
    return {"kari": kari, "john": john, "interviews": {i["applicant_id"]: i for i in created}, "api": api}


def run_schedule(client, at: datetime) -> dict:
    """The schedule handler with a generated event, then the queue handler for every message it enqueued."""
    event = client.events.generate_cw_event(source="aws.events", detail_type="Scheduled Event", detail={}, resources=[])
    event["time"] = at.strftime("%Y-%m-%dT%H:%M:%SZ")
    client.lambda_.invoke("enqueue_reminders", event)
    bodies = take_queued()
    if bodies:
        sqs_event = client.events.generate_sqs_event(message_bodies=bodies, queue_name=config.reminder_queue_name())
        client.lambda_.invoke("deliver_reminders", sqs_event)
    return {"messages": len(bodies)}


def sqs_event(bodies: list[str], receive_count: int) -> dict:
    """The event Lambda's SQS event source hands the queue handler, message ids m0, m1, ..."""
    return {
        "Records": [
            {
                "messageId": f"m{index}",
                "receiptHandle": "",
                "body": body,
                "attributes": {"ApproximateReceiveCount": str(receive_count)},
                "messageAttributes": {},
                "eventSource": "aws:sqs",
                "eventSourceARN": f"arn:aws:sqs:{config.region()}:123456789012:{config.reminder_queue_name()}",
                "awsRegion": config.region(),
            }
            for index, body in enumerate(bodies)
        ]
    }


def dead_letters() -> int:
    sqs = boto3.client("sqs", region_name=config.region())
    dlq = sqs.get_queue_url(QueueName=f"{config.reminder_queue_name()}-dlq")["QueueUrl"]
    attributes = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["ApproximateNumberOfMessages"])
    return int(attributes["Attributes"]["ApproximateNumberOfMessages"])


def take_queued() -> list[str]:
    """Every message on the reminder queue, taken off it (the handler is then invoked with them)."""
    sqs = boto3.client("sqs", region_name=config.region())
    url = sqs.get_queue_url(QueueName=config.reminder_queue_name())["QueueUrl"]
    bodies = []
    while messages := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
        for message in messages:
            bodies.append(message["Body"])
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
    return bodies


def stored_reminder(interview_id):
    """What the store keeps of a reminder beyond the API's fields (its reason, its error count)."""
    from chalicelib.store import interviews

    return interviews.find("acme", interview_id).reminder


def reminder_of(api, interview_id):
    return api.get(f"/interviews/{interview_id}").json["reminder"]


def test_monday_interview_is_reminded_on_saturday_by_email_and_sms(client, scheduled):
    api = scheduled["api"]
    run_schedule(client, RUN_DAY - timedelta(days=1))
    assert reminder_mails() == [] and sms_sent() == []
    run_schedule(client, RUN_DAY)
    kari_mail, john_mail = sorted(reminder_mails(), key=lambda mail: mail["To"])[::-1]
    assert kari_mail["To"] == "kari@example.com"
    assert kari_mail["Subject"] == "Påminnelse: Personlig intervju mandag 7. desember 2026"
    assert f"kl. 10:00 ({OSLO_WINTER})" in kari_mail.get_body(("plain",)).get_content()
    assert [p.get_filename() for p in kari_mail.iter_attachments()] == ["invite.ics"]
    assert john_mail["To"] == "john@example.com"
    ((number, text),) = sms_sent()
    assert number == "+4791234567"
    assert text.startswith("Påminnelse: Personlig intervju for Sykepleier mandag 7. desember 2026 kl. 10:00")
    assert "\u202f" not in text
    kari_interview = scheduled["interviews"][scheduled["kari"]["id"]]["id"]
    assert reminder_of(api, kari_interview)["status"] == "sent"


def test_every_reminder_goes_at_most_once_however_often_the_job_runs(client, scheduled):
    for _ in range(3):
        run_schedule(client, RUN_DAY)
    run_schedule(client, RUN_DAY + timedelta(days=1))
    assert len(reminder_mails()) == 2
    assert len(sms_sent()) == 1


def test_a_missed_run_is_caught_up_by_the_next_one(client, scheduled):
    run_schedule(client, RUN_DAY + timedelta(days=1))  # Sunday: Saturday's run never fired
    assert len(reminder_mails()) == 2
    assert len(sms_sent()) == 1


def test_no_reminder_once_the_interview_has_started(client, scheduled):
    run_schedule(client, RUN_DAY + timedelta(days=3))
    assert reminder_mails() == []
    kari_interview = scheduled["interviews"][scheduled["kari"]["id"]]["id"]
    assert reminder_of(scheduled["api"], kari_interview)["status"] == "skipped"


def test_a_declined_interview_is_not_reminded_but_is_again_once_accepted(client, scheduled, api):
    kari_mail = next(m for m in sent_mime() if m["To"] == "kari@example.com")
    token = link_in(kari_mail.get_body(("plain",)).get_content())
    answer(api, token, "decline")
    run_schedule(client, RUN_DAY)
    kari_interview = scheduled["interviews"][scheduled["kari"]["id"]]["id"]
    assert reminder_of(api, kari_interview)["status"] == "skipped"
    assert sms_sent() == []
    answer(api, token, "accept")
    assert reminder_of(api, kari_interview)["status"] == "scheduled"
    run_schedule(client, RUN_DAY + timedelta(days=1))
    assert len(sms_sent()) == 1


def test_a_withdrawn_applicant_gets_no_reminder(client, scheduled, api):
    kari_mail = next(m for m in sent_mime() if m["To"] == "kari@example.com")
    answer(api, link_in(kari_mail.get_body(("plain",)).get_content()), "withdraw")
    run_schedule(client, RUN_DAY)
    assert sms_sent() == []
    assert [m["To"] for m in reminder_mails()] == ["john@example.com"]


@pytest.mark.parametrize("status", ["rejected", "deleted"])
def test_rejected_and_deleted_applicants_get_no_reminder(client, scheduled, api, status):
    from chalicelib.store.applicants import get, listing_keys
    from chalicelib.store.models import Applicant

    kari = get("acme", scheduled["kari"]["id"])
    keys = listing_keys("acme", kari.vacancy_id, status)
    kari.update(actions=[Applicant.status.set(status), Applicant.org_status.set(keys["org_status"])])
    run_schedule(client, RUN_DAY)
    assert sms_sent() == []
    kari_interview = scheduled["interviews"][scheduled["kari"]["id"]]["id"]
    assert reminder_of(api, kari_interview) | {"status": "skipped"} == reminder_of(api, kari_interview)


def test_an_sms_only_reminder_without_a_mobile_is_skipped(client, api):
    job = vacancy(api)
    john = applicant(api, job["id"], "John", "Smith")
    body = invite_body([john["id"]], reminder={"channel": "sms", "days_before": 2})
    response = api.post("/interviews", body)
    assert [w["code"] for w in response.json["warnings"]] == ["no_mobile"]
    run_schedule(client, RUN_DAY)
    assert sms_sent() == []
    assert reminder_of(api, response.json["interviews"][0]["id"])["status"] == "skipped"


def test_custom_texts_and_the_confirm_link_in_a_reminder(client, api):
    job = vacancy(api, "Utvikler")
    kari = applicant(api, job["id"], "Kari", "Nordmann", language="nb", mobile="+4791234567")
    body = invite_body(
        [kari["id"]],
        reminder={
            "channel": "email_sms",
            "days_before": 2,
            "subject": {"nb": "Husk intervjuet, {firstname}"},
            "body": {"nb": "Vi ses {date}. Svar her: {confirmlink}"},
            "signature": "Hilsen HR",
            "sms_text": {"nb": "Hei {firstname}, vi ses {time}."},
        },
    )
    api.post("/interviews", body)
    run_schedule(client, RUN_DAY)
    (mail,) = [m for m in sent_mime() if m["Subject"] == "Husk intervjuet, Kari"]
    text = mail.get_body(("plain",)).get_content()
    assert "Hilsen HR" in text
    token = link_in(text)
    assert api.get(f"/confirm/{token}", auth=False).status == 200
    ((_, sms),) = sms_sent()
    assert sms == f"Hei Kari, vi ses 10:00 ({OSLO_WINTER})."


def test_the_dev_route_runs_the_job_and_counts_what_it_sent(scheduled, api):
    response = api.post("/dev/reminders/run", {"at": "2026-12-05T08:00:00Z"}, auth=False)
    assert response.status == 200
    assert response.json == {"emails": 2, "sms": 1}
    assert api.post("/dev/reminders/run", {"at": "2026-12-05T08:00:00Z"}, auth=False).json == {"emails": 0, "sms": 0}


class TestFaults:
    """Injected failures: each ends with every due reminder sent exactly once, or visibly failed."""

    def bodies(self, at=RUN_DAY):
        enqueue.enqueue_due(at)
        return take_queued()

    def test_the_schedule_delivered_twice(self, scheduled):
        bodies = self.bodies() + self.bodies()
        assert len(bodies) == 4
        for body in bodies:
            delivery.process(body)
        assert len(reminder_mails()) == 2
        assert len(sms_sent()) == 1

    def test_two_workers_on_one_message(self, scheduled):
        from chalicelib.domain.reminders import claim_until
        from chalicelib.store import reminders as store

        body = next(b for b in self.bodies() if "Kari" in b)
        interview = store.from_snapshot(json.loads(body)["interview"])
        assert store.claim(interview, claim_until(RUN_DAY), None) == "claimed"  # worker A is sending
        with pytest.raises(delivery.RetryLaterError):
            delivery.process(body)  # worker B backs off
        store.finish(interview, "sent", sent_at=RUN_DAY)  # worker A is done
        assert delivery.process(body).outcomes == ["done"]  # B's retry sends nothing
        assert sms_sent() == []  # (A's sending was simulated)

    def test_ses_throttling_is_waited_out_and_is_no_error_of_the_reminder(self, scheduled, monkeypatch):
        from chalicelib.notify import email

        real_send, calls, waits = email.send, [], []

        def throttled_twice(message, retry=True, **kwargs):
            calls.append(message.to)
            if calls.count(message.to) <= 2:
                raise ClientError(
                    {"Error": {"Code": "Throttling", "Message": "Maximum sending rate exceeded"}}, "SendEmail"
                )
            return real_send(message, retry, **kwargs)

        monkeypatch.setattr(email, "send", throttled_twice)
        budget = delivery.Budget(lambda: 25_000, sleep=waits.append)
        for body in self.bodies():
            assert handler.deliver_message(body, None, 1, budget=budget).outcomes == ["sent"]
        assert len(reminder_mails()) == 2 and len(sms_sent()) == 1
        # each throttled send takes a slot of its own from the account's clock (14/s by default: a fresh
        # clock's slot comes soon), and the second in a row also backs off about one slot more
        assert len(waits) == 4 and all(0 <= wait <= 5 / 14 for wait in waits)  # a few slots at most
        assert waits[1] >= 0.5 / 14 and waits[3] >= 0.5 / 14
        for interview in scheduled["interviews"].values():
            assert stored_reminder(interview["id"]).get("errors", 0) == 0

    def test_throttling_past_the_invocation_s_time_sends_the_message_again_as_a_new_one(self, scheduled, monkeypatch):
        """Its receive count starts over, so throttling can never push a reminder into the dead-letter queue."""
        from chalicelib.notify import email

        def always_throttled(message, retry=True, **kwargs):
            raise ClientError({"Error": {"Code": "TooManyRequestsException", "Message": "slow down"}}, "SendEmail")

        monkeypatch.setattr(email, "send", always_throttled)
        monkeypatch.setattr(handler, "throttled_delay", lambda: 0)  # visible again at once
        out_of_time = delivery.Budget(lambda: 5_000, sleep=lambda seconds: None)
        for receive in range(1, 11):
            bodies = self.bodies() if receive == 1 else take_queued()
            assert len(bodies) == 2
            for body in bodies:
                assert handler.deliver_message(body, None, receive, budget=out_of_time).outcomes == ["throttled"]
        for interview in scheduled["interviews"].values():
            reminder = stored_reminder(interview["id"])
            assert reminder["status"] == "scheduled" and reminder.get("errors", 0) == 0
        # WHEN SES is still throttling once the interview has started, THEN the reminder is skipped, too late
        late = [json.loads(body) for body in take_queued()]
        for message in late:
            outcome = delivery.process(json.dumps(message), clock=lambda: datetime(2026, 12, 7, 9, 30, tzinfo=UTC))
            assert outcome.outcomes == ["skipped"]
        for interview in scheduled["interviews"].values():
            assert stored_reminder(interview["id"])["reason"] == "too_late"
        assert dead_letters() == 0

    def test_an_sms_failure_after_the_email_resends_only_the_sms(self, scheduled, monkeypatch):
        from chalicelib.notify import sms

        real_send, calls = sms.send, []

        def fails_once(to, message, retry=True, **kwargs):
            calls.append(to)
            if len(calls) == 1:
                raise ClientError({"Error": {"Code": "InternalFailure", "Message": "try again"}}, "Publish")
            return real_send(to, message, retry, **kwargs)

        monkeypatch.setattr(sms, "send", fails_once)
        body = next(b for b in self.bodies() if "Kari" in b)
        no_time_to_wait = delivery.Budget(lambda: 5_000, sleep=lambda seconds: None)
        with pytest.raises(delivery.RetryLaterError):
            delivery.process(body, 1, budget=no_time_to_wait)
        kari_interview = scheduled["interviews"][scheduled["kari"]["id"]]["id"]
        assert stored_reminder(kari_interview)["errors"] == 1
        delivery.process(body, 2)
        assert len(reminder_mails()) == 1
        assert len(sms_sent()) == 1

    def test_five_definite_errors_fail_the_reminder_without_the_dead_letter_queue(self, scheduled, monkeypatch):
        from chalicelib.notify import email

        calls = []

        def always_refused(message, retry=True, **kwargs):
            calls.append(message.to)
            raise ClientError({"Error": {"Code": "MessageRejected", "Message": "refused"}}, "SendEmail")

        monkeypatch.setattr(email, "send", always_refused)
        budget = delivery.Budget(lambda: 25_000, sleep=lambda seconds: None)
        for body in self.bodies():
            assert handler.deliver_message(body, None, 1, budget=budget).outcomes == ["failed"]
        assert sorted(set(calls)) == ["john@example.com", "kari@example.com"] and len(calls) == 10
        for interview in scheduled["interviews"].values():
            reminder = stored_reminder(interview["id"])
            assert reminder["status"] == "failed"
            assert reminder["reason"].startswith("sending failed 5 times")
        assert dead_letters() == 0

    def test_a_worker_that_dies_while_sending_never_causes_a_duplicate(self, scheduled, monkeypatch):
        from chalicelib.notify import sms

        class WorkerDiedError(BaseException):
            """Lambda timing out: nothing after this line runs."""

        real_send = sms.send

        def send_then_die(to, message, retry=True, **kwargs):
            real_send(to, message, retry, **kwargs)
            raise WorkerDiedError

        monkeypatch.setattr(sms, "send", send_then_die)
        body = next(b for b in self.bodies() if "Kari" in b)
        with pytest.raises(WorkerDiedError):
            delivery.process(body, 1, clock=lambda: RUN_DAY)
        monkeypatch.setattr(sms, "send", real_send)
        # SQS redelivers the message once its visibility timeout has passed; the claim has expired by then
        with pytest.raises(delivery.RetryLaterError):
            delivery.process(body, 2, clock=lambda: RUN_DAY + timedelta(seconds=60))
        assert delivery.process(body, 3, clock=lambda: RUN_DAY + timedelta(minutes=5)).outcomes == ["failed"]
        assert len(reminder_mails()) == 1
        assert len(sms_sent()) == 1
        kari_interview = scheduled["interviews"][scheduled["kari"]["id"]]["id"]
        assert reminder_of(scheduled["api"], kari_interview)["status"] == "failed"

    def test_a_timeout_after_the_sms_went_out_is_not_retried(self, scheduled, monkeypatch):
        from botocore.exceptions import ReadTimeoutError

        from chalicelib.notify import sms

        real_send = sms.send

        def sent_but_timed_out(to, message, retry=True, **kwargs):
            assert retry is False  # no SDK retry either: it would resend after a timeout
            real_send(to, message, retry, **kwargs)
            raise ReadTimeoutError(endpoint_url="https://sns.eu-north-1.amazonaws.com")

        monkeypatch.setattr(sms, "send", sent_but_timed_out)
        body = next(b for b in self.bodies() if "Kari" in b)
        assert delivery.process(body, 1).outcomes == ["failed"]
        assert delivery.process(body, 2).outcomes == ["done"]
        assert len(sms_sent()) == 1
        kari_interview = scheduled["interviews"][scheduled["kari"]["id"]]["id"]
        assert reminder_of(scheduled["api"], kari_interview)["status"] == "failed"

    def test_an_answer_while_sending_does_not_lose_the_sent_mark(self, scheduled, monkeypatch, api):
        from chalicelib.notify import sms

        real_send = sms.send
        kari_mail = next(m for m in sent_mime() if m["To"] == "kari@example.com")
        token = link_in(kari_mail.get_body(("plain",)).get_content())

        def answered_meanwhile(to, message, retry=True, **kwargs):
            answer(api, token, "accept")  # bumps the interview's version under the worker
            return real_send(to, message, retry, **kwargs)

        monkeypatch.setattr(sms, "send", answered_meanwhile)
        body = next(b for b in self.bodies() if "Kari" in b)
        assert delivery.process(body, 1).outcomes == ["sent"]
        kari_interview = scheduled["interviews"][scheduled["kari"]["id"]]["id"]
        assert reminder_of(api, kari_interview)["status"] == "sent"
        assert api.get(f"/interviews/{kari_interview}").json["confirmation"] == "accepted"
        assert delivery.process(body, 2).outcomes == ["done"]
        assert len(sms_sent()) == 1


def test_a_corrected_mobile_number_is_used_by_the_reminder(client, scheduled, api):
    response = api.patch(
        f"/applicants/{scheduled['john']['id']}", {"mobile": "+46701234567", "email": "js@example.com"}
    )
    assert response.status == 200
    run_schedule(client, RUN_DAY)
    assert sorted(number for number, _ in sms_sent()) == ["+46701234567", "+4791234567"]
    assert "js@example.com" in [m["To"] for m in reminder_mails()]


def test_a_replayed_past_run_decides_as_that_run_did(client, scheduled, api):
    """/dev/reminders/run at an instant runs exactly as the schedule would then, whatever today is."""
    response = api.post("/dev/reminders/run", {"at": "2026-12-05T08:00:00Z"}, auth=False)
    assert response.json == {"emails": 2, "sms": 1}


def test_an_applicant_transferred_to_another_vacancy_gets_no_reminder_for_the_old_one(client, scheduled, api):
    other = vacancy(api, "Another vacancy")
    moved = api.post(
        "/applicants/actions",
        {"action": "transfer", "applicant_ids": [scheduled["kari"]["id"]], "vacancy_id": other["id"]},
    )
    assert moved.json["results"][0]["ok"] is True
    run_schedule(client, RUN_DAY)
    assert sms_sent() == []
    assert [m["To"] for m in reminder_mails()] == ["john@example.com"]


class TestEnqueueAtScale:
    """The 08:00 run enqueues any number of due reminders in chunks, handing on before its time runs out."""

    def test_a_run_short_of_time_hands_on_its_cursor_and_the_next_goes_on_from_it(self, api, monkeypatch):
        # GIVEN 7 due reminders in two organisations, enqueued 2 at a time
        for org, count in (("acme", 4), ("other", 3)):
            tenant = api.as_org(org)
            job = vacancy(tenant, "Sykepleier")
            ids = [applicant(tenant, job["id"], f"P{i}", "Q", email=f"p{i}@{org}.example")["id"] for i in range(count)]
            body = invite_body(ids, reminder={"channel": "email", "days_before": 2})
            body["invitation"]["from"] = f"recruiter@{org}.example"  # each sends from its own domain
            assert tenant.post("/interviews", body).status == 201
        monkeypatch.setattr(enqueue, "ENQUEUE_CHUNK", 2)
        handed_on = []
        # WHEN the first invocation has time for one chunk only
        first = enqueue.enqueue_due(RUN_DAY, time_left=lambda: 5_000, hand_on=handed_on.append)
        assert (first["enqueued"], first["done"], len(handed_on)) == (2, False, 1)
        # AND the invocation it handed on to has time enough
        rest = enqueue.enqueue_due(RUN_DAY, cursor=handed_on[0], time_left=lambda: 25_000, hand_on=handed_on.append)
        assert (rest["enqueued"], rest["done"], len(handed_on)) == (5, True, 1)
        # THEN every due reminder is on the queue exactly once, each in its organisation's message group
        messages = take_queued_with_groups()
        ids = [json.loads(json.loads(body)["interview"])["interview_id"]["S"] for body, _ in messages]
        assert len(ids) == len(set(ids)) == 7
        assert sorted(group for _, group in messages) == ["acme"] * 4 + ["other"] * 3

    def test_the_schedule_handler_invokes_itself_with_the_cursor(self, client, api, monkeypatch):
        job = vacancy(api, "Sykepleier")
        ids = [applicant(api, job["id"], f"P{i}", "Q", email=f"p{i}@acme.example")["id"] for i in range(3)]
        api.post("/interviews", invite_body(ids, reminder={"channel": "email", "days_before": 2}))
        monkeypatch.setattr(enqueue, "ENQUEUE_CHUNK", 1)
        monkeypatch.setattr(enqueue, "ENQUEUE_MARGIN_MS", 10**9)  # never time enough for a second chunk
        calls = []
        monkeypatch.setattr(enqueue, "invoke_again", lambda name, event, cursor: calls.append((event, cursor)))
        event = client.events.generate_cw_event(
            source="aws.events", detail_type="Scheduled Event", detail={}, resources=[]
        )
        event["time"] = RUN_DAY.strftime("%Y-%m-%dT%H:%M:%SZ")
        assert client.lambda_.invoke("enqueue_reminders", event).payload["enqueued"] == 1
        ((handed_event, cursor),) = calls
        handed_event = {**handed_event, "detail": {"cursor": cursor}}
        monkeypatch.setattr(enqueue, "ENQUEUE_MARGIN_MS", 0)
        assert client.lambda_.invoke("enqueue_reminders", handed_event).payload == {
            "enqueued": 2,
            "today": "2026-12-05",
            "done": True,
        }
        assert len(take_queued()) == 3


def test_organisations_take_turns_within_a_chunk():
    messages = [("a", "a1"), ("a", "a2"), ("a", "a3"), ("b", "b1"), ("c", "c1"), ("c", "c2")]
    assert [body for _, body in enqueue.take_turns(messages)] == ["a1", "b1", "c1", "a2", "c2", "a3"]


def take_queued_with_groups() -> list[tuple[str, str]]:
    sqs = boto3.client("sqs", region_name=config.region())
    url = sqs.get_queue_url(QueueName=config.reminder_queue_name())["QueueUrl"]
    taken = []
    while True:
        messages = sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, MessageSystemAttributeNames=["MessageGroupId"]
        ).get("Messages", [])
        if not messages:
            return taken
        for message in messages:
            taken.append((message["Body"], message.get("Attributes", {}).get("MessageGroupId")))
            sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])


class TestAccountPace:
    """Every worker takes its send slots from one clock of the account's rate, kept in DynamoDB."""

    def test_workers_taking_slots_at_once_get_them_one_interval_apart(self, aws):
        from chalicelib.store import pacing

        # GIVEN SES's 14 a second, WHEN three workers take a slot in the same instant
        slots = [pacing.take_slot("email", 1 / 14, 1_000.0) for _ in range(3)]
        # THEN they are spaced at the account's rate, and SMS keeps a clock of its own
        assert slots == pytest.approx([1_000.0, 1_000.0 + 1 / 14, 1_000.0 + 2 / 14])
        assert pacing.take_slot("sms", 1 / 20, 1_000.0) == 1_000.0

    def test_a_clock_nobody_used_for_a_while_restarts_now_without_a_burst_of_past_slots(self, aws):
        from chalicelib.store import pacing

        pacing.take_slot("email", 0.25, 1_000.0)
        # WHEN the next send comes a minute later, THEN its slot is now and the one after is one interval on
        assert pacing.take_slot("email", 0.25, 1_060.0) == 1_060.0
        assert pacing.take_slot("email", 0.25, 1_060.0) == pytest.approx(1_060.25)

    def test_the_clock_is_out_of_every_tenant_s_reach(self):
        from chalicelib.domain.organisations import is_org_id
        from chalicelib.store import pacing

        assert not is_org_id(pacing.ACCOUNT)

    def test_each_reminder_part_takes_one_slot_of_its_channel(self, scheduled, monkeypatch):
        from chalicelib.store import pacing

        taken, real_take_slot = [], pacing.take_slot

        def recorded(channel, interval, now):
            taken.append((channel, round(interval, 4)))
            return real_take_slot(channel, interval, now)

        monkeypatch.setattr(pacing, "take_slot", recorded)
        # GIVEN Kari (email + SMS) and John (email), WHEN the run sends their reminders
        run_schedule(scheduled["api"].client, RUN_DAY)
        assert len(reminder_mails()) == 2 and len(sms_sent()) == 1
        # THEN each part took one slot of its channel's clock, at the account's rate (14 and 20 a second)
        assert sorted(taken) == [("email", round(1 / 14, 4))] * 2 + [("sms", 0.05)]

    def test_when_the_clock_cannot_be_read_the_worker_paces_itself_at_its_share(self, scheduled, monkeypatch):
        from chalicelib.domain.errors import UnavailableError
        from chalicelib.store import pacing

        def unavailable(*args, **kwargs):
            raise UnavailableError("DynamoDB is throttling")

        monkeypatch.setattr(pacing, "take_slot", unavailable)
        run_schedule(scheduled["api"].client, RUN_DAY)
        assert len(reminder_mails()) == 2 and len(sms_sent()) == 1
