"""The applicant's answer page (public, no login)."""

from __future__ import annotations

from chalicelib.api.web import FORM, Request, Routes
from chalicelib.lazy import lazy_import

answers = lazy_import("chalicelib.services.answers")

routes = Routes()


@routes.route("/confirm/{token}", public=True, html=True, tags=("answer",))
def answer_page(req: Request, token: str):
    """The answer page in the applicant's language. A GET never changes anything."""
    return answers.show(token, req.now)


@routes.route("/confirm/{token}", "POST", public=True, html=True, content_types=FORM, tags=("answer",))
def answer_invitation(req: Request, token: str):
    """Record the applicant's answer: accept, decline, reschedule or withdraw; on an offer's link, `slot` (the
    start as offered) books that time, and `answer` is `reschedule` (none fits: contact me) or `withdraw`."""
    form = req.form()
    return answers.answer(token, form.get("answer"), req.now, slot=form.get("slot"))
