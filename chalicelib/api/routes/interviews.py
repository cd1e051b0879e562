"""Interviews: invitations, the calendar, changes, cancellations, resends, deliveries."""

from __future__ import annotations

from chalicelib.api.web import Request, Routes
from chalicelib.lazy import lazy_import

deliveries = lazy_import("chalicelib.services.deliveries")
interview_offers = lazy_import("chalicelib.services.interview_offers")
interviews = lazy_import("chalicelib.services.interviews")
invitations = lazy_import("chalicelib.services.invitations")

routes = Routes()


@routes.route("/interviews/preview", "POST", body="InterviewCreate", response="InterviewPreview", tags=("interviews",))
def preview_interviews(req: Request):
    """What each applicant would get; nothing is stored or sent."""
    return invitations.preview(req.recruiter, req.body, req.now)


@routes.route(
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


@routes.route("/interviews", query="InterviewQuery", response="InterviewList", tags=("interviews",))
def list_interviews(req: Request):
    """The Interviews page: interviews whose local start date lies in [from, to], soonest first.

    Each page is one bounded read (at most twice `limit` interviews, whatever the organisation's
    size), so with `vacancy_id` or `confirmation` a page may hold fewer than `limit` items, even
    none, and still have a `next_cursor`: follow it until it is null to see every match.
    """
    return interviews.page(req.recruiter, req.query)


@routes.route("/interviews/{interview_id}", response="Interview", tags=("interviews",))
def get_interview(req: Request, interview_id: str):
    """One interview; its `version` goes in If-Match to guard a later change."""
    return interviews.get(req.recruiter, interview_id)


@routes.route(
    "/interviews/{interview_id}", "PATCH", body="InterviewPatch", response="InterviewChanged", tags=("interviews",)
)
def change_interview(req: Request, interview_id: str):
    """Reschedule or edit; a new time resets the confirmation and recomputes the reminder."""
    return interviews.reschedule(req.recruiter, interview_id, req.body, req.now, req.header("if-match"))


@routes.route(
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


@routes.route(
    "/interviews/{interview_id}/resend",
    "POST",
    idempotent=True,
    response="InterviewChanged",
    tags=("interviews",),
)
def resend_invitation(req: Request, interview_id: str):
    """Send the invitation again, with the same answer link (after correcting a bounced address)."""
    return interviews.resend(req.recruiter, interview_id, req.now)


@routes.route("/messages/{message}", response="MessageDelivery", tags=("delivery",))
def get_message(req: Request, message: str):
    """What became of one email or SMS the organisation sent: `message` is the `message_id` a sending route answered."""
    return deliveries.message(req.recruiter, message)


@routes.route(
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
