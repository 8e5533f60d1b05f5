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
from models import CareerProfile
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
@given(data=st.data(), parts=st.integers(2, 5))
def test_rank_split_across_threads_answers_as_in_one_piece(embedder, monkeypatch, data, parts):
    """A large catalogue's rows are scored in parts on threads (ranking._in_threads); the parts are joined so
    that rank() answers exactly as it does with every row in one piece, whatever the number of parts."""
    employers, openings = data.draw(catalogues())
    seeker = data.draw(seekers())
    judgments, feedback = data.draw(judgments_for(openings)), data.draw(feedback_for(openings))
    exposure = data.draw(st.dictionaries(st.sampled_from([o.id for o in openings]), st.integers(0, 5), max_size=4))
    index = OpeningIndex.build(openings, employers, embedder)

    def ranked():
        return rank(seeker, index, judgments=judgments, feedback=feedback, exposure=exposure, limit=20)

    monkeypatch.setattr(ranking_module, "_thread_count", lambda rows: 1)
    whole = ranked()
    monkeypatch.setattr(ranking_module, "_thread_count", lambda rows: min(parts, max(rows, 1)))
    assert ranked() == whole
