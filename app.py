"""Routes, the schedule and the queue handlers. Each route: parse, call chalicelib, answer."""

from __future__ import annotations

from chalice import Chalice, Cron

from chalicelib import config, observability
from chalicelib.api import docs as api_docs
from chalicelib.api.web import Api, Request, Text
from chalicelib.lazy import lazy_import

vacancies = lazy_import("chalicelib.services.vacancies")
applicants = lazy_import("chalicelib.services.applicants")
reminders = lazy_import("chalicelib.services.reminders")
invitations = lazy_import("chalicelib.services.invitations")
interviews = lazy_import("chalicelib.services.interviews")
answers = lazy_import("chalicelib.services.answers")
emails = lazy_import("chalicelib.services.emails")

actions = lazy_import("chalicelib.services.actions")
employees = lazy_import("chalicelib.services.employees")

panels = lazy_import("chalicelib.services.panels")
rating_pages = lazy_import("chalicelib.services.rating_pages")
profiles = lazy_import("chalicelib.services.profiles")
pages = lazy_import("chalicelib.services.pages")

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


@api.route("/applicants", query="ApplicantQuery", response="ApplicantList", tags=("applicants",))
def list_applicants(req: Request):
    """The organisation's applicants; `?status=deleted` is the deleted-applications list."""
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
    """Record the applicant's answer: accept, decline, reschedule or withdraw."""
    return answers.answer(token, req.form().get("answer"), req.now)


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
        return reminders.enqueue_due(
            event.time,
            cursor=(raw.get("detail") or {}).get("cursor"),
            time_left=context.get_remaining_time_in_millis if context else None,
            hand_on=lambda cursor: reminders.invoke_again(context.function_name, raw, cursor) if context else None,
        )


@app.on_sqs_message(queue=config.reminder_queue_name(), batch_size=10, name="deliver_reminders")
def deliver_reminders(event):
    """Sends the reminders the schedule enqueued; answers which messages failed, to be retried."""
    context = event.context
    with observability.invocation(function="deliver_reminders"):
        return reminders.deliver(
            event.to_dict(),
            clock=reminders.wall_clock,
            time_left=context.get_remaining_time_in_millis if context else None,
        )


# Local stage only --------------------------------------------------------------------------

if config.dev_mode():
    from chalicelib.api import dev

    dev.register(api)

api.refuse_other_methods()
