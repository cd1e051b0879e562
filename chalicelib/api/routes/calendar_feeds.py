"""Recruiters' calendar feeds (.ics subscriptions)."""

from __future__ import annotations

from chalicelib.api.web import Request, Routes, Text
from chalicelib.lazy import lazy_import

feeds = lazy_import("chalicelib.services.feeds")

routes = Routes()


@routes.route("/calendar-feeds", "POST", response="CalendarFeedCreated", status=201, tags=("calendar feeds",))
def create_calendar_feed(req: Request):
    """A secret subscription URL serving the organisation's interviews from 30 days ago on (text/calendar)."""
    return feeds.create(req.recruiter.org, req.recruiter.user_id, req.now)


@routes.route("/calendar-feeds", response="CalendarFeedList", tags=("calendar feeds",))
def list_calendar_feeds(req: Request):
    """Your calendar feeds (their URLs are shown only when made)."""
    return feeds.page(req.recruiter.org, req.recruiter.user_id)


@routes.route("/calendar-feeds/{feed_id}", "DELETE", status=204, tags=("calendar feeds",))
def delete_calendar_feed(req: Request, feed_id: str):
    """Revoke a calendar feed: its URL stops working at once."""
    return feeds.delete(req.recruiter.org, req.recruiter.user_id, feed_id)


@routes.route("/calendar/{token}", public=True, text="text/calendar", tags=("calendar feeds",))
def calendar_feed(req: Request, token: str):
    """The feed a calendar app subscribes to: names, vacancy, time, place and meeting link; no contact details."""
    return Text(feeds.calendar(token, req.now), "text/calendar; charset=utf-8")
