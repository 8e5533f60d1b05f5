"""The pieces of rank() that must give each opening the same answer wherever its row sits, and the shortcuts
that must give what the plain computation gives."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher import OpeningIndex, rank
from matcher import ranking as ranking_module
from matcher.filters import words_avoided
from matcher.ranking import GATHER_ROWS, THREADS_FROM_ROWS, _closest, _words_avoided, products, similarities
from matcher.scoring import best_column
from models import CareerProfile, Employer, JobSeeker, Opening, Settings
from tests.matcher.test_invariants import catalogues, feedback_for, judgments_for, seekers

WORDS = ["fast", "food", "night", "shifts", "cleaning", "dogs", "kitchen", "no", "cashier", "the", "late"]


def unit_rows(rng: np.random.Generator, rows: int, d: int = 384) -> np.ndarray:
    matrix = rng.standard_normal((rows, d)).astype(np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), rows=st.integers(1, 300), count=st.integers(1, 12))
def test_a_rows_products_do_not_depend_on_its_neighbours(seed, rows, count):
    """Each row's products are bitwise those of the row alone, in any order and next to any other rows."""
    rng = np.random.default_rng(seed)
    matrix, queries = unit_rows(rng, rows), unit_rows(rng, count)
    order = rng.permutation(rows)
    wider = np.vstack([unit_rows(rng, int(rng.integers(0, 50))), matrix[order]])
    full = products(matrix, queries)
    assert np.array_equal(products(wider, queries)[len(wider) - rows :], full[order])
    i = int(rng.integers(rows))
    assert np.array_equal(products(matrix[i : i + 1], queries), full[i : i + 1])


def test_products_split_across_threads_give_each_row_what_it_gives_alone():
    """A matrix large enough to be split across threads: every row as in a small matrix, wherever the split falls."""
    rng = np.random.default_rng(5)
    matrix, queries = unit_rows(rng, THREADS_FROM_ROWS + 1001), unit_rows(rng, 6)
    full = products(matrix, queries)
    shifted = products(np.vstack([unit_rows(rng, 333), matrix]), queries)[333:]
    assert np.array_equal(full, shifted)
    for start in (0, THREADS_FROM_ROWS // 2 - 1, len(matrix) - 7):
        assert np.array_equal(products(matrix[start : start + 7], queries), full[start : start + 7])
    assert np.allclose(full, matrix @ queries.T, atol=1e-5)


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    total=st.integers(1, 3 * GATHER_ROWS + 50),
    share=st.floats(0.0, 1.0),
    count=st.integers(1, 6),
)
def test_similarities_of_some_rows_are_their_products_alone(seed, total, share, count):
    """Whether the passing rows are copied out in parts or read in place, each is bitwise its own products."""
    rng = np.random.default_rng(seed)
    vectors, queries = unit_rows(rng, total), unit_rows(rng, count)
    rows = np.flatnonzero(rng.random(total) < share)
    got = similarities(vectors, rows, queries)
    assert got.shape == (rows.size, count) and got.dtype == np.float32
    for r in rng.choice(rows, size=min(rows.size, 20), replace=False) if rows.size else ():
        assert np.array_equal(got[np.searchsorted(rows, r)], products(vectors[r : r + 1], queries)[0])
    assert np.array_equal(got, products(vectors, queries)[rows])


@pytest.mark.parametrize("passing", [1, 2, GATHER_ROWS, GATHER_ROWS + 1, 2 * GATHER_ROWS + 1])
def test_similarities_of_few_rows_copied_out_cover_every_row(passing):
    """Rows copied out in parts of GATHER_ROWS: one row, a full part, and one row past a part all get their values."""
    rng = np.random.default_rng(passing)
    vectors, queries = unit_rows(rng, 3 * passing + 10), unit_rows(rng, 3)
    rows = np.sort(rng.choice(len(vectors), size=passing, replace=False))
    rows[0], rows[-1] = 0, len(vectors) - 1  # the copy is taken (few rows over the whole span)
    rows = np.unique(rows)
    assert np.array_equal(similarities(vectors, rows, queries), products(vectors, queries)[rows])


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), rows=st.integers(1, 200), wanted=st.integers(0, 5))
def test_closest_is_each_rows_own_float64_dot_rounded(seed, rows, wanted):
    """The tie-breaking similarity of a row is its own best float64 dot with a wanted phrase, wherever it sits."""
    rng = np.random.default_rng(seed)
    vectors, queries = unit_rows(rng, rows), unit_rows(rng, wanted)
    picked = rng.permutation(rows)[: max(1, rows // 2)]
    got = _closest(vectors, picked, queries)
    if not wanted:
        assert not got.any()
        return
    plain = [round(max(float(np.dot(vectors[r].astype(np.float64), q)) for q in queries.astype(np.float64)), 6)
             for r in picked]
    assert np.array_equal(got, np.array(plain))


@settings(max_examples=60, deadline=None)
@given(
    avoid=st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join), max_size=3),
    texts=st.lists(st.lists(st.sampled_from(WORDS), max_size=6).map(" ".join), max_size=8),
)
def test_words_avoided_over_many_openings_is_words_avoided_of_each(avoid, texts):
    """The batched avoid-word check says what filters.words_avoided() says opening by opening."""
    profile = CareerProfile(avoid=avoid)
    expected = [words_avoided(profile, t) for t in texts]
    assert _words_avoided(profile, texts, np.arange(len(texts))).tolist() == expected


@settings(max_examples=60, deadline=None)
@given(
    values=st.integers(1, 40).flatmap(lambda rows: st.integers(1, 6).flatmap(lambda cols: st.lists(
        st.lists(st.sampled_from([-0.5, 0.0, 0.25, 0.3, 0.65, 1.0]), min_size=cols, max_size=cols),
        min_size=rows, max_size=rows))),
)
def test_best_column_is_argmax_and_max_with_first_column_on_ties(values):
    """scoring.best_column() gives what argmax(axis=1) and max(axis=1) give, ties (common here) included."""
    array = np.array(values, dtype=np.float32)
    which, best = best_column(array)
    assert np.array_equal(which, array.argmax(axis=1)) and np.array_equal(best, array.max(axis=1))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                               HealthCheck.function_scoped_fixture])
@given(data=st.data(), parts=st.integers(2, 5), small_pool=st.booleans())
def test_rank_split_across_threads_answers_as_in_one_piece(embedder, monkeypatch, data, parts, small_pool):
    """A large catalogue's rows are scored in parts on threads (ranking._in_threads); each part keeps the rows
    that can reach the pool, and rank() answers exactly as it does with every row in one piece, whatever the
    number of parts. small_pool: a pool of a few openings (as a 100,000-opening catalogue has against its
    pool of 64), so the parts' candidates, ties at their edge and a pool that grows past avoided words are
    all reached with a small catalogue."""
    employers, openings = data.draw(catalogues())
    seeker = data.draw(seekers())
    judgments, feedback = data.draw(judgments_for(openings)), data.draw(feedback_for(openings))
    exposure = data.draw(st.dictionaries(st.sampled_from([o.id for o in openings]), st.integers(0, 5), max_size=4))
    index = OpeningIndex.build(openings, employers, embedder)
    limit, options = 20, Settings()
    if small_pool:
        monkeypatch.setattr(ranking_module, "POOL_PER_WANTED", 1)
        monkeypatch.setattr(ranking_module, "POOL_MIN", 1)
        limit = data.draw(st.integers(1, 4))
        options = Settings(diversity_window=data.draw(st.integers(1, 3)), max_per_employer=data.draw(st.integers(1, 2)))

    def ranked():
        return rank(seeker, index, judgments=judgments, feedback=feedback, exposure=exposure, limit=limit,
                    settings=options)

    monkeypatch.setattr(ranking_module, "_thread_count", lambda rows: 1)
    whole = ranked()
    monkeypatch.setattr(ranking_module, "_thread_count", lambda rows: min(parts, max(rows, 1)))
    assert ranked() == whole


def test_a_pool_that_grows_past_avoided_words_takes_candidates_from_every_part(embedder, monkeypatch):
    """The best-paid dishwasher jobs say "heavy lifting", which this seeker avoids in words: the pool grows past
    them, and each part must then offer more candidates (a part that kept its first few would leave none)."""
    employers = [Employer(id=e, name=f"Diner {e}") for e in range(1, 5)]
    openings = [
        Opening(id=i, employer_id=i % 4 + 1, title="Dishwasher", wage=24 - i / 10, hours_min=20, hours_max=30,
                description="Wash dishes during lunch, some heavy lifting of crates." if i <= 12 else
                "Wash dishes during lunch.")
        for i in range(1, 41)
    ]
    index = OpeningIndex.build(openings, employers, embedder)
    seeker = JobSeeker(id=1, name="A", profile={"job_types": ["dishwasher"], "avoid": ["heavy lifting"],
                                                "min_wage": 20})
    monkeypatch.setattr(ranking_module, "POOL_PER_WANTED", 1)
    monkeypatch.setattr(ranking_module, "POOL_MIN", 1)
    options = Settings(diversity_window=1)
    monkeypatch.setattr(ranking_module, "_thread_count", lambda rows: 1)
    whole = rank(seeker, index, limit=3, settings=options)
    assert [s.opening_id for s in whole] == [13, 14, 15], "the best paid without heavy lifting"
    for parts in (2, 3, 5):
        monkeypatch.setattr(ranking_module, "_thread_count", lambda rows, parts=parts: parts)
        assert rank(seeker, index, limit=3, settings=options) == whole


def test_openings_tied_in_score_come_in_order_of_their_closest_wanted_phrase(embedder):
    """Every opening here is a full match for one of two job types, so their scores tie; the order is then how
    close each comes to whichever of the seeker's phrases it is closest to, not to the first phrase alone."""
    titles = ["Kennel helper", "Dog kennel assistant", "Kennel attendant", "Dish washer", "Dishwashing",
              "Pot washer", "Animal care assistant", "Kitchen porter"]
    openings = [Opening(id=i, employer_id=i, title=t) for i, t in enumerate(titles, start=1)]
    employers = [Employer(id=o.id, name=f"Employer {o.id}") for o in openings]
    index = OpeningIndex.build(openings, employers, embedder)
    wanted = ["dishwasher", "kennel assistant"]
    top = rank(JobSeeker(id=1, name="A", profile={"job_types": wanted}), index, limit=len(openings),
               settings=Settings(max_per_employer=99))
    phrases = embedder.encode(wanted).astype(np.float64)
    closest = {o.id: round(float((index.vectors[index.row_of_id[o.id]].astype(np.float64) @ phrases.T).max()), 6)
               for o in openings}
    first_only = {o.id: float(index.vectors[index.row_of_id[o.id]] @ phrases[0]) for o in openings}
    tied = [s.opening_id for s in top if s.preference_score == top[0].preference_score]
    assert len(tied) >= 3
    assert tied == sorted(tied, key=lambda i: (-closest[i], i))
    assert tied != sorted(tied, key=lambda i: (-first_only[i], i)), "the second phrase decides some places"
