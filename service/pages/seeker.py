"""The job seeker's own pages: "Jobs for you" (suggestions they can react to) and "My preferences".

Both ask service/access.py as the API does: the page itself needs the seeker's role ("seeker_pages"), and
what it shows or changes goes through the seeker's own rules (suggestions read, feedback create, seeker read
and update) with the same audit rows as the API, written by the same functions.
"""

# No `from __future__ import annotations`: FastAPI reads the dependency types at runtime.
from typing import Annotated, Literal

from fastapi import Path, Query, Request
from fastapi.responses import Response
from pydantic import ValidationError

from models import Feedback, NotFound, Reaction, User
from models.fields import MAX_ID
from service.access import Action
from service.deps import Ranking
from service.pages import preferences_form
from service.pages.job_cards import card
from service.pages.web import (
    CsrfChecked,
    PageSession,
    allowed_page,
    error_page,
    page_router,
    page_seeker,
    redirect,
    require_fields,
)
from service.pages.web import render as render_page
from service.routes.suggestions import record_feedback, served
from service.stores import audit, openings, reactions, seekers

router = page_router()
SeekerUser = allowed_page("seeker_pages", Action.read)
SUGGESTIONS = 10  # a list a person can read through; the API allows up to 100
OpeningPath = Annotated[int, Path(ge=1, le=MAX_ID)]
SAID = {
    "not_for_me": "You said “Not for me” to {title}. We took it off your list.",
    "interested": "You said you are interested in {title}. Your employment specialist will see this.",
}


def _own_id(user: User) -> int:
    if user.seeker_id is None:  # a seeker user always has one; the store refuses to make one without
        raise NotFound("No seeker record belongs to this sign-in.")
    return user.seeker_id


@router.get("/jobs")
def jobs(
    request: Request,
    session: PageSession,
    user: SeekerUser,
    ranking: Ranking,
    said: Literal["not_for_me", "interested"] | None = None,
    job: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Response:
    seeker = page_seeker(session, user, _own_id(user), "suggestions", Action.read)
    found = served(session, ranking, user, seeker, SUGGESTIONS)
    liked = {f.opening_id for f in reactions.feedback_for(session, seeker.id) if f.reaction == Reaction.interested}
    settings = request.app.state.settings
    cards = [card(s, openings.get(session, s.opening_id), seeker.profile, settings, s.opening_id in liked)
             for s in found]
    message = None
    if said is not None and job is not None:
        try:
            message = SAID[said].format(title=openings.get(session, job).title)
        except NotFound:
            message = None
    return render_page(request, "jobs.html", {
        "title": "Jobs for you", "cards": cards, "message": message, "first_name": seeker.name.split(" ")[0],
        "has_profile": bool(seeker.profile.wanted_phrases()),
    })


@router.post("/jobs/{opening_id}/interested")
def interested(session: PageSession, user: SeekerUser, form: CsrfChecked, opening_id: OpeningPath,
               request: Request) -> Response:
    return _react(request, session, user, opening_id, Reaction.interested, None)


@router.post("/jobs/{opening_id}/not-for-me")
def not_for_me(session: PageSession, user: SeekerUser, form: CsrfChecked, opening_id: OpeningPath,
               request: Request) -> Response:
    reason = str(form.get("reason") or "").strip() or None
    return _react(request, session, user, opening_id, Reaction.not_for_me, reason)


def _react(request: Request, session: PageSession, user: User, opening_id: int, reaction: Reaction,
           reason: str | None) -> Response:
    seeker = page_seeker(session, user, _own_id(user), "feedback", Action.create)
    try:
        feedback = Feedback(seeker_id=seeker.id, opening_id=opening_id, reaction=reaction, reason=reason)
    except ValidationError as error:
        return error_page(request, 422, preferences_form.plain_reason_error(error), title="Please check")
    record_feedback(session, user, seeker, feedback)
    return redirect(f"/jobs?said={reaction.value}&job={opening_id}")


@router.get("/preferences")
def preferences(request: Request, session: PageSession, user: SeekerUser, saved: bool = False) -> Response:
    seeker = page_seeker(session, user, _own_id(user), "seeker", Action.read)
    audit.record(session, user.id, "read", seeker.id, "seeker")
    return render_page(request, "preferences.html", {
        "title": "My preferences", "values": preferences_form.values_of(seeker.profile), "errors": {},
        "saved": saved, "fields": preferences_form.FIELDS, "shifts": preferences_form.SHIFTS,
        "labels": preferences_form.LABELS,
    })


@router.post("/preferences")
def save_preferences(request: Request, session: PageSession, user: SeekerUser, form: CsrfChecked) -> Response:
    seeker = page_seeker(session, user, _own_id(user), "seeker", Action.update)
    values = preferences_form.values_from(form)
    require_fields(user, ["profile"])
    try:
        sent = preferences_form.changes_of(values)
        seekers.update(session, seeker.id, sent)
    except ValidationError as error:
        return render_page(request, "preferences.html", {
            "title": "My preferences", "values": values, "errors": preferences_form.errors_of(error),
            "saved": False, "fields": preferences_form.FIELDS, "shifts": preferences_form.SHIFTS,
        "labels": preferences_form.LABELS,
        }, status_code=422)
    audit.record(session, user.id, "update", seeker.id, f"changed {', '.join(sorted(sent))}")
    return redirect("/preferences?saved=true")
