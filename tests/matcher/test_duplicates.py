"""matcher/duplicates.py: likely duplicate employers, measured on labelled real employer names."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matcher.duplicates import (
    LIKELY_DUPLICATE,
    SAME_PLACE_KM,
    duplicate_pairs,
    likely_duplicates,
    name_score,
    parse,
    resemblance,
)
from models import Employer, Location

PAIRS = Path(__file__).parent / "data" / "employer_pairs.csv"
# What the detector reached on the labelled pairs at LIKELY_DUPLICATE (printed by the test below); a change
# that makes either worse fails.
PRECISION_FLOOR = 1.0
RECALL_FLOOR = 0.89


def _place(lat: str, lon: str) -> Location | None:
    return Location(lat=float(lat), lon=float(lon)) if lat else None


def _labelled() -> list[tuple[str, Location | None, str, Location | None, bool]]:
    with PAIRS.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    return [
        (r["a_name"], _place(r["a_lat"], r["a_lon"]), r["b_name"], _place(r["b_lat"], r["b_lon"]),
         r["duplicate"] == "yes")
        for r in rows
    ]


def test_precision_and_recall_on_labelled_employer_names() -> None:
    pairs = _labelled()
    assert len(pairs) >= 60 and 0 < sum(p[4] for p in pairs) < len(pairs)
    found = [(p, resemblance(p[0], p[1], p[2], p[3])) for p in pairs]
    tp = sum(r.likely and p[4] for p, r in found)
    fp = sum(r.likely and not p[4] for p, r in found)
    fn = sum(not r.likely and p[4] for p, r in found)
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"\nduplicate employers, {len(pairs)} labelled pairs ({tp + fn} duplicates), threshold {LIKELY_DUPLICATE}:")
    print(f"  precision {precision:.3f} ({tp} of {tp + fp} flagged), recall {recall:.3f} ({tp} of {tp + fn} found)")
    for p, r in found:
        if r.likely != p[4]:
            print(f"  {'missed' if p[4] else 'wrongly flagged'}: {p[0]!r} / {p[2]!r} (name score {r.score:.0f})")
    assert precision >= PRECISION_FLOOR and recall >= RECALL_FLOOR


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Wal-Mart #2231", "Walmart Supercenter"),
        ("St. Mary's Hospital", "Saint Marys Hosp."),
        ("Lunds & Byerlys", "Lunds and Byerly's"),
        ("T.J. Maxx", "TJ Maxx"),
        ("Café Latté Inc.", "Cafe Latte"),
        ("Cub Foods Store 12", "Cub Foods"),
        ("HCMC", "Hennepin County Medical Center"),
        ("Culver's of Richfield", "Culvers"),
    ],
)
def test_messy_spellings_of_one_name_score_above_the_threshold(a: str, b: str) -> None:
    assert name_score(a, b) >= LIKELY_DUPLICATE
    assert resemblance(a, None, b, None).likely


@pytest.mark.parametrize(
    ("a", "b"),
    [("Target", "Target Field"), ("Hy-Vee", "HyVee Fast & Fresh"), ("YMCA", "YWCA"), ("Nordstrom", "Nordstrom Rack"),
     ("Cedar Avenue Grill", "Cedar Avenue Cafe")],
)
def test_look_alikes_that_are_other_employers_stay_below_it(a: str, b: str) -> None:
    assert not resemblance(a, None, b, None).likely


def test_store_numbers_are_set_aside_and_different_ones_are_different_stores() -> None:
    assert parse("Wal-Mart #02231").store_numbers == {"2231"} == parse("Walmart Store 2231").store_numbers
    assert parse("7-Eleven").digits == {"7"} and not parse("7-Eleven").store_numbers
    assert resemblance("Walmart #2231", None, "Walmart Supercenter 2231", None).likely
    assert not resemblance("Kwik Trip #412", None, "Kwik Trip #765", None).likely
    assert not resemblance("Employer 1", None, "Employer 2", None).likely


def test_a_place_far_away_is_another_branch_and_no_place_is_no_alibi() -> None:
    here = Location(lat=44.9480, lon=-93.2345)
    near = Location(lat=44.9482, lon=-93.2350)  # about 45 m
    across_town = Location(lat=44.9990, lon=-93.2080)  # about 6 km
    assert resemblance("Cub Foods", here, "Cub", near).likely
    far = resemblance("Cub Foods", here, "Cub Foods", across_town)
    assert far.score == 100 and far.distance_km > SAME_PLACE_KM and not far.likely
    unplaced = resemblance("Cub Foods", here, "Cub Foods", None)
    assert unplaced.likely and unplaced.distance_km is None


def test_likely_duplicates_are_most_alike_first_with_ties_by_id() -> None:
    on_record = [
        Employer(id=5, name="Walmart"),
        Employer(id=3, name="Wal-Mart Stores, Inc."),
        Employer(id=9, name="Walmart Supercentre"),
        Employer(id=4, name="Target"),
        Employer(id=8, name="Walmart", location=Location(lat=45.07, lon=-93.32)),
    ]
    new = Employer(name="Walmart Supercenter", location=Location(lat=44.956, lon=-93.164))
    assert [e.id for e, _ in likely_duplicates(new, on_record)] == [3, 5, 9]


def test_duplicate_pairs_lists_each_pair_once_lower_id_first() -> None:
    employers = [Employer(id=2, name="Arby's"), Employer(id=1, name="Arbys"), Employer(id=3, name="Best Buy")]
    pairs = duplicate_pairs(employers)
    assert [(a.id, b.id) for a, b, _ in pairs] == [(1, 2)]


def test_the_demo_program_has_no_likely_duplicates() -> None:
    from service.demo import load_program

    assert duplicate_pairs(load_program().employers) == []


names = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=40)


@given(names, names)
def test_the_score_is_symmetric_and_bounded(a: str, b: str) -> None:
    """Which record came first never changes the verdict."""
    assert name_score(a, b) == name_score(b, a)
    assert 0 <= name_score(a, b) <= 100


@given(names)
def test_a_name_is_a_likely_duplicate_of_itself(a: str) -> None:
    """The same name at no recorded place is always flagged, when it has any letter or digit."""
    if parse(a).compact:
        assert resemblance(a, None, a, None).likely
