"""Writes service/demo/program.json: one small IPS team in Minneapolis-Saint Paul, its caseload and employers.

Deterministic (random.Random(2026)), no network, stdlib and models only. From the project root:
    python -m service.demo.generate [PATH]
Every record is checked with its domain model before anything is written.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import sys
from pathlib import Path
from typing import Any

from models import Employer, EmployerContact, Feedback, JobSeeker, Opening, User
from service.demo.vocabulary import (
    ARCHETYPES,
    BENEFIT_SETS,
    CASELOAD,
    CONTACT_NAMES,
    CONTACTS_FROM,
    CONTACTS_TO,
    DONE_SHARE,
    FIRST_NAMES,
    HOUR_RANGES,
    JOB_DEVELOPER,
    KINDS,
    LAST_INITIALS,
    NEIGHBORHOODS,
    NEXT_STEPS,
    PHONE_SHARE,
    RAPID_DAYS,
    REASONS,
    SHIFT_SETS,
    SPECIAL_OPENINGS,
    SPECIALISTS,
    TRAVEL_SETS,
    WEEKLY_VISITS,
    WHAT_HELPED,
    WHY_ENDED,
    Kind,
)

OUT = Path(__file__).with_name("program.json")
SEED = 2026
def _km(a: dict, b: dict) -> float:
    """Distance in km between two {"lat", "lon"} points (equirectangular: fine inside one city)."""
    x = math.radians(b["lon"] - a["lon"]) * math.cos(math.radians((a["lat"] + b["lat"]) / 2))
    return 6371.0 * math.hypot(x, math.radians(b["lat"] - a["lat"]))


def _place(rng: random.Random, hood: int) -> dict:
    _, lat, lon = NEIGHBORHOODS[hood]
    return {"lat": round(lat + rng.uniform(-0.006, 0.006), 4), "lon": round(lon + rng.uniform(-0.006, 0.006), 4)}


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _employers(rng: random.Random) -> tuple[list[dict], list[Kind], list[int]]:
    """About 10 employers without recorded needs and 5 without a known location."""
    rows = [(kind, name, industry) for kind in KINDS for name, industry in kind.employers]
    rng.shuffle(rows)
    no_needs, no_place = set(rng.sample(range(len(rows)), 10)), set(rng.sample(range(len(rows)), 5))
    employers, hoods = [], [rng.randrange(len(NEIGHBORHOODS)) for _ in rows]
    for i, (kind, name, industry) in enumerate(rows):
        row: dict[str, Any] = {"id": i + 1, "name": name, "industry": industry}
        if i not in no_place:
            row["location"] = _place(rng, hoods[i])
        row["hiring_needs"] = [] if i in no_needs else rng.sample(kind.needs, rng.randint(1, min(3, len(kind.needs))))
        employers.append(row)
    return employers, [kind for kind, _, _ in rows], hoods


def _openings(rng: random.Random, employers: list[dict], kinds: list[Kind], hoods: list[int]) -> list[dict]:
    """150 openings, a few employers with 5 or 6; some with unknown wage, shifts or hours, or at another branch."""
    regular = 150 - len(SPECIAL_OPENINGS)
    big = set(rng.sample([i for i, k in enumerate(kinds) if len(k.jobs) >= 5], 6))
    counts = [min(len(k.jobs), rng.choice((5, 6) if i in big else (1, 2, 2, 3, 3))) for i, k in enumerate(kinds)]
    while sum(counts) != regular:
        step, i = (1 if sum(counts) < regular else -1), rng.choice([i for i in range(len(kinds)) if i not in big])
        if 1 <= counts[i] + step <= min(3, len(kinds[i].jobs)):
            counts[i] += step
    openings: list[dict] = []
    special: set[int] = set()  # stipend and set-aside openings keep their template values
    for i, employer in enumerate(employers):
        jobs = [(job, False) for job in rng.sample(kinds[i].jobs, counts[i])]
        jobs += [(job, aside) for name, job, aside in SPECIAL_OPENINGS if name == employer["name"]]
        for (title, text, low, high, shifts, wage), aside in jobs:
            if aside or wage < 7.25:
                special.add(len(openings))
            else:
                wage += rng.choice((0, 0, 0.25, 0.5, 0.75, 1.0))
            openings.append({"id": len(openings) + 1, "employer_id": employer["id"], "title": title,
                             "description": text, "hours_min": low, "hours_max": high, "shifts": shifts.split(),
                             "wage": wage, "status": "open", "set_aside": aside})
    branch_pool = [k for k, o in enumerate(openings) if kinds[o["employer_id"] - 1].branches and k not in special]
    branches = rng.sample(branch_pool, 10)
    for k in branches:
        hood = rng.choice([h for h in range(len(NEIGHBORHOODS)) if h != hoods[openings[k]["employer_id"] - 1]])
        openings[k]["location"] = _place(rng, hood)
        openings[k]["description"] += f" This opening is at our {NEIGHBORHOODS[hood][0]} store."
    picked = rng.sample([k for k in range(len(openings)) if k not in special and k not in branches], 8 + 6 + 6 + 3)
    for k in picked[:8]:
        del openings[k]["wage"]
    for k in picked[8:14]:
        openings[k]["shifts"] = []
    for k in picked[14:20]:
        del openings[k]["hours_min"], openings[k]["hours_max"]
    for k, status in zip(picked[20:], ("filled", "closed", "closed"), strict=True):
        openings[k]["status"] = status
    return openings


def _seekers(rng: random.Random) -> list[dict]:
    """30 seekers, about 1 in 5 with few or no stated preferences (one with nothing but a name)."""
    names = [f"{first} {rng.choice(LAST_INITIALS)}." for first in rng.sample(FIRST_NAMES, len(CASELOAD))]
    caseload, specialists = list(CASELOAD), [1, 2, 3] * 10
    rng.shuffle(caseload)
    rng.shuffle(specialists)
    sparse = rng.sample(range(len(caseload)), 6)
    jobs = {k.key: k.jobs for k in KINDS}
    seekers = []
    for i, key in enumerate(caseload):
        a, p = ARCHETYPES[key], {}
        entered = _day(rng, dt.date(2026, 8, 3), dt.date(2026, 11, 12))
        home = _place(rng, rng.randrange(len(NEIGHBORHOODS)))
        if i in sparse[1:]:
            p["interests"] = rng.sample(a.interests, rng.randint(1, 2))
            if i == sparse[1]:
                p.update(hours_min=10, hours_max=20, home=home)
        elif i != sparse[0]:
            if rng.random() < 0.8:
                p["dream_job"] = rng.choice(a.dreams)
            p["job_wanted_now"] = rng.choice(a.job_types)
            p["interests"] = rng.sample(a.interests, rng.randint(1, 3))
            p["strengths"] = rng.sample(a.strengths, rng.randint(1, 2))
            p["job_types"] = rng.sample(a.job_types, rng.randint(1, 3))
            p["avoid"] = rng.sample(a.avoid, rng.randint(0, 2))
            p["hours_min"], p["hours_max"] = rng.choice(HOUR_RANGES)
            p["shifts"] = rng.choice(SHIFT_SETS).split()
            if rng.random() < 0.7:
                p["min_wage"] = rng.choice((15.97, 16.0, 17.0, 18.0, 20.0))
            p["home"], p["max_commute_km"] = home, rng.choice((3, 5, 8, 10, 12, 15, 20))
            p["travel"] = rng.choice(TRAVEL_SETS).split()
            if a.education and rng.random() < 0.5:
                p["education_goals"] = [rng.choice(a.education)]
            past = rng.sample([j for k in a.kinds for j in jobs[k]], rng.choice((0, 0, 1, 1, 2)))
            for title, duties, *_ in past:
                start = dt.date(rng.randint(2014, 2023), rng.randint(1, 12), 1)
                end = start + dt.timedelta(days=30 * rng.randint(3, 30))
                p.setdefault("work_history", []).append(
                    {"title": title, "duties": duties, "why_ended": rng.choice(WHY_ENDED),
                     "what_helped": rng.choice(WHAT_HELPED), "start": start.isoformat(), "end": end.isoformat()})
            p["benefits"] = list(rng.choice(BENEFIT_SETS))
            if {"ssi", "ssdi"} & set(p["benefits"]):
                p["keep_under_threshold"] = rng.choice((True, False, False))
            p["disclosure"] = rng.choice(("yes", "no", "undecided"))
        seekers.append({"id": i + 1, "name": names[i], "specialist_id": specialists[i],
                        "entered_on": entered.isoformat(), "profile": p, "_kinds": a.kinds})
    return seekers


def _clash(seeker: dict, opening: dict, employer: dict) -> str | None:
    """Why this seeker would turn the opening down (a key of REASONS), or None when nothing clashes."""
    p, where = seeker["profile"], opening.get("location") or employer.get("location")
    if employer["industry"] in p.get("avoid", ()):
        return "avoid"
    if p.get("shifts") and opening["shifts"] and not set(p["shifts"]) & set(opening["shifts"]):
        return "shifts"
    if p.get("max_commute_km") and where and _km(p["home"], where) > p["max_commute_km"]:
        return "far"
    if p.get("hours_max") and opening.get("hours_min", 0) > p["hours_max"]:
        return "hours"
    return "wage" if p.get("min_wage", 0) > opening.get("wage", 99) else None


def _contacts(rng: random.Random, seekers: list[dict], employers: list[dict], kinds: list[Kind],
              openings: list[dict]) -> tuple[list[dict], list[dict]]:
    """40 job-development contacts and the two hires they led to. Four seekers get no face-to-face contact within
    30 days of entry (rapid job search flag): one only had a phone call, one a visit after the window."""
    by_kind = {k.key: [e for e, ek in zip(employers, kinds, strict=True) if ek is k] for k in KINDS}
    days, date = dt.timedelta, dt.date.fromisoformat
    flagged = rng.sample([s for s in seekers if date(s["entered_on"]) + days(RAPID_DAYS) <= CONTACTS_TO], 4)
    contacts: list[dict] = []
    hires: list[dict] = []

    def contact(s: dict | None, employer: dict, on: dt.date, stage: str, f2f: bool = True) -> None:
        role, needs = rng.choice(kinds[employer["id"] - 1].roles), employer["hiring_needs"]
        step = rng.choice(NEXT_STEPS.get(stage, NEXT_STEPS["named"]) if s else NEXT_STEPS["general"])
        contacts.append({"id": 0, "employer_id": employer["id"],
                         "specialist_id": s["specialist_id"] if s else rng.randint(1, 3), "on": on.isoformat(),
                         "face_to_face": f2f, "person_met": rng.choice(CONTACT_NAMES), "person_role": role,
                         "seeker_ids": [s["id"]] if s else [], "stage": stage,
                         "needs": "They need " + "; ".join(rng.sample(needs, min(2, len(needs)))) if needs else None,
                         "next_step": step.format(first=s["name"].rsplit(" ", 1)[0] if s else "", role=role),
                         "next_step_due": (on + days(rng.randint(3, 14))).isoformat()})

    for s in seekers:
        entered, employer = date(s["entered_on"]), rng.choice([e for k in s["_kinds"] for e in by_kind[k]])
        if s is flagged[0]:
            contact(s, employer, entered + days(rng.randint(5, 20)), "introduced", f2f=False)
        elif s is flagged[1] and entered + days(45) <= CONTACTS_TO:
            contact(s, employer, entered + days(rng.randint(35, 45)), "discussing_candidate")
        if s in flagged:
            continue
        on = _day(rng, max(CONTACTS_FROM, entered + days(3)), min(CONTACTS_TO, entered + days(RAPID_DAYS)))
        fitting = [o for o in openings if o["employer_id"] == employer["id"] and o["status"] == "open"
                   and not o["set_aside"] and o.get("wage", 99) >= 7.25 and not _clash(s, o, employer)]
        if len(hires) < 2 and s["profile"].get("job_types") and fitting and on + days(21) <= CONTACTS_TO:
            for stage, after in (("discussing_candidate", 0), ("hired_someone", 10), ("follow_along", 17)):
                contact(s, employer, on + days(after), stage)
            fitting[0]["status"] = "filled"
            hires.append({"id": 0, "seeker_id": s["id"], "opening_id": fitting[0]["id"], "reaction": "hired",
                          "at": f"{(on + days(10)).isoformat()}T11:00:00"})
        else:
            contact(s, employer, on, rng.choice(("introduced", "learning_business", "discussing_candidate") * 2
                                                + ("discussing_candidate",)))
    for _ in range(40 - len(contacts)):  # general visits: relationship first, nobody pitched yet
        contact(None, rng.choice([e for e in employers if e["hiring_needs"]]), _day(rng, CONTACTS_FROM, CONTACTS_TO),
                rng.choice(("introduced", "learning_business")), f2f=rng.random() < 0.8)
    return contacts, hires


def _weekly_visits(rng: random.Random, contacts: list[dict], employers: list[dict], kinds: list[Kind]) -> None:
    """Adds general visits so each specialist's week reaches their rhythm (WEEKLY_VISITS): some on the IPS target
    of 6 face-to-face contacts a week, some not; a few phone calls besides. Weekdays only."""
    days, date = dt.timedelta, dt.date.fromisoformat
    with_needs = [e for e in employers if e["hiring_needs"]]
    monday = CONTACTS_FROM - days(CONTACTS_FROM.weekday())
    while monday <= CONTACTS_TO:
        weekdays = [d for d in (monday + days(i) for i in range(5)) if CONTACTS_FROM <= d <= CONTACTS_TO]
        for specialist, rhythm in WEEKLY_VISITS.items():
            made = sum(1 for c in contacts if c["specialist_id"] == specialist and c["face_to_face"]
                       and monday <= date(c["on"]) < monday + days(7))
            wanted = round(rng.choice(rhythm) * len(weekdays) / 5)
            for _ in range(max(0, wanted - made)):
                employer = rng.choice(with_needs)
                on = rng.choice(weekdays)
                role, needs = rng.choice(kinds[employer["id"] - 1].roles), employer["hiring_needs"]
                contacts.append({
                    "id": 0, "employer_id": employer["id"], "specialist_id": specialist, "on": on.isoformat(),
                    "face_to_face": rng.random() >= PHONE_SHARE, "person_met": rng.choice(CONTACT_NAMES),
                    "person_role": role, "seeker_ids": [], "stage": rng.choice(("introduced", "learning_business")),
                    "needs": "They need " + "; ".join(rng.sample(needs, min(2, len(needs)))) if rng.random() < 0.5
                    else None,
                    "next_step": rng.choice(NEXT_STEPS["general"]),
                    "next_step_due": (on + days(rng.randint(3, 14))).isoformat(),
                })
        monday += days(7)


def _follow_ups_done(rng: random.Random, contacts: list[dict]) -> None:
    """Marks next steps done the way the service does (service/stores/contacts.py): the same person's next contact
    with the same employer on a later day takes the step; of the rest, most steps due by the end of the log were
    marked done by hand, on a day between the contact and a few days after the due date. Contacts in log order."""
    days, date = dt.timedelta, dt.date.fromisoformat
    for i, new in enumerate(contacts):
        for old in contacts[:i]:
            if (old["employer_id"], old["specialist_id"]) == (new["employer_id"], new["specialist_id"]) \
                    and old["on"] < new["on"] and "done_on" not in old:
                old["done_on"] = new["on"]
    for c in contacts:
        due = date(c["next_step_due"])
        if "done_on" not in c and due <= CONTACTS_TO and rng.random() < DONE_SHARE:
            c["done_on"] = _day(rng, date(c["on"]) + days(1), min(due + days(3), CONTACTS_TO)).isoformat()


def _feedback(rng: random.Random, seekers: list[dict], employers: list[dict], kinds: list[Kind],
              openings: list[dict], hires: list[dict]) -> list[dict]:
    """Seekers' reactions to openings in the kinds of work they want: fitting ones liked, clashing ones declined."""
    feedback, taken = list(hires), {(f["seeker_id"], f["opening_id"]) for f in hires}
    usable = [o for o in openings if o["status"] == "open" and not o["set_aside"] and o.get("wage", 99) >= 7.25]
    reacting = [s for s in seekers if s["profile"].get("interests")]
    for reaction in ("applied",) * 7 + ("interested",) * 10 + ("not_for_me",) * 6:
        for _attempt in range(1000):
            s = rng.choice(reacting)
            why = {o["id"]: _clash(s, o, employers[o["employer_id"] - 1]) for o in usable
                   if kinds[o["employer_id"] - 1].key in s["_kinds"] and (s["id"], o["id"]) not in taken}
            pool = [k for k, reason in why.items() if (reason is None) == (reaction != "not_for_me")]
            if pool:
                break
        else:
            raise RuntimeError(f"no opening left for a '{reaction}' reaction")
        o = openings[rng.choice(pool) - 1]
        taken.add((s["id"], o["id"]))
        row = {"id": 0, "seeker_id": s["id"], "opening_id": o["id"], "reaction": reaction}
        if reaction == "not_for_me":
            row["reason"] = REASONS[why[o["id"]]].format(what=employers[o["employer_id"] - 1]["industry"])
        at = _day(rng, dt.date.fromisoformat(s["entered_on"]) + dt.timedelta(days=2), CONTACTS_TO)
        row["at"] = f"{at.isoformat()}T{rng.randint(9, 16):02d}:{rng.choice((0, 15, 30, 45)):02d}:00"
        feedback.append(row)
    return feedback


def build() -> dict[str, list[dict]]:
    """The whole demo program as JSON-ready dicts, each checked with its domain model."""
    rng = random.Random(SEED)
    employers, kinds, hoods = _employers(rng)
    openings = _openings(rng, employers, kinds, hoods)
    seekers = _seekers(rng)
    contacts, hires = _contacts(rng, seekers, employers, kinds, openings)
    feedback = _feedback(rng, seekers, employers, kinds, openings, hires)
    log = random.Random(SEED + 1)  # its own stream, so the records made before stay as they were
    _weekly_visits(log, contacts, employers, kinds)
    contacts.sort(key=lambda c: (c["on"], c["employer_id"], c["specialist_id"]))
    _follow_ups_done(log, contacts)
    feedback.sort(key=lambda f: (f["at"], f["seeker_id"]))
    for rows in (contacts, feedback):
        for i, row in enumerate(rows, 1):
            row["id"] = i
    for s in seekers:
        del s["_kinds"]
    program = {
        "specialists": [{"id": i, "name": name, "role": "specialist"} for i, name in enumerate(SPECIALISTS, 1)],
        "job_developers": [{"id": len(SPECIALISTS) + 1, "name": JOB_DEVELOPER, "role": "job_developer"}],
        "seekers": seekers, "employers": employers, "openings": openings, "contacts": contacts, "feedback": feedback,
    }
    checks = {"specialists": User, "job_developers": User, "seekers": JobSeeker, "employers": Employer,
              "openings": Opening, "contacts": EmployerContact, "feedback": Feedback}
    for key, model in checks.items():
        for row in program[key]:
            model.model_validate(row)
    return program


def render(program: dict) -> str:
    """The file's exact text: pretty-printed with indent=1, keys in record order."""
    return json.dumps(program, indent=1, sort_keys=False, ensure_ascii=False) + "\n"


def write(path: Path | str = OUT) -> Path:
    """Builds the program and writes it to path (by default the shipped program.json)."""
    path = Path(path)
    path.write_text(render(build()), encoding="utf-8", newline="\n")
    return path


if __name__ == "__main__":
    print(write(sys.argv[1] if len(sys.argv) > 1 else OUT))
