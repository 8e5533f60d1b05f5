"""The job-development log: contacts with employers. Every new contact is filed in the catalogue change log,
because what an employer said it needs feeds the ranking.

A contact with a next step and a due date is a follow-up. It is done when someone marks it done
(`mark_done`), or when the same person logs their next contact with the same employer: that contact is the
next step taken, so it closes the person's open follow-ups with that employer set on an earlier day (two
contacts on one day are one visit's notes, and a contact logged late closes nothing set after its date).
Marking a follow-up done does not move the counter: it changes nothing the ranking reads.
"""

from __future__ import annotations

import builtins
import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from models import EmployerContact, InvalidInput, NotFound, Role
from service.db import begin_writing
from service.stores import catalogue_changes
from service.stores._rows import flush, refuse_nul, require, row_or_404, rows_by_ids
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
    _close_follow_ups(s, row)
    catalogue_changes.record(s, contacts=[row.id])
    return _model(row)


def get(s: Session, employer_id: int, contact_id: int) -> EmployerContact:
    """The contact with that id in that employer's log; NotFound when there is none (or it is another's)."""
    return _model(_in_log(s, employer_id, contact_id))


def mark_done(s: Session, employer_id: int, contact_id: int, done_on: dt.date | None) -> EmployerContact:
    """The contact with its follow-up marked done on `done_on` (None opens it again).

    NotFound for a contact not in that employer's log; InvalidInput when the contact has no next step, or
    `done_on` is before the contact itself. Nothing changes when it raises.
    """
    begin_writing(s)
    row = _in_log(s, employer_id, contact_id, for_update=True)
    if done_on is not None and not row.next_step:
        raise InvalidInput(f"done_on: contact {contact_id} has no next step to mark done; a contact without a "
                           "next step is not a follow-up.")
    if done_on is not None and done_on < row.on:
        raise InvalidInput(f"done_on: {done_on} is before the contact itself ({row.on}); a next step is taken "
                           "on or after the contact that set it.")
    row.done_on = done_on
    s.flush()
    return _model(row)


def follow_ups_of(s: Session, user_id: int) -> builtins.list[EmployerContact]:
    """The user's contacts that set a next step with a due date, by due date then id (done ones too)."""
    query = (
        select(ContactRow)
        .where(ContactRow.specialist_id == user_id, ContactRow.next_step.is_not(None),
               ContactRow.next_step_due.is_not(None))
        .order_by(ContactRow.next_step_due, ContactRow.id)
    )
    return [_model(row) for row in s.scalars(query)]


def _in_log(s: Session, employer_id: int, contact_id: int, *, for_update: bool = False) -> ContactRow:
    """The contact's row when it is in that employer's log; the same NotFound when missing or elsewhere."""
    missing = NotFound(f"No contact with id {contact_id} in the log of employer {employer_id}.")
    try:
        row = row_or_404(s, ContactRow, contact_id, "contact", for_update=for_update)
    except NotFound:
        raise missing from None
    if row.employer_id != employer_id:
        raise missing
    return row


def _close_follow_ups(s: Session, new: ContactRow) -> None:
    """Marks done, on the new contact's date, the same person's open next steps with the same employer from
    contacts dated before it."""
    s.execute(
        update(ContactRow)
        .where(ContactRow.employer_id == new.employer_id, ContactRow.specialist_id == new.specialist_id,
               ContactRow.on < new.on, ContactRow.next_step.is_not(None),
               ContactRow.done_on.is_(None))
        .values(done_on=new.on)
        .execution_options(synchronize_session="fetch")
    )


def list_for(s: Session, employer_id: int) -> builtins.list[EmployerContact]:
    """One employer's contacts, oldest first (by date, then id); empty for an unknown employer."""
    query = select(ContactRow).where(ContactRow.employer_id == employer_id).order_by(ContactRow.on, ContactRow.id)
    return [_model(row) for row in s.scalars(query)]


def by_ids(s: Session, ids: Iterable[int]) -> builtins.list[EmployerContact]:
    """The contacts with these ids that exist, in id order (unknown ids are left out)."""
    return [_model(row) for row in rows_by_ids(s, ContactRow, ids)]


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
            "done_on": row.done_on,
        }
    )
