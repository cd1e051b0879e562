"""Routes that exist only under the local runner and the tests (never in a deployed stage)."""

from __future__ import annotations

from chalice import Response

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
        """Every email and SMS the embedded AWS has sent, oldest first (with their ids and send times)."""
        from chalicelib.notify import outbox
        from chalicelib.services import deliveries

        summary = outbox.read()
        known = deliveries.states([m["id"] for kind in ("emails", "sms") for m in summary[kind]])
        for kind in ("emails", "sms"):
            for message in summary[kind]:
                message["delivery"] = known.get(message["id"])
        return summary

    @api.route("/dev/outbox.html", public=True, html=True, tags=("dev",))
    def dev_outbox_html(req: Request) -> Html:
        """The outbox as a mail viewer: newest first, `?to=` filters by recipient, refreshes itself."""
        import secrets

        from chalicelib.notify import outbox
        from chalicelib.services import deliveries
        from chalicelib.templating import render_page

        recipient = (req.raw.query_params or {}).get("to", "")
        messages = outbox.read_messages()
        nonce = secrets.token_urlsafe(16)
        known = deliveries.states([message["id"] for message in messages])
        body = render_page(
            "dev/outbox.html",
            entries=outbox.timeline(messages, recipient),
            deliveries=known,
            # what the page shows of delivery; it reloads itself when this changes
            fingerprint=",".join(sorted(f"{key}:{value['state']}" for key, value in known.items())),
            total=len(messages),
            recipient=recipient,
            linkify=outbox.linkify,
            nonce=nonce,
        )
        return Html(
            body,
            headers={
                "Cache-Control": "no-store",
                "X-Content-Type-Options": "nosniff",
                "Content-Security-Policy": (
                    f"default-src 'none'; style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; "
                    "connect-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; "
                    "frame-ancestors 'none'"
                ),
            },
        )

    @api.route("/dev/outbox/{message_id}/html", public=True, tags=("dev",))
    def dev_outbox_email_html(req: Request, message_id: str) -> Html:
        """An email's HTML part, as the recipient's mail program shows it (framed by the outbox page)."""
        from chalicelib.notify import outbox

        raw = _raw_email(message_id)
        return Html(
            outbox.viewable_html(outbox.parse_raw(raw)["html"] or "<p>This email has no HTML part.</p>"),
            headers={
                "Cache-Control": "no-store",
                "X-Content-Type-Options": "nosniff",
                "X-Frame-Options": "SAMEORIGIN",
                # as in a mail program: the email's own inline styles, no scripts, nothing fetched
                "Content-Security-Policy": (
                    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"
                ),
            },
        )

    @api.route("/dev/outbox/{message_id}/attachments/{index}", public=True, tags=("dev",))
    def dev_outbox_attachment(req: Request, message_id: str, index: str) -> Response:
        """An email's attachment (the `index`th, from 0), to download."""
        from urllib.parse import quote

        from chalicelib.domain.errors import NotFoundError
        from chalicelib.notify import outbox

        found = outbox.attachment(_raw_email(message_id), int(index)) if index.isdigit() else None
        if found is None:
            raise NotFoundError(f"Email {message_id} has no attachment {index}.")
        filename, content_type, data = found
        body: bytes | str = data
        if content_type.startswith("text/"):  # an invite.ics: text, as Chalice sends it
            body, content_type = data.decode("utf-8", "replace"), f"{content_type}; charset=utf-8"
        elif content_type not in api.app.api.binary_types:  # Chalice hands bytes over only for these
            content_type = "application/octet-stream"
        ascii_name = filename.encode("ascii", "replace").decode().replace('"', "'").replace("?", "_")
        headers = {
            "Content-Type": content_type,
            "Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}",
            "Cache-Control": "no-store",
        }
        return Response(body=body, status_code=200, headers=headers)

    def _raw_email(message_id: str) -> bytes:
        from chalicelib.domain.errors import NotFoundError
        from chalicelib.notify import outbox

        raw = outbox.raw(message_id)
        if raw is None:
            raise NotFoundError(f"The outbox holds no email {message_id}.")
        return raw

    @api.route("/dev/reminders/run", "POST", body="DevRemindersRun", body_required=False, public=True, tags=("dev",))
    def dev_reminders_run(req: Request) -> dict:
        """Run the reminder job as the 08:00 UTC schedule would at `at`."""
        from chalicelib.services.reminders import local_drain

        data = req.body if (req.raw.raw_body or b"").strip() else None
        at = data.at if data and data.at else req.now
        return local_drain.run_locally(at)

    @api.route("/dev/retention/run", "POST", body="DevRetentionRun", body_required=False, public=True, tags=("dev",))
    def dev_retention_run(req: Request) -> dict:
        """Run the retention job as the 09:00 UTC schedule would at `at`."""
        from chalicelib.services import retention

        data = req.body if (req.raw.raw_body or b"").strip() else None
        at = data.at if data and data.at else req.now
        return retention.run_locally(at)
