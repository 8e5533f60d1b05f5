"""The job-development log: `/api/v1/employers/{employer_id}/contacts`.

Specialists, job developers and admins read and log contacts; seekers never do (service/access.py). A
contact is always made by the signed-in user: `specialist_id` may be left out or repeat the caller's own
id. The seekers a contact names must be ones the caller may name (a specialist: their caseload; a job
developer: seekers who agreed to disclosure); others are reported as unknown (422), the same as ids that do
not exist. Reading the log shows only the seeker ids the caller may know exist. Each named seeker gets an
audit row when the contact is logged.

A contact's next step with a due date is a follow-up (GET /me/follow-ups). It is done when the person who
logged it (or an admin) sends `PATCH .../contacts/{contact_id}` with `done_on`, or when that person logs their
next contact with the same employer on a later day (service/stores/contacts.py).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from models import EmployerContact, Forbidden, InvalidInput
from service import access
from service.deps import (
    ContactEditor,
    ContactLogger,
    ContactReader,
    Limit,
    Offset,
    Once,
    RecordPath,
    SessionDep,
    named_seekers,
)
from service.errors import RESPONSES
from service.schemas import ContactCreate, ContactDone, Page, to_domain
from service.stores import audit, contacts, employers, seekers

router = APIRouter(prefix="/employers", tags=["job development"], responses=RESPONSES)


@router.post("/{employer_id}/contacts", status_code=201, response_model=EmployerContact, summary="Log a contact")
def log_contact(
    employer_id: RecordPath, body: ContactCreate, session: SessionDep, user: ContactLogger, once: Once
) -> Any:
    if (earlier := once.replay()) is not None:
        return earlier
    employers.get(session, employer_id)  # 404 for an unknown employer before the body's references
    if body.specialist_id not in (None, user.id):
        raise InvalidInput(
            f"specialist_id: a contact is logged by the signed-in user (you are user {user.id}); leave "
            "specialist_id out, or send your own id."
        )
    named_seekers(session, user, body.seeker_ids)
    contact = contacts.create(
        session, employer_id, to_domain(body, EmployerContact, employer_id=employer_id, specialist_id=user.id)
    )
    for seeker_id in contact.seeker_ids:
        audit.record(
            session, user.id, "create", seeker_id, f"employer contact {contact.id} with employer {employer_id}"
        )
    return once.remember(201, contact)


@router.get("/{employer_id}/contacts", response_model=Page[EmployerContact], summary="An employer's contact log")
def list_contacts(
    employer_id: RecordPath, session: SessionDep, user: ContactReader, offset: Offset = 0, limit: Limit = 50
) -> Page[EmployerContact]:
    employers.get(session, employer_id)
    # One employer's log is short (a few contacts a month), so it is read whole and paged here.
    rows = contacts.list_for(session, employer_id)[offset : offset + limit + 1]
    named = {i for c in rows for i in c.seeker_ids}
    known = access.known_ids(user, seekers.by_ids(session, named))
    shown = [c.model_copy(update={"seeker_ids": [i for i in c.seeker_ids if i in known]}) for c in rows]
    return Page[EmployerContact].of(shown, offset, limit)


@router.patch(
    "/{employer_id}/contacts/{contact_id}", response_model=EmployerContact, summary="Mark a contact's follow-up done"
)
def mark_done(
    employer_id: RecordPath, contact_id: RecordPath, body: ContactDone, session: SessionDep, user: ContactEditor
) -> EmployerContact:
    employers.get(session, employer_id)
    contact = contacts.get(session, employer_id, contact_id)
    if not access.may_for_owner(user, "contact", access.Action.update, contact.specialist_id):
        raise Forbidden(f"Contact {contact_id} was logged by user {contact.specialist_id}; only they or an admin "
                        "may mark its follow-up done. Log your own contact with the employer instead.")
    done = contacts.mark_done(session, employer_id, contact_id, body.done_on)
    known = access.known_ids(user, seekers.by_ids(session, done.seeker_ids))
    return done.model_copy(update={"seeker_ids": [i for i in done.seeker_ids if i in known]})
