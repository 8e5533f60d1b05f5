"""The shipped demo program: exactly what the generator writes, valid, varied, and internally consistent."""

from __future__ import annotations

import datetime as dt
import json
import math
import subprocess
import sys
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

from models import CareerProfile, ContactStage, Reaction, clinical_key, get_settings
from service.demo import DemoProgram, generate, load_program

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = resources.files("service.demo").joinpath("program.json")
CENTER = {"lat": 44.97, "lon": -93.26}
KEYS = ["specialists", "job_developers", "seekers", "employers", "openings", "contacts", "feedback"]
CONTACTS_FROM, CONTACTS_TO = dt.date(2026, 9, 1), dt.date(2026, 11, 20)
# Words that would carry clinical or legal history; "hospital" alone is an employer, so only its -ization forms.
CLINICAL_WORDS = ("diagnos", "symptom", "substance", "alcohol", "addiction", "hospitaliz", "hospitalis", "psychiatr",
                  "schizo", "bipolar", "depress", "anxiety", "medication", "relapse", "sober", "homeless", "eviction",
                  "criminal", "felony", "conviction", "arrest", "incarcerat", "probation", "parole", "jail", "prison")


def km(a, b) -> float:
    x = math.radians(b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return 6371.0 * math.hypot(x, math.radians(b.lat - a.lat))


@pytest.fixture(scope="module")
def raw() -> dict:
    return json.loads(SHIPPED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def program() -> DemoProgram:
    return load_program()


# Reproducible --------------------------------------------------------------------------------------------------


def test_shipped_file_is_exactly_what_the_generator_writes(tmp_path):
    written = generate.write(tmp_path / "program.json")
    assert written.read_bytes() == SHIPPED.read_bytes(), "run `python -m service.demo.generate` and commit the result"


def test_generator_runs_as_a_module(tmp_path):
    out = tmp_path / "again.json"
    subprocess.run([sys.executable, "-m", "service.demo.generate", str(out)], cwd=ROOT, check=True,
                   capture_output=True, timeout=120)
    assert out.read_bytes() == SHIPPED.read_bytes()


def test_file_is_pretty_printed_small_and_in_record_order(raw):
    text = SHIPPED.read_text(encoding="utf-8")
    assert text == json.dumps(raw, indent=1, sort_keys=False, ensure_ascii=False) + "\n"
    assert len(text.encode()) < 300_000
    assert list(raw) == KEYS


# Valid -------------------------------------------------------------------------------------------------------------


def test_every_record_validates_with_the_models(raw, program):
    for key in KEYS:
        assert len(getattr(program, key)) == len(raw[key]), key
    assert all(isinstance(getattr(program, key), tuple) for key in KEYS)


def test_ids_are_one_to_n(raw):
    for key in ("seekers", "employers", "openings", "contacts", "feedback"):
        assert [row["id"] for row in raw[key]] == list(range(1, len(raw[key]) + 1)), key


def test_counts(program):
    assert [(u.id, u.role) for u in program.specialists] == [(1, "specialist"), (2, "specialist"), (3, "specialist")]
    assert [(u.id, u.role) for u in program.job_developers] == [(4, "job_developer")]
    assert len(program.seekers) == 30
    assert len(program.employers) == 60
    assert len(program.openings) == 150
    # Three specialists at their own weekly rhythm over twelve weeks of job development (was 40 before [4/8]).
    assert 130 <= len(program.contacts) <= 180
    assert 20 <= len(program.feedback) <= 30


def test_no_clinical_or_legal_history_anywhere(raw):
    def keys(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                yield key
                yield from keys(inner)
        elif isinstance(value, list):
            for inner in value:
                yield from keys(inner)

    assert not [key for key in keys(raw) if clinical_key(key)]
    text = SHIPPED.read_text(encoding="utf-8").lower()
    assert [word for word in CLINICAL_WORDS if word in text] == []


# Varied --------------------------------------------------------------------------------------------------------


def test_one_city(program):
    points = [e.location for e in program.employers] + [o.location for o in program.openings]
    points += [s.profile.home for s in program.seekers]
    points = [p for p in points if p is not None]
    center = type(points[0])(**CENTER)
    assert max(km(center, p) for p in points) <= 15.0
    assert all(round(p.lat, 4) == p.lat and round(p.lon, 4) == p.lon for p in points)


def test_employers_cover_the_work_ips_participants_take(program):
    industries = Counter(e.industry for e in program.employers)
    assert industries["fast food"] >= 2
    assert len(industries) >= 20
    for word in ("restaurant", "grocery", "janitorial", "warehouse", "animal shelter", "pet grooming",
                 "veterinary clinic", "landscaping", "hotel", "hospital dietary services", "laundry", "auto detailing",
                 "library", "peer support", "childcare", "delivery", "assembly", "IT support", "bookkeeping"):
        assert any(word in i for i in industries), word
    assert 8 <= sum(not e.hiring_needs for e in program.employers) <= 12
    assert all(len(e.hiring_needs) <= 3 for e in program.employers)
    assert 4 <= sum(e.location is None for e in program.employers) <= 6
    per_employer = Counter(o.employer_id for o in program.openings)
    assert sum(n >= 5 for n in per_employer.values()) >= 3


def test_openings_include_the_awkward_cases(program, raw):
    openings = program.openings
    assert 6 <= sum("wage" not in o for o in raw["openings"]) <= 10
    assert 4 <= sum(not o.shifts for o in openings) <= 8
    assert 4 <= sum(o.hours_min is None and o.hours_max is None for o in openings) <= 8
    assert 8 <= sum(o.location is not None for o in openings) <= 12
    assert 4 <= sum(o.status != "open" for o in openings) <= 6
    assert {o.status for o in openings} == {"open", "filled", "closed"}
    assert sum(o.set_aside for o in openings) == 2
    assert sum(o.wage is not None and o.wage < get_settings().min_wage for o in openings) == 2
    wages = [o.wage for o in openings if o.wage is not None and not o.set_aside and o.wage >= 7.25]
    assert sum(15 <= w <= 24 for w in wages) / len(wages) >= 0.9
    part_time = [o for o in openings if o.hours_max is not None and o.hours_max <= 30]
    assert len(part_time) / len(openings) >= 0.6
    assert any(o.hours_min is not None and o.hours_min >= 30 for o in openings)
    assert all(o.title and o.description for o in openings)


def test_seekers_are_varied_and_sometimes_sparse(program):
    seekers = program.seekers
    assert all(dt.date(2026, 8, 1) <= s.entered_on <= dt.date(2026, 11, 30) for s in seekers)
    assert {s.specialist_id for s in seekers} == {1, 2, 3}
    assert max(Counter(s.specialist_id for s in seekers).values()) <= get_settings().caseload_limit
    assert any(s.profile == CareerProfile() for s in seekers), "one seeker has nothing but a name"
    sparse = [s for s in seekers if not s.profile.job_types]
    assert 4 <= len(sparse) <= 8, "about 1 in 5 state few or no preferences at entry"
    interests = [" ".join(s.profile.interests) for s in seekers]
    assert sum("animals" in i or "dogs" in i or "cats" in i for i in interests) >= 3
    assert sum("cooking" in i or "baking" in i or "kitchen" in i for i in interests) >= 3
    avoided = {a for s in seekers for a in s.profile.avoid}
    assert {"night shifts", "fast food", "customer-facing work", "heavy lifting", "loud places"} <= avoided
    benefits = [set(s.profile.benefits) for s in seekers if s.profile.job_types]
    assert {"ssi", "ssdi", "medicaid"} <= set().union(*benefits) and set() in benefits
    assert {s.profile.disclosure for s in seekers} == {"yes", "no", "undecided"}
    assert any(s.profile.keep_under_threshold for s in seekers)
    assert any(s.profile.work_history for s in seekers)
    assert all(s.profile.dream_job or s.profile.job_wanted_now for s in seekers if s.profile.job_types)


# Consistent -----------------------------------------------------------------------------------------------------


def test_every_reference_points_at_a_record(program):
    employers = {e.id for e in program.employers}
    seekers = {s.id: s for s in program.seekers}
    openings = {o.id: o for o in program.openings}
    specialists = {u.id for u in program.specialists}
    assert all(s.specialist_id in specialists for s in seekers.values())
    assert all(o.employer_id in employers for o in openings.values())
    for c in program.contacts:
        assert c.employer_id in employers and c.specialist_id in specialists
        for seeker_id in c.seeker_ids:
            assert seekers[seeker_id].specialist_id == c.specialist_id, "contacts for a seeker are by their specialist"
    for f in program.feedback:
        assert f.seeker_id in seekers and f.opening_id in openings
    assert len({(f.seeker_id, f.opening_id) for f in program.feedback}) == len(program.feedback)


def test_contacts_look_like_job_development(program):
    contacts = program.contacts
    employers = {e.id: e for e in program.employers}
    assert all(CONTACTS_FROM <= c.on <= CONTACTS_TO for c in contacts)
    assert sum(c.face_to_face for c in contacts) / len(contacts) >= 0.75
    assert any(c.seeker_ids for c in contacts) and any(not c.seeker_ids for c in contacts)
    assert {c.stage for c in contacts} == set(ContactStage)
    for c in contacts:
        assert c.next_step and c.next_step_due and c.next_step_due > c.on
        if c.needs:
            assert any(need in c.needs for need in employers[c.employer_id].hiring_needs)


def test_a_few_seekers_show_the_rapid_job_search_flag(program):
    days = get_settings().rapid_search_days
    late = []
    for s in program.seekers:
        if s.entered_on + dt.timedelta(days=days) > CONTACTS_TO:
            continue  # their 30 days are not over yet
        visits = [c.on for c in program.contacts if s.id in c.seeker_ids and c.face_to_face]
        if not visits or (min(visits) - s.entered_on).days > days:
            late.append(s.id)
    assert 3 <= len(late) <= 4


def test_feedback_reacts_to_openings(program):
    openings = {o.id: o for o in program.openings}
    reactions = Counter(f.reaction for f in program.feedback)
    assert set(reactions) == set(Reaction)
    assert 1 <= reactions["hired"] <= 2
    for f in program.feedback:
        opening = openings[f.opening_id]
        if f.reaction == "not_for_me":
            assert f.reason
        elif f.reaction == "hired":
            assert opening.status == "filled"
        else:
            assert opening.status == "open" and not opening.set_aside and (opening.wage or 99) >= 7.25
    hired = {f.seeker_id for f in program.feedback if f.reaction == "hired"}
    stages = {(c.stage, s) for c in program.contacts for s in c.seeker_ids}
    assert all(("hired_someone", s) in stages and ("follow_along", s) in stages for s in hired)


def test_some_specialists_keep_to_six_face_to_face_contacts_a_week_and_some_do_not(program):
    from matcher.fidelity import fidelity

    settings = get_settings()
    report = fidelity(
        seekers=program.seekers, contacts=program.contacts, feedback=program.feedback, openings=program.openings,
        users=program.specialists, suggested_employers={}, start=dt.date(2026, 9, 7), end=dt.date(2026, 11, 15),
        caseload_limit=settings.caseload_limit, contacts_per_week_target=settings.contacts_per_week_target,
        rapid_search_days=settings.rapid_search_days, min_wage=settings.min_wage,
    )
    per_week = {s.name: s.face_to_face_per_week for s in report.specialists}
    assert per_week["Dana K."] >= 6 > per_week["Luis M."] > per_week["Priya S."]
    assert per_week["Priya S."] < 3
    dana = next(s for s in report.specialists if s.name == "Dana K.")
    assert 0 < len(dana.weeks) - dana.weeks_on_target < len(dana.weeks) / 3, "Dana misses a week now and then"


def test_next_steps_are_done_by_the_next_visit_or_by_hand_and_some_stay_open(program):
    contacts = sorted(program.contacts, key=lambda c: c.id)
    done = [c for c in contacts if c.done_on is not None]
    open_ = [c for c in contacts if c.done_on is None]
    assert len(done) >= len(contacts) / 2 and len(open_) >= 20
    assert all(c.on < c.done_on <= CONTACTS_TO for c in done)
    assert any(c.next_step_due < CONTACTS_TO for c in open_), "some follow-ups are overdue"
    assert any(c.next_step_due > CONTACTS_TO for c in open_), "some are still to come"
    for i, later in enumerate(contacts):  # the service's rule holds in the file: a later visit took every earlier step
        for earlier in contacts[:i]:
            if (earlier.employer_id, earlier.specialist_id) == (later.employer_id, later.specialist_id) \
                    and earlier.on < later.on:
                assert earlier.done_on is not None and earlier.done_on <= later.on
