"""visit_plan(): the week's employer visits that best serve one specialist's caseload (systematic job development).

The plan is chosen greedily on matcher/planning.py's objective (a weighted facility location with an industry
and a follow-up bonus; within 1 - 1/e of the best plan). What this module adds:

- fit(s, e): the best preference score among e's openings in s's own ranked suggestions (matcher.rank), 0 when
  none is suggested. An opening that breaks one of s's hard preferences is never suggested, so it never counts.
- w_s: 1 for a seeker who has had a face-to-face employer contact; 2 rising to 3 at `rapid_search_days` since
  entry for one who has not (IPS rapid job search); a quarter of that for a seeker already working (a 'hired'
  reaction), whose next job can wait behind someone else's first.
- Limits on employers (a cap on contacts in a period; recently seen with no follow-up due), which remove them
  before choosing, so the guarantee holds over the employers left.
- When no employer adds anything more, the visits left go to the employers that fit the caseload best in total
  (second chances for seekers already served), which cannot lower F.
- Reasons for the specialist and talking points for the employer, which never name a seeker who has not said
  yes to disclosure.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from matcher.fidelity import RapidSearch, rapid_search
from matcher.geo import haversine_km
from matcher.planning import Instance, greedy, nearest, objective, random_plan, second_choices
from models import Disclosure, Employer, EmployerContact, InvalidInput, JobSeeker, Settings, Suggestion

# A visit "fits" a seeker from this preference score: about the top tenth of the demo program's suggestions,
# and out of reach unless the work itself matches what the seeker asked for (interest is 0.55 of P).
FITTING = 0.5
# A visit names a seeker it fits, and one for whom it is the best planned visit from this score: below it the
# work is not much like what they want, and a specialist would not say the visit is for them.
NAMED_FROM = 0.25
FOLLOW_UP_BONUS = 0.3  # a next step the specialist promised this employer is worth keeping
CONTACTED_WEIGHT = 1.0
WAITING_WEIGHT = 2.0  # no face-to-face employer contact yet
URGENCY_WEIGHT = 1.0  # added in full at the rapid-search limit (and after it), in proportion before
WORKING_FACTOR = 0.25
MIN_YEAR, MAX_YEAR = 1900, 2999

Method = Literal["greedy", "nearest", "random"]
METHODS: tuple[Method, ...] = ("greedy", "nearest", "random")


@dataclass(frozen=True)
class Week:
    """An ISO week, Monday to Sunday."""

    start: dt.date

    @classmethod
    def of(cls, day: dt.date) -> Week:
        """The week that holds `day`."""
        return cls(day - dt.timedelta(days=day.weekday()))

    @property
    def end(self) -> dt.date:
        return self.start + dt.timedelta(days=6)

    @property
    def label(self) -> str:
        """The ISO week name, such as 2026-W48."""
        year, week, _ = self.start.isocalendar()
        return f"{year}-W{week:02d}"

    def as_of(self, today: dt.date) -> dt.date:
        """The day the plan is made from: today within this week, else the week's Monday."""
        return today if self.start <= today <= self.end else self.start


_ISO_WEEK = re.compile(r"(\d{4})-?W(\d{1,2})", re.IGNORECASE)


def parse_week(text: str | None, today: dt.date) -> Week:
    """The week named by `text`: any date in it (2026-11-25) or an ISO week (2026-W48); this week when empty.

    InvalidInput, in a sentence saying what to send, for anything else.
    """
    if text is None or not text.strip():
        return Week.of(today)
    text = text.strip()
    how = "give a date in the week, such as 2026-11-23, or an ISO week, such as 2026-W48"
    try:
        if match := _ISO_WEEK.fullmatch(text):
            day = dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
        else:
            day = dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"week: {text!r} is not a week; {how}.") from None
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise InvalidInput(f"week: {text!r} is out of range; plan a week between {MIN_YEAR} and {MAX_YEAR}.")
    return Week.of(day)


# ---------------------------------------------------------------------------------------------- the objective


# ---------------------------------------------------------------------------------- seekers and employers


@dataclass(frozen=True)
class Need:
    """One seeker of the caseload as the planner weighs them."""

    seeker: JobSeeker
    standing: RapidSearch
    working: bool
    weight: float


def seeker_weight(standing: RapidSearch, working: bool, limit_days: int) -> float:
    """w_s: higher while the seeker waits for a first face-to-face employer contact, lower once working."""
    if standing.first_face_to_face is not None:
        weight = CONTACTED_WEIGHT
    elif standing.days_since_entry is None:
        weight = WAITING_WEIGHT
    else:
        weight = WAITING_WEIGHT + URGENCY_WEIGHT * min(1.0, max(0, standing.days_since_entry) / max(1, limit_days))
    return weight * (WORKING_FACTOR if working else 1.0)


@dataclass(frozen=True)
class FollowUp:
    """A next step promised to an employer and not yet made."""

    due: dt.date
    next_step: str | None
    contact_on: dt.date


@dataclass(frozen=True)
class EmployerStanding:
    """What the contact log says about one employer for this week's plan."""

    employer: Employer
    contacts_in_period: int
    last_seen: dt.date | None
    follow_up: FollowUp | None
    needs: tuple[str, ...]  # what it said it needs, newest first
    held_back: str | None  # why it is left out this week; None when it may be visited


def employer_standing(
    employer: Employer,
    contacts: Sequence[EmployerContact],
    *,
    mine: set[int],
    specialist_id: int,
    week: Week,
    as_of: dt.date,
    settings: Settings,
) -> EmployerStanding:
    """The employer's standing from its own contacts (any user's: the employer tires of the program, not of one
    person), counting only contacts made by `as_of`. A follow-up is due when one of the specialist's own
    contacts there (they logged it, or it names one of their seekers `mine`) set a next step, not done by
    `as_of`, due this week or up to `recently_seen_days` before it; a next step overdue by longer is taken as
    lapsed, not chased. The earliest due one is given."""
    known = sorted((c for c in contacts if c.on <= as_of), key=lambda c: (c.on, c.id or 0))
    period_from = week.end - dt.timedelta(days=settings.employer_cap_days - 1)
    in_period = sum(1 for c in known if c.on >= period_from)
    last = known[-1].on if known else None
    lapsed = week.start - dt.timedelta(days=settings.recently_seen_days)
    open_steps = [
        c for c in known
        if c.next_step_due is not None and lapsed <= c.next_step_due <= week.end
        and (c.done_on is None or c.done_on > as_of)
        # the same person's later contact there takes the step, as the contact store records it
        and not any(d.specialist_id == c.specialist_id and d.on > c.on for d in known)
        and (c.specialist_id == specialist_id or mine & set(c.seeker_ids))
    ]
    first = min(open_steps, key=lambda c: (c.next_step_due, c.on, c.id or 0), default=None)
    follow_up = FollowUp(first.next_step_due, first.next_step, first.on) if first else None
    needs = tuple(dict.fromkeys([*(c.needs for c in reversed(known) if c.needs), *employer.hiring_needs]))
    held = None
    cap = settings.employer_contacts_cap
    if in_period >= cap:
        held = (f"{in_period} contacts in the {settings.employer_cap_days} days up to {_day(week.end)}; the cap is "
                f"{cap}, so the employer is given a rest.")
    elif last is not None and follow_up is None and last >= week.start - dt.timedelta(days=settings.recently_seen_days):
        held = f"Seen on {_day(last)}, and no follow-up is due this week."
    return EmployerStanding(employer, in_period, last, follow_up, needs, held)


# ------------------------------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class PlannedSeeker:
    """A seeker a visit is for, and the opening there that fits them best."""

    seeker_id: int
    name: str
    opening_id: int
    title: str
    fit: float
    disclosure: Disclosure


@dataclass(frozen=True)
class Visit:
    """One planned employer visit: for whom, why, and what to talk about with the employer."""

    employer_id: int
    employer_name: str
    industry: str | None
    seekers: tuple[PlannedSeeker, ...]
    reasons: tuple[str, ...]  # for the specialist
    talking_points: tuple[str, ...]  # for the employer: names only seekers who said yes to disclosure
    score: float  # what the visit added to the plan when it was chosen
    follow_up_due: dt.date | None
    last_seen: dt.date | None

    @property
    def for_seekers(self) -> list[int]:
        return [s.seeker_id for s in self.seekers]


@dataclass(frozen=True)
class HeldBack:
    """An employer someone in the caseload fits that the limits keep out of this week's plan."""

    employer_id: int
    employer_name: str
    why: str


@dataclass(frozen=True)
class VisitPlan:
    """A specialist's visit plan for one week."""

    specialist_id: int
    week: Week
    as_of: dt.date
    method: Method
    visits_asked: int
    caseload_size: int
    visits: tuple[Visit, ...]
    objective: float
    seekers_served: int  # seekers with at least one planned visit that fits them (fit >= FITTING)
    held_back: tuple[HeldBack, ...]


def visit_plan(
    seekers: Sequence[JobSeeker],
    suggestions: Mapping[int, Sequence[Suggestion]],
    employers: Sequence[Employer],
    contacts: Sequence[EmployerContact],
    *,
    specialist_id: int,
    week: Week,
    as_of: dt.date,
    visits: int,
    settings: Settings,
    working: Collection[int] = (),
    method: Method = "greedy",
    seed: int = 0,
) -> VisitPlan:
    """The week's plan of at most `visits` employer visits for the active seekers among `seekers`.

    suggestions: each seeker's ranked suggestions (matcher.rank, best written in the staff voice); working:
    ids of seekers already in a job. method "greedy" is the plan; "nearest" and "random" are baselines
    chosen from the same employers and scored on the same objective.
    """
    contacts = [c for c in contacts if c.on <= as_of]  # the plan is made from what was known on `as_of`
    limit_days = settings.rapid_search_days
    standings = {row.seeker_id: row for row in rapid_search(seekers, contacts, today=as_of, limit_days=limit_days)}
    caseload = sorted((s for s in seekers if s.id in standings), key=lambda s: s.id)
    needs = [
        Need(s, standings[s.id], s.id in working, seeker_weight(standings[s.id], s.id in working, limit_days))
        for s in caseload
    ]
    ordered = sorted((e for e in employers if e.id is not None), key=lambda e: e.id)
    col_of = {e.id: j for j, e in enumerate(ordered)}
    by_employer: dict[int, list[EmployerContact]] = {}
    for contact in contacts:
        by_employer.setdefault(contact.employer_id, []).append(contact)
    mine = {s.id for s in caseload}
    standing = [
        employer_standing(e, by_employer.get(e.id, []), mine=mine, specialist_id=specialist_id, week=week,
                          as_of=as_of, settings=settings)
        for e in ordered
    ]

    fit = np.zeros((len(needs), len(ordered)))
    best: dict[tuple[int, int], Suggestion] = {}
    for i, need in enumerate(needs):
        for suggestion in suggestions.get(need.seeker.id, ()):
            j = col_of.get(suggestion.employer_id)
            if j is not None and suggestion.preference_score > fit[i, j]:
                fit[i, j] = suggestion.preference_score
                best[i, j] = suggestion
    industries = {name: code for code, name in enumerate(sorted({_industry(e) for e in ordered} - {None}))}
    instance = Instance(
        fit=fit,
        weight=np.array([n.weight for n in needs], dtype=float),
        industry=np.array([industries.get(_industry(e), -1) for e in ordered], dtype=np.int64),
        bonus=np.array([FOLLOW_UP_BONUS if s.follow_up else 0.0 for s in standing]),
    )
    eligible = np.array([s.held_back is None for s in standing], dtype=bool)
    if method == "greedy":
        chosen = greedy(instance, visits, eligible)
        chosen += second_choices(instance, visits - len(chosen), eligible & ~np.isin(np.arange(len(ordered)), chosen))
    elif method == "nearest":
        chosen = nearest(caseload_distance(caseload, ordered), visits, eligible)
    else:
        chosen = random_plan(visits, eligible, seed)

    planned_best = fit[:, chosen].argmax(axis=1) if chosen and needs else np.zeros(len(needs), dtype=int)
    hidden = _hidden_names(caseload)
    made: list[Visit] = []
    for turn, j in enumerate(chosen):
        rows = [
            i for i in range(len(needs))
            if fit[i, j] >= FITTING or (fit[i, j] >= NAMED_FROM and chosen[int(planned_best[i])] == j)
        ]
        rows.sort(key=lambda i: (-needs[i].weight * fit[i, j], needs[i].seeker.id))
        for_whom = [(needs[i], best[i, j]) for i in rows]
        score = objective(instance, chosen[: turn + 1]) - objective(instance, chosen[:turn])
        made.append(_visit(standing[j], for_whom, score, week, settings, hidden))
    served = int((fit[:, chosen] >= FITTING).any(axis=1).sum()) if chosen else 0
    wanted = fit.max(axis=0) if needs else np.zeros(len(ordered))
    held = [
        HeldBack(s.employer.id, s.employer.name, s.held_back)
        for j, s in sorted(enumerate(standing), key=lambda js: (-wanted[js[0]], js[1].employer.id))
        if s.held_back is not None and wanted[j] > 0
    ]
    return VisitPlan(
        specialist_id=specialist_id, week=week, as_of=as_of, method=method, visits_asked=visits,
        caseload_size=len(needs), visits=tuple(made), objective=round(objective(instance, chosen), 6),
        seekers_served=served, held_back=tuple(held),
    )


def caseload_distance(caseload: Sequence[JobSeeker], employers: Sequence[Employer]) -> np.ndarray:
    """Per employer: the mean distance in km from the homes the caseload gave; NaN when unknown."""
    homes = [s.profile.home for s in caseload if s.profile.home is not None]
    lat = np.array([e.location.lat if e.location else np.nan for e in employers], dtype=float)
    lon = np.array([e.location.lon if e.location else np.nan for e in employers], dtype=float)
    if not homes:
        return np.full(len(employers), np.nan)
    return np.mean([haversine_km(h.lat, h.lon, lat, lon) for h in homes], axis=0)


def _industry(employer: Employer) -> str | None:
    return employer.industry.strip().lower() if employer.industry and employer.industry.strip() else None


# ------------------------------------------------------------------------------------------------ the words


def _day(day: dt.date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _standing_words(need: Need, limit_days: int) -> str:
    """The seeker's rapid-search standing as a specialist would note it; empty when there is nothing to say."""
    row, name = need.standing, need.seeker.name
    if need.working:
        return f"{name} is working already, so this counts for less than a first job for someone else."
    if row.first_face_to_face is not None:
        return ""
    if row.days_left is None:
        return f"{name} has had no face-to-face employer contact yet."
    if row.days_left < 0:
        return (f"{name} entered {row.days_since_entry} days ago and has had no face-to-face employer contact yet; "
                f"rapid search asks for one within {limit_days} days.")
    left = "today is the last day" if row.days_left == 0 else f"{row.days_left} day{'s' * (row.days_left != 1)} left"
    return f"{name} has had no face-to-face employer contact yet ({left} of the {limit_days} for rapid search)."


def _visit(
    standing: EmployerStanding,
    for_whom: list[tuple[Need, Suggestion]],
    score: float,
    week: Week,
    settings: Settings,
    hidden: _Hidden,
) -> Visit:
    employer = standing.employer
    reasons = []
    for need, suggestion in for_whom:
        # The engine's first two reasons: what the work is like, then the first fact that fits (distance, hours).
        because = suggestion.reasons[:2]
        note = _standing_words(need, settings.rapid_search_days)
        head = f"For {need.seeker.name}: {suggestion.title}, preference score {suggestion.preference_score:.2f}."
        reasons.append(" ".join(x for x in (head, *because, note) if x))
    if standing.follow_up is not None:
        f = standing.follow_up
        when = "was due" if f.due < week.start else "is due"
        step = f": {f.next_step.rstrip('.')}" if f.next_step else ""
        reasons.append(f"A follow-up from the contact on {_day(f.contact_on)} {when} {_day(f.due)}{step}.")
    if not for_whom:
        industry = f" ({employer.industry})" if employer.industry else ""
        reasons.append(f"No one in the caseload fits its open jobs well yet; a visit to learn the business{industry} "
                       "widens the range of employers.")
    points = []
    if standing.last_seen is None:
        points.append("Introduce yourself and the program; ask about the business before suggesting anyone.")
    by_title: dict[tuple[int, str], list[tuple[Need, Suggestion]]] = {}
    for need, suggestion in for_whom:
        by_title.setdefault((suggestion.opening_id, suggestion.title), []).append((need, suggestion))
    for (_, title), people in by_title.items():
        # Only a seeker who said yes to disclosure is introduced, and only for work that fits what they want.
        named = [
            n.seeker.name for n, s in people
            if n.seeker.profile.disclosure == Disclosure.yes and s.preference_score >= FITTING
        ]
        if named:
            points.append(f"Introduce {_join(named)} for the {title} opening and ask how they like people to apply.")
        else:
            points.append(f"Ask about the {title} opening: the work on a typical shift, the hours, and how they like "
                          "people to apply.")
    if standing.needs:
        points.append(f"Check that what they told us they need still holds: \u201c{standing.needs[0]}\u201d.")
    if not for_whom:
        points.append("Learn the business: the kinds of work, the hours and shifts, and what they value in a new hire.")
    return Visit(
        employer_id=employer.id,
        employer_name=employer.name,
        industry=employer.industry,
        seekers=tuple(
            PlannedSeeker(n.seeker.id, n.seeker.name, s.opening_id, s.title, round(s.preference_score, 4),
                          n.seeker.profile.disclosure)
            for n, s in for_whom
        ),
        reasons=tuple(reasons),
        talking_points=tuple(p for p in points if not hidden.names_someone(p)),
        score=round(score, 6),
        follow_up_due=standing.follow_up.due if standing.follow_up else None,
        last_seen=standing.last_seen,
    )


def _join(names: Sequence[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


@dataclass(frozen=True)
class _Hidden:
    """The names of seekers who have not said yes to disclosure, which no talking point may contain."""

    shown: tuple[str, ...]  # full names of seekers who said yes (and share them with no one who did not)
    words: tuple[re.Pattern[str], ...]  # each hidden seeker's full name and each name of two letters or more

    def names_someone(self, text: str) -> bool:
        """Whether the text names a hidden seeker, after taking out the full names of disclosed ones."""
        for name in self.shown:
            text = re.sub(re.escape(name), " ", text, flags=re.IGNORECASE)
        return any(word.search(text) for word in self.words)


def _hidden_names(seekers: Sequence[JobSeeker]) -> _Hidden:
    hidden = [s.name for s in seekers if s.profile.disclosure != Disclosure.yes]
    hidden_full = {n.casefold() for n in hidden}
    shown = sorted(
        {s.name for s in seekers if s.profile.disclosure == Disclosure.yes and s.name.casefold() not in hidden_full},
        key=len, reverse=True,
    )
    words = {n for name in hidden for n in (name, *re.findall(r"\w[\w'-]+", name))}
    return _Hidden(
        shown=tuple(shown),
        words=tuple(re.compile(rf"(?<!\w){re.escape(w)}(?!\w)", re.IGNORECASE) for w in sorted(words)),
    )
