"""The job developer's pages: employers with a fuzzy search, each employer's needs over time, contact log and
candidates, and adding an employer, which shows likely duplicates before anything is written.

As on the specialist's pages, each page calls the API's own route functions (service/routes/) after the role
check the API's dependency makes (service/access.py): the search forgives typos exactly as
`GET /employers?q=` does, the candidates are the API's (for a job developer, only seekers who said yes to
disclosure), and adding an employer goes through the API's duplicate check, its 409 becoming a confirm step.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from fastapi import Path, Query, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from models import Employer, Role, User
from models.fields import MAX_ID
from service import access
from service.access import Action
from service.deps import Ranking
from service.pages import forms
from service.pages.specialist import STAGES
from service.pages.web import NAV, CsrfChecked, PageSession, PageUser, page_router, render
from service.routes import candidates as candidate_routes
from service.routes import contacts as contact_routes
from service.routes import employers as employer_routes
from service.routes import needs as need_routes
from service.schemas import EmployerCreate
from service.stores import audit, seekers

router = page_router()

NAV[Role.job_developer] += [("Employers", "/employers"), ("Add an employer", "/employers/new"),
                            ("Log a contact", "/contacts/new")]
NAV[Role.admin] += [("Employers", "/employers"), ("Add an employer", "/employers/new")]

PER_PAGE = 25
CANDIDATES_SHOWN = 10
EMPLOYER_LABELS = {"name": "Name", "industry": "Industry", "lat": "Latitude", "lon": "Longitude",
                   "hiring_needs": "What it needs"}
EmployerId = Annotated[int, Path(ge=1, le=MAX_ID)]


@router.get("/employers")
def employer_list(
    request: Request, user: PageUser, session: PageSession,
    q: Annotated[str | None, Query(max_length=200)] = None,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    """Employers in id order, or those whose name is like `q` (typos forgiven), best match first."""
    access.require_role(user, "employer", Action.read)
    found = employer_routes.list_employers(session, user, offset=offset, limit=PER_PAGE, q=q)
    return render(request, "job_developer/employers.html", {
        "page": found, "q": q or "", "may_add": access.ever(user.role, "employer", Action.create),
    })


@router.get("/employers/new")
def new_employer(request: Request, user: PageUser, session: PageSession) -> Response:
    """The form for adding an employer."""
    access.require_role(user, "employer", Action.create)
    return _employer_form(request, {}, {}, [])


@router.post("/employers/new")
def add_employer(request: Request, user: PageUser, session: PageSession, form: CsrfChecked) -> Response:
    """Adds the employer through the API's route; a likely duplicate is shown first and needs confirming."""
    access.require_role(user, "employer", Action.create)
    sent = forms.values(form, flags=("confirm",))
    confirm = sent.pop("confirm")
    try:
        body = EmployerCreate.model_validate(_employer_body(sent))
        answer = employer_routes.create_employer(body, session, user, forms.no_key(session, user.id), confirm=confirm)
    except forms.FormError as error:
        forms.refused(session)
        errors = forms.problems(error, EmployerCreate, EMPLOYER_LABELS)
        return _employer_form(request, sent, errors, [], status_code=422)
    if isinstance(answer, JSONResponse):  # the API's 409: likely on record already, nothing was written
        found = json.loads(bytes(answer.body))
        return _employer_form(request, sent, {}, found["duplicates"], detail=found["detail"], status_code=409)
    assert isinstance(answer, Employer)
    return RedirectResponse(f"/employers/{answer.id}?added=1", status_code=303)


def _employer_body(sent: dict[str, Any]) -> dict[str, Any]:
    """The API's employer body from the form: one hiring need per line, a location from latitude and longitude."""
    body = {k: v for k, v in sent.items() if k in ("name", "industry")}
    if needs := sent.get("hiring_needs"):
        body["hiring_needs"] = [line.strip() for line in str(needs).splitlines() if line.strip()]
    if "lat" in sent or "lon" in sent:
        body["location"] = {"lat": sent.get("lat"), "lon": sent.get("lon")}
    return body


def _employer_form(
    request: Request, chosen: dict[str, Any], errors: dict[str, list[str]], duplicates: list[dict[str, Any]],
    *, detail: str | None = None, status_code: int = 200,
) -> Response:
    return render(request, "job_developer/employer_form.html", {
        "chosen": chosen, "errors": errors, "duplicates": duplicates, "detail": detail,
    }, status_code=status_code)


@router.get("/employers/{employer_id}")
def employer_page(
    employer_id: EmployerId, request: Request, user: PageUser, session: PageSession, ranking: Ranking,
    added: int | None = None, logged: int | None = None,
) -> Response:
    """One employer: what it is, what it said it needs over time, the contact log and the candidates."""
    access.require_role(user, "employer", Action.read)
    employer = employer_routes.read_employer(employer_id, session, user)
    for resource in ("needs", "contact", "candidates"):
        access.require_role(user, resource, Action.read)
    needs = need_routes.employer_needs(employer_id, session, user, request)
    log = contact_routes.list_contacts(employer_id, session, user, offset=0, limit=200).items
    found = candidate_routes.candidates(employer_id, session, user, ranking, limit=CANDIDATES_SHOWN)
    return render(request, "job_developer/employer.html", {
        "employer": employer, "needs": needs, "contacts": list(reversed(log)),
        "names": _names(session, user, {i for c in log for i in c.seeker_ids}), "candidates": found.candidates,
        "stages": STAGES, "added": added, "logged": logged, "today": dt.date.today(),
        "may_log": access.ever(user.role, "contact", Action.create),
        "is_specialist": user.role == Role.specialist,
    })


def _names(session: Session, user: User, ids: set[int]) -> dict[int, str]:
    """Names of the seekers in the contact log whose records the caller may read (a specialist's caseload; an
    admin's all), each shown with an audit row. Others stay "a job seeker": the API's log gives only ids."""
    shown = {s.id: s.name for s in seekers.by_ids(session, ids) if s.id is not None
             and access.may(user, "seeker", Action.read, s)}
    for seeker_id in shown:
        audit.record(session, user.id, "read", seeker_id, "named in an employer's contact log")
    return shown
