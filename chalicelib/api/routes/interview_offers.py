"""Interview offers (slots the applicant chooses from) and emails to applicants."""

from __future__ import annotations

from chalicelib.api.web import Request, Routes
from chalicelib.lazy import lazy_import

emails = lazy_import("chalicelib.services.emails")
interview_offers = lazy_import("chalicelib.services.interview_offers")

routes = Routes()


@routes.route(
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


@routes.route(
    "/interview-offers", query="InterviewOfferQuery", response="InterviewOfferList", tags=("interview offers",)
)
def list_interview_offers(req: Request):
    """The organisation's offers with each slot's places taken; `state` is open, booked, expired or declined."""
    return interview_offers.page(req.recruiter, req.query, req.now)


@routes.route("/interview-offers/{offer_id}", response="InterviewOffer", tags=("interview offers",))
def get_interview_offer(req: Request, offer_id: str):
    """One offer with each slot's places taken."""
    return interview_offers.get(req.recruiter, offer_id, req.now)


@routes.route(
    "/interview-offers/{offer_id}",
    "PATCH",
    body="InterviewOfferPatch",
    response="InterviewOfferChanged",
    tags=("interview offers",),
)
def change_interview_offer(req: Request, offer_id: str):
    """Add or withdraw slots (of every offer made with this one); `notify` emails those still choosing."""
    return interview_offers.change(req.recruiter, offer_id, req.body, req.now)


@routes.route("/emails", "POST", idempotent=True, body="EmailRequest", response="EmailResults", tags=("applicants",))
def send_emails(req: Request):
    """Ad-hoc email to selected applicants."""
    return emails.send(req.recruiter, req.body, req.now)
