"""The benchmark metrics (benchmarks/quality_metrics.py) on small cases worked out by hand."""

from __future__ import annotations

import math

import pytest

from benchmarks.quality_metrics import hit_at, mrr_at, ndcg_at


def test_a_perfect_ranking_scores_one():
    relevance = {7: 2, 3: 2, 5: 1}
    assert hit_at([7, 3, 5, 1], relevance) == 1.0
    assert mrr_at([7, 3, 5, 1], relevance) == 1.0
    assert ndcg_at([7, 3, 5, 1], relevance) == pytest.approx(1.0)


def test_hand_worked_values():
    relevance = {3: 2, 5: 1}
    ranked = [9, 5, 3, 8]
    # The first top-grade item (3) is third; the second-grade item 5 does not count for hit or MRR.
    assert hit_at(ranked, relevance) == 1.0
    assert mrr_at(ranked, relevance) == pytest.approx(1 / 3)
    dcg = (2**1 - 1) / math.log2(3) + (2**2 - 1) / math.log2(4)
    ideal = (2**2 - 1) / math.log2(2) + (2**1 - 1) / math.log2(3)
    assert ndcg_at(ranked, relevance) == pytest.approx(dcg / ideal)
    assert ndcg_at(ranked, relevance) == pytest.approx(0.5869, abs=1e-4)


def test_the_cut_off_counts():
    relevance = {4: 1}
    assert hit_at([1, 2, 4], relevance, k=2) == 0.0
    assert mrr_at([1, 2, 4], relevance, k=2) == 0.0
    assert ndcg_at([1, 2, 4], relevance, k=2) == 0.0
    assert mrr_at([1, 2, 4], relevance, k=3) == pytest.approx(1 / 3)
    assert ndcg_at([1, 2, 4], relevance, k=3) == pytest.approx(1 / math.log2(4))


def test_nothing_relevant_scores_zero():
    assert hit_at([1, 2], {}) == mrr_at([1, 2], {}) == ndcg_at([1, 2], {}) == 0.0
    assert ndcg_at([], {1: 2}) == 0.0
