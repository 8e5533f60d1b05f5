"""The pieces of benchmarks/quality_variants.py that its figures rest on, against rank()'s own rules."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from benchmarks.quality_variants import SOFT_TOP, credit_matrix, distribution
from matcher.scoring import OCCUPATION_CREDIT
from matcher.taxonomy import Taxonomy

TAXONOMY = Taxonomy.load()
CREDIT = credit_matrix(TAXONOMY)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, len(TAXONOMY) - 1), st.integers(0, len(TAXONOMY) - 1))
def test_credit_of_a_pair_is_the_credit_rank_gives_their_closeness(first, second):
    codes = TAXONOMY.occupations[first].code, TAXONOMY.occupations[second].code
    assert CREDIT[first, second] == OCCUPATION_CREDIT[TAXONOMY.closeness(*codes)]
    assert CREDIT[first, second] == CREDIT[second, first]


def test_credit_covers_every_level():
    # The same occupation gets full credit; the matrix uses each level the hierarchy has.
    assert np.all(np.diag(CREDIT) == 1.0)
    assert set(np.unique(CREDIT)) == set(OCCUPATION_CREDIT)


@settings(max_examples=100, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(1, 4), st.integers(SOFT_TOP, 40)), elements=st.floats(-1, 1)))
def test_distribution_weighs_only_the_closest_occupations(similarity):
    weights = distribution(similarity)
    assert np.allclose(weights.sum(axis=1), 1.0)
    assert np.all(weights >= 0)
    assert np.all((weights > 0).sum(axis=1) <= SOFT_TOP)
    # No occupation left out is closer than one weighed, and a closer one never weighs less.
    for row, weight in zip(similarity, weights, strict=True):
        kept = weight > 0
        if (~kept).any():
            assert row[~kept].max() <= row[kept].min()
        order = np.argsort(row[kept])
        assert np.all(np.diff(weight[kept][order]) >= -1e-12)
