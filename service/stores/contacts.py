"""The job-development log: contacts with employers. Every new contact moves the 'catalogue' counter,
because what an employer said it needs feeds the ranking."""

from __future__ import annotations

import builtins

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import EmployerContact, InvalidInput, Role
from service.db import begin_writing
from service.stores import counters
from service.stores._rows import flush, refuse_nul, require
from service.tables import ContactRow, EmployerRow, SeekerRow, UserRow


def create(s: Session, employer_id: int, contact: EmployerContact) -> EmployerContact:
    """The contact as stored for that employer, with its new id.

    InvalidInput when the employer, the user who made the contact or a named seeker does not exist, or
    when the user is a job seeker. A seeker named twice is kept once.
    """
    if contact.employer_id not in (None, employer_id):
        raise InvalidInput(f"employer_id: the contact names employer {contact.employer_id} but is being logged "
                           f"for employer {employer_id}; leave employer_id out of the body.")
    values = contact.model_dump(mode="json", exclude={"id"})
    values.update(employer_id=employer_id, seeker_ids=builtins.list(dict.fromkeys(contact.seeker_ids)))
    contact = EmployerContact.model_validate(values)  # model_copy skips checks, so check again
    refuse_nul(values)
    begin_writing(s)
    require(s, EmployerRow, employer_id, "employer_id", "employer", "create the employer first")
    _check_user(s, contact.specialist_id)
    for seeker_id in contact.seeker_ids:
        require(s, SeekerRow, seeker_id, "seeker_ids", "seeker", "check the seeker's id")
    row = ContactRow(**{**contact.model_dump(exclude={"id"}), "stage": contact.stage.value})
    s.add(row)
    flush(s, missing="A record this contact refers to was deleted meanwhile; check the employer, user and seekers.")
    counters.bump(s)
    return _model(row)


def list_for(s: Session, employer_id: int) -> builtins.list[EmployerContact]:
    """One employer's contacts, oldest first (by date, then id); empty for an unknown employer."""
    query = select(ContactRow).where(ContactRow.employer_id == employer_id).order_by(ContactRow.on, ContactRow.id)
    return [_model(row) for row in s.scalars(query)]


def all(s: Session) -> builtins.list[EmployerContact]:
    """Every contact in id order (for the ranking index and the fidelity figures)."""
    return [_model(row) for row in s.scalars(select(ContactRow).order_by(ContactRow.id))]


def _check_user(s: Session, user_id: int) -> None:
    """The person who made the contact must be a user who does job development, not a job seeker."""
    role = s.scalar(select(UserRow.role).where(UserRow.id == user_id))
    if role is None:
        raise InvalidInput(f"specialist_id: no user with id {user_id}; add the specialist as a user first.")
    if role == Role.seeker:
        raise InvalidInput(f"specialist_id: user {user_id} is a job seeker; contacts are made by specialists, "
                           "job developers or admins.")


def _model(row: ContactRow) -> EmployerContact:
    return EmployerContact.model_validate(
        {
            "id": row.id,
            "employer_id": row.employer_id,
            "specialist_id": row.specialist_id,
            "on": row.on,
            "face_to_face": row.face_to_face,
            "person_met": row.person_met,
            "person_role": row.person_role,
            "seeker_ids": row.seeker_ids,
            "stage": row.stage,
            "needs": row.needs,
            "next_step": row.next_step,
            "next_step_due": row.next_step_due,
        }
    )
