"""Fidelity figures on a hand-built caseload and program: every number below is worked out by hand from the dates."""

from __future__ import annotations

import datetime as dt

from matcher.fidelity import (
    Figure,
    SeekerFigures,
    WeekCount,
    face_to_face_in_week,
    fidelity,
    first_contacts,
    rapid_search,
    whole_weeks,
)
from models import EmployerContact, Feedback, JobSeeker, Opening, Role, User

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


# The program's figures over a period, on a hand-built program ---------------------------------------------------
# Period: Monday 2026-10-19 to Sunday 2026-11-22, five whole ISO weeks (W43 to W47). Settings for the test:
# caseload limit 3, target 2 face-to-face contacts a week, rapid search within 30 days, minimum wage 7.25.


START, END = dt.date(2026, 10, 19), dt.date(2026, 11, 22)
DANA, LUIS = User(id=1, name="Dana", role=Role.specialist), User(id=2, name="Luis", role=Role.specialist)
RENEE = User(id=4, name="Renee", role=Role.job_developer)


def person(i: int, specialist: int, entered: str | None, active: bool = True) -> JobSeeker:
    return JobSeeker(id=i, name=f"S{i}", specialist_id=specialist, entered_on=entered, active=active)


PROGRAM_SEEKERS = [
    person(11, 1, "2026-09-01"),  # Dana's; entered before the period: caseload only
    person(12, 1, "2026-10-20"),  # first face to face 10-27: 7 days, within
    person(13, 1, "2026-10-19"),  # only a phone call; 34 days by the end: not within
    person(14, 2, "2026-10-21"),  # a visit on 11-25 is after the period: 32 days by the end, not within
    person(15, 2, "2026-11-10"),  # 12 days by the end, no contact yet: not decided, left out of the share
    person(16, 2, "2026-10-22"),  # first face to face 11-21: exactly 30 days, within
    person(17, 2, "2026-09-15", active=False),  # left the program: in no figure
    person(18, 2, "2026-11-30"),  # enters after the period: in no figure
    person(19, 2, None),  # entry date unknown: on Luis's caseload, not in rapid search
]


def visit(i: int, user: int, on: str, employer: int, seekers: tuple[int, ...] = (), f2f=True) -> EmployerContact:
    return EmployerContact(id=i, employer_id=employer, specialist_id=user, on=on, face_to_face=f2f,
                           seeker_ids=list(seekers))


PROGRAM_CONTACTS = [
    visit(1, 1, "2026-10-20", 1), visit(2, 1, "2026-10-21", 2), visit(3, 1, "2026-10-22", 3, (13,), f2f=False),  # W43
    visit(4, 1, "2026-10-27", 1, (12,)), visit(5, 1, "2026-10-28", 3),  # W44
    visit(6, 1, "2026-11-03", 2),  # W45
    visit(7, 1, "2026-11-10", 1), visit(8, 1, "2026-11-12", 2), visit(9, 1, "2026-11-13", 3),  # W46
    visit(10, 1, "2026-11-17", 1, (12,)), visit(11, 1, "2026-11-18", 2, (12,)),  # W47
    visit(12, 2, "2026-10-30", 2),  # W44
    visit(13, 2, "2026-11-11", 3, (99,)),  # W46; seeker 99 does not exist: no pair
    visit(14, 2, "2026-11-21", 1, (16,)),  # W47
    visit(15, 2, "2026-11-25", 2, (14,)),  # after the period
    visit(16, 2, "2026-10-18", 1),  # the Sunday before the period
    visit(17, 4, "2026-11-19", 3, (12,)),  # the job developer's: a pair, but no specialist's week
]
# Dana's face-to-face contacts per week: W43 2 (the phone call does not count), W44 2, W45 1, W46 3, W47 2.
# Luis's: W43 0, W44 1, W45 0, W46 1, W47 1.
PROGRAM_OPENINGS = [
    Opening(id=101, employer_id=1, title="Kennel assistant", wage=16.5),
    Opening(id=102, employer_id=1, title="kennel  Assistant", wage=15.0),  # the same job type, spelled loosely
    Opening(id=103, employer_id=2, title="Dishwasher"),  # wage unknown
    Opening(id=104, employer_id=3, title="Packer", wage=16.0, set_aside=True),
    Opening(id=105, employer_id=3, title="Stocker", wage=7.0),  # under the minimum wage
]


def hired(i: int, seeker_id: int, opening_id: int, at: str, reaction: str = "hired") -> Feedback:
    return Feedback(id=i, seeker_id=seeker_id, opening_id=opening_id, reaction=reaction, at=f"{at}T10:00:00Z")


PROGRAM_FEEDBACK = [
    hired(1, 12, 101, "2026-11-05"), hired(2, 16, 102, "2026-11-20"), hired(3, 14, 103, "2026-11-21"),
    hired(4, 13, 104, "2026-11-15"), hired(5, 11, 105, "2026-11-16"),
    hired(6, 12, 101, "2026-11-06"),  # the same start again: counted once
    hired(7, 15, 105, "2026-11-12", reaction="applied"),  # not a start
    hired(8, 19, 103, "2026-10-10"),  # before the period
]
# Employers with an opening among each seeker's own suggestions.
SUGGESTED = {12: {1}, 13: {2}, 16: {1, 3}}


def program_report():
    return fidelity(
        seekers=PROGRAM_SEEKERS, contacts=PROGRAM_CONTACTS, feedback=PROGRAM_FEEDBACK, openings=PROGRAM_OPENINGS,
        users=[DANA, LUIS, RENEE], suggested_employers=SUGGESTED, start=START, end=END, caseload_limit=3,
        contacts_per_week_target=2, rapid_search_days=30, min_wage=7.25,
    )


def test_whole_iso_weeks_inside_the_period():
    assert whole_weeks(START, END) == [dt.date(2026, 10, 19) + dt.timedelta(weeks=w) for w in range(5)]
    # From a Tuesday to a Sunday twelve days later: only the one whole week in between.
    assert whole_weeks(dt.date(2026, 10, 20), dt.date(2026, 11, 1)) == [dt.date(2026, 10, 26)]
    assert whole_weeks(dt.date(2026, 10, 20), dt.date(2026, 10, 25)) == []


def test_program_figures_worked_out_by_hand():
    figures = {f.key: f for f in program_report().figures}
    # Caseloads: Dana 11, 12, 13 = 3; Luis 14, 15, 16, 19 = 4 (17 is inactive, 18 enters after the period).
    # The largest, 4, is over the limit of 3; one specialist of two is within it.
    assert (figures["caseload"].value, figures["caseload"].count, figures["caseload"].out_of) == (4, 1, 2)
    assert (figures["caseload"].target, figures["caseload"].met) == (3, False)
    # Rapid search: 12 (7 days) and 16 (30 days) within; 13 and 14 past 30 days without one; 15 undecided: 2 of 4.
    assert (figures["rapid_job_search"].value, figures["rapid_job_search"].count,
            figures["rapid_job_search"].out_of) == (0.5, 2, 4)
    # Face to face: Dana 2+2+1+3+2 = 10, Luis 0+1+0+1+1 = 3; 13 over 10 specialist-weeks = 1.3 a week, under the
    # target of 2; Dana's weeks at 2 or more: W43, W44, W46, W47 = 4; Luis's: none.
    f2f = figures["face_to_face_per_week"]
    assert (f2f.value, f2f.count, f2f.out_of, f2f.target, f2f.met) == (1.3, 4, 10, 2, False)
    # Individualized: pairs c3-13 (E3, 13 wants E2: no), c4-12 (E1: yes), c10-12 (E1: yes), c11-12 (E2: no),
    # c14-16 (E1: yes), c17-12 (E3: no); c13 names no known seeker, c15 is after the period: 3 of 6.
    ind = figures["individualized_search"]
    assert (ind.value, ind.count, ind.out_of) == (0.5, 3, 6)
    # Starts in the period: 101, 102, 103, 104, 105 (feedback 6 repeats 1; 7 is not a start; 8 is before).
    # Job types: kennel assistant (twice), dishwasher, packer, stocker: 4 of 5.
    # Employers: 1, 1, 2, 3, 3: 3 of 5.
    # Competitive: 101 and 102; not 103 (wage unknown), 104 (set aside), 105 (under 7.25): 2 of 5.
    assert [(figures[k].value, figures[k].count, figures[k].out_of) for k in
            ("job_type_diversity", "employer_diversity", "competitive_jobs")] == [(0.8, 4, 5), (0.6, 3, 5), (0.4, 2, 5)]


def test_every_figure_names_its_ips25_item_and_how_it_was_computed():
    figures = program_report().figures
    assert [f.item for f in figures] == [
        "Caseload size", "Rapid job search for competitive jobs", "Job development: frequent employer contact",
        "Individualized job search", "Diversity of job types", "Diversity of employers", "Competitive jobs",
    ]
    assert all(isinstance(f, Figure) and f.how.endswith(".") and len(f.how) > 40 for f in figures)


def test_per_specialist_figures_worked_out_by_hand():
    dana, luis = program_report().specialists
    assert (dana.specialist_id, dana.caseload, dana.caseload_within_limit) == (1, 3, True)
    assert [w.face_to_face for w in dana.weeks] == [2, 2, 1, 3, 2]
    assert dana.weeks[0] == WeekCount("2026-W43", dt.date(2026, 10, 19), 2, True)
    assert (dana.face_to_face_per_week, dana.weeks_on_target) == (2.0, 4)  # 10 / 5
    assert (dana.seeker_contacts, dana.seeker_contacts_fitting) == (4, 2)  # c3, c4, c10, c11; c4 and c10 fit
    assert (luis.caseload, luis.caseload_within_limit) == (4, False)
    assert [w.face_to_face for w in luis.weeks] == [0, 1, 0, 1, 1]
    assert (luis.face_to_face_per_week, luis.weeks_on_target) == (0.6, 0)  # 3 / 5
    assert (luis.seeker_contacts, luis.seeker_contacts_fitting) == (1, 1)  # c14 fits


def test_per_seeker_rapid_search_worked_out_by_hand():
    rows = program_report().seekers
    assert rows == [
        SeekerFigures(13, "S13", 1, dt.date(2026, 10, 19), None, None, False),
        SeekerFigures(12, "S12", 1, dt.date(2026, 10, 20), dt.date(2026, 10, 27), 7, True),
        SeekerFigures(14, "S14", 2, dt.date(2026, 10, 21), None, None, False),
        SeekerFigures(16, "S16", 2, dt.date(2026, 10, 22), dt.date(2026, 11, 21), 30, True),
        SeekerFigures(15, "S15", 2, dt.date(2026, 11, 10), None, None, None),
    ]


def test_an_empty_period_has_no_values_rather_than_zeros():
    report = fidelity(
        seekers=[], contacts=[], feedback=[], openings=[], users=[DANA], suggested_employers={},
        start=dt.date(2026, 11, 24), end=dt.date(2026, 11, 25), caseload_limit=20, contacts_per_week_target=6,
        rapid_search_days=30, min_wage=7.25,
    )
    figures = {f.key: f for f in report.figures}
    assert figures["caseload"].value == 0 and figures["caseload"].met is True
    assert all(figures[k].value is None for k in figures if k != "caseload")
    assert figures["face_to_face_per_week"].met is None
