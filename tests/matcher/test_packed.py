"""The index keeps openings packed (matcher/packed.py): reading one back must give the very opening put in."""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from matcher.packed import PackedEmployers, PackedOpenings, pack, unpack
from models import Employer, Opening, OpeningStatus, Shift
from service.demo import load_program
from tests.matcher.test_invariants import COMMON, TITLES, catalogues

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=60)


@settings(**COMMON)
@given(catalogue=catalogues(), description=TEXT, wage=st.none() | st.floats(7.25, 80, allow_nan=False))
def test_every_opening_reads_back_equal(catalogue, description: str, wage: float | None) -> None:
    _, openings = catalogue
    odd = Opening(
        id=999, employer_id=1, title=TITLES[0], description=description, wage=wage, shifts=[Shift.night],
        status=OpeningStatus.filled, set_aside=True, occupation_code="39-2021.00",
    )
    packed = PackedOpenings.of([*openings, odd])
    assert list(packed) == [*openings, odd]
    assert [packed[i] for i in range(len(packed))] == [*openings, odd]
    assert packed[1:] == [*openings, odd][1:]


def test_the_demo_catalogue_reads_back_equal() -> None:
    openings = load_program().openings
    assert all(unpack(pack(o)) == o for o in openings)
    packed = PackedOpenings.of(openings)
    assert len(packed) == len(openings) and packed == PackedOpenings.of(openings)
    assert packed != PackedOpenings.of(openings[:-1])
    assert hash(packed) == hash(PackedOpenings.of(openings))  # equal sequences, equal hashes (usable as keys)
    assert len({packed, PackedOpenings.of(openings), PackedOpenings.of(openings[:-1])}) == 2


@settings(**COMMON)
@given(catalogue=catalogues(), name=TEXT, needs=st.lists(TEXT, max_size=3))
def test_every_employer_reads_back_equal(catalogue, name: str, needs: list[str]) -> None:
    employers, _ = catalogue
    try:
        odd = Employer(id=999, name=name, industry=None, hiring_needs=needs)
    except ValidationError:
        assume(False)
    packed = PackedEmployers.of([*employers, odd])
    assert list(packed) == [*employers, odd]
    assert [packed[i] for i in range(len(packed))] == [*employers, odd]
    assert packed[1:] == [*employers, odd][1:]
    assert packed == PackedEmployers.of([*employers, odd]) and packed != PackedEmployers.of(employers)


def test_the_demo_employers_read_back_equal() -> None:
    employers = load_program().employers
    packed = PackedEmployers.of(employers)
    assert list(packed) == list(employers) and hash(packed) == hash(PackedEmployers.of(employers))
