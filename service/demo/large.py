"""A large, realistic program for benchmarks and scale tests: a whole state's IPS teams, sizes as arguments.

Built from the demo's vocabulary (service/demo/vocabulary.py): the same kinds of work, job templates, needs and
seeker archetypes, spread over Minnesota's towns. Many openings share a title (a state has hundreds of
dishwashers); descriptions vary with the employer's own sentences, so most opening texts are distinct, as in a
real catalogue. Most seekers want a few job types and state limits; a few are broad (many job types, no limits),
some say almost nothing. Deterministic for a given seed. Every record is checked with its domain model.

    python -m service.demo.large --openings 100000 --seekers 10000 --out DIR

writes DIR/employers.csv, DIR/openings.csv and DIR/seekers.csv for `ipsmatch import` (import the employers
first, into a database without employers: the openings name their employer by its position in employers.csv,
which is the id an empty database gives it) and DIR/program.json (the whole program, contacts and feedback
included, for `service.demo.loader.load_into`).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import random
from pathlib import Path
from typing import Any

from service.demo import DemoProgram, _validated
from service.demo.vocabulary import (
    ARCHETYPES,
    BENEFIT_SETS,
    CASELOAD,
    CONTACT_NAMES,
    FIRST_NAMES,
    HOUR_RANGES,
    KINDS,
    LAST_INITIALS,
    NEIGHBORHOODS,
    NEXT_STEPS,
    SHIFT_SETS,
    TRAVEL_SETS,
    Kind,
)

__all__ = ["large_program", "large_rows", "write_files"]

# Towns outside the Twin Cities: (name, lat, lon, weight). The metro's neighbourhoods (NEIGHBORHOODS) carry
# about half of the state's jobs and people, as the Twin Cities do.
TOWNS = (
    ("Duluth", 46.7867, -92.1005, 6), ("Rochester", 44.0121, -92.4802, 8), ("St. Cloud", 45.5579, -94.1632, 6),
    ("Mankato", 44.1636, -93.9994, 4), ("Moorhead", 46.8738, -96.7678, 3), ("Bemidji", 47.4736, -94.8803, 2),
    ("Winona", 44.0499, -91.6393, 2), ("Brainerd", 46.3580, -94.2008, 2), ("Willmar", 45.1219, -95.0433, 2),
    ("Owatonna", 44.0839, -93.2260, 2), ("Austin", 43.6666, -92.9746, 2), ("Faribault", 44.2950, -93.2688, 2),
    ("Red Wing", 44.5625, -92.5338, 1), ("Hibbing", 47.4272, -92.9377, 1), ("Alexandria", 45.8852, -95.3775, 1),
    ("Fergus Falls", 46.2830, -96.0776, 1), ("Marshall", 44.4469, -95.7886, 1), ("Worthington", 43.6199, -95.5964, 1),
    ("Albert Lea", 43.6480, -93.3683, 1), ("New Ulm", 44.3125, -94.4605, 1), ("Grand Rapids", 47.2372, -93.5302, 1),
    ("Northfield", 44.4583, -93.1616, 1), ("Hutchinson", 44.8877, -94.3697, 1), ("Detroit Lakes", 46.8172, -95.8453, 1),
)
PLACES = tuple((name, lat, lon, 0.006, 55 / len(NEIGHBORHOODS)) for name, lat, lon in NEIGHBORHOODS) + tuple(
    (name, lat, lon, 0.025, weight * 45 / sum(t[3] for t in TOWNS)) for name, lat, lon, weight in TOWNS
)
# How common each kind of work is among employers (a state has more restaurants than peer centers).
KIND_WEIGHTS = {"restaurant": 10, "cafe": 5, "fast_food": 8, "grocery": 8, "retail": 8, "janitorial": 5,
                "warehouse": 6, "animal": 3, "landscaping": 3, "hotel": 4, "hospital": 3, "laundry": 2, "auto": 3,
                "office": 5, "library": 1, "peer": 1, "childcare": 3, "delivery": 3, "manufacturing": 5, "it": 1,
                "bookkeeping": 1, "recycling": 1}
# Sentences employers add to a posting: the reason two "Dishwasher" openings read differently.
EXTRAS = (
    "No experience needed; we train on the job.", "Paid training in your first week.", "Uniform provided.",
    "Free staff meal every shift.", "Staff discount after 30 days.", "Close to a bus line.",
    "Free parking behind the building.", "Raises after 90 days.", "Flexible schedule; tell us what works for you.",
    "Steady hours every week.", "Small, friendly team.", "Quiet workplace.", "Busy, fast-paced shifts.",
    "Weekly pay.", "Paid time off after six months.", "Health insurance for 30 hours or more.",
    "Must be able to stand for most of the shift.", "Some lifting, up to 25 pounds.", "Work mostly on your own.",
    "You will be part of a crew of three.", "Clear checklists for every task.", "We welcome first-time workers.",
    "Bilingual Spanish or Somali a plus.", "Start date within two weeks.", "Seasonal, with a chance to stay on.",
    "Shifts are set two weeks ahead.", "Breaks at set times.", "Supervisor checks in with new staff every week.",
)
MODIFIERS = ("Part-time", "Weekend", "Full-time", "Seasonal", "Morning", "Evening")
BROAD_SHARE, SPARSE_SHARE, INACTIVE_SHARE = 0.05, 0.12, 0.05
CASELOAD_SIZE = 20  # seekers per specialist (DOMAIN.md: IPS caseloads of about 20)
START = dt.date(2026, 1, 5)
END = dt.date(2026, 11, 20)


def _place(rng: random.Random, place: int) -> dict[str, float]:
    _, lat, lon, spread, _ = PLACES[place]
    return {"lat": round(lat + rng.uniform(-spread, spread), 4), "lon": round(lon + rng.uniform(-spread, spread), 4)}


def _day(rng: random.Random, start: dt.date = START, end: dt.date = END) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


def _employers(rng: random.Random, count: int) -> tuple[list[dict], list[Kind], list[int]]:
    """Employers of every kind, in towns by population; chains keep their name with the town in brackets."""
    kinds, weights = [k for k in KINDS], [KIND_WEIGHTS.get(k.key, 1) for k in KINDS]
    place_weights = [p[4] for p in PLACES]
    rows, chosen, places, seen = [], [], [], {}
    for i in range(count):
        kind = rng.choices(kinds, weights)[0]
        place = rng.choices(range(len(PLACES)), place_weights)[0]
        base, industry = rng.choice(kind.employers)
        name = f"{base} ({PLACES[place][0]})"
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            name = f"{base} ({PLACES[place][0]} #{seen[name]})"
        row: dict[str, Any] = {"id": i + 1, "name": name, "industry": industry}
        if rng.random() > 0.03:
            row["location"] = _place(rng, place)
        wanted = 0 if rng.random() < 0.2 else rng.randint(1, min(3, len(kind.needs)))
        row["hiring_needs"] = rng.sample(kind.needs, wanted)
        rows.append(row)
        chosen.append(kind)
        places.append(place)
    return rows, chosen, places


def _openings(
    rng: random.Random, count: int, employers: list[dict], kinds: list[Kind], places: list[int]
) -> list[dict]:
    """Openings spread over employers by a heavy-tailed size (a few big employers post many)."""
    sizes = [rng.paretovariate(1.3) for _ in employers]
    cumulative, total = [], 0.0
    for size in sizes:
        total += size
        cumulative.append(total)
    rows = []
    for i in range(count):
        e = rng.choices(range(len(employers)), cum_weights=cumulative)[0]
        employer, kind = employers[e], kinds[e]
        title, text, low, high, shifts, wage = rng.choice(kind.jobs)
        if rng.random() < 0.15:
            title = f"{rng.choice(MODIFIERS)} {title[0].lower()}{title[1:]}"
        extras = rng.sample(EXTRAS, rng.randint(1, 3))
        if employer["hiring_needs"] and rng.random() < 0.3:
            extras.append(f"We need {rng.choice(employer['hiring_needs'])}.")
        shift = rng.choice((-5, 0, 0, 0, 5))
        row: dict[str, Any] = {
            "id": i + 1, "employer_id": employer["id"], "title": title, "description": " ".join([text, *extras]),
            "hours_min": max(1, low + shift), "hours_max": max(1, high + shift), "shifts": shifts.split(),
            "wage": round(wage + rng.choice((0, 0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0)), 2),
            "status": rng.choices(("open", "filled", "closed"), (92, 5, 3))[0],
            "set_aside": rng.random() < 0.003,
        }
        roll = rng.random()
        if roll < 0.05:
            del row["wage"]
        elif roll < 0.09:
            row["shifts"] = []
        elif roll < 0.12:
            del row["hours_min"], row["hours_max"]
        if rng.random() < 0.05:  # at another branch in the same town
            row["location"] = _place(rng, places[e])
        rows.append(row)
    return rows


def _profile(rng: random.Random, key: str, home: dict[str, float], outstate: bool) -> dict[str, Any]:
    """A typical profile: a few job types and interests, hours, shifts, often a wage floor and a commute limit."""
    a = ARCHETYPES[key]
    p: dict[str, Any] = {}
    if rng.random() < 0.8:
        p["dream_job"] = rng.choice(a.dreams)
    p["job_wanted_now"] = rng.choice(a.job_types)
    p["interests"] = rng.sample(a.interests, rng.randint(1, min(3, len(a.interests))))
    p["strengths"] = rng.sample(a.strengths, rng.randint(1, min(2, len(a.strengths))))
    p["job_types"] = rng.sample(a.job_types, rng.randint(1, min(3, len(a.job_types))))
    p["avoid"] = rng.sample(a.avoid, rng.randint(0, min(2, len(a.avoid))))
    p["hours_min"], p["hours_max"] = rng.choice(HOUR_RANGES)
    p["shifts"] = rng.choice(SHIFT_SETS).split()
    if rng.random() < 0.7:
        p["min_wage"] = rng.choice((15.97, 16.0, 17.0, 18.0, 20.0))
    p["home"] = home
    p["max_commute_km"] = rng.choice((15, 20, 30, 40) if outstate else (3, 5, 8, 10, 12, 15, 20))
    p["travel"] = rng.choice(TRAVEL_SETS).split()
    if a.education and rng.random() < 0.4:
        p["education_goals"] = [rng.choice(a.education)]
    p["benefits"] = list(rng.choice(BENEFIT_SETS))
    if {"ssi", "ssdi"} & set(p["benefits"]):
        p["keep_under_threshold"] = rng.choice((True, False, False))
    p["disclosure"] = rng.choice(("yes", "no", "undecided"))
    return p


def _broad(rng: random.Random, home: dict[str, float]) -> dict[str, Any]:
    """A seeker open to almost anything: many job types and interests across archetypes, and no limits at all."""
    keys = rng.sample(sorted(ARCHETYPES), rng.randint(3, 6))
    job_types = list(dict.fromkeys(j for k in keys for j in ARCHETYPES[k].job_types))
    interests = list(dict.fromkeys(i for k in keys for i in ARCHETYPES[k].interests))
    return {"job_types": job_types[:30], "interests": interests[:20], "home": home,
            "disclosure": rng.choice(("yes", "undecided"))}


def _seekers(rng: random.Random, count: int, specialists: int) -> tuple[list[dict], list[str]]:
    """Seekers in towns by population, each on a specialist's caseload; returns them and their archetype."""
    place_weights = [p[4] for p in PLACES]
    seekers, keys = [], []
    for i in range(count):
        key = rng.choice(CASELOAD)
        place = rng.choices(range(len(PLACES)), place_weights)[0]
        home = _place(rng, place)
        roll = rng.random()
        if roll < BROAD_SHARE:
            profile = _broad(rng, home)
        elif roll < BROAD_SHARE + SPARSE_SHARE:
            profile = {"interests": rng.sample(ARCHETYPES[key].interests, rng.randint(1, 2))}
            if rng.random() < 0.5:
                profile["home"] = home
        else:
            profile = _profile(rng, key, home, outstate=place >= len(NEIGHBORHOODS))
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_INITIALS)}."
        seekers.append({"id": i + 1, "name": name, "specialist_id": i // CASELOAD_SIZE + 1 if specialists else None,
                        "entered_on": _day(rng).isoformat(), "active": rng.random() >= INACTIVE_SHARE,
                        "profile": profile})
        keys.append(key)
    return seekers, keys


def _contacts(rng: random.Random, count: int, employers: list[dict], kinds: list[Kind], specialists: int) -> list[dict]:
    """Job-development contacts: who was met, what the employer said it needs, the next step."""
    contacts = []
    for i in range(count if specialists else 0):
        e = rng.randrange(len(employers))
        on, kind = _day(rng), kinds[e]
        needs = kind.needs
        contacts.append({
            "id": i + 1, "employer_id": employers[e]["id"], "specialist_id": rng.randint(1, specialists),
            "on": on.isoformat(), "face_to_face": rng.random() < 0.85, "person_met": rng.choice(CONTACT_NAMES),
            "person_role": rng.choice(kind.roles), "seeker_ids": [],
            "stage": rng.choice(("introduced", "learning_business", "learning_business", "discussing_candidate")),
            "needs": "They need " + rng.choice(needs) if rng.random() < 0.6 else None,
            "next_step": rng.choice(NEXT_STEPS["general"]),
            "next_step_due": (on + dt.timedelta(days=rng.randint(3, 14))).isoformat(),
        })
    return contacts


def _feedback(rng: random.Random, seekers: list[dict], keys: list[str], openings: list[dict],
              kinds: list[Kind]) -> list[dict]:
    """A few reactions per seeker to open openings in the kinds of work they want."""
    by_kind: dict[str, list[int]] = {}
    for o in openings:
        if o["status"] == "open":
            by_kind.setdefault(kinds[o["employer_id"] - 1].key, []).append(o["id"])
    feedback = []
    for seeker, key in zip(seekers, keys, strict=True):
        pools = [by_kind[k] for k in ARCHETYPES[key].kinds if k in by_kind]
        if not pools:
            continue
        picked = {rng.choice(rng.choice(pools)) for _ in range(rng.choice((0, 0, 1, 2, 3)))}
        for opening_id in sorted(picked):
            reaction = rng.choice(("interested", "interested", "not_for_me", "applied"))
            at = dt.datetime.combine(_day(rng), dt.time(rng.randint(9, 16), rng.choice((0, 15, 30, 45))))
            row = {"id": len(feedback) + 1, "seeker_id": seeker["id"], "opening_id": opening_id,
                   "reaction": reaction, "at": at.isoformat()}
            if reaction == "not_for_me":
                row["reason"] = rng.choice(("Too far from home", "The shifts don't fit my schedule",
                                            "Pay is too low for me", "Not the kind of work I want"))
            feedback.append(row)
    return feedback


def large_rows(*, openings: int, seekers: int, employers: int | None = None, seed: int = 0) -> dict[str, list[dict]]:
    """The program as JSON-ready dicts in the demo's shape (program.json), ids counting from 1 in each list.

    `employers` defaults to one employer for every six openings. Contacts: one for every four employers;
    specialists: one per 20 seekers; a job developer per four specialists.
    """
    if openings < 0 or seekers < 0 or (employers is not None and employers < 1):
        raise ValueError("sizes must not be negative, and a program with openings needs at least one employer")
    rng = random.Random(seed)
    employer_count = employers if employers is not None else max(1, math.ceil(openings / 6))
    employer_rows, kinds, places = _employers(rng, employer_count)
    opening_rows = _openings(random.Random(seed + 1), openings, employer_rows, kinds, places)
    specialists = math.ceil(seekers / CASELOAD_SIZE)
    developers = max(1, specialists // 4) if specialists else 0
    seeker_rows, keys = _seekers(random.Random(seed + 2), seekers, specialists)
    rng = random.Random(seed + 3)
    return {
        "specialists": [{"id": i, "name": f"Specialist {i}", "role": "specialist"} for i in range(1, specialists + 1)],
        "job_developers": [{"id": specialists + i, "name": f"Job developer {i}", "role": "job_developer"}
                           for i in range(1, developers + 1)],
        "seekers": seeker_rows,
        "employers": employer_rows,
        "openings": opening_rows,
        "contacts": _contacts(rng, employer_count // 4, employer_rows, kinds, specialists),
        "feedback": _feedback(rng, seeker_rows, keys, opening_rows, kinds),
    }


def large_program(*, openings: int, seekers: int, employers: int | None = None, seed: int = 0) -> DemoProgram:
    """The large program as validated domain models, in the shape the demo loader takes (see large_rows)."""
    from service.demo import _MODELS

    rows = large_rows(openings=openings, seekers=seekers, employers=employers, seed=seed)
    return DemoProgram(**{key: _validated(key, rows[key], model) for key, model in _MODELS.items()})


def _cells(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _write_csv(path: Path, header: list[str], rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        for row in rows:
            writer.writerow([_cells(row.get(column)) for column in header])


def write_files(rows: dict[str, list[dict]], out: Path) -> list[Path]:
    """Writes employers.csv, openings.csv, seekers.csv (for `ipsmatch import`) and program.json into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    flat_employers = [{**e, "ref": f"E{e['id']}", **(e.get("location") or {})} for e in rows["employers"]]
    flat_openings = [{**o, "ref": f"O{o['id']}", **(o.get("location") or {})} for o in rows["openings"]]
    flat_seekers = []
    for s in rows["seekers"]:
        profile = {k: v for k, v in s["profile"].items() if k not in {"home", "work_history"}}
        home = s["profile"].get("home") or {}
        flat_seekers.append({"ref": f"S{s['id']}", "name": s["name"], "entered_on": s["entered_on"],
                             "active": s["active"], **profile, "home_lat": home.get("lat"),
                             "home_lon": home.get("lon")})
    seeker_columns = ["ref", "name", "entered_on", "active", "dream_job", "job_wanted_now", "interests", "strengths",
                      "job_types", "avoid", "hours_min", "hours_max", "shifts", "min_wage", "home_lat", "home_lon",
                      "max_commute_km", "travel", "education_goals", "benefits", "keep_under_threshold", "disclosure"]
    written = [out / "employers.csv", out / "openings.csv", out / "seekers.csv", out / "program.json"]
    _write_csv(written[0], ["ref", "name", "industry", "lat", "lon", "hiring_needs"], flat_employers)
    _write_csv(written[1], ["ref", "employer_id", "title", "description", "hours_min", "hours_max", "shifts", "wage",
                            "lat", "lon", "status", "set_aside"], flat_openings)
    _write_csv(written[2], seeker_columns, flat_seekers)
    written[3].write_text(json.dumps(rows, ensure_ascii=False) + "\n", encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> None:
    """`python -m service.demo.large --openings N --seekers N [--employers N] [--seed N] --out DIR`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--openings", type=int, required=True)
    parser.add_argument("--seekers", type=int, required=True)
    parser.add_argument("--employers", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    rows = large_rows(openings=args.openings, seekers=args.seekers, employers=args.employers, seed=args.seed)
    for path in write_files(rows, args.out):
        print(path)


if __name__ == "__main__":
    main()
