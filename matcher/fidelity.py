"""IPS fidelity figures from plain lists of seekers and employer contacts (DOMAIN.md), computed, not counted by hand.

For one caseload (GET /me/caseload): the rapid-job-search standing, most urgent first. A seeker's first
face-to-face employer contact is the earliest face-to-face contact that names them; IPS expects it within
`rapid_search_days` (30) of entering the program.

For the program over a period (`fidelity()`): the IPS-25 items the record can measure, each figure naming its
item and how it was computed: caseload size, rapid job search, frequent employer contact, individualized job
search, diversity of job types and of employers among job starts, and competitive jobs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass

from models import EmployerContact, Feedback, JobSeeker, Opening, Reaction, Role, User


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


# The program's figures over a period (GET /metrics/fidelity, `ipsmatch metrics`) --------------------------------

CASELOAD_SIZE = "Caseload size"
RAPID_SEARCH = "Rapid job search for competitive jobs"
EMPLOYER_CONTACT = "Job development: frequent employer contact"
INDIVIDUALIZED = "Individualized job search"
JOB_TYPES = "Diversity of job types"
EMPLOYERS = "Diversity of employers"
COMPETITIVE = "Competitive jobs"


@dataclass(frozen=True)
class Figure:
    """One fidelity figure: its value, the IPS-25 item it serves, and how it was computed."""

    key: str
    item: str  # the IPS-25 item's name
    how: str  # one sentence
    value: float | None  # None when the period holds nothing to measure
    count: int | None = None  # what was counted ...
    out_of: int | None = None  # ... out of how many
    target: float | None = None
    met: bool | None = None


@dataclass(frozen=True)
class WeekCount:
    """Face-to-face employer contacts one specialist made in one ISO week."""

    week: str  # "2026-W47"
    monday: dt.date
    face_to_face: int
    on_target: bool


@dataclass(frozen=True)
class SpecialistFigures:
    """One employment specialist's figures over the period."""

    specialist_id: int
    name: str
    caseload: int
    caseload_within_limit: bool
    weeks: list[WeekCount]
    face_to_face_per_week: float | None  # mean over the period's whole ISO weeks
    weeks_on_target: int
    seeker_contacts: int  # (contact, named seeker) pairs in the period
    seeker_contacts_fitting: int  # of those, where the employer fits the seeker's preferences


@dataclass(frozen=True)
class SeekerFigures:
    """Rapid job search for one seeker who entered the program during the period."""

    seeker_id: int
    name: str
    specialist_id: int | None
    entered_on: dt.date
    first_face_to_face: dt.date | None  # the first face-to-face employer contact naming them, by the period's end
    days_to_first_contact: int | None
    within_limit: bool | None  # None: no contact yet, and the limit has not passed by the period's end


@dataclass(frozen=True)
class FidelityReport:
    """Every figure of the period, per specialist and per seeker as well as for the program."""

    start: dt.date
    end: dt.date
    figures: list[Figure]
    specialists: list[SpecialistFigures]
    seekers: list[SeekerFigures]


def whole_weeks(start: dt.date, end: dt.date) -> list[dt.date]:
    """The Mondays of the ISO weeks that lie wholly inside start..end (a part week would look like a short one)."""
    monday = start + dt.timedelta(days=-start.weekday() % 7)
    weeks = []
    while monday + dt.timedelta(days=6) <= end:
        weeks.append(monday)
        monday += dt.timedelta(days=7)
    return weeks


def _share(count: int, out_of: int) -> float | None:
    return round(count / out_of, 4) if out_of else None


def caseloads(seekers: Sequence[JobSeeker], specialists: Sequence[User], end: dt.date) -> dict[int, int]:
    """Per specialist id: active seekers assigned to them who had entered by `end` (entry unknown counts)."""
    sizes = {u.id: 0 for u in specialists if u.id is not None}
    for s in seekers:
        if s.active and s.specialist_id in sizes and (s.entered_on is None or s.entered_on <= end):
            sizes[s.specialist_id] += 1
    return sizes


def rapid_search_in(
    seekers: Sequence[JobSeeker], contacts: Sequence[EmployerContact], *, start: dt.date, end: dt.date, limit_days: int
) -> list[SeekerFigures]:
    """Seekers who entered during start..end, by entry date then id, with days to their first face-to-face
    employer contact (made on or after entry, by `end`)."""
    first: dict[int, dt.date] = {}
    entered = {s.id: s.entered_on for s in seekers if s.id is not None and s.entered_on is not None}
    for c in contacts:
        if c.face_to_face and c.on <= end:
            for i in c.seeker_ids:
                if i in entered and c.on >= entered[i] and (i not in first or c.on < first[i]):  # type: ignore[operator]
                    first[i] = c.on
    rows = []
    for s in sorted(seekers, key=lambda s: (s.entered_on or dt.date.max, s.id or 0)):
        if s.id is None or s.entered_on is None or not start <= s.entered_on <= end:
            continue
        contacted = first.get(s.id)
        days = (contacted - s.entered_on).days if contacted else None
        if days is not None:
            within: bool | None = days <= limit_days
        else:
            within = False if (end - s.entered_on).days > limit_days else None
        rows.append(SeekerFigures(s.id, s.name, s.specialist_id, s.entered_on, contacted, days, within))
    return rows


def _starts(
    feedback: Sequence[Feedback], openings: Mapping[int, Opening], start: dt.date, end: dt.date
) -> list[Opening]:
    """The openings of job starts (reaction 'hired') dated in the period, once per seeker and opening."""
    seen: dict[tuple[int | None, int], Opening] = {}
    for f in feedback:
        if f.reaction == Reaction.hired and f.at is not None and start <= f.at.date() <= end:
            if f.opening_id in openings:
                seen.setdefault((f.seeker_id, f.opening_id), openings[f.opening_id])
    return list(seen.values())


def fidelity(
    *,
    seekers: Sequence[JobSeeker],
    contacts: Sequence[EmployerContact],
    feedback: Sequence[Feedback],
    openings: Sequence[Opening],
    users: Sequence[User],
    suggested_employers: Mapping[int, Set[int]],
    start: dt.date,
    end: dt.date,
    caseload_limit: int,
    contacts_per_week_target: float,
    rapid_search_days: int,
    min_wage: float,
) -> FidelityReport:
    """The program's IPS-25 figures over start..end (both included), computed from plain lists.

    suggested_employers: per seeker id, the employers with an opening among the seeker's suggestions (their own
    preferences decide those), for the individualized-job-search figure.
    """
    specialists = sorted((u for u in users if u.role == Role.specialist and u.id is not None), key=lambda u: u.id or 0)
    in_period = [c for c in contacts if start <= c.on <= end]
    sizes = caseloads(seekers, specialists, end)
    weeks = whole_weeks(start, end)
    known = {s.id for s in seekers if s.id is not None}

    rows = []
    for u in specialists:
        assert u.id is not None
        counts = [
            sum(1 for c in in_period if c.face_to_face and c.specialist_id == u.id
                and monday <= c.on <= monday + dt.timedelta(days=6))
            for monday in weeks
        ]
        pairs = [(c, i) for c in in_period if c.specialist_id == u.id for i in c.seeker_ids if i in known]
        rows.append(SpecialistFigures(
            specialist_id=u.id, name=u.name, caseload=sizes[u.id], caseload_within_limit=sizes[u.id] <= caseload_limit,
            weeks=[WeekCount(f"{m.isocalendar().year}-W{m.isocalendar().week:02d}", m, n, n >= contacts_per_week_target)
                   for m, n in zip(weeks, counts, strict=True)],
            face_to_face_per_week=round(sum(counts) / len(counts), 2) if counts else None,
            weeks_on_target=sum(n >= contacts_per_week_target for n in counts),
            seeker_contacts=len(pairs),
            seeker_contacts_fitting=sum(c.employer_id in suggested_employers.get(i, ()) for c, i in pairs),
        ))

    rapid = rapid_search_in(seekers, contacts, start=start, end=end, limit_days=rapid_search_days)
    decided = [r for r in rapid if r.within_limit is not None]
    specialist_weeks = len(weeks) * len(rows)
    face_to_face = sum(w.face_to_face for r in rows for w in r.weeks)
    per_week = round(face_to_face / specialist_weeks, 2) if specialist_weeks else None
    pairs = [(c, i) for c in in_period for i in c.seeker_ids if i in known]
    fitting = sum(c.employer_id in suggested_employers.get(i, ()) for c, i in pairs)
    starts = _starts(feedback, {o.id: o for o in openings if o.id is not None}, start, end)
    types = {" ".join(o.title.lower().split()) for o in starts}
    competitive = sum(not o.set_aside and o.wage is not None and o.wage >= min_wage for o in starts)
    largest = max(sizes.values(), default=None)

    figures = [
        Figure(
            "caseload", CASELOAD_SIZE,
            f"Active seekers assigned to each employment specialist who entered by {end}; the figure is the largest "
            f"caseload, and the count says how many specialists are at or under the limit of {caseload_limit}.",
            largest, sum(r.caseload_within_limit for r in rows), len(rows), caseload_limit,
            None if largest is None else largest <= caseload_limit,
        ),
        Figure(
            "rapid_job_search", RAPID_SEARCH,
            f"Of the seekers who entered from {start} to {end}, the share whose first face-to-face employer contact "
            f"came within {rapid_search_days} days of entry; seekers still inside their {rapid_search_days} days "
            "with no contact yet are left out until they are decided.",
            _share(sum(bool(r.within_limit) for r in decided), len(decided)),
            sum(bool(r.within_limit) for r in decided), len(decided),
        ),
        Figure(
            "face_to_face_per_week", EMPLOYER_CONTACT,
            f"Face-to-face employer contacts per employment specialist per ISO week, averaged over the "
            f"{len(weeks)} whole weeks (Monday to Sunday) in the period; the count is the specialist-weeks at or "
            f"over the target of {contacts_per_week_target:g}.",
            per_week, sum(r.weeks_on_target for r in rows), specialist_weeks, contacts_per_week_target,
            None if per_week is None else per_week >= contacts_per_week_target,
        ),
        Figure(
            "individualized_search", INDIVIDUALIZED,
            "Of the employer contacts in the period that name a seeker (counted once per seeker named), the share "
            "where that employer has an opening among the seeker's own top suggestions today.",
            _share(fitting, len(pairs)), fitting, len(pairs),
        ),
        Figure(
            "job_type_diversity", JOB_TYPES,
            "Different job titles among the job starts (reaction 'hired') in the period, as a share of the starts.",
            _share(len(types), len(starts)), len(types), len(starts),
        ),
        Figure(
            "employer_diversity", EMPLOYERS,
            "Different employers among the job starts (reaction 'hired') in the period, as a share of the starts.",
            _share(len({o.employer_id for o in starts}), len(starts)), len({o.employer_id for o in starts}),
            len(starts),
        ),
        Figure(
            "competitive_jobs", COMPETITIVE,
            f"Share of the job starts in the period at a known wage of at least {min_wage:.2f} an hour and not set "
            "aside for people with disabilities (an unknown wage is not counted as competitive).",
            _share(competitive, len(starts)), competitive, len(starts),
        ),
    ]
    return FidelityReport(start, end, figures, rows, rapid)
