"""The API (its routes by area in chalicelib/api/routes/), the schedule and the queue handlers.

Each route: parse, call chalicelib, answer."""

from __future__ import annotations

from chalice import Chalice, Cron

from chalicelib import config, observability
from chalicelib.api import docs as api_docs
from chalicelib.api.routes import AREAS
from chalicelib.api.web import Api, Request
from chalicelib.lazy import lazy_import

answers = lazy_import("chalicelib.services.answers")
pages = lazy_import("chalicelib.services.pages")
reminder_runs = lazy_import("chalicelib.services.reminders.enqueue")
reminder_queue = lazy_import("chalicelib.services.reminders.handler")
reminder_delivery = lazy_import("chalicelib.services.reminders.delivery")
retention = lazy_import("chalicelib.services.retention")
deliveries = lazy_import("chalicelib.services.deliveries")

# Chalice would give the `rendezvous` logger its own handler at level ERROR; Powertools' JSON handler instead.
app = Chalice(app_name="rendezvous", configure_logs=False)
observability.setup()
api = Api(app)
api.html_error_renderer = lambda req, error: answers.error_page_for(error.status)
api.html_unexpected_renderer = lambda accept_language: pages.unexpected_page(accept_language)
api_docs.register(api)  # the interactive reference at /docs: locally always, deployed with API_DOCS=on


@api.route("/health", public=True, response="Health")
def health(req: Request) -> dict:
    """Liveness: 200 once the API is up."""
    return {"status": "ok"}


@api.route("/health/ready", public=True, response="Readiness")
def readiness(req: Request) -> dict:
    """Readiness: 200 when DynamoDB answers (one GetItem), else 503 problem+json."""
    from chalicelib.store.health import ping
    from chalicelib.version import current

    ping()
    return {"status": "ready", "version": current()["version"]}


@api.route("/openapi.json", public=True)
def openapi(req: Request) -> dict:
    """This API described in OpenAPI 3.1."""
    from chalicelib.api.openapi import document

    return document(api.operations)


# Every other route, by area (chalicelib/api/routes/), in the order the reference lists them.
for area in AREAS:
    api.include(area.routes)

# Reminders: the 08:00 UTC schedule enqueues what is due; the queue handler sends it ---------


@app.schedule(Cron(0, 8, "*", "*", "?", "*"), name="enqueue_reminders")
def enqueue_reminders(event):
    """Runs daily at 08:00 UTC; 'today' is the UTC date of the event's own time. A long run hands its
    cursor on to a new invocation of itself (the event's `detail.cursor`)."""
    raw, context = event.to_dict(), event.context  # app.lambda_context is set for API calls only
    with observability.invocation(function="enqueue_reminders", correlation_id=raw.get("id")):
        return reminder_runs.enqueue_due(
            event.time,
            cursor=(raw.get("detail") or {}).get("cursor"),
            time_left=context.get_remaining_time_in_millis if context else None,
            hand_on=lambda cursor: reminder_runs.invoke_again(context.function_name, raw, cursor) if context else None,
        )


@app.on_sqs_message(queue=config.reminder_queue_name(), batch_size=10, name="deliver_reminders")
def deliver_reminders(event):
    """Sends the reminders the schedule enqueued; answers which messages failed, to be retried."""
    context = event.context
    with observability.invocation(function="deliver_reminders"):
        return reminder_queue.deliver(
            event.to_dict(),
            clock=reminder_delivery.wall_clock,
            time_left=context.get_remaining_time_in_millis if context else None,
        )


# Retention: daily at 09:00 UTC, after the reminders -----------------------------------------


@app.schedule(Cron(0, 9, "*", "*", "?", "*"), name="run_retention")
def run_retention(event):
    """Deletes what the organisations' retention policies no longer allow to keep, and asks the owners of
    saved profiles whether to keep them; 'today' is the UTC date of the event's own time. Resumable: what
    one run does not reach, the next finishes."""
    raw, context = event.to_dict(), event.context
    with observability.invocation(function="run_retention", correlation_id=raw.get("id")):
        return retention.run(event.time, time_left=context.get_remaining_time_in_millis if context else None)


# Delivery: what became of each email and SMS ---------------------------------------------


@app.on_sns_message(topic=config.email_events_topic_name(), name="email_events")
def email_events(event):
    """SES's events for every email (the configuration set publishes them to this topic)."""
    with observability.invocation(function="email_events"):
        return deliveries.on_email_events(event.to_dict())


@app.lambda_function(name="sms_receipts")
def sms_receipts(event, context):
    """SNS's SMS delivery status logs, through a CloudWatch Logs subscription (infra/)."""
    with observability.invocation(function="sms_receipts"):
        return deliveries.on_sms_logs(event)


# Local stage only --------------------------------------------------------------------------

if config.dev_mode():
    from chalicelib.api import dev

    dev.register(api)

api.refuse_other_methods()
