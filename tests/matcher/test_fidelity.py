"""Rapid job search on a hand-built caseload: every number below is worked out by hand from the dates."""

from __future__ import annotations

import datetime as dt

from matcher.fidelity import face_to_face_in_week, first_contacts, rapid_search
from models import EmployerContact, JobSeeker

TODAY = dt.date(2026, 11, 25)  # a Wednesday


def seeker(i: int, entered: str | None, active: bool = True) -> JobSeeker:
    return JobSeeker(id=i, name=f"S{i}", specialist_id=3, entered_on=entered, active=active)


CASELOAD = [
    seeker(1, "2026-10-01"),  # 55 days in, never contacted: 25 days overdue
    seeker(2, "2026-11-20"),  # 5 days in, not contacted yet: 25 days left
    seeker(3, "2026-10-20"),  # 36 days in, contacted face to face on 11-01: 12 days to first contact
    seeker(4, None),  # entry date not recorded
    seeker(5, "2026-10-26"),  # 30 days in: 0 days left, not yet overdue
    seeker(6, "2026-09-01", active=False),  # not active: left out
    seeker(7, "2026-10-10"),  # only a phone contact (not face to face): 46 days in, 16 overdue
]
CONTACTS = [
    EmployerContact(id=1, employer_id=1, specialist_id=3, on="2026-11-05", face_to_face=True, seeker_ids=[3]),
    EmployerContact(id=2, employer_id=2, specialist_id=3, on="2026-11-01", face_to_face=True, seeker_ids=[3]),
    EmployerContact(id=3, employer_id=2, specialist_id=3, on="2026-11-24", face_to_face=False, seeker_ids=[7]),
    EmployerContact(id=4, employer_id=1, specialist_id=3, on="2026-11-23", face_to_face=True),  # Monday
    EmployerContact(id=5, employer_id=1, specialist_id=3, on="2026-11-22", face_to_face=True),  # last Sunday
    EmployerContact(id=6, employer_id=1, specialist_id=9, on="2026-11-24", face_to_face=True),  # someone else
]


def test_the_first_face_to_face_contact_is_the_earliest_that_names_the_seeker():
    assert first_contacts(CONTACTS) == {3: dt.date(2026, 11, 1)}


def test_rapid_search_standing_most_urgent_first():
    rows = rapid_search(CASELOAD, CONTACTS, today=TODAY, limit_days=30)
    assert [(r.seeker_id, r.days_since_entry, r.days_left, r.flagged) for r in rows] == [
        (1, 55, -25, True),
        (7, 46, -16, True),
        (5, 30, 0, False),
        (2, 5, 25, False),
        (4, None, None, False),
        (3, 36, None, False),
    ]
    contacted = rows[-1]
    assert (contacted.first_face_to_face, contacted.days_to_first_contact) == (dt.date(2026, 11, 1), 12)


def test_the_limit_is_the_setting():
    rows = {r.seeker_id: r for r in rapid_search(CASELOAD, CONTACTS, today=TODAY, limit_days=60)}
    assert not rows[1].flagged and rows[1].days_left == 5


def test_face_to_face_contacts_are_counted_in_the_iso_week_of_today():
    assert face_to_face_in_week(CONTACTS, 3, TODAY) == 1  # Monday's; Sunday's was last week; the phone call is not
    assert face_to_face_in_week(CONTACTS, 3, dt.date(2026, 11, 22)) == 1  # that Sunday's own week
    assert face_to_face_in_week(CONTACTS, 9, TODAY) == 1
