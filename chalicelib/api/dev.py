"""Routes that exist only under the local runner and the tests (never in a deployed stage)."""

from __future__ import annotations

from chalicelib.api.web import Api, Html, Request


def register(api: Api) -> None:
    @api.route("/dev/token", "POST", body="DevTokenRequest", public=True, tags=("dev",))
    def dev_token(req: Request) -> dict:
        """A bearer token for the given claims, signed with the development key."""
        from chalicelib.api.auth import default_dev_claims
        from chalicelib.api.auth import dev_token as make_token

        data = req.body
        claims = default_dev_claims(**data.model_dump(exclude_unset=False, exclude_none=True, mode="json"))
        return {"token": make_token(claims, req.now)}

    @api.route("/dev/outbox", public=True, tags=("dev",))
    def dev_outbox(req: Request) -> dict:
        """Every email and SMS the embedded AWS has sent, oldest first."""
        from chalicelib.notify import outbox

        return outbox.read()

    @api.route("/dev/outbox.html", public=True, html=True, tags=("dev",))
    def dev_outbox_html(req: Request) -> Html:
        """The outbox as a page for people."""
        from chalicelib.notify import outbox
        from chalicelib.templating import render_page

        return Html(render_page("dev/outbox.html", outbox=outbox.read()))

    @api.route("/dev/reminders/run", "POST", body="DevRemindersRun", body_required=False, public=True, tags=("dev",))
    def dev_reminders_run(req: Request) -> dict:
        """Run the reminder job as the 08:00 UTC schedule would at `at`."""
        from chalicelib.services import reminders

        data = req.body if (req.raw.raw_body or b"").strip() else None
        at = data.at if data and data.at else req.now
        return reminders.run_locally(at)
