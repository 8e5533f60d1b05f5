"""The visit plan's objective and its greedy choice (matcher/visit_plan.py builds a week's plan on them).

A plan maximises, over sets S of at most k employers, a weighted facility location with two small bonuses:

    F(S) = sum over seekers s of w_s * max over e in S of fit(s, e)
           + VARIETY_BONUS * (distinct industries among S)
           + sum over e in S of bonus(e)          (a follow-up due with that employer)

Why greedy is within (1 - 1/e) of the best plan: F(empty) = 0, and F is monotone (a visit added never lowers
it) and submodular (a visit adds no more to a larger plan than to a smaller one). The max over S of
non-negative fits is both; so is the number of industries covered (a coverage function) and a sum of
non-negative per-employer bonuses (modular); and a non-negative weighted sum of such functions is both. Limits
on employers only remove them from the ground set before choosing, and the number of visits is a cardinality
limit. Greedy under a cardinality limit on a normalised monotone submodular function reaches at least
(1 - 1/e) of the optimum over the same ground set (Nemhauser, Wolsey and Fisher, 1978). Greedy stops early
only when no employer adds anything, which loses nothing. tests/matcher/test_planning.py checks the bound
against brute force. Ties break on the lower column (employer id), so the same data gives the same plan.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

import numpy as np

VARIETY_BONUS = 0.05  # per industry in the plan: breaks near-ties towards a mix, never outweighs a real fit
_EPS = 1e-12


@dataclass(frozen=True)
class Instance:
    """The numbers a plan is chosen on: columns are employers (in id order), rows seekers."""

    fit: np.ndarray  # (seekers, employers), 0..1
    weight: np.ndarray  # (seekers,), > 0
    industry: np.ndarray  # (employers,) int code; -1 when unknown (unknown is no variety)
    bonus: np.ndarray  # (employers,) >= 0, modular (a follow-up due)
    variety: float = VARIETY_BONUS


def objective(instance: Instance, chosen: Iterable[int]) -> float:
    """F of the plan made of these employer columns (repeats count once)."""
    cols = sorted(set(chosen))
    if not cols:
        return 0.0
    covered = float(instance.weight @ instance.fit[:, cols].max(axis=1)) if instance.fit.shape[0] else 0.0
    industries = {int(instance.industry[c]) for c in cols if instance.industry[c] >= 0}
    return covered + instance.variety * len(industries) + float(instance.bonus[cols].sum())


def greedy(instance: Instance, k: int, eligible: np.ndarray) -> list[int]:
    """Up to k eligible employer columns, each the one that adds most to F at its turn (ties: lower column)."""
    n_seekers, n_employers = instance.fit.shape
    best = np.zeros(n_seekers)
    covered: set[int] = set()
    open_ = eligible.astype(bool).copy()
    chosen: list[int] = []
    for _ in range(k):
        if not open_.any():
            break
        gains = instance.weight @ np.maximum(instance.fit - best[:, None], 0.0) if n_seekers else np.zeros(n_employers)
        new_industry = np.array([c >= 0 and int(c) not in covered for c in instance.industry], dtype=bool)
        gains = gains + instance.bonus + instance.variety * new_industry
        gains[~open_] = -np.inf
        col = int(np.argmax(gains))  # the first maximum: the lowest column, so the lowest employer id
        if gains[col] <= _EPS:
            break  # nothing left adds anything
        chosen.append(col)
        open_[col] = False
        if n_seekers:
            best = np.maximum(best, instance.fit[:, col])
        if instance.industry[col] >= 0:
            covered.add(int(instance.industry[col]))
    return chosen


def second_choices(instance: Instance, k: int, eligible: np.ndarray) -> list[int]:
    """Up to k more eligible employers by how well they fit the caseload in total (weighted), when greedy has
    stopped because none adds to F: second chances for seekers already served. Only employers that fit
    someone; ties by column. Adding them cannot lower F (it is monotone)."""
    if k <= 0 or not instance.fit.size:
        return []
    total = instance.weight @ instance.fit
    pool = np.flatnonzero(eligible & (total > 0))
    return [int(c) for c in pool[np.lexsort((pool, -total[pool]))][:k]]


def brute_force(instance: Instance, k: int, eligible: np.ndarray) -> tuple[float, tuple[int, ...]]:
    """The best plan of at most k eligible employers and its F, by trying every one (small instances only)."""
    pool = [int(c) for c in np.flatnonzero(eligible)]
    size = min(k, len(pool))  # F is monotone: some largest plan is among the best
    best_value, best_plan = 0.0, ()
    for plan in combinations(pool, size):
        value = objective(instance, plan)
        if value > best_value + _EPS:
            best_value, best_plan = value, plan
    return best_value, best_plan


def nearest(distance_km: np.ndarray, k: int, eligible: np.ndarray) -> list[int]:
    """The k eligible employers nearest the caseload (a baseline); unknown distances last, ties by column."""
    pool = np.flatnonzero(eligible)
    key = np.where(np.isnan(distance_km[pool]), np.inf, distance_km[pool])
    return [int(c) for c in pool[np.lexsort((pool, key))][:k]]


def random_plan(k: int, eligible: np.ndarray, seed: int = 0) -> list[int]:
    """k eligible employers drawn at random with a fixed seed (a baseline)."""
    pool = [int(c) for c in np.flatnonzero(eligible)]
    return random.Random(seed).sample(pool, min(k, len(pool)))
