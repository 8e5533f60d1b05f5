"""IPS fidelity figures from plain lists of seekers and employer contacts (DOMAIN.md), computed, not counted by hand.

So far: the rapid-job-search item for one caseload, most urgent first. A seeker's first face-to-face
employer contact is the earliest face-to-face contact that names them; IPS expects it within
`rapid_search_days` (30) of entering the program.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from models import EmployerContact, JobSeeker


@dataclass(frozen=True)
class RapidSearch:
    """Where one seeker stands on rapid job search."""

    seeker_id: int
    name: str
    entered_on: dt.date | None
    days_since_entry: int | None  # None when the entry date is not recorded
    first_face_to_face: dt.date | None  # the first face-to-face employer contact naming them
    days_to_first_contact: int | None
    days_left: int | None  # before the rapid-search limit passes without a contact; negative when overdue
    flagged: bool  # the limit has passed and no face-to-face employer contact has been made for them


def first_contacts(contacts: Sequence[EmployerContact]) -> dict[int, dt.date]:
    """Per seeker id: the date of the first face-to-face employer contact that names them."""
    first: dict[int, dt.date] = {}
    for contact in contacts:
        if contact.face_to_face:
            for seeker_id in contact.seeker_ids:
                if seeker_id not in first or contact.on < first[seeker_id]:
                    first[seeker_id] = contact.on
    return first


def rapid_search(
    seekers: Sequence[JobSeeker], contacts: Sequence[EmployerContact], *, today: dt.date, limit_days: int
) -> list[RapidSearch]:
    """The active seekers' rapid-search standing, most urgent first.

    Order: flagged seekers (longest overdue first), then seekers still waiting for a first contact (fewest
    days left first), then seekers whose entry date is unknown, then those already contacted; ties by id.
    """
    first = first_contacts(contacts)
    rows = []
    for seeker in seekers:
        if not seeker.active or seeker.id is None:
            continue
        entered = seeker.entered_on
        since = (today - entered).days if entered else None
        contacted = first.get(seeker.id)
        to_first = (contacted - entered).days if contacted and entered else None
        left = limit_days - since if since is not None and contacted is None else None
        rows.append(RapidSearch(
            seeker_id=seeker.id, name=seeker.name, entered_on=entered, days_since_entry=since,
            first_face_to_face=contacted, days_to_first_contact=to_first, days_left=left,
            flagged=left is not None and left < 0,
        ))

    def urgency(row: RapidSearch) -> tuple[int, int, int]:
        if row.days_left is not None:
            return (0, row.days_left, row.seeker_id)
        return (1 if row.first_face_to_face is None else 2, 0, row.seeker_id)

    return sorted(rows, key=urgency)


def face_to_face_in_week(contacts: Sequence[EmployerContact], user_id: int, today: dt.date) -> int:
    """Face-to-face employer contacts the user made in the ISO week (Monday to Sunday) that holds `today`."""
    monday = today - dt.timedelta(days=today.weekday())
    return sum(
        1 for c in contacts
        if c.face_to_face and c.specialist_id == user_id and monday <= c.on < monday + dt.timedelta(days=7)
    )
