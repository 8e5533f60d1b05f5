"""The employment specialist's pages: the caseload, the week's visit plan, logging an employer contact, and a
seeker's page with their profile, suggestions and the judgment control.

Every page calls the API's own route functions (service/routes/) with the signed-in user, after the same role
check the API's dependency makes (service/access.py), so a page shows exactly what the API would answer and
writes the same audit rows; nothing here decides who may see what.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from matcher.adjustments import JUDGMENT_REACH
from models import ContactStage, EmployerContact, InvalidInput, JobSeeker, Judgment, Role, User
from models.fields import MAX_ID
from service import access
from service.access import Action
from service.deps import Ranking, reachable_seeker
from service.pages import forms
from service.pages.web import NAV, CsrfChecked, PageSession, PageUser, page_router, render
from service.ranking import RankingService
from service.routes import contacts as contact_routes
from service.routes import me as me_routes
from service.routes import planning as plan_routes
from service.routes import suggestions as suggestion_routes
from service.schemas import ContactCreate, JudgmentCreate
from service.stores import audit, employers, exposures, reactions, seekers
from service.stores.embeddings import bound_to
from service.suggestion_memo import memo_for

router = page_router()

# The specialist's menu; admins reach seekers' pages from anywhere they are named.
NAV[Role.specialist] += [("My caseload", "/caseload"), ("This week's visits", "/visit-plan"),
                         ("Log a contact", "/contacts/new"), ("Employers", "/employers")]

SUGGESTIONS_SHOWN = 10
# A judgment's weight as the specialist picks it, in words (the API takes any number from -1 to 1).
WEIGHTS = [("1", "Strong fit (+1)"), ("0.5", "Good fit (+0.5)"), ("0", "No view (0)"),
           ("-0.5", "Poor fit (-0.5)"), ("-1", "Very poor fit (-1)")]
STAGES = {
    ContactStage.introduced: "Introduced",
    ContactStage.learning_business: "Learning the business",
    ContactStage.discussing_candidate: "Discussing a candidate",
    ContactStage.hired_someone: "Hired someone",
    ContactStage.follow_along: "Follow-along",
}
CONTACT_LABELS = {
    "employer_id": "Employer", "on": "Date of the contact", "face_to_face": "Met in person",
    "person_met": "Person you met", "person_role": "Their role", "seeker_ids": "Job seekers",
    "stage": "Where the relationship is", "needs": "What the employer said it needs", "next_step": "Next step",
    "next_step_due": "Next step due by", "specialist_id": "Logged by",
}
JUDGMENT_LABELS = {"opening_id": "Opening", "weight": "How well it fits", "note": "Note"}
SeekerPath = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.get("/caseload")
def caseload(request: Request, user: PageUser, session: PageSession, logged: int | None = None) -> Response:
    """The specialist's caseload, most urgent first, with rapid-search flags and follow-ups due."""
    access.require_role(user, "caseload", Action.read)
    access.require_role(user, "follow_ups", Action.read)
    load = me_routes.caseload(session, user, request)
    steps = me_routes.follow_ups(session, user, today=None)
    names = {row.seeker_id: row.name for row in load.seekers}
    return render(request, "specialist/caseload.html", {
        "caseload": load, "follow_ups": steps, "names": names, "logged": logged,
        "flagged": sum(row.flagged for row in load.seekers),
    })


@router.get("/visit-plan")
def visit_plan(
    request: Request, user: PageUser, session: PageSession, ranking: Ranking,
    week: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    """This week's employer visits for the caseload, for whom and why (another week with ?week=)."""
    access.require_role(user, "own_visit_plan", Action.read)
    try:
        plan = plan_routes.my_plan(user, session, ranking, request, visits=None, week=week)
    except forms.FormError as error:
        forms.refused(session)
        return render(request, "specialist/visit_plan.html", {"plan": None, "week": week, "error": str(error)},
                      status_code=422)
    return render(request, "specialist/visit_plan.html", {"plan": plan, "week": week or "", "error": None})


@router.get("/contacts/new")
def contact_form(
    request: Request, user: PageUser, session: PageSession,
    employer_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    seeker_id: Annotated[list[int] | None, Query()] = None,
) -> Response:
    """The quick form for logging an employer contact (an employer or seekers may come filled in)."""
    access.require_role(user, "contact", Action.create)
    chosen = {"employer_id": str(employer_id or ""), "on": dt.date.today().isoformat(), "face_to_face": True,
              "seeker_ids": [str(i) for i in seeker_id or []], "stage": ContactStage.introduced.value}
    return _contact_page(request, session, user, chosen, {}, extra=seeker_id or [])


@router.post("/contacts/new")
def log_contact(request: Request, user: PageUser, session: PageSession, form: CsrfChecked) -> Response:
    """Logs the contact through the API's route, or shows the form again with each problem by its field."""
    access.require_role(user, "contact", Action.create)
    sent = forms.values(form, lists=("seeker_ids",), flags=("face_to_face",))
    employer_id = sent.pop("employer_id", None)
    errors: dict[str, list[str]] = {}
    if employer_id is None or not employer_id.isdigit() or not 1 <= int(employer_id) <= MAX_ID:
        errors["employer_id"] = ["Employer: choose the employer you met."]
    try:
        body = ContactCreate.model_validate(sent)
        if errors:
            raise InvalidInput(errors["employer_id"][0])
        contact = contact_routes.log_contact(int(employer_id), body, session, user, forms.no_key(session, user.id))
    except forms.FormError as error:
        forms.refused(session)
        errors = {**errors, **forms.problems(error, ContactCreate, CONTACT_LABELS)}
        chosen = {**sent, "employer_id": employer_id or "", "seeker_ids": sent.get("seeker_ids", [])}
        extra = [int(i) for i in chosen["seeker_ids"] if i.isdigit() and int(i) <= MAX_ID]
        return _contact_page(request, session, user, chosen, errors, extra=extra, status_code=422)
    assert isinstance(contact, EmployerContact)
    where = "/caseload" if user.role == Role.specialist else f"/employers/{contact.employer_id}"
    return RedirectResponse(f"{where}?logged={contact.id}", status_code=303)


def _contact_page(
    request: Request, session: Session, user: User, chosen: dict[str, Any], errors: dict[str, list[str]],
    *, extra: list[int], status_code: int = 200,
) -> Response:
    """The contact form with the employers to choose from and the seekers the caller may name and list."""
    offered = _nameable(session, user, extra)
    return render(request, "specialist/contact_form.html", {
        "employers": sorted(employers.all(session), key=lambda e: (e.name.casefold(), e.id)),
        "seekers": offered, "stages": STAGES, "chosen": chosen, "errors": errors,
    }, status_code=status_code)


def _nameable(session: Session, user: User, extra: list[int]) -> list[JobSeeker]:
    """Seekers the form offers: those the caller may both list and name (a specialist's caseload), plus the
    ids the caller came with (from a candidates list) that they may name. Each one shown gets an audit row."""
    listed: list[JobSeeker] = []
    if access.ever(user.role, "seeker", Action.list):
        only = user.id if user.role == Role.specialist else None
        listed = [s for s in seekers.list(session, specialist_id=only, active=True, limit=10_000)
                  if access.may(user, "seeker", Action.list, s)]
    known = {s.id for s in listed}
    listed += [s for s in seekers.by_ids(session, extra) if s.id not in known]
    shown = [s for s in listed if access.may(user, "seeker", Action.name, s)]
    for seeker in shown:
        audit.record(session, user.id, "list", seeker.id, "contact form")
    return sorted(shown, key=lambda s: (s.name.casefold(), s.id or 0))


@router.get("/seekers/{seeker_id}")
def seeker_page(
    seeker_id: SeekerPath, request: Request, user: PageUser, session: PageSession, ranking: Ranking,
    saved: int | None = None,
) -> Response:
    """A seeker's profile, suggestions and judgments, for their specialist (or an admin)."""
    return _seeker_page(request, user, session, ranking, seeker_id, {}, {}, saved=saved)


@router.post("/seekers/{seeker_id}/judgments")
def add_judgment(
    seeker_id: SeekerPath, request: Request, user: PageUser, session: PageSession, ranking: Ranking, form: CsrfChecked
) -> Response:
    """Records a judgment through the API's route, or shows the page again with the problems by their fields."""
    seeker = _judged(session, user, seeker_id)
    sent = forms.values(form)
    try:
        body = JudgmentCreate.model_validate(sent)
        judgment = suggestion_routes.add_judgment(seeker, body, session, user, forms.no_key(session, user.id))
    except forms.FormError as error:
        forms.refused(session)
        errors = forms.problems(error, JudgmentCreate, JUDGMENT_LABELS)
        return _seeker_page(request, user, session, ranking, seeker_id, sent, errors, status_code=422)
    assert isinstance(judgment, Judgment)
    return RedirectResponse(f"/seekers/{seeker_id}?saved={judgment.id}#judgment", status_code=303)


def _judged(session: Session, user: User, seeker_id: int) -> JobSeeker:
    """The seeker when the caller may judge for them: 403 for a role that never may, 404 out of reach."""
    access.require_role(user, "judgment", Action.create)
    return reachable_seeker(session, user, seeker_id, "judgment", Action.create)


def _seeker_page(
    request: Request, user: PageUser, session: Session, ranking: RankingService, seeker_id: int,
    chosen: dict[str, Any], errors: dict[str, list[str]], *, saved: int | None = None, status_code: int = 200,
) -> Response:
    if user.role == Role.seeker:
        # A seeker's own record has its own pages; anyone else's is unknown to them (404, as the API).
        reachable_seeker(session, user, seeker_id, "seeker", Action.read)
        return RedirectResponse("/", status_code=303)
    access.require_role(user, "seeker", Action.read)
    access.require_role(user, "judgment", Action.read)
    seeker = reachable_seeker(session, user, seeker_id, "seeker", Action.read)
    reachable_seeker(session, user, seeker_id, "judgment", Action.read)
    audit.record(session, user.id, "read", seeker.id, "seeker")
    rows = _suggestions_with_and_without_judgment(session, ranking, seeker, user)
    judgments = reactions.judgments_for(session, seeker.id)
    audit.record(session, user.id, "read", seeker.id, "judgments")
    band = ranking.settings.judgment_band
    titles = {row["s"].opening_id: f"{row['s'].title}, {row['s'].employer_name}" for row in rows}
    return render(request, "specialist/seeker.html", {
        "seeker": seeker, "rows": rows, "judgments": judgments, "titles": titles, "weights": WEIGHTS,
        "band": band, "reach": round(JUDGMENT_REACH * band, 3), "chosen": chosen, "errors": errors,
        "saved": saved, "moved": sum(row["moved"] for row in rows),
    }, status_code=status_code)


def _suggestions_with_and_without_judgment(
    session: Session, ranking: RankingService, seeker: JobSeeker, user: User
) -> list[dict[str, Any]]:
    """The seeker's suggestions as the API ranks them, each with its place and score without judgment.

    The list is ranked as GET /seekers/{id}/suggestions ranks it (written about the seeker, for staff), records
    what was shown and audits the read; the same ranking is then run with no judgments on the same exposure,
    to show that judgment only reorders near-ties: a place differs only where preference scores are within
    the judgment's reach.
    """
    # One index and one reading of who is shown what, for both rankings; lists whose inputs are unchanged since
    # the page was last shown come from service/suggestion_memo.py.
    index, snapshot = ranking.index(session), ranking.exposure(session)
    feedback, judgments = reactions.feedback_for(session, seeker.id), reactions.judgments_for(session, seeker.id)
    memo = memo_for(ranking)
    with bound_to(session):
        shown = memo.rank(seeker, index, judgments=judgments, feedback=feedback, limit=SUGGESTIONS_SHOWN,
                          settings=ranking.settings, voice="staff", exposure=snapshot)
        plain = memo.rank(seeker, index, judgments=(), feedback=feedback, limit=SUGGESTIONS_SHOWN,
                          settings=ranking.settings, voice="staff", exposure=snapshot)
    # As GET /seekers/{id}/suggestions: what is shown crowds the next lists, and the read is audited.
    exposures.record(session, seeker.id, [s.opening_id for s in shown])
    audit.record(session, user.id, "read", seeker.id, f"suggestions ({len(shown)})")
    place_without = {s.opening_id: i for i, s in enumerate(plain, start=1)}
    rows = []
    for place, s in enumerate(shown, start=1):
        without = place_without.get(s.opening_id)
        rows.append({"s": s, "place": place, "without": without, "judgment": s.components.get("judgment", 0.0),
                     "moved": without != place})
    return rows

