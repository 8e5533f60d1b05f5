"""Ranking quality metrics at a cut-off: hit rate, nDCG and MRR over graded relevance."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def hit_at(ranked: Sequence[int], relevance: Mapping[int, int], k: int = 10) -> float:
    """1.0 when an item of the top grade is among the first k, else 0.0."""
    top = max(relevance.values(), default=0)
    return float(top > 0 and any(relevance.get(item, 0) == top for item in ranked[:k]))


def mrr_at(ranked: Sequence[int], relevance: Mapping[int, int], k: int = 10) -> float:
    """1 / position of the first item of the top grade within the first k (0 when there is none)."""
    top = max(relevance.values(), default=0)
    if top <= 0:
        return 0.0
    for position, item in enumerate(ranked[:k], start=1):
        if relevance.get(item, 0) == top:
            return 1.0 / position
    return 0.0


def ndcg_at(ranked: Sequence[int], relevance: Mapping[int, int], k: int = 10) -> float:
    """Normalised discounted cumulative gain of the first k, gain 2^grade - 1 (0 when nothing is relevant)."""

    def dcg(grades: Sequence[int]) -> float:
        return sum((2**grade - 1) / math.log2(position + 1) for position, grade in enumerate(grades, start=1))

    ideal = dcg(sorted((g for g in relevance.values() if g > 0), reverse=True)[:k])
    if ideal == 0:
        return 0.0
    return dcg([relevance.get(item, 0) for item in ranked[:k]]) / ideal
