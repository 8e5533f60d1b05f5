"""The large-program generator: deterministic, valid, realistic in shape, and loadable and importable as written."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from service.demo import DemoProgram
from service.demo.large import large_program, large_rows, write_files
from service.demo.loader import load_into
from service.importing import import_records, read_records
from service.stores import counters, employers, openings, reactions, seekers


def test_same_seed_same_program_other_seed_other_program() -> None:
    first = large_rows(openings=300, seekers=60, seed=3)
    assert first == large_rows(openings=300, seekers=60, seed=3)
    assert first["openings"] != large_rows(openings=300, seekers=60, seed=4)["openings"]


def test_sizes_are_the_arguments_and_every_record_validates() -> None:
    program = large_program(openings=600, seekers=90, employers=40, seed=1)
    assert isinstance(program, DemoProgram)
    assert (len(program.openings), len(program.seekers), len(program.employers)) == (600, 90, 40)
    assert len(program.specialists) == 5  # one per 20 seekers
    employer_ids = {e.id for e in program.employers}
    assert {o.employer_id for o in program.openings} <= employer_ids
    opening_ids = {o.id for o in program.openings}
    assert all(f.opening_id in opening_ids for f in program.feedback)
    assert {s.specialist_id for s in program.seekers} <= {u.id for u in program.specialists}


def test_titles_repeat_descriptions_vary_and_seekers_differ() -> None:
    program = large_program(openings=2_000, seekers=400, seed=0)
    titles = Counter(o.title for o in program.openings)
    texts = {(o.title, o.description) for o in program.openings}
    assert len(titles) < 400 and titles.most_common(1)[0][1] >= 20  # many openings share a title
    assert len(texts) > 0.9 * len(program.openings)  # but read differently
    broad = [s for s in program.seekers if len(s.profile.job_types) >= 8]
    assert broad and all(s.profile.max_commute_km is None and s.profile.hours_max is None for s in broad)
    typical = [s for s in program.seekers if 1 <= len(s.profile.job_types) <= 3]
    assert len(typical) > 0.6 * len(program.seekers)
    assert all(s.profile.max_commute_km and s.profile.shifts for s in typical)
    statuses = Counter(o.status.value for o in program.openings)
    assert statuses["open"] > 0.85 * len(program.openings) and statuses["filled"] and statuses["closed"]
    assert any(o.wage is None for o in program.openings) and any(not o.shifts for o in program.openings)
    disclosed = Counter(s.profile.disclosure.value for s in program.seekers)
    assert disclosed["yes"] > 0.2 * len(program.seekers)


def test_loads_in_bulk_with_every_reference_mapped(database) -> None:
    program = large_program(openings=120, seekers=30, seed=2)
    ids = load_into(database, program)
    with database.session() as session:
        assert len(openings.list(session, limit=500)) == 120
        assert len(employers.list(session, limit=500)) == len(program.employers)
        assert counters.value(session) >= 1
        for original in program.openings[:10]:
            stored = openings.get(session, ids["openings"][original.id])
            assert stored.employer_id == ids["employers"][original.employer_id]
            assert stored.model_copy(update={"id": None, "employer_id": None}) == original.model_copy(
                update={"id": None, "employer_id": None})
        seeker = program.seekers[0]
        stored = seekers.get(session, ids["seekers"][seeker.id])
        assert stored.profile == seeker.profile and stored.name == seeker.name
        mine = [f for f in program.feedback if f.seeker_id == seeker.id]
        assert len(reactions.feedback_for(session, stored.id)) == len(mine)


def test_written_csvs_import_as_the_same_records(database, tmp_path: Path) -> None:
    rows = large_rows(openings=50, seekers=20, employers=8, seed=5)
    paths = write_files(rows, tmp_path)
    assert [p.name for p in paths] == ["employers.csv", "openings.csv", "seekers.csv", "program.json"]
    for kind in ("employers", "openings", "seekers"):
        report = import_records(database, kind, read_records(kind, tmp_path / f"{kind}.csv"))
        assert not report.errors and report.imported == len(rows[kind])
    with database.session() as session:
        stored = openings.list(session, limit=100)
        assert [o.title for o in stored] == [o["title"] for o in rows["openings"]]
        assert [o.wage for o in stored] == [o.get("wage") for o in rows["openings"]]
        first = seekers.list(session, limit=100)[0]
        assert first.profile.job_types == rows["seekers"][0]["profile"].get("job_types", [])
