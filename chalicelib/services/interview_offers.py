"""Interview offers: the recruiter offers slots, each applicant picks their own time through their link.

Offering checks every slot as POST /interviews checks its start (and the rest of the body by
POST /interviews' own `plan`). Booking takes a place with one conditional write and then makes
the interview through `invitations.create`, the very function behind POST /interviews, with the
confirmation `accepted`: whatever an invitation does, a booking does too. If that fails, the
place is given back.

A slot too close for the offer's reminder (fewer days away than `days_before`) is still offered,
with a `reminder_too_close` warning, and is booked without a reminder: the reminder rule is
applied as on the day of booking, never by sending a reminder too late.
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from typing import Any

from chalicelib import config, contract, observability
from chalicelib.domain import cursors, tags
from chalicelib.domain.actors import Recruiter
from chalicelib.domain.errors import ConflictError, InvalidInputError, RendezvousError
from chalicelib.domain.ids import new_id
from chalicelib.domain.links import public_url
from chalicelib.domain.schedule import local
from chalicelib.domain.slots import Slot, offer_state, open_slots, reminder_fits, slot_instants, wall_clock
from chalicelib.domain.tokens import new_token
from chalicelib.services.pages import Page
from chalicelib.store import interview_offers as store

TEMPLATE_FIELDS = ("type", "attendees", "timezone", "duration_minutes", "location", "invitation", "reminder")
SLOT_TAGS = ("date", "time")  # the applicant chooses the time: these mean nothing in an offer
ANSWERS = ("reschedule", "withdraw")


# Views -------------------------------------------------------------------------------------


def as_slot(item: Any) -> Slot:
    return Slot(
        key=item.offer_key,
        start_utc=item.start_utc,
        local_start=item.local_start,
        capacity=int(item.capacity),
        taken=int(item.taken or 0),
        withdrawn=bool(item.withdrawn),
    )


def view(offer: Any, slots: list[Slot], now: datetime) -> contract.InterviewOffer:
    duration = timedelta(minutes=int(offer.template["duration_minutes"]))
    timezone = offer.template["timezone"]
    booked = next((slot for slot in slots if slot.key == offer.booked_slot), None)
    return contract.InterviewOffer(
        id=offer.offer_id,
        applicant_id=offer.applicant_id,
        applicant_name=offer.applicant_name,
        vacancy_id=offer.vacancy_id,
        vacancy_title=offer.vacancy_title,
        type=offer.template["type"],
        timezone=timezone,
        duration_minutes=int(offer.template["duration_minutes"]),
        location=offer.template.get("location"),
        state=offer_state(offer.state, offer.respond_by, slots, now),
        answer=offer.answer,
        slots=[
            contract.OfferedSlot(
                start=local(slot.start_utc, timezone),
                end=local(slot.start_utc + duration, timezone),
                local_start=slot.local_start,
                capacity=slot.capacity,
                taken=slot.taken,
                open=slot.is_open(now),
                withdrawn=slot.withdrawn,
            )
            for slot in slots
        ],
        respond_by=local(offer.respond_by, timezone) if offer.respond_by else None,
        booked_start=local(booked.start_utc, timezone) if booked else None,
        interview_id=offer.interview_id,
        replaces=offer.replaces,
        invitation_status=offer.invitation_status,
        version=int(offer.version or 1),
        created_at=offer.created_at,
        updated_at=offer.updated_at,
    )


def slots_of(offer: Any, consistent: bool = True) -> list[Slot]:
    return [as_slot(item) for item in store.slots(offer.org, offer.batch_id, consistent)]


# Offering ----------------------------------------------------------------------------------


def interview_body(template: dict[str, Any], applicant_ids: list[str], start: str) -> contract.InterviewCreate:
    """The POST /interviews body that a slot of this offer stands for."""
    return contract.InterviewCreate.model_validate({**template, "applicant_ids": applicant_ids, "start": start})


def check_offer_texts(invitation: contract.InvitationIn) -> None:
    errors = []
    for name in ("subject", "body"):
        text = getattr(invitation, name)
        variants = {"": text} if isinstance(text, str) else (text or {})
        for language, value in variants.items():
            used = [tag for tag in SLOT_TAGS if tags.has_tag(value, tag)]
            if used:
                where = f"invitation.{name}.{language}" if language else f"invitation.{name}"
                errors.append(
                    {
                        "field": where,
                        "message": "the applicant chooses the time: leave out "
                        + " and ".join("{" + tag + "}" for tag in used)
                        + "; the offered times are listed in the email",
                    }
                )
    if errors:
        raise InvalidInputError("The invitation has invalid fields: " + ", ".join(e["field"] for e in errors), errors)


def validate(
    recruiter: Recruiter, data: Any, template: dict[str, Any], applicant_ids: list[str], now: datetime
) -> tuple[Any, list[datetime], datetime | None, list[contract.OfferWarning]]:
    """Every check of POST /interviews, for every slot; returns its plan, the instants, respond_by, warnings."""
    from chalicelib.domain.schedule import to_instant
    from chalicelib.services import invitations

    if not template["invitation"].get("send_email", True):
        raise InvalidInputError.field(
            "invitation.send_email", "an offer is chosen through the link in its email: it must be sent"
        )
    timezone = template["timezone"]
    instants = slot_instants(data.slots, timezone, now)
    respond_by = to_instant(data.respond_by, timezone, field="respond_by") if data.respond_by else None
    if respond_by is not None and respond_by <= now:
        raise InvalidInputError.field("respond_by", "is in the past")
    reminder = contract.ReminderIn.model_validate(template["reminder"])
    # the reminder's own checks (days, SMS access, SMS length) as for an interview far enough away
    invitations.reminder_plan(reminder, timezone, max(instants) + timedelta(days=30), now, recruiter.sms)
    days = reminder.days_before if reminder.channel != "none" else None
    fitting = [instant for instant in instants if reminder_fits(instant, timezone, now, days)]
    probe_template = template if fitting else {**template, "reminder": {"channel": "none"}}
    probe = wall_clock(max(fitting or instants), timezone)
    checked = invitations.plan(recruiter, interview_body(probe_template, applicant_ids, probe), now)
    check_offer_texts(checked.data.invitation)
    warnings = [
        contract.OfferWarning(applicant_id=warning.applicant_id, code=warning.code, message=warning.message)
        for warning in checked.warnings
    ]
    for index, instant in enumerate(instants):
        if instant not in fitting:
            warnings.append(
                contract.OfferWarning(
                    slot=wall_clock(instant, timezone),
                    code="reminder_too_close",
                    message=f"slots.{index} is fewer than {days} days away: booked, it gets no reminder.",
                )
            )
    return checked, instants, respond_by, warnings


def offer(recruiter: Recruiter, data: contract.InterviewOfferCreate, now: datetime) -> contract.InterviewOffersCreated:
    template = data.model_dump(mode="json", by_alias=True, include=set(TEMPLATE_FIELDS))
    return _offer(recruiter, data, template, data.applicant_ids, data.capacity, None, now)


def offer_for_interview(
    recruiter: Recruiter, interview_id: str, data: contract.OfferSlotsRequest, now: datetime
) -> contract.InterviewOffersCreated:
    """Slots for an applicant who asked for a new time; booking one cancels (with notice) the old interview."""
    from chalicelib.store import interviews

    interview = interviews.get(recruiter.org, interview_id)
    if interview.cancelled or interview.confirmation != "reschedule_requested":
        raise ConflictError("Slots are offered for an interview whose applicant asked for a new time.")
    reminder = {
        key: value
        for key, value in (interview.reminder or {}).items()
        if key in contract.ReminderIn.model_fields and value is not None
    }
    template = {
        "type": interview.type,
        "attendees": list(interview.attendees or []),
        "timezone": interview.timezone,
        "duration_minutes": int(interview.duration_minutes),
        "location": interview.location,
        "invitation": data.invitation.model_dump(mode="json", by_alias=True),
        "reminder": reminder or {"channel": "none"},
    }
    # SMS access is checked when a recruiter chooses an SMS channel, not when the interview's reminder carries over
    recruiter = Recruiter(recruiter.user_id, recruiter.org, recruiter.name, recruiter.email, True, recruiter.admin)
    return _offer(recruiter, data, template, [interview.applicant_id], 1, interview_id, now)


def _offer(
    recruiter: Recruiter,
    data: Any,
    template: dict[str, Any],
    applicant_ids: list[str],
    capacity: int,
    replaces: str | None,
    now: datetime,
) -> contract.InterviewOffersCreated:
    from chalicelib.services import organisations

    checked, instants, respond_by, warnings = validate(recruiter, data, template, applicant_ids, now)
    timezone = template["timezone"]
    batch_id = new_id("bat", now)
    slot_items = [
        store.new_slot(recruiter.org, batch_id, instant, wall_clock(instant, timezone), capacity)
        for instant in sorted(instants)
    ]
    offers, tokens = [], {}
    for applicant in checked.applicants:
        token, token_hash = new_token()
        item = store.new_offer(
            recruiter.org,
            new_id("ofr", now),
            max(instants),
            batch_id=batch_id,
            applicant_id=applicant.applicant_id,
            applicant_name=f"{applicant.first_name} {applicant.last_name}",
            applicant_language=applicant.language,
            vacancy_id=applicant.vacancy_id,
            vacancy_title=checked.vacancy_titles.get(applicant.vacancy_id, ""),
            template=template,
            sms_allowed=recruiter.sms,
            state="open",
            respond_by=respond_by,
            replaces=replaces,
            answer_links=[token_hash],
            invitation_status="not_sent",
            created_at=now,
            updated_at=now,
            created_by=recruiter.user_id,
        )
        offers.append((item, token_hash))
        tokens[item.offer_id] = (token, applicant)
    send = bool(checked.data.invitation.send_email)
    if send:
        organisations.spend(recruiter.org, now, emails=len(offers))
    store.create(slot_items, offers, max(instants))
    slots = [as_slot(item) for item in slot_items]
    for item, _ in offers:
        token, applicant = tokens[item.offer_id]
        if send:
            store.set_invitation_status(item, email_offer(item, applicant, checked, slots, token, now, warnings))
        observability.count("InterviewOffers")
    return contract.InterviewOffersCreated(offers=[view(item, slots, now) for item, _ in offers], warnings=warnings)


def email_offer(
    offer: Any,
    applicant: Any,
    checked: Any,
    slots: list[Slot],
    token: str,
    now: datetime,
    warnings: list[contract.OfferWarning],
    subject: Any = None,
    body: Any = None,
) -> str:
    """The offer email: the recruiter's text, then the open slots in the applicant's language and the link."""
    from botocore.exceptions import BotoCoreError, ClientError

    from chalicelib.domain.languages import pick
    from chalicelib.domain.localize import format_date, format_time, tag_values
    from chalicelib.domain.tags import CONFIRM_LINK, has_tag
    from chalicelib.notify import email
    from chalicelib.notify.compose import render_layout
    from chalicelib.notify.email import Email
    from chalicelib.services import deliveries, organisations
    from chalicelib.services.invitations import email_undeliverable
    from chalicelib.templating import texts

    language = applicant.language
    catalog = texts(language)
    invitation = checked.data.invitation
    link = public_url("answer", token)
    values = tag_values(checked.facts(applicant), catalog, link)
    timezone = checked.data.timezone
    starts = [local(slot.start_utc, timezone) for slot in open_slots(slots, now)]
    times = [f"{format_date(start, language)} {format_time(start, language)}" for start in starts]
    details = [
        (catalog["labels"]["vacancy"], values["vacancy"]),
        (catalog["labels"]["type"], values["interviewtype"]),
        (catalog["labels"]["duration"], values["duration"]),
        (catalog["labels"]["location"], values["location"]),
        *((catalog["offer_email"]["times"], time) for time in times),
    ]
    text_subject = pick(subject or invitation.subject, language) or ""
    text_body = pick(body or invitation.body, language) or ""
    append = checked.include_link and not has_tag(text_body, CONFIRM_LINK)
    sender, reply_to = organisations.sender_or_default(offer.org, str(invitation.from_) if invitation.from_ else None)
    rendered = render_layout(
        language,
        text_subject,
        text_body,
        values,
        details,
        link if append else None,
        link_sentence=catalog["offer_email"]["sentence"],
        link_button=catalog["offer_email"]["button"],
    )
    message = Email(
        to=applicant.email,
        sender=sender,
        subject=rendered.subject,
        text=rendered.text,
        html=rendered.html,
        purpose="invitation",
    )
    message.reply_to = reply_to
    if email_undeliverable(applicant):
        warnings.append(
            contract.OfferWarning(
                applicant_id=applicant.applicant_id,
                code="undeliverable",
                message="The applicant's email address bounced or complained: the offer was made but not emailed. "
                "Correct the address on the applicant first.",
            )
        )
        return "failed"
    try:
        message_id = email.send(message, org=offer.org)
    except (ClientError, BotoCoreError) as exc:
        warnings.append(
            contract.OfferWarning(
                applicant_id=applicant.applicant_id,
                code="email_failed",
                message=f"The offer email could not be sent ({exc}); the offer was still made.",
            )
        )
        return "failed"
    deliveries.track(offer.org, message_id, "slot_offer", now, applicant_id=applicant.applicant_id)
    return "sent"


# The recruiter's views and changes ---------------------------------------------------------


def get(recruiter: Recruiter, offer_id: str, now: datetime) -> contract.InterviewOffer:
    item = store.get(recruiter.org, offer_id)
    return view(item, slots_of(item, consistent=False), now)


def page(recruiter: Recruiter, query: contract.InterviewOfferQuery, now: datetime) -> contract.InterviewOfferList:
    scope = f"interview-offers:{query.vacancy_id or ''}:{query.state or ''}"
    secret = config.cursor_secret()
    start = cursors.decode(secret, recruiter.org, scope, query.cursor)
    items, position = store.page(recruiter.org, query.vacancy_id, query.limit, start)
    batches = store.slots_of_batches(recruiter.org, {item.batch_id for item in items})
    views = [view(item, [as_slot(slot) for slot in batches[item.batch_id]], now) for item in items]
    if query.state:
        views = [each for each in views if each.state == query.state]
    return contract.InterviewOfferList(items=views, next_cursor=cursors.encode(secret, recruiter.org, scope, position))


def change(
    recruiter: Recruiter, offer_id: str, data: contract.InterviewOfferPatch, now: datetime
) -> contract.InterviewOfferChanged:
    """Add or withdraw starts of the offer's batch; `notify` emails the applicants still choosing."""
    from chalicelib.domain.schedule import to_instant
    from chalicelib.services import invitations

    item = store.get(recruiter.org, offer_id, consistent=True)
    timezone = item.template["timezone"]
    current = {slot.start_utc: slot for slot in store.slots(item.org, item.batch_id)}
    added = slot_instants(data.add_slots, timezone, now, field="add_slots")
    removed = []
    for index, start in enumerate(data.remove_slots):
        instant = to_instant(start, timezone, field=f"remove_slots.{index}")
        if instant not in current:
            raise InvalidInputError.field(f"remove_slots.{index}", "is not a slot of this offer")
        removed.append(current[instant])
    warnings: list[contract.OfferWarning] = []
    reminder = item.template.get("reminder") or {}
    days = reminder.get("days_before") if reminder.get("channel", "none") != "none" else None
    capacity = max((int(slot.capacity) for slot in current.values()), default=1)
    new_items = []
    for instant in added:
        if instant in current and not current[instant].withdrawn:
            continue
        if not reminder_fits(instant, timezone, now, days):
            warnings.append(
                contract.OfferWarning(
                    slot=wall_clock(instant, timezone),
                    code="reminder_too_close",
                    message=f"fewer than {days} days away: booked, it gets no reminder.",
                )
            )
        new_items.append(store.new_slot(item.org, item.batch_id, instant, wall_clock(instant, timezone), capacity))
    store.withdraw_slots(removed)
    store.add_slots(new_items)
    if new_items:
        last = max([*current, *(slot.start_utc for slot in new_items)])
        store.extend(store.offers_of_batch(item.org, item.batch_id), last)
    slots = slots_of(item)
    if data.notify and new_items:
        from chalicelib.services import organisations

        waiting = [
            other
            for other in store.offers_of_batch(item.org, item.batch_id)
            if offer_state(other.state, other.respond_by, slots, now) == "open"
        ]
        if waiting:
            organisations.spend(recruiter.org, now, emails=len(waiting))
        for other in waiting:
            template = {**other.template, "reminder": {"channel": "none"}}
            body = interview_body(template, [other.applicant_id], slots_open_start(slots, now, timezone))
            try:
                checked = invitations.plan(Recruiter(recruiter.user_id, recruiter.org, "", "", True), body, now)
            except RendezvousError as exc:  # withdrawn or rejected meanwhile: not told
                warnings.append(
                    contract.OfferWarning(applicant_id=other.applicant_id, code="not_notified", message=str(exc))
                )
                continue
            token, token_hash = new_token()
            store.add_link(other, token_hash)
            applicant = checked.applicants[0]
            catalog_subject = {language: texts_of(language)["subject"] for language in ("en", applicant.language)}
            catalog_body = {language: texts_of(language)["body"] for language in ("en", applicant.language)}
            email_offer(other, applicant, checked, slots, token, now, warnings, catalog_subject, catalog_body)
    store.reload(item)
    return contract.InterviewOfferChanged(**view(item, slots, now).model_dump(), warnings=warnings)


def slots_open_start(slots: list[Slot], now: datetime, timezone: str) -> str:
    chosen = open_slots(slots, now) or slots
    return wall_clock(chosen[-1].start_utc, timezone)


def texts_of(language: str) -> dict[str, str]:
    from chalicelib.templating import texts

    return texts(language)["new_slots_email"]


# The applicant's page ----------------------------------------------------------------------


def find_by_link(link: Any) -> Any | None:
    return store.find(link.org, link.offer_id)


def show(link: Any, now: datetime) -> Page:
    item = find_by_link(link)
    if item is None:
        return refusal("not_found", 404)
    return choice_page(item, slots_of(item), now)


def choice_page(item: Any, slots: list[Slot], now: datetime, status: int = 200, problem: str | None = None) -> Page:
    from chalicelib.services.pages import page

    language = item.applicant_language
    state = offer_state(item.state, item.respond_by, slots, now)
    booked = next((slot for slot in slots if slot.key == item.booked_slot), None)
    choosable = state == "open" or (state == "booked" and changeable(item, booked, now))
    timezone = item.template["timezone"]
    choices = [
        {"value": slot.local_start, "label": when(slot, timezone, language)}
        for slot in open_slots(slots, now)
        if slot.key != item.booked_slot
    ]
    problem_text = None
    if problem:
        from chalicelib.templating import texts

        problem_text = texts(language)["offer_page"]["errors"][problem]
    return page(
        "offer.html",
        status,
        language,
        section="offer_page",
        interview=offer_details(item, language),
        state=state,
        booked=when(booked, timezone, language) if booked else None,
        choices=choices if choosable else [],
        answers=ANSWERS if state in ("open", "expired", "booked") else (),
        closed=(state == "expired" and item.respond_by is not None and item.respond_by <= now),
        declined=item.answer if state == "declined" else None,
        problem=problem_text,
        org=item.org,
    )


def when(slot: Slot, timezone: str, language: str) -> str:
    from chalicelib.domain.localize import format_date, format_time

    start = local(slot.start_utc, timezone)
    return f"{format_date(start, language)} {format_time(start, language)}"


def refusal(key: str, status: int, language: str = "en") -> Page:
    from chalicelib.services.pages import problem_page

    return problem_page(key, status, language, section="offer_page")


def done_page(item: Any, slots: list[Slot], outcome: str, now: datetime) -> Page:
    from chalicelib.services.pages import page

    language = item.applicant_language
    booked = next((slot for slot in slots if slot.key == item.booked_slot), None)
    return page(
        "offer_done.html",
        200,
        language,
        section="offer_page",
        interview=offer_details(item, language),
        outcome=outcome,
        booked=when(booked, item.template["timezone"], language) if booked and outcome == "booked" else None,
        org=item.org,
    )


def answer(link: Any, token_hash: str, form: dict[str, str], now: datetime) -> Page:
    """POST on the offer's link: `slot=<start as offered>` books (or changes to) it; `answer=` declines."""
    from chalicelib.services.pages import too_many_page
    from chalicelib.store.links import count_change

    item = find_by_link(link)
    if item is None:
        return refusal("not_found", 404)
    language = item.applicant_language
    chosen, given = (form.get("slot") or "").strip(), (form.get("answer") or "").strip()
    if chosen in ANSWERS:  # the page's one group of radios: a time, or one of the other answers
        chosen, given = "", chosen
    elif chosen and not given:
        given = "slot"
    if given not in (*ANSWERS, "slot") or (given == "slot" and not chosen):
        return refusal("bad_answer", 400, language)
    if item.state == "declined":
        return refusal("closed", 409, language)
    if not count_change("answer", token_hash, now, link.changes_hour):
        return too_many_page(language, now)
    if given == "slot":
        return book(item, chosen, now)
    return decline(item, given, now)


def book(item: Any, chosen: str, now: datetime) -> Page:
    """Take a place in the chosen slot, then make the interview as POST /interviews does."""
    from chalicelib.services import interviews, invitations

    for _attempt in range(3):
        slots = slots_of(item)
        state = offer_state(item.state, item.respond_by, slots, now)
        previous = next((slot for slot in slots if slot.key == item.booked_slot), None)
        if previous is not None and previous.local_start == chosen:
            return done_page(item, slots, "booked", now)  # the same choice again changes nothing
        if state == "expired":
            return choice_page(item, slots, now, 409, "gone")
        if state == "booked" and not changeable(item, previous, now):
            return refusal("locked", 409, item.applicant_language)
        slot = next((each for each in open_slots(slots, now) if each.local_start == chosen), None)
        if slot is None:
            return choice_page(item, slots, now, 409, "taken")
        outcome = store.take(item, slot.key, previous.key if previous else None, now)
        if outcome == "full":
            observability.count("SlotTaken")
            return choice_page(item, slots_of(item), now, 409, "taken")
        if outcome == "stale":
            item = store.get(item.org, item.offer_id, consistent=True)
            continue
        break
    else:
        return refusal("busy", 409, item.applicant_language)
    recruiter = Recruiter(item.created_by, item.org, "", "", bool(item.sms_allowed))
    template = booking_template(item, slot, now)
    try:
        created = invitations.create(
            recruiter, interview_body(template, [item.applicant_id], slot.local_start), now, confirmation="accepted"
        )
    except RendezvousError as exc:  # the applicant may no longer be invited, or a budget is used up
        store.undo_take(item, slot.key, previous.key if previous else None, now)
        store.reload(item)
        observability.count("SlotBookingsFailed")
        if isinstance(exc, ConflictError):
            return refusal("closed", 409, item.applicant_language)
        return choice_page(item, slots_of(item), now, 409, "busy")
    replaced = item.interview_id or item.replaces  # the slot changed from, or the interview slots were offered for
    store.set_interview(item, created.interviews[0].id, now)
    if replaced:
        with contextlib.suppress(RendezvousError):  # purged meanwhile: nothing left to cancel
            interviews.cancel(recruiter, replaced, True, now)
    store.reload(item)
    observability.count("SlotBookings")
    return done_page(item, slots_of(item), "booked", now)


def changeable(item: Any, booked: Slot | None, now: datetime) -> bool:
    """A booking may change until the interview's own rules stop it: started, cancelled or withdrawn."""
    from chalicelib.store import interviews

    if booked is None or booked.start_utc <= now:
        return False
    if item.interview_id is None:
        return False  # booked a moment ago and the interview is still being made
    interview = interviews.find(item.org, item.interview_id, item.applicant_id)
    return interview is not None and not interview.cancelled and interview.confirmation != "not_applicable"


def booking_template(item: Any, slot: Slot, now: datetime) -> dict[str, Any]:
    """The offer's interview body for this slot: the booking email in the applicant's language, no answer
    link (their offer link stays theirs), and no reminder where the slot is too close for it."""
    from chalicelib.templating import texts

    template = dict(item.template)
    catalog = texts(item.applicant_language)["booked_email"]
    english = texts("en")["booked_email"]
    invitation = dict(template.get("invitation") or {})
    invitation.update(
        subject={"en": english["subject"], item.applicant_language: catalog["subject"]},
        body={"en": english["body"], item.applicant_language: catalog["body"]},
        include_confirm_link=False,
    )
    template["invitation"] = invitation
    reminder = template.get("reminder") or {}
    if reminder.get("channel", "none") != "none" and not reminder_fits(
        slot.start_utc, template["timezone"], now, reminder.get("days_before")
    ):
        template["reminder"] = {"channel": "none"}
    return template


def decline(item: Any, given: str, now: datetime) -> Page:
    """`reschedule`: none fits, contact me; `withdraw`: the application ends. A booked place is freed and
    its interview answered the same way (through the answer page's own rules)."""
    from chalicelib.services import confirmations
    from chalicelib.store import interviews

    slots = slots_of(item)
    booked = next((slot for slot in slots if slot.key == item.booked_slot), None)
    interview = interviews.find(item.org, item.interview_id, item.applicant_id) if item.interview_id else None
    if interview is not None and not interview.cancelled and interview.start_utc > now:
        outcome = confirmations.record(interview, given, now)
        if outcome == "applicant":
            return refusal("closed", 409, item.applicant_language)
    elif given == "withdraw" and not withdraw_applicant(item, now):
        return refusal("closed", 409, item.applicant_language)
    if not store.decline(item, given, now, booked.key if booked else None):
        return refusal("busy", 409, item.applicant_language)
    observability.count("Answers", kind=given)
    return done_page(item, slots, given, now)


def withdraw_applicant(item: Any, now: datetime) -> bool:
    from chalicelib.domain.history import history_event
    from chalicelib.domain.pipeline import APPLICANT_WITHDRAWABLE

    event = history_event(now, "applicant", "answered", offer_id=item.offer_id, answer="withdraw")
    return store.withdraw_applicant(item.org, item.applicant_id, item.vacancy_id, APPLICANT_WITHDRAWABLE, event, now)


def offer_details(item: Any, language: str) -> dict[str, Any]:
    """What the page says of the interview whatever time is chosen."""
    from chalicelib.domain.localize import format_duration
    from chalicelib.templating import texts

    catalog = texts(language)
    kind = item.template["type"]
    return {
        "name": item.applicant_name,
        "vacancy": item.vacancy_title,
        "type": catalog["interview_types"].get(kind, kind),
        "duration": format_duration(int(item.template["duration_minutes"]), language),
        "location": item.template.get("location") or catalog["no_location"],
        "labels": catalog["labels"],
    }
