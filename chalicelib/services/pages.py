"""Public HTML pages reached through personal links: one shape (`Page`), rendered by the HTTP layer.

Every public page (the answer page, the rating page, the profile page) is described
here as a `Page`, and the HTTP layer (`api/web.py`) renders each with the same strict
Content-Security-Policy with a fresh nonce, no referrer (the token is in the URL), no caching (the pages show personal
data) and no framing. Each page family has its own wording section in
templates/i18n/<lang>.json (`page`, `rating_page`, `profile_page` ...).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chalicelib.templating import texts


@dataclass
class Page:
    """A public page as data: which template, in which language and wording section, with what.

    The HTTP layer renders it (`api/web.py`): a fresh nonce, the template, and the
    security headers every public page gets; `headers` adds to them (e.g. Retry-After).
    """

    template: str
    status: int
    language: str
    section: str = "page"
    context: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


def page(template: str, status: int, language: str, section: str = "page", **context: Any) -> Page:
    """`pages/<template>` with the wording of `section` in `language`; with `org=`, the page ends with
    that organisation's name and address."""
    org = context.pop("org", None)
    if org is not None:
        context["organisation"] = organisation_block(org)
    return Page(template, status, language, section, context)


def organisation_block(org: str) -> dict[str, Any] | None:
    """Who the applicant or reviewer is dealing with: the organisation's name and postal address."""
    from chalicelib.store import organisations

    settings = organisations.settings(org)
    if not settings["name"]:
        return None
    lines = [line.strip() for line in (settings["postal_address"] or "").splitlines() if line.strip()]
    return {"name": settings["name"], "address_lines": lines}


def problem_page(key: str, status: int, language: str = "en", section: str = "page") -> Page:
    """A friendly error page: the title and text of `<section>.errors.<key>`."""
    return page("problem.html", status, language, section, problem=texts(language)[section]["errors"][key])


def error_page(section: str, status: int, language: str = "en") -> Page:
    """The page for an error raised outside a page's own handling (a malformed form, the store failing)."""
    key = {404: "not_found", 410: "gone", 409: "busy", 503: "busy"}.get(status, "bad_request")
    return problem_page(key, status, language, section)


def too_many_page(language: str, now: Any) -> Page:
    """A link that made too many changes this hour: a 429 page, with Retry-After."""
    from chalicelib.store.links import seconds_until_next_hour

    refusal = problem_page("too_many", 429, language)
    refusal.headers["Retry-After"] = str(seconds_until_next_hour(now))
    return refusal


def visitor_language(accept_language: str | None) -> str:
    """The first of the browser's languages we speak (Accept-Language, by weight), else English."""
    from chalicelib.domain.languages import DEFAULT_LANGUAGE, LANGUAGES

    ranked = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        primary = tag.strip().lower().split("-")[0]
        primary = {"no": "nb", "nn": "nb"}.get(primary, primary)
        if primary in LANGUAGES and weight > 0:
            ranked.append((-weight, position, primary))
    return min(ranked)[2] if ranked else DEFAULT_LANGUAGE


def unexpected_page(accept_language: str | None) -> Page:
    """Our failure on a public page: a page in the visitor's language, with the pages' security headers."""
    return problem_page("unexpected", 500, visitor_language(accept_language))
