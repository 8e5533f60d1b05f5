"""The job-development log: `/api/v1/employers/{employer_id}/contacts`.

Specialists, job developers and admins read and log contacts; seekers never do. A specialist logs
contacts under their own id and may name only seekers of their caseload; a job developer may name only
seekers who agreed to disclosure. Seekers named in a contact out of the caller's reach are reported as
unknown (422), the same as ids that do not exist. Each named seeker gets an audit row. Reading the log is
not a read of any seeker's record (it holds their ids only), so it is not audited.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from models import EmployerContact, Forbidden, Role
from service.deps import ContactLogger, Limit, Offset, Once, RecordPath, SessionDep, referenced_seekers
from service.errors import RESPONSES
from service.schemas import ContactCreate, Page, to_domain
from service.stores import audit, contacts, employers

router = APIRouter(prefix="/employers", tags=["job development"], responses=RESPONSES)


@router.post("/{employer_id}/contacts", status_code=201, response_model=EmployerContact, summary="Log a contact")
def log_contact(
    employer_id: RecordPath, body: ContactCreate, session: SessionDep, user: ContactLogger, once: Once
) -> Any:
    if (earlier := once.replay()) is not None:
        return earlier
    if user.role == Role.specialist and body.specialist_id != user.id:
        raise Forbidden("A specialist logs contacts under their own id; ask an admin to log one for someone else.")
    employers.get(session, employer_id)  # 404 for an unknown employer before the body's references
    referenced_seekers(session, user, body.seeker_ids)
    contact = contacts.create(session, employer_id, to_domain(body, EmployerContact, employer_id=employer_id))
    for seeker_id in contact.seeker_ids:
        audit.record(
            session, user.id, "create", seeker_id, f"employer contact {contact.id} with employer {employer_id}"
        )
    return once.remember(201, contact)


@router.get("/{employer_id}/contacts", response_model=Page[EmployerContact], summary="An employer's contact log")
def list_contacts(
    employer_id: RecordPath, session: SessionDep, user: ContactLogger, offset: Offset = 0, limit: Limit = 50
) -> Page[EmployerContact]:
    employers.get(session, employer_id)
    # One employer's log is short (a few contacts a month), so it is read whole and paged here.
    rows = contacts.list_for(session, employer_id)
    return Page[EmployerContact].of(rows[offset : offset + limit + 1], offset, limit)
