"""Routes, the schedule and the queue handlers. Each route: parse, call chalicelib, answer."""

from __future__ import annotations

from chalice import Chalice, Cron

from chalicelib import config, observability
from chalicelib.api import docs as api_docs
from chalicelib.api.web import Api, Request, Text
from chalicelib.lazy import lazy_import

vacancies = lazy_import("chalicelib.services.vacancies")
applicants = lazy_import("chalicelib.services.applicants")
reminder_runs = lazy_import("chalicelib.services.reminders.enqueue")
reminder_queue = lazy_import("chalicelib.services.reminders.handler")
reminder_delivery = lazy_import("chalicelib.services.reminders.delivery")
retention = lazy_import("chalicelib.services.retention")
invitations = lazy_import("chalicelib.services.invitations")
interviews = lazy_import("chalicelib.services.interviews")
answers = lazy_import("chalicelib.services.answers")
emails = lazy_import("chalicelib.services.emails")
interview_offers = lazy_import("chalicelib.services.interview_offers")

actions = lazy_import("chalicelib.services.actions")
employees = lazy_import("chalicelib.services.employees")

panels = lazy_import("chalicelib.services.panels")
rating_pages = lazy_import("chalicelib.services.rating_pages")
profiles = lazy_import("chalicelib.services.profiles")
pages = lazy_import("chalicelib.services.pages")
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


# Vacancies ---------------------------------------------------------------------------------


@api.route(
    "/vacancies", "POST", idempotent=True, body="VacancyCreate", response="Vacancy", status=201, tags=("vacancies",)
)
def create_vacancy(req: Request):
    """Create a vacancy."""
    return vacancies.create(req.recruiter, req.body, req.now)


@api.route("/vacancies", query="Page", response="VacancyList", tags=("vacancies",))
def list_vacancies(req: Request):
    """The organisation's vacancies, newest first."""
    return vacancies.page(req.recruiter, req.query)


@api.route("/vacancies/{vacancy_id}", response="Vacancy", tags=("vacancies",))
def get_vacancy(req: Request, vacancy_id: str):
    """One vacancy."""
    return vacancies.get(req.recruiter, vacancy_id)


# Applicants --------------------------------------------------------------------------------


@api.route(
    "/vacancies/{vacancy_id}/applicants",
    "POST",
    idempotent=True,
    body="ApplicantCreate",
    response="Applicant",
    status=201,
    tags=("applicants",),
)
def create_applicant(req: Request, vacancy_id: str):
    """Add an application to a vacancy."""
    return applicants.create(req.recruiter, vacancy_id, req.body, req.now)


@api.route("/vacancies/{vacancy_id}/applicants", query="ApplicantQuery", response="ApplicantList", tags=("applicants",))
def list_vacancy_applicants(req: Request, vacancy_id: str):
    """A vacancy's applicants, optionally in one status."""
    return applicants.page_for_vacancy(req.recruiter, vacancy_id, req.query)


@api.route("/applicants", query="OrgApplicantQuery", response="ApplicantList", tags=("applicants",))
def list_applicants(req: Request):
    """The organisation's applicants; `?status=deleted` is the deleted-applications list;
    `?retention_due_before=YYYY-MM-DD` what the retention run will delete before that day."""
    return applicants.page_for_org(req.recruiter, req.query)


@api.route("/applicants/{applicant_id}", response="ApplicantDetail", tags=("applicants",))
def get_applicant(req: Request, applicant_id: str):
    """One applicant with their interviews and history."""
    return applicants.detail(req.recruiter, applicant_id)


@api.route("/applicants/{applicant_id}/history", query="HistoryQuery", response="HistoryList", tags=("applicants",))
def get_applicant_history(req: Request, applicant_id: str):
    """An applicant's history, newest first; `?cursor=` takes the detail's `history_next_cursor` to go further back."""
    return applicants.history_page(req.recruiter, applicant_id, req.query)


@api.route("/applicants/{applicant_id}", "PATCH", body="ApplicantPatch", response="Applicant", tags=("applicants",))
def patch_applicant(req: Request, applicant_id: str):
    """Change an applicant's personal fields."""
    return applicants.patch(req.recruiter, applicant_id, req.body, req.now)


@api.route("/applicants/{applicant_id}/hold", "POST", body="HoldRequest", response="Applicant", tags=("applicants",))
def place_legal_hold(req: Request, applicant_id: str):
    """Place a legal hold with a reason: the retention run keeps the applicant, and purge is refused, until released."""
    return retention.hold(req.recruiter, applicant_id, req.body, req.now)


@api.route("/applicants/{applicant_id}/hold", "DELETE", response="Applicant", tags=("applicants",))
def release_legal_hold(req: Request, applicant_id: str):
    """Release the legal hold: the retention date the policy gives applies again."""
    return retention.release(req.recruiter, applicant_id, req.now)


# Interviews --------------------------------------------------------------------------------


@api.route("/interviews/preview", "POST", body="InterviewCreate", response="InterviewPreview", tags=("interviews",))
def preview_interviews(req: Request):
    """What each applicant would get; nothing is stored or sent."""
    return invitations.preview(req.recruiter, req.body, req.now)


@api.route(
    "/interviews",
    "POST",
    idempotent=True,
    body="InterviewCreate",
    response="InterviewsCreated",
    status=201,
    tags=("interviews",),
)
def create_interviews(req: Request):
    """Invite applicants: one interview each, status `invited`, invitations sent unless `send_email` is false."""
    return invitations.create(req.recruiter, req.body, req.now)


@api.route("/interviews", query="InterviewQuery", response="InterviewList", tags=("interviews",))
def list_interviews(req: Request):
    """The Interviews page: interviews whose local start date lies in [from, to], soonest first.

    Each page is one bounded read (at most twice `limit` interviews, whatever the organisation's
    size), so with `vacancy_id` or `confirmation` a page may hold fewer than `limit` items, even
    none, and still have a `next_cursor`: follow it until it is null to see every match.
    """
    return interviews.page(req.recruiter, req.query)


@api.route("/interviews/{interview_id}", response="Interview", tags=("interviews",))
def get_interview(req: Request, interview_id: str):
    """One interview; its `version` goes in If-Match to guard a later change."""
    return interviews.get(req.recruiter, interview_id)


@api.route(
    "/interviews/{interview_id}", "PATCH", body="InterviewPatch", response="InterviewChanged", tags=("interviews",)
)
def change_interview(req: Request, interview_id: str):
    """Reschedule or edit; a new time resets the confirmation and recomputes the reminder."""
    return interviews.reschedule(req.recruiter, interview_id, req.body, req.now, req.header("if-match"))


@api.route(
    "/interviews/{interview_id}",
    "DELETE",
    query="CancelQuery",
    body="CancelRequest",
    body_required=False,
    response="InterviewChanged",
    tags=("interviews",),
)
def cancel_interview(req: Request, interview_id: str):
    """Cancel: no reminder goes, the answer link is gone; `?notify=true` (or `{"notify": true}`) tells the applicant."""
    notify = req.query.notify or bool(req.body_or_none and req.body_or_none.notify)
    return interviews.cancel(req.recruiter, interview_id, notify, req.now, req.header("if-match"))


@api.route(
    "/interviews/{interview_id}/resend",
    "POST",
    idempotent=True,
    response="InterviewChanged",
    tags=("interviews",),
)
def resend_invitation(req: Request, interview_id: str):
    """Send the invitation again, with the same answer link (after correcting a bounced address)."""
    return interviews.resend(req.recruiter, interview_id, req.now)


@api.route("/messages/{message}", response="MessageDelivery", tags=("delivery",))
def get_message(req: Request, message: str):
    """What became of one email or SMS the organisation sent: `message` is the `message_id` a sending route answered."""
    return deliveries.message(req.recruiter, message)


@api.route(
    "/interviews/{interview_id}/offer-slots",
    "POST",
    idempotent=True,
    body="OfferSlotsRequest",
    response="InterviewOffersCreated",
    status=201,
    tags=("interview offers",),
)
def offer_new_slots(req: Request, interview_id: str):
    """For an applicant who asked for a new time: slots to choose from; booking one cancels the old interview."""
    return interview_offers.offer_for_interview(req.recruiter, interview_id, req.body, req.now)


# Interview offers: the applicant picks their own time from the slots offered ---------------


@api.route(
    "/interview-offers",
    "POST",
    idempotent=True,
    body="InterviewOfferCreate",
    response="InterviewOffersCreated",
    status=201,
    tags=("interview offers",),
)
def create_interview_offers(req: Request):
    """Offer 2 to 20 slots: one offer per applicant, each emailed a link to choose their own time.

    Every check of POST /interviews applies to every slot. A slot fewer days away than the
    reminder's `days_before` is still offered (warning `reminder_too_close`) and, booked, gets
    no reminder. `capacity` places per slot are shared by all the applicants of this call.
    """
    return interview_offers.offer(req.recruiter, req.body, req.now)


@api.route("/interview-offers", query="InterviewOfferQuery", response="InterviewOfferList", tags=("interview offers",))
def list_interview_offers(req: Request):
    """The organisation's offers with each slot's places taken; `state` is open, booked, expired or declined."""
    return interview_offers.page(req.recruiter, req.query, req.now)


@api.route("/interview-offers/{offer_id}", response="InterviewOffer", tags=("interview offers",))
def get_interview_offer(req: Request, offer_id: str):
    """One offer with each slot's places taken."""
    return interview_offers.get(req.recruiter, offer_id, req.now)


@api.route(
    "/interview-offers/{offer_id}",
    "PATCH",
    body="InterviewOfferPatch",
    response="InterviewOfferChanged",
    tags=("interview offers",),
)
def change_interview_offer(req: Request, offer_id: str):
    """Add or withdraw slots (of every offer made with this one); `notify` emails those still choosing."""
    return interview_offers.change(req.recruiter, offer_id, req.body, req.now)


@api.route("/emails", "POST", idempotent=True, body="EmailRequest", response="EmailResults", tags=("applicants",))
def send_emails(req: Request):
    """Ad-hoc email to selected applicants."""
    return emails.send(req.recruiter, req.body, req.now)


# Calendar feeds: a recruiter's secret subscription to the organisation's interviews -----------

feeds = lazy_import("chalicelib.services.feeds")


@api.route("/calendar-feeds", "POST", response="CalendarFeedCreated", status=201, tags=("calendar feeds",))
def create_calendar_feed(req: Request):
    """A secret subscription URL serving the organisation's interviews from 30 days ago on (text/calendar)."""
    return feeds.create(req.recruiter.org, req.recruiter.user_id, req.now)


@api.route("/calendar-feeds", response="CalendarFeedList", tags=("calendar feeds",))
def list_calendar_feeds(req: Request):
    """Your calendar feeds (their URLs are shown only when made)."""
    return feeds.page(req.recruiter.org, req.recruiter.user_id)


@api.route("/calendar-feeds/{feed_id}", "DELETE", status=204, tags=("calendar feeds",))
def delete_calendar_feed(req: Request, feed_id: str):
    """Revoke a calendar feed: its URL stops working at once."""
    return feeds.delete(req.recruiter.org, req.recruiter.user_id, feed_id)


@api.route("/calendar/{token}", public=True, text="text/calendar", tags=("calendar feeds",))
def calendar_feed(req: Request, token: str):
    """The feed a calendar app subscribes to: names, vacancy, time, place and meeting link; no contact details."""
    return Text(feeds.calendar(token, req.now), "text/calendar; charset=utf-8")


# The applicant's answer (public, no login) ---------------------------------------------------

FORM = ["*/*"]  # a browser's form, either encoding, or JSON; anything else is a 400 page


@api.route("/confirm/{token}", public=True, html=True, tags=("answer",))
def answer_page(req: Request, token: str):
    """The answer page in the applicant's language. A GET never changes anything."""
    return answers.show(token, req.now)


@api.route("/confirm/{token}", "POST", public=True, html=True, content_types=FORM, tags=("answer",))
def answer_invitation(req: Request, token: str):
    """Record the applicant's answer: accept, decline, reschedule or withdraw; on an offer's link, `slot` (the
    start as offered) books that time, and `answer` is `reschedule` (none fits: contact me) or `withdraw`."""
    form = req.form()
    return answers.answer(token, form.get("answer"), req.now, slot=form.get("slot"))


# Recruitment actions and employees --------------------------------------------------------


@api.route(
    "/applicants/actions",
    "POST",
    idempotent=True,
    body="RecruitmentAction",
    response="RecruitmentActionResults",
    tags=("applicants",),
)
def act_on_applicants(req: Request):
    """Withdraw, delete, restore, purge, reject, save, send an offer to, hire or transfer applicants."""
    return actions.perform(req.recruiter, req.body, req.now)


@api.route("/employees", query="Page", response="EmployeeList", tags=("employees",))
def list_employees(req: Request):
    """The organisation's employees (hired applicants), most recently hired first."""
    return employees.page(req.recruiter, req.query)


# Rating panels: send for rating; reviewers rate through a personal link (public) ------------


@api.route(
    "/rating-panels",
    "POST",
    idempotent=True,
    body="RatingPanelCreate",
    response="RatingPanel",
    status=201,
    tags=("rating panels",),
)
def create_rating_panel(req: Request):
    """Send applicants for rating: each reviewer is emailed a personal link to rate them 1-7 stars."""
    return panels.create(req.recruiter, req.body, req.now)


@api.route("/rating-panels", query="Page", response="RatingPanelList", tags=("rating panels",))
def list_rating_panels(req: Request):
    """The organisation's rating panels, newest first."""
    return panels.page(req.recruiter, req.query, req.now)


@api.route("/rating-panels/{panel_id}", response="RatingPanel", tags=("rating panels",))
def get_rating_panel(req: Request, panel_id: str):
    """One rating panel, with each reviewer's status."""
    return panels.get(req.recruiter, panel_id, req.now)


@api.route("/rating-panels/{panel_id}/close", "POST", response="RatingPanel", tags=("rating panels",))
def close_rating_panel(req: Request, panel_id: str):
    """Close a panel now: the reviewers' links stop working."""
    return panels.close(req.recruiter, panel_id, req.now)


@api.route(
    "/rate/{token}",
    public=True,
    html=True,
    tags=("rating page",),
    error_page=lambda req, error: rating_pages.failure_page(error),
)
def rating_page(req: Request, token: str):
    """The reviewer's rating page: the candidates' names and application texts. A GET never changes anything."""
    return rating_pages.show(token, req.now)


@api.route(
    "/rate/{token}",
    "POST",
    public=True,
    html=True,
    content_types=FORM,
    form="RatingForm",
    tags=("rating page",),
    error_page=lambda req, error: rating_pages.failure_page(error),
)
def rate_candidates(req: Request, token: str):
    """Save the reviewer's ratings (1-7 stars and a comment per candidate); changeable until the panel closes."""
    return rating_pages.submit(token, req.form(), req.now)


# Profile access: save & send access; the applicant's own page (public) ----------------------


@api.route(
    "/applicants/{applicant_id}/access",
    "POST",
    idempotent=True,
    body="ProfileAccessRequest",
    response="ProfileAccess",
    status=201,
    tags=("applicants",),
)
def send_profile_access(req: Request, applicant_id: str):
    """Email the applicant a personal link to see, correct or ask to delete their stored data."""
    return profiles.send(req.recruiter, applicant_id, req.body, req.now)


@api.route(
    "/profile/{token}",
    public=True,
    html=True,
    tags=("profile page",),
    error_page=lambda req, error: profiles.failure_page(error),
)
def profile_page(req: Request, token: str):
    """The applicant's stored data, with forms to correct it or ask to be deleted. A GET never changes anything."""
    return profiles.show(token, req.now)


@api.route(
    "/profile/{token}",
    "POST",
    public=True,
    html=True,
    content_types=FORM,
    form="ProfileForm",
    tags=("profile page",),
    error_page=lambda req, error: profiles.failure_page(error),
)
def change_profile(req: Request, token: str):
    """`intent=correct`: save the applicant's corrections; `intent=delete`: record their deletion request."""
    return profiles.submit(token, req.form(), req.now)


# Documents: CVs and attachments in S3 through presigned uploads ----------------------------

documents = lazy_import("chalicelib.services.documents")


@api.route(
    "/applicants/{applicant_id}/documents",
    "POST",
    body="DocumentCreate",
    response="DocumentCreated",
    status=201,
    tags=("documents",),
)
def create_document(req: Request, applicant_id: str):
    """Announce an upload: a pending document and a presigned POST that S3 holds to its type and size."""
    return documents.create(req.recruiter, applicant_id, req.body, req.now)


@api.route("/applicants/{applicant_id}/documents", query="Page", response="DocumentList", tags=("documents",))
def list_documents(req: Request, applicant_id: str):
    """The applicant's documents, oldest first."""
    return documents.page(req.recruiter, applicant_id, req.query, req.now)


@api.route("/applicants/{applicant_id}/documents/{document_id}", response="Document", tags=("documents",))
def get_document(req: Request, applicant_id: str, document_id: str):
    """One document; once uploaded, with a download link that works for a few minutes."""
    return documents.get(req.recruiter, applicant_id, document_id, req.now)


@api.route("/applicants/{applicant_id}/documents/{document_id}", "DELETE", status=204, tags=("documents",))
def delete_document(req: Request, applicant_id: str, document_id: str):
    """Delete the document and its file."""
    return documents.delete(req.recruiter, applicant_id, document_id, req.now)


# Employment contracts ----------------------------------------------------------------------

contracts = lazy_import("chalicelib.services.contracts")


@api.route(
    "/applicants/{applicant_id}/contract",
    "POST",
    idempotent=True,
    body="ContractRequest",
    response="ContractSent",
    status=201,
    tags=("documents",),
)
def send_contract(req: Request, applicant_id: str):
    """Make the employment contract PDF, store it as the applicant's document and email it to them."""
    return contracts.send(req.recruiter, applicant_id, req.body, req.now)


# Forward CV: an email about an applicant to anyone, optionally anonymised ------------------

forwarding = lazy_import("chalicelib.services.forwarding")


@api.route(
    "/applicants/{applicant_id}/forward",
    "POST",
    idempotent=True,
    body="ForwardRequest",
    response="ForwardResult",
    tags=("documents",),
)
def forward_applicant(req: Request, applicant_id: str):
    """Email the applicant's summary, CV and attachments to anyone; optionally anonymised or without attachments."""
    return forwarding.forward(req.recruiter, applicant_id, req.body, req.now)


# Letters: PDFs to print and post -----------------------------------------------------------

letters = lazy_import("chalicelib.services.letters")


@api.route(
    "/applicants/{applicant_id}/letters/{kind}",
    query="LetterQuery",
    binary="application/pdf",
    tags=("documents",),
)
def print_letter(req: Request, applicant_id: str, kind: str):
    """The `received` or `rejected` letter as a PDF, in the applicant's language (send Accept: application/pdf)."""
    return letters.letter(req.recruiter, applicant_id, kind, req.query, req.now)


# The organisation: its settings (admins only) and today's budgets ---------------------------

organisations = lazy_import("chalicelib.services.organisations")


@api.route("/organisation", response="OrganisationSettings", tags=("organisation",))
def get_organisation(req: Request):
    """The organisation's settings, its daily budgets and what it sent today (admins only)."""
    return organisations.settings(req.recruiter, req.now)


@api.route("/organisation", "PATCH", body="OrganisationPatch", response="OrganisationSettings", tags=("organisation",))
def change_organisation(req: Request):
    """Change the organisation's name, address, sender domains, reply-to and defaults (admins only)."""
    return organisations.update(req.recruiter, req.body, req.now)


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
