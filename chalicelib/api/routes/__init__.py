"""The routes, one module per area, each collecting its own (`routes = Routes()`, as a Chalice blueprint
does); app.py includes them in this order, which is also the order of /openapi.json, and keeps the
schedule and the queue handlers."""

from chalicelib.api.routes import (
    actions,
    answers,
    applicants,
    calendar_feeds,
    contracts,
    documents,
    forwarding,
    interview_offers,
    interviews,
    letters,
    organisation,
    panels,
    profiles,
    vacancies,
)

AREAS = (
    vacancies,
    applicants,
    interviews,
    interview_offers,
    calendar_feeds,
    answers,
    actions,
    panels,
    profiles,
    documents,
    contracts,
    forwarding,
    letters,
    organisation,
)
