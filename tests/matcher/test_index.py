"""The opening index changed in place answers exactly as a fresh build of the same catalogue.

A random program is created, then changed batch by batch (openings, employers and contacts created, edited,
deleted, employers merged, the date moved on); after each batch the index changed with apply() and a fresh
build of the program as it now stands must hold the same columns for every opening and employer, and rank
every probe seeker the same, to the last digit. Texts come from small vocabularies, so the real model's
embeddings are cached after the first examples. Ids are given as SQLite gives them (the largest plus one),
so an id freed by deleting the newest record comes back. The snapshots share their rows (matcher/shared_rows.py):
the buffers are drawn with little or no room to spare and id maps fold their changes often, so the edges where
a buffer is copied are reached, and a batch is sometimes applied twice to the same snapshot (a fork) too.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from unittest import mock

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher import OpeningIndex, rank, shared_rows
from matcher import index as index_module
from matcher.index import OPENING_COLUMNS
from matcher.index_changes import SHARED_COLUMNS
from matcher.ranking import products
from models import Employer, EmployerContact, Feedback, JobSeeker, Judgment, Opening, Settings
from tests.matcher.test_invariants import COMMON, INDUSTRIES, TITLES, places, shift_sets

SETTINGS = Settings()
DESCRIPTIONS = ["", "Clean and restock", "Walk dogs and feed cats", "Wash dishes during lunch", "Answer phones"]
NEEDS = ["two dishwashers for weekday lunch", "kennel help on weekday mornings", "someone reliable for the front desk",
         "Two dishwashers for weekday lunch", "drivers with a licence"]
START = dt.date(2026, 11, 2)

PROBES = [
    JobSeeker(id=901, name="Ana R.", profile={
        "interests": ["caring for animals"], "job_types": ["kennel assistant", "dishwasher"], "avoid": ["night shifts"],
        "hours_min": 10, "hours_max": 30, "min_wage": 14.0, "home": {"lat": 44.97, "lon": -93.26},
        "max_commute_km": 25, "strengths": ["reliable", "driving"]}),
    JobSeeker(id=902, name="Sam T.", profile={"interests": ["cooking", "computers", "cleaning"]}),
    JobSeeker(id=903, name="Lee K.", profile={
        "job_types": ["cashier"], "avoid": ["fast food", "cleaning"], "shifts": ["day", "morning"],
        "strengths": ["helping people"], "work_history": [{"title": "Dishwasher"}]}),
    JobSeeker(id=904, name="Kim P.", profile={"interests": ["books"], "home": {"lat": 45.0, "lon": -93.3}}),
]


@dataclass
class Program:
    """The catalogue as the database would hold it, and which records the current batch touched."""

    employers: dict[int, Employer] = field(default_factory=dict)
    openings: dict[int, Opening] = field(default_factory=dict)
    contacts: dict[int, EmployerContact] = field(default_factory=dict)
    today: dt.date = START
    touched: dict[str, set[int]] = field(default_factory=lambda: {"employers": set(), "openings": set(),
                                                                   "contacts": set()})

    def next_id(self, kind: str) -> int:
        return max(getattr(self, kind), default=0) + 1

    def put(self, kind: str, record) -> None:
        getattr(self, kind)[record.id] = record
        self.touched[kind].add(record.id)

    def delete(self, kind: str, id: int) -> None:
        del getattr(self, kind)[id]
        self.touched[kind].add(id)

    def delete_employer(self, id: int) -> None:
        """The employer with its openings and contacts, as the database cascades; every one is touched."""
        self.delete("employers", id)
        for kind in ("openings", "contacts"):
            for record in [r for r in getattr(self, kind).values() if r.employer_id == id]:
                self.delete(kind, record.id)

    def changes(self) -> dict:
        """apply()'s arguments for what this batch touched, read from the program as it now stands."""
        found = {}
        for kind in ("employers", "openings", "contacts"):
            records = getattr(self, kind)
            found[kind] = [records[i] for i in sorted(self.touched[kind]) if i in records]
            found[f"deleted_{kind}"] = sorted(i for i in self.touched[kind] if i not in records)
            self.touched[kind] = set()
        return found

    def build(self, embedder) -> OpeningIndex:
        return OpeningIndex.build(
            list(self.openings.values()), list(self.employers.values()), embedder,
            contacts=list(self.contacts.values()), today=self.today, needs_half_life_days=30.0,
        )


def employer_fields(draw) -> dict:
    return {"name": draw(st.sampled_from(["Northside", "Burger Barn", "Lakeside Diner"])),
            "industry": draw(st.sampled_from(INDUSTRIES)), "location": draw(st.one_of(st.none(), places)),
            "hiring_needs": draw(st.lists(st.sampled_from(NEEDS), max_size=2, unique=True))}


def opening_fields(draw, program: Program) -> dict:
    low = draw(st.one_of(st.none(), st.integers(5, 30)))
    return {"employer_id": draw(st.sampled_from(sorted(program.employers))), "title": draw(st.sampled_from(TITLES[:8])),
            "description": draw(st.sampled_from(DESCRIPTIONS)), "hours_min": low,
            "hours_max": None if low is None else low + draw(st.integers(0, 10)), "shifts": draw(shift_sets),
            "wage": draw(st.one_of(st.none(), st.sampled_from([9.0, 15.5, 17.0, 21.25]))),
            "location": draw(st.one_of(st.none(), places)),
            "status": draw(st.sampled_from(["open", "open", "open", "filled"])),
            "set_aside": draw(st.sampled_from([False, False, False, True]))}


def contact_fields(draw, program: Program) -> dict:
    return {"employer_id": draw(st.sampled_from(sorted(program.employers))), "specialist_id": 1,
            "on": program.today - dt.timedelta(days=draw(st.integers(-3, 90))),
            "needs": draw(st.one_of(st.none(), st.sampled_from(NEEDS)))}


def change(draw, program: Program) -> None:
    """One random change to the program, of a kind its present state allows."""
    kinds = ["employer +"]
    if program.employers:
        kinds += ["employer ~", "employer -", "opening +", "opening +", "contact +"]
    if len(program.employers) > 1:
        kinds.append("employers merged")
    if program.openings:
        kinds += ["opening ~", "opening ~", "opening text ~", "opening -"]
    if program.contacts:
        kinds += ["contact ~", "contact -"]
    kind = draw(st.sampled_from(kinds))
    if kind == "employer +":
        program.put("employers", Employer(id=program.next_id("employers"), **employer_fields(draw)))
    elif kind == "employer ~":
        employer = program.employers[draw(st.sampled_from(sorted(program.employers)))]
        fields = employer_fields(draw)
        changed = draw(st.lists(st.sampled_from(sorted(fields)), min_size=1, unique=True))
        program.put("employers", Employer.model_validate({**employer.model_dump(), **{k: fields[k] for k in changed}}))
    elif kind == "employer -":
        program.delete_employer(draw(st.sampled_from(sorted(program.employers))))
    elif kind == "employers merged":
        gone, kept = draw(st.lists(st.sampled_from(sorted(program.employers)), min_size=2, max_size=2, unique=True))
        for kind_, records in (("openings", program.openings), ("contacts", program.contacts)):
            for record in [r for r in records.values() if r.employer_id == gone]:
                program.put(kind_, record.model_copy(update={"employer_id": kept}))
        into = program.employers[kept]
        needs = into.hiring_needs + [n for n in program.employers[gone].hiring_needs if n not in into.hiring_needs]
        program.put("employers", Employer.model_validate({**into.model_dump(), "hiring_needs": needs}))
        program.delete_employer(gone)
    elif kind == "opening +":
        program.put("openings", Opening(id=program.next_id("openings"), **opening_fields(draw, program)))
    elif kind in ("opening ~", "opening text ~"):
        opening = program.openings[draw(st.sampled_from(sorted(program.openings)))]
        fields = opening_fields(draw, program)
        names = ["title", "description"] if kind == "opening text ~" else sorted(set(fields) - {"title", "description"})
        changed = draw(st.lists(st.sampled_from(names), min_size=1, unique=True))
        if "hours_min" in changed or "hours_max" in changed:
            changed += [name for name in ("hours_min", "hours_max") if name not in changed]
        program.put("openings", Opening.model_validate({**opening.model_dump(), **{k: fields[k] for k in changed}}))
    elif kind == "opening -":
        program.delete("openings", draw(st.sampled_from(sorted(program.openings))))
    elif kind == "contact +":
        program.put("contacts", EmployerContact(id=program.next_id("contacts"), **contact_fields(draw, program)))
    elif kind == "contact ~":
        contact = program.contacts[draw(st.sampled_from(sorted(program.contacts)))]
        program.put("contacts", EmployerContact(id=contact.id, **contact_fields(draw, program)))
    else:
        program.delete("contacts", draw(st.sampled_from(sorted(program.contacts))))


def same(a: np.ndarray, b: np.ndarray) -> bool:
    return a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a, b, equal_nan=a.dtype.kind == "f")


def assert_same_catalogue(changed: OpeningIndex, fresh: OpeningIndex) -> None:
    """Every live opening, employer and need holds the same values in both, wherever its row is."""
    assert changed.row_of_id.keys() == fresh.row_of_id.keys()
    ids = sorted(fresh.row_of_id)
    mine, theirs = [changed.row_of_id[i] for i in ids], [fresh.row_of_id[i] for i in ids]
    for name in (*OPENING_COLUMNS, "vectors"):
        assert same(getattr(changed, name)[mine], getattr(fresh, name)[theirs]), name
    assert changed.live[mine].all() and changed.size == fresh.size == len(fresh)
    assert [changed.openings[r] for r in mine] == [fresh.openings[r] for r in theirs]
    assert [changed.words_of[r] for r in mine] == [fresh.words_of[r] for r in theirs]
    assert [changed.titles[changed.title_of[r]] for r in mine] == [fresh.titles[fresh.title_of[r]] for r in theirs]
    employer_of = [changed.employers[r] for r in changed.employer_row[mine]]
    assert employer_of == [fresh.employers[r] for r in fresh.employer_row[theirs]]
    assert changed.employer_row_of_id.keys() == fresh.employer_row_of_id.keys()
    for employer_id, row in fresh.employer_row_of_id.items():
        other = changed.employer_row_of_id[employer_id]
        assert changed.employers[other] == fresh.employers[row]
        assert changed.industries[other] == fresh.industries[row]
        assert changed.needs[other] == fresh.needs[row]
        need_rows = np.flatnonzero(changed.need_live & (changed.need_employer == other))
        fresh_rows = np.flatnonzero(fresh.need_employer == row)
        assert [changed.need_texts[r] for r in need_rows] == [fresh.need_texts[r] for r in fresh_rows]
        assert same(changed.need_weights[need_rows], fresh.need_weights[fresh_rows])
        assert same(changed.need_vectors[need_rows], fresh.need_vectors[fresh_rows])
    assert not changed.available[~changed.live].any() and not changed.need_weights[~changed.need_live].any()


def assert_same_layout(compacted: OpeningIndex, fresh: OpeningIndex) -> None:
    """Row for row the same arrays: compaction lays the index out as build() does."""
    for name in (*OPENING_COLUMNS, "employer_row", "live", "vectors", "title_of", "need_vectors", "need_employer",
                 "need_weights", "need_live", "need_text_vectors", "need_text_of"):
        assert same(getattr(compacted, name), getattr(fresh, name)), name
    for name in ("openings", "employers", "titles", "words_of", "industries", "needs", "need_texts", "need_distinct",
                 "row_of_id", "employer_row_of_id"):
        assert getattr(compacted, name) == getattr(fresh, name), name


def assert_same_rankings(changed: OpeningIndex, fresh: OpeningIndex, program: Program, draw) -> None:
    """Every probe seeker's suggestions are the same in both, reasons and scores to the last digit."""
    opening_ids, employer_ids = sorted(program.openings) or [1], sorted(program.employers) or [1]
    judgments = [Judgment(opening_id=draw(st.sampled_from(opening_ids)), weight=0.5),
                 Judgment(employer_id=draw(st.sampled_from(employer_ids)), weight=-0.4)]
    feedback = [Feedback(opening_id=draw(st.sampled_from(opening_ids)), reaction=reaction)
                for reaction in ("interested", "not_for_me")]
    exposure = {i: draw(st.integers(0, 8)) for i in opening_ids[::2]}
    for seeker, limit in zip(PROBES, (3, 20, 5, 20), strict=True):
        kwargs = dict(judgments=judgments, feedback=feedback, limit=limit, settings=SETTINGS, exposure=exposure)
        assert rank(seeker, changed, **kwargs) == rank(seeker, fresh, **kwargs), seeker.name


def contents(index: OpeningIndex) -> dict:
    """Everything a reader of the snapshot sees, copied."""
    arrays = {name: getattr(index, name).copy() for name in (*SHARED_COLUMNS, "available", "live", "need_weights",
                                                            "need_live", "need_vectors")}
    return {**arrays, "openings": list(index.openings.rows), "words_of": list(index.words_of),
            "titles": list(index.titles), "row_of_id": dict(index.row_of_id), "size": index.size}


def assert_unchanged(index: OpeningIndex, before: dict) -> None:
    """A reader still ranking on an older snapshot sees no half-applied change."""
    for name, values in contents(index).items():
        assert same(values, before[name]) if isinstance(values, np.ndarray) else values == before[name], name


@settings(**{**COMMON, "max_examples": 30})
@given(data=st.data())
def test_an_index_changed_in_place_ranks_as_a_fresh_build_would(embedder, data):
    draw = data.draw
    with (mock.patch.object(shared_rows, "MIN_SPARE", draw(st.sampled_from([0, 1, 3, 256]))),
          mock.patch.object(shared_rows, "FOLD_FROM", draw(st.sampled_from([0, 2, 1024])))):
        program = Program()
        for _ in range(draw(st.integers(1, 8))):
            change(draw, program)
        index = program.build(embedder)
        program.changes()
        for _ in range(draw(st.integers(1, 6))):
            other = copy.deepcopy(program) if draw(st.booleans()) else None  # a fork's catalogue, changed apart
            for _ in range(draw(st.integers(1, 4))):
                change(draw, program)
            moved_on = draw(st.sampled_from([0, 0, 0, 1, 40]))
            program.today += dt.timedelta(days=moved_on)
            older = index
            before = contents(older)
            share = draw(st.sampled_from([0.25, 0.25, 1.0]))
            index = older.apply(**program.changes(), today=program.today, compact_dead_share=share)
            fresh = program.build(embedder)
            assert_same_catalogue(index, fresh)
            assert_same_rankings(index, fresh, program, draw)
            assert_same_layout(index.compacted(), fresh)
            # The snapshot before the change is untouched: a reader still ranking on it sees no half-applied change.
            assert_unchanged(older, before)
            if other is not None:
                # Other changes to the same older snapshot: a fork, which must not write over the first one.
                for _ in range(draw(st.integers(1, 3))):
                    change(draw, other)
                after = contents(index)
                fork = older.apply(**other.changes(), today=other.today, compact_dead_share=share)
                assert_same_catalogue(fork, other.build(embedder))
                assert_unchanged(index, after)
                assert_unchanged(older, before)
                if draw(st.booleans()):
                    index, program = fork, other


def test_apply_leaves_the_index_it_started_from_as_it_was(embedder):
    employer = Employer(id=1, name="Lakeside Diner", industry="restaurant", location={"lat": 44.95, "lon": -93.29})
    first = OpeningIndex.build([Opening(id=1, employer_id=1, title="Dishwasher", wage=17.0)], [employer], embedder)
    second = first.apply(openings=[Opening(id=2, employer_id=1, title="Line cook", wage=18.0)])
    third = second.apply(openings=[Opening(id=1, employer_id=1, title="Dishwasher", wage=19.0)], deleted_openings=[2],
                         compact_dead_share=1.0)
    # Appending shares the buffers; each snapshot sees its own rows only.
    assert (len(first), len(second), len(third)) == (1, 2, 3)
    assert first.vectors.base is second.vectors.base is third.vectors.base
    assert first.wage.base is second.wage.base is third.wage.base
    assert first.wage.tolist() == [17.0] and second.wage.tolist() == [17.0, 18.0]
    # A changed opening moves to a new row; its old row dies in the new snapshot only.
    assert third.wage.tolist() == [17.0, 18.0, 19.0] and third.live.tolist() == [False, False, True]
    assert second.live.tolist() == [True, True] and second.available.tolist() == [True, True]
    assert np.array_equal(third.vectors[2], first.vectors[0])  # the same text keeps its embedding
    assert sorted(s.opening_id for s in rank(PROBES[1], second, settings=SETTINGS)) == [1, 2]
    assert [s.opening_id for s in rank(PROBES[1], third, settings=SETTINGS)] == [1]
    # Two snapshots changed from the same one do not write over each other's rows.
    fork = first.apply(openings=[Opening(id=2, employer_id=1, title="Kennel assistant", wage=18.0)])
    assert fork.vectors.base is not second.vectors.base
    assert np.array_equal(second.vectors[1], embedder.encode(["Line cook"])[0])
    assert np.array_equal(fork.vectors[1], embedder.encode(["Kennel assistant"])[0])


def test_dead_rows_past_the_share_are_compacted_away(embedder):
    employer = Employer(id=1, name="Lakeside Diner")
    openings = [Opening(id=i, employer_id=1, title=t) for i, t in enumerate(TITLES[:8], start=1)]
    index = OpeningIndex.build(openings, [employer], embedder)
    index = index.apply(deleted_openings=[1, 2])  # 2 of 8 dead: under a quarter
    assert (len(index), index.size) == (8, 6)
    index = index.apply(deleted_openings=[3])  # 3 of 8: compacted
    assert (len(index), index.size) == (5, 5) and index.ids.tolist() == [4, 5, 6, 7, 8]


def test_a_rows_similarity_is_the_same_wherever_the_row_sits():
    """What the in-place index relies on: products() gives each row bitwise the same result in any matrix."""
    rng = np.random.default_rng(3)
    for rows in (1, 2, 3, 50, 137, 1000, 5003):
        matrix = rng.standard_normal((rows, 384)).astype(np.float32)
        for count in (1, 2, 3, 9):
            queries = rng.standard_normal((count, 384)).astype(np.float32)
            order = rng.permutation(rows)
            wider = np.vstack([matrix[order], rng.standard_normal((rows // 3 + 1, 384)).astype(np.float32)])
            alone = np.vstack([products(matrix[i : i + 1], queries) for i in range(min(rows, 5))])
            assert np.array_equal(products(matrix, queries)[order], products(wider, queries)[:rows]), (rows, count)
            assert np.array_equal(products(matrix, queries)[: len(alone)], alone), (rows, count)


def test_exact_ties_past_the_pool_are_broken_on_ids_wherever_the_rows_sit(embedder):
    """Two hundred identical openings: the ten shown are the ten lowest ids, in an index changed in place too."""
    employers = [Employer(id=i, name=f"Diner {i}") for i in range(1, 21)]
    openings = [Opening(id=i, employer_id=i % 20 + 1, title="Dishwasher", wage=17.0) for i in range(1, 201)]
    fresh = OpeningIndex.build(openings, employers, embedder)
    reworded = [o.model_copy(update={"description": "Wash dishes"}) for o in openings[:20]]
    moved = fresh.apply(openings=reworded, compact_dead_share=1.0).apply(openings=openings[:20],
                                                                          compact_dead_share=1.0)
    assert moved.row_of_id[1] > moved.row_of_id[200]  # the first 20 now sit after the rest
    seeker = JobSeeker(id=1, name="Ana R.", profile={"job_types": ["dishwasher"]})
    ranked = rank(seeker, moved, limit=10, settings=SETTINGS)
    assert ranked == rank(seeker, fresh, limit=10, settings=SETTINGS)
    assert [s.opening_id for s in ranked] == list(range(1, 11))


@settings(**{**COMMON, "max_examples": 20})
@given(data=st.data())
def test_a_build_read_in_parts_is_laid_out_as_one_read_at_once(embedder, data):
    """build() reads openings BUILD_PART at a time, from a list or an iterator, in any order, an id even given
    twice (the later one counts): the index is laid out, and ranks, as when it reads them all at once."""
    draw = data.draw
    program = Program()
    for _ in range(draw(st.integers(1, 12))):
        change(draw, program)
    openings = draw(st.permutations(list(program.openings.values())))
    if openings and draw(st.booleans()):
        again = draw(st.sampled_from(openings))
        openings = [again.model_copy(update={"title": TITLES[9]}), *openings, again]  # the last one counts
    kwargs = dict(contacts=list(program.contacts.values()), today=program.today, needs_half_life_days=30.0)
    employers = list(program.employers.values())
    with mock.patch.object(index_module, "BUILD_PART", 10**6):
        whole = OpeningIndex.build(openings, employers, embedder, **kwargs)
    with mock.patch.object(index_module, "BUILD_PART", draw(st.sampled_from([1, 2, 3]))):
        given = iter(openings) if draw(st.booleans()) else openings
        expected = draw(st.sampled_from([None, 0, len(openings), 2 * len(openings)]))
        parted = OpeningIndex.build(given, employers, embedder, expected=expected, **kwargs)
    assert_same_layout(parted, whole)
    assert_same_rankings(parted, whole, program, draw)
