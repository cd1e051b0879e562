"""One PynamoDB model per table. Every key a recruiter can reach starts with the organisation.

Table names are read at import (PynamoDB needs them at class definition): the
tests set RENDEZVOUS_TABLE_PREFIX before importing the app.
"""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    DiscriminatorAttribute,
    JSONAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
    VersionAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from chalicelib import aws, config

aws.share_with_pynamodb()  # every table's connection on the one botocore session (chalicelib/aws.py)


def _meta(table: str) -> type:
    class Meta:
        table_name = f"{config.table_prefix()}-{table}"
        region = config.region()
        billing_mode = "PAY_PER_REQUEST"

    return Meta


def _index_meta(name: str) -> type:
    class Meta:
        index_name = name
        projection = AllProjection()

    return Meta


class Vacancy(Model):
    Meta = _meta("vacancies")

    org = UnicodeAttribute(hash_key=True)
    vacancy_id = UnicodeAttribute(range_key=True)
    title = UnicodeAttribute()
    department = UnicodeAttribute(null=True)
    location = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    created_by = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)


# The applicant's item collection ------------------------------------------------------------
#
# Everything that belongs to one applicant lives under one partition key, `<org>#<applicant_id>`,
# in the `applicant-items` table; PynamoDB's discriminator (`item_type`) tells the items apart. The
# sort keys are chosen so that one Query in descending order reads the applicant first, then their
# ratings, their interviews and their history, newest first (docs/data-model.md).

APPLICANT_ITEM = "~applicant"  # sorts after every other item of the collection ("~" is the last ASCII sign)
RATING_PREFIX = "rating#"  # after the interviews, before the applicant
INTERVIEW_PREFIX = "interview#"  # between the history and the ratings
HISTORY_PREFIX = "event#"  # first in key order: a backwards Query reads it last


def collection_key(org: str, applicant_id: str) -> str:
    return f"{org}#{applicant_id}"


class ApplicantItem(Model):
    """One item of an applicant's collection: the applicant, a rating, an interview or one event of their history."""

    Meta = _meta("applicant-items")

    applicant_key = UnicodeAttribute(hash_key=True)  # "<org>#<applicant_id>"
    item_key = UnicodeAttribute(range_key=True)  # APPLICANT_ITEM, "rating#...", "interview#<id>" or "event#<at>#..."
    item_type = DiscriminatorAttribute()


class ApplicantsByVacancy(GlobalSecondaryIndex["Applicant"]):
    """Applicants on a vacancy's list. Sparse: a deleted applicant is off the list."""

    Meta = _index_meta("by_vacancy")
    vacancy_listing = UnicodeAttribute(hash_key=True)
    applicant_id = UnicodeAttribute(range_key=True)


class ApplicantsByStatus(GlobalSecondaryIndex["Applicant"]):
    """An organisation's applicants in one status (the deleted-applications list)."""

    Meta = _index_meta("by_status")
    org_status = UnicodeAttribute(hash_key=True)
    applicant_id = UnicodeAttribute(range_key=True)


class ApplicantsByOrg(GlobalSecondaryIndex["Applicant"]):
    """Every applicant of an organisation, newest first. Only applicant items carry `applicant_org`."""

    Meta = _index_meta("by_org")
    applicant_org = UnicodeAttribute(hash_key=True)
    applicant_id = UnicodeAttribute(range_key=True)


class RetentionDue(GlobalSecondaryIndex["Applicant"]):
    """Sparse: only applicants with a retention date carry these keys (not the hired, not the held).

    `retention_due` is one of a few shards (`retention#<n>`); `retention_next_key` starts with the
    day the retention run must look at the applicant next (a renewal notice, else the deletion),
    so one Query per shard for keys up to today reads exactly what is due, missed days included.
    """

    Meta = _index_meta("retention_due")
    retention_due = UnicodeAttribute(hash_key=True)
    retention_next_key = UnicodeAttribute(range_key=True)


class RetentionByOrg(GlobalSecondaryIndex["Applicant"]):
    """An organisation's applicants by the day they will be deleted (`?retention_due_before=`). Sparse as above."""

    Meta = _index_meta("retention_by_org")
    retention_org = UnicodeAttribute(hash_key=True)
    retention_delete_key = UnicodeAttribute(range_key=True)


class Applicant(ApplicantItem, discriminator="applicant"):
    """One person's application to one vacancy: the head of their item collection."""

    org = UnicodeAttribute()
    applicant_id = UnicodeAttribute()
    vacancy_id = UnicodeAttribute()
    first_name = UnicodeAttribute()
    last_name = UnicodeAttribute()
    email = UnicodeAttribute()
    mobile = UnicodeAttribute(null=True)
    language = UnicodeAttribute(default="en")
    status = UnicodeAttribute(default="received")
    status_before_delete = UnicodeAttribute(null=True)
    rejection = MapAttribute(null=True)
    application_text = UnicodeAttribute(null=True)
    screening_answers = MapAttribute(null=True)
    rating = NumberAttribute(null=True)
    # Rating panels and profile access: the sum and count of the ratings (ADDed with each
    # rating, so the average needs no read of the ratings), the panels the applicant was
    # sent to and the SHA-256 of each profile link issued (both for purge), and the
    # applicant's own request to be deleted.
    rating_sum = NumberAttribute(null=True)
    rating_count = NumberAttribute(null=True)
    rating_panel_ids = UnicodeSetAttribute(null=True)
    profile_links = UnicodeSetAttribute(null=True)
    deletion_requested_at = UTCDateTimeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    version = VersionAttribute()
    expires_at = TTLAttribute(null=True)
    # Documents, letters and purge
    address = UnicodeAttribute(null=True)  # postal address, lines separated by newlines (letters)
    # The address that bounced for good or complained ({"address", "state", "reason", "at", "message_id"}):
    # nothing is emailed while the applicant's `email` is still that address.
    email_undeliverable = MapAttribute(null=True)
    purge_started_at = UTCDateTimeAttribute(null=True)  # documents are being erased: no restore any more
    # Retention (domain/retention.py): the facts it follows, the date and reason it leads to, and
    # the keys of its two sparse indexes (store/retention.py sets them, nowhere else).
    last_activity_at = UTCDateTimeAttribute(null=True)  # absent on applicants older than retention: created_at
    consent_at = UTCDateTimeAttribute(null=True)  # the applicant's last "keep my saved profile"
    renewal_notice_sent_at = UTCDateTimeAttribute(null=True)
    legal_hold = MapAttribute(null=True)  # {"reason", "by", "at"}
    delete_on = UnicodeAttribute(null=True)  # YYYY-MM-DD, UTC
    retention_reason = UnicodeAttribute(null=True)
    retention_purge = UnicodeAttribute(null=True)  # the retention run has begun deleting them, for this reason
    retention_due = UnicodeAttribute(null=True)
    retention_next_key = UnicodeAttribute(null=True)
    retention_org = UnicodeAttribute(null=True)
    retention_delete_key = UnicodeAttribute(null=True)

    vacancy_listing = UnicodeAttribute(null=True)
    org_status = UnicodeAttribute()
    applicant_org = UnicodeAttribute(null=True)
    by_vacancy = ApplicantsByVacancy()
    by_status = ApplicantsByStatus()
    by_org = ApplicantsByOrg()
    by_retention_due = RetentionDue()
    by_retention_org = RetentionByOrg()

    def __init__(
        self, org: str | None = None, applicant_id: str | None = None, _user_instantiated: bool = True, **attributes
    ) -> None:
        """`Applicant(org, applicant_id)` addresses the applicant item of that collection."""
        if org is not None and applicant_id is not None:
            attributes.update(
                org=org,
                applicant_id=applicant_id,
                applicant_key=collection_key(org, applicant_id),
                item_key=APPLICANT_ITEM,
            )
        super().__init__(_user_instantiated=_user_instantiated, **attributes)


class HistoryEvent(ApplicantItem, discriminator="event"):
    """One event of an applicant's history, an item of its own: the history can grow without bound."""

    entry = MapAttribute()  # {"at", "by", "event", ...details}, as GET /applicants/{id} shows it


class Employee(Model):
    Meta = _meta("employees")

    org = UnicodeAttribute(hash_key=True)
    employee_id = UnicodeAttribute(range_key=True)
    applicant_id = UnicodeAttribute()
    first_name = UnicodeAttribute()
    last_name = UnicodeAttribute()
    email = UnicodeAttribute()
    mobile = UnicodeAttribute(null=True)
    position = UnicodeAttribute()
    department = UnicodeAttribute()
    hired_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute(null=True)


class InterviewsByStart(GlobalSecondaryIndex["Interview"]):
    """The Interviews page: an organisation's interviews by local start date, then instant.

    Sparse: only interview items carry `calendar_key` (the applicant and their ratings carry `org` too)."""

    Meta = _index_meta("by_start")
    org = UnicodeAttribute(hash_key=True)
    calendar_key = UnicodeAttribute(range_key=True)


class InterviewsByActivity(GlobalSecondaryIndex["Interview"]):
    """The Interviews page filtered by activity: reads only that type's interviews."""

    Meta = _index_meta("by_activity")
    org_type = UnicodeAttribute(hash_key=True)
    calendar_key = UnicodeAttribute(range_key=True)


class RemindersDue(GlobalSecondaryIndex["Interview"]):
    """Sparse: only interviews whose reminder is scheduled and unsent carry these keys.

    `reminder_due_key` starts with `send_on`, so one query for keys up to today
    reads exactly the reminders that are due, missed days included.
    """

    Meta = _index_meta("reminders_due")
    reminder_due = UnicodeAttribute(hash_key=True)
    reminder_due_key = UnicodeAttribute(range_key=True)


class InterviewsById(GlobalSecondaryIndex["Interview"]):
    """An interview by its id alone (`/interviews/{id}`): `<org>#<interview_id>` to the whole item.

    Eventually consistent, like every index: a write after reading it stays conditional on the
    version read, and a read that must be current (the answer page, a delivery event) uses the
    applicant id it carries for a consistent GetItem instead."""

    Meta = _index_meta("by_interview")
    org_interview = UnicodeAttribute(hash_key=True)


def interview_item_key(interview_id: str) -> str:
    return f"{INTERVIEW_PREFIX}{interview_id}"


class Interview(ApplicantItem, discriminator="interview"):
    """One applicant's interview, carrying everything the calendar row and the answer page show.

    An item of the applicant's collection: (`<org>#<applicant_id>`, `interview#<interview_id>`),
    so the applicant's detail reads their interviews in its one Query."""

    org = UnicodeAttribute()
    interview_id = UnicodeAttribute()
    applicant_id = UnicodeAttribute()
    applicant_name = UnicodeAttribute()
    applicant_language = UnicodeAttribute(default="en")
    # The applicant's contact details, kept in step by PATCH /applicants, so that
    # the reminder job needs no read beyond the due-reminders index.
    applicant_first_name = UnicodeAttribute(null=True)
    applicant_last_name = UnicodeAttribute(null=True)
    applicant_email = UnicodeAttribute(null=True)
    applicant_mobile = UnicodeAttribute(null=True)
    vacancy_id = UnicodeAttribute()
    vacancy_title = UnicodeAttribute()
    type = UnicodeAttribute()
    start_utc = UTCDateTimeAttribute()
    local_start = UnicodeAttribute()  # wall-clock "YYYY-MM-DDTHH:MM" in `timezone`
    timezone = UnicodeAttribute()
    duration_minutes = NumberAttribute()
    location = UnicodeAttribute(null=True)
    meeting_url = UnicodeAttribute(null=True)  # an online meeting (https)
    phone_note = UnicodeAttribute(null=True)  # for a phone interview: who calls whom
    attendees = JSONAttribute(default=list)
    # The inviting recruiter (their token's email and name): ORGANIZER of the team's calendar
    # event, and whom the applicant's answers are reported to.
    organizer_email = UnicodeAttribute(null=True)
    organizer_name = UnicodeAttribute(null=True)
    confirmation = UnicodeAttribute(default="pending")
    cancelled = BooleanAttribute(default=False)
    sequence = NumberAttribute(default=0)
    # A group interview (several applicants invited together with type `group`): the interviewers
    # hold one calendar event for the group (UID `<group_id>.team@rendezvous`). `group_members` lists
    # every interview the invitation made (fixed at creation); one taken out of the group's event
    # loses its `group_id` but keeps the list. The group event's SEQUENCE is the sum of the members'
    # `group_sequence`: each change to the group's event adds one to the member that caused it.
    group_id = UnicodeAttribute(null=True)
    group_members = ListAttribute(of=UnicodeAttribute, null=True)
    group_applicants = ListAttribute(of=UnicodeAttribute, null=True)  # the applicant of each member, in order
    group_sequence = NumberAttribute(default=0)
    invitation = JSONAttribute(null=True)  # the recruiter's texts, kept for reschedule notices
    invitation_message_id = UnicodeAttribute(null=True)
    # Derives the invitation's answer link again (domain.tokens.derived_token), for a resend.
    invitation_link_nonce = UnicodeAttribute(null=True)
    # What became of the invitation and the reminder's email and SMS:
    # {"message_id", "state", "rank", "at", "reason"} (domain.delivery), raw maps so that a write
    # can be conditional on the message and the rank.
    invitation_delivery = MapAttribute(null=True)
    reminder_delivery = MapAttribute(null=True)
    reminder_sms_delivery = MapAttribute(null=True)
    # The applicant's address that bounced or complained (kept in step with the applicant's mark):
    # no email goes while `applicant_email` is still that address.
    undeliverable_email = UnicodeAttribute(null=True)
    answer_links = ListAttribute(of=UnicodeAttribute, default=list)  # SHA-256 of every link issued
    reminder = JSONAttribute(null=True)  # channel, days_before, send_on, status, texts
    reminder_sent_at = UTCDateTimeAttribute(null=True)
    reminder_claimed_until = UTCDateTimeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    created_by = UnicodeAttribute(null=True)
    version = VersionAttribute()
    expires_at = TTLAttribute(null=True)

    calendar_key = UnicodeAttribute()
    org_type = UnicodeAttribute()
    org_interview = UnicodeAttribute()  # "<org>#<interview_id>": by_interview
    reminder_due = UnicodeAttribute(null=True)
    reminder_due_key = UnicodeAttribute(null=True)
    by_start = InterviewsByStart()
    by_activity = InterviewsByActivity()
    by_interview = InterviewsById()
    reminders_due = RemindersDue()

    def __init__(
        self, org: str | None = None, interview_id: str | None = None, _user_instantiated: bool = True, **attributes
    ) -> None:
        """`Interview(org, interview_id, applicant_id=...)` addresses that interview in its applicant's collection."""
        if org is not None and interview_id is not None:
            attributes.update(org=org, interview_id=interview_id, org_interview=f"{org}#{interview_id}")
            if attributes.get("applicant_id"):
                attributes.update(
                    applicant_key=collection_key(org, attributes["applicant_id"]),
                    item_key=interview_item_key(interview_id),
                )
        super().__init__(_user_instantiated=_user_instantiated, **attributes)


class AttendanceByStart(GlobalSecondaryIndex["Attendance"]):
    """One attendee's interviews by start instant: the conflict check reads only the hours that can overlap."""

    Meta = _index_meta("by_start")
    attendee_key = UnicodeAttribute(hash_key=True)
    starts_at = UnicodeAttribute(range_key=True)


class Attendance(Model):
    """One attendee (by email) at one interview: DynamoDB cannot index inside the interview's
    `attendees` list, so each attendee gets this small item, kept in step by store.attendance.

    No applicant data: the interview id, and when it starts and ends.
    """

    Meta = _meta("interview-attendance")

    attendee_key = UnicodeAttribute(hash_key=True)  # "<org>#<attendee email, lower case>"
    interview_id = UnicodeAttribute(range_key=True)
    applicant_id = UnicodeAttribute(null=True)  # whose interview: its key in their collection (absent on older items)
    starts_at = UnicodeAttribute()  # UTC, "%Y-%m-%dT%H:%M:%SZ#<interview_id>"
    ends_at = UnicodeAttribute()  # UTC, "%Y-%m-%dT%H:%M:%SZ"
    expires_at = TTLAttribute(null=True)
    by_start = AttendanceByStart()


class FeedsByOwner(GlobalSecondaryIndex["CalendarFeed"]):
    """A recruiter's calendar feeds."""

    Meta = _index_meta("by_owner")
    owner_key = UnicodeAttribute(hash_key=True)
    feed_id = UnicodeAttribute(range_key=True)


class CalendarFeed(Model):
    """A recruiter's calendar subscription. Only the SHA-256 of its token is stored; deleting the
    item revokes it at once (the feed reads it with a consistent GetItem)."""

    Meta = _meta("calendar-feeds")

    token_hash = UnicodeAttribute(hash_key=True)
    org = UnicodeAttribute()
    feed_id = UnicodeAttribute()
    owner_key = UnicodeAttribute()  # "<org>#<user id>"
    created_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute(null=True)
    by_owner = FeedsByOwner()


class AnswerLink(Model):
    """An applicant's personal answer link. Only the SHA-256 of the token is stored."""

    Meta = _meta("answer-links")

    token_hash = UnicodeAttribute(hash_key=True)
    org = UnicodeAttribute()
    interview_id = UnicodeAttribute()
    applicant_id = UnicodeAttribute()
    valid_until = UTCDateTimeAttribute()
    expires_at = TTLAttribute()
    # changes made through the link in the hour `changes_hour` (at most store.links.CHANGES_PER_HOUR)
    changes_hour = UnicodeAttribute(null=True)
    changes = NumberAttribute(null=True)
    # set when the link opens an offer of slots (its `interview_id` then holds the offer's id)
    offer_id = UnicodeAttribute(null=True)


# Interview offers: slots an applicant picks their own time from ----------------------------
#
# One table, two kinds of item under the organisation: an offer per applicant (`offer#<id>`)
# and the places of each slot of one batch of offers (`slot#<batch_id>#<UTC start>`), shared
# by every applicant of that batch. A place is taken with a conditional ADD (`taken < capacity`).

OFFER_PREFIX = "offer#"
SLOT_PREFIX = "slot#"


class OfferItem(Model):
    Meta = _meta("interview-offers")

    org = UnicodeAttribute(hash_key=True)
    offer_key = UnicodeAttribute(range_key=True)
    item_type = DiscriminatorAttribute()


class InterviewOffer(OfferItem, discriminator="offer"):
    """One applicant's offer of slots; `template` is the POST /interviews body a booking completes."""

    offer_id = UnicodeAttribute()
    batch_id = UnicodeAttribute()
    applicant_id = UnicodeAttribute()
    applicant_name = UnicodeAttribute()
    applicant_language = UnicodeAttribute(default="en")
    vacancy_id = UnicodeAttribute()
    vacancy_title = UnicodeAttribute()
    template = JSONAttribute()  # type, attendees, timezone, duration, location, invitation, reminder
    sms_allowed = BooleanAttribute(default=False)  # the offering recruiter's SMS access, for the booking's checks
    state = UnicodeAttribute(default="open")  # open | booked | declined (expired is derived)
    answer = UnicodeAttribute(null=True)  # reschedule | withdraw, when declined
    booked_slot = UnicodeAttribute(null=True)  # the slot item's key
    interview_id = UnicodeAttribute(null=True)
    replaces = UnicodeAttribute(null=True)  # the interview whose applicant asked for a new time (offer-slots)
    invitation_status = UnicodeAttribute(null=True)  # sent | failed | not_sent
    respond_by = UTCDateTimeAttribute(null=True)
    answer_links = ListAttribute(of=UnicodeAttribute, default=list)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    created_by = UnicodeAttribute()
    version = VersionAttribute()
    expires_at = TTLAttribute(null=True)


class OfferSlot(OfferItem, discriminator="slot"):
    """One offered start and its places, shared by the offers of one batch."""

    batch_id = UnicodeAttribute()
    start_utc = UTCDateTimeAttribute()
    local_start = UnicodeAttribute()  # wall-clock "YYYY-MM-DDTHH:MM" in the offer's time zone, as offered
    capacity = NumberAttribute()
    taken = NumberAttribute(default=0)
    withdrawn = BooleanAttribute(default=False)
    expires_at = TTLAttribute(null=True)


# Documents ---------------------------------------------------------------------------------


class Document(Model):
    """One file about an applicant (a CV, another attachment, a contract we made), held in S3.

    The range key starts with the applicant, so one query reads an applicant's
    documents (their list, forwarding, purge) in order of creation.
    """

    Meta = _meta("documents")

    org = UnicodeAttribute(hash_key=True)
    document_key = UnicodeAttribute(range_key=True)  # "<applicant_id>#<document_id>"
    document_id = UnicodeAttribute()
    applicant_id = UnicodeAttribute()
    kind = UnicodeAttribute()  # cv | other | contract
    filename = UnicodeAttribute()  # as the recruiter named it
    content_type = UnicodeAttribute()
    size = NumberAttribute()  # declared; the stored object's real size once uploaded
    status = UnicodeAttribute()  # pending | uploaded | rejected | expired
    s3_key = UnicodeAttribute()
    upload_expires_at = UTCDateTimeAttribute(null=True)
    uploaded_at = UTCDateTimeAttribute(null=True)
    error = MapAttribute(null=True)  # {"field", "message"} of a rejected upload
    created_at = UTCDateTimeAttribute()
    created_by = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)


# Rating panels and profile access ----------------------------------------------------------


class RatingPanel(Model):
    """Applicants sent to reviewers for rating. Holds applicant ids only, never their personal data.

    `candidates` maps each applicant id to the vacancy they were sent for (a raw map, so
    purge can remove one applicant with `REMOVE candidates.<id>`); `rated_by` is the set
    of reviewers who saved ratings (ADDed with each submission).
    """

    Meta = _meta("rating-panels")

    org = UnicodeAttribute(hash_key=True)
    panel_id = UnicodeAttribute(range_key=True)
    candidates = MapAttribute(default=dict)
    reviewers = JSONAttribute(default=list)  # [{"id", "name", "email", "email_status"}]
    rated_by = UnicodeSetAttribute(null=True)
    message = UnicodeAttribute(null=True)
    sender = UnicodeAttribute()
    language = UnicodeAttribute(default="en")
    timezone = UnicodeAttribute(default="UTC")
    closes_at = UTCDateTimeAttribute()
    closed = BooleanAttribute(default=False)
    closed_at = UTCDateTimeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    created_by = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)


class RatingLink(Model):
    """A reviewer's personal rating link. Only the SHA-256 of the token is stored."""

    Meta = _meta("rating-links")

    token_hash = UnicodeAttribute(hash_key=True)
    org = UnicodeAttribute()
    panel_id = UnicodeAttribute()
    reviewer_id = UnicodeAttribute()
    valid_until = UTCDateTimeAttribute()
    expires_at = TTLAttribute()
    # changes made through the link in the hour `changes_hour` (at most store.links.CHANGES_PER_HOUR)
    changes_hour = UnicodeAttribute(null=True)
    changes = NumberAttribute(null=True)


class Rating(ApplicantItem, discriminator="rating"):
    """One reviewer's rating of one applicant on one panel: an item of the applicant's collection.

    Key: (`<org>#<applicant_id>`, `rating#<panel_id>#<reviewer_id>`), so the applicant's detail
    reads their ratings in the same Query as the applicant and the history.
    """

    org = UnicodeAttribute()
    applicant_id = UnicodeAttribute()
    vacancy_id = UnicodeAttribute()
    panel_id = UnicodeAttribute()
    reviewer_id = UnicodeAttribute()
    reviewer_name = UnicodeAttribute()
    stars = NumberAttribute()
    comment = UnicodeAttribute(null=True)
    rated_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    version = VersionAttribute()
    expires_at = TTLAttribute(null=True)


class ProfileLink(Model):
    """An applicant's personal link to their stored profile. Only the SHA-256 of the token is stored."""

    Meta = _meta("profile-links")

    token_hash = UnicodeAttribute(hash_key=True)
    org = UnicodeAttribute()
    applicant_id = UnicodeAttribute()
    valid_until = UTCDateTimeAttribute()
    expires_at = TTLAttribute()
    # changes made through the link in the hour `changes_hour` (at most store.links.CHANGES_PER_HOUR)
    changes_hour = UnicodeAttribute(null=True)
    changes = NumberAttribute(null=True)


class DeliveriesByApplicant(GlobalSecondaryIndex["Delivery"]):
    """Sparse: the messages about one applicant, so that purge leaves none of their ids behind."""

    Meta = _index_meta("by_applicant")
    applicant_key = UnicodeAttribute(hash_key=True)
    message_id = UnicodeAttribute(range_key=True)


class Delivery(Model):
    """One email or SMS we sent, by the id SES or SNS gave it: what it was, and what became of it.

    The key is the provider's message id, so a delivery event (which carries only that, the
    destination and our tags) finds its record with one GetItem. It holds ids, never an address.
    """

    Meta = _meta("deliveries")

    message_id = UnicodeAttribute(hash_key=True)
    org = UnicodeAttribute()
    channel = UnicodeAttribute()  # email | sms
    kind = UnicodeAttribute()  # domain.delivery.KINDS
    applicant_id = UnicodeAttribute(null=True)
    interview_id = UnicodeAttribute(null=True)
    panel_id = UnicodeAttribute(null=True)
    state = UnicodeAttribute()
    rank = NumberAttribute()
    applicant_key = UnicodeAttribute(null=True)  # "<org>#<applicant_id>", for purge
    by_applicant = DeliveriesByApplicant()
    at = UTCDateTimeAttribute()
    reason = UnicodeAttribute(null=True)
    sent_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute()


class Organisation(Model):
    """An organisation's own settings, written by its admins (PATCH /organisation)."""

    Meta = _meta("organisations")

    org = UnicodeAttribute(hash_key=True)
    name = UnicodeAttribute(null=True)
    postal_address = UnicodeAttribute(null=True)
    sender_domains = ListAttribute(of=UnicodeAttribute, null=True)
    reply_to = UnicodeAttribute(null=True)
    default_language = UnicodeAttribute(null=True)
    timezone = UnicodeAttribute(null=True)
    sms_sender_id = UnicodeAttribute(null=True)
    retention = MapAttribute(null=True)  # {"applications_months", "saved_profiles_months", "renewal_notice_days"}
    notify_on_accept = BooleanAttribute(null=True)  # the inviting recruiter hears of accepts too
    updated_at = UTCDateTimeAttribute(null=True)
    updated_by = UnicodeAttribute(null=True)


class OrganisationLimit(Model):
    """Daily email and SMS budgets an operator set for one organisation. The functions only read it."""

    Meta = _meta("organisation-limits")

    org = UnicodeAttribute(hash_key=True)
    daily_emails = NumberAttribute(null=True)
    daily_sms = NumberAttribute(null=True)


class DailyUsage(Model):
    """What an organisation sent on one UTC day, counted before sending."""

    Meta = _meta("usage")

    org = UnicodeAttribute(hash_key=True)
    day = UnicodeAttribute(range_key=True)  # YYYY-MM-DD, UTC
    emails = NumberAttribute(null=True)
    sms = NumberAttribute(null=True)
    expires_at = TTLAttribute(null=True)


class SendPace(Model):
    """The account's clock of send slots for one channel, shared by every reminder worker (each Lambda
    instance): a send takes the next slot with one atomic UpdateItem (chalicelib/store/pacing.py). It lives
    in the usage table, under a hash key no organisation can have, so it needs no table of its own."""

    Meta = _meta("usage")

    org = UnicodeAttribute(hash_key=True)  # always "#account"
    day = UnicodeAttribute(range_key=True)  # "pace#email", "pace#sms"
    next_slot = NumberAttribute(null=True)  # epoch seconds: when the next free slot falls
    expires_at = TTLAttribute(null=True)


class IdempotentRequest(Model):
    """A POST sent with an Idempotency-Key, and the answer it got: written by Powertools' idempotency
    utility (chalicelib/store/idempotency.py), declared here so the table is made like every other one.

    `data` holds the answer (status, headers, body) for 24 hours; it may name applicants, so the
    TTL on `expires_at` sweeps it.
    """

    Meta = _meta("idempotency")

    org = UnicodeAttribute(hash_key=True)
    request_key = UnicodeAttribute(range_key=True)  # Powertools' "<function>#<hash of method, path and key>"
    status = UnicodeAttribute()
    fingerprint = UnicodeAttribute(null=True)  # the hash of the body: the same key with another body is refused
    data = UnicodeAttribute(null=True)
    in_progress_expires_at = NumberAttribute(null=True)  # milliseconds; a crashed request frees its key then
    expires_at = TTLAttribute()


ALL_MODELS: tuple[type[Model], ...] = (
    Vacancy,
    ApplicantItem,
    Employee,
    Attendance,
    AnswerLink,
    OfferItem,
    CalendarFeed,
    Document,
    RatingPanel,
    RatingLink,
    ProfileLink,
    Delivery,
    Organisation,
    OrganisationLimit,
    DailyUsage,
    IdempotentRequest,
)
