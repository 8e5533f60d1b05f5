"""The preference score P: how well each opening fits what the seeker said they want, from 0 to 1.

P is built only from the seeker's own words and feedback. Each part counts only where both sides are
known (invariant 3): a profile with nothing in it scores 0 everywhere, which is "no match", not a match.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matcher.filters import AVOID_TEXT, FilterResult
from matcher.index import OpeningIndex, shift_mask
from matcher.phrases import TITLE_HIT, title_hits
from models import CareerProfile

# Weights of the parts of P; they add up to 1, so P is a weighted sum and an unknown part adds nothing.
WEIGHTS = {"interest": 0.55, "distance": 0.15, "hours": 0.10, "wage": 0.10, "shifts": 0.10}
FEEDBACK_WEIGHT = 0.10  # learned from the seeker's own reactions, up or down
AVOID_PENALTY = 0.15  # for openings close to, but not clearly, something the seeker avoids

# Cosine similarity of all-MiniLM-L6-v2 mapped to 0..1: below 0.25 texts are unrelated in practice,
# 0.65 and above they are about the same work ("cooking" vs "line cook" is 0.66).
SIM_FLOOR, SIM_FULL = 0.25, 0.65
NEEDS_DISCOUNT = 0.85  # an employer's stated need counts a little less than the opening's own text
AVOID_SOFT_FROM = 0.35
NEARBY_KM = 15.0  # distance scale when the seeker gave a home but no commute limit


def calibrate(cosine: np.ndarray) -> np.ndarray:
    """Cosine similarity as a 0..1 fit."""
    return np.clip((cosine - SIM_FLOOR) / (SIM_FULL - SIM_FLOOR), 0.0, 1.0)


@dataclass(frozen=True)
class PreferenceParts:
    """Every part of P per opening, with what drove the interest part (for the explanation)."""

    total: np.ndarray
    parts: dict[str, np.ndarray]
    best_phrase: np.ndarray  # int: which wanted phrase matched best (-1: none)
    from_needs: np.ndarray  # bool: the employer's stated need matched better than the opening's text
    best_need: np.ndarray  # int: row in index.need_vectors of the best need (-1: none)
    title_hit: np.ndarray  # bool: a wanted job type is this job's title


def interest_fit(
    profile: CareerProfile, index: OpeningIndex, wanted_sims: np.ndarray, need_sims: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """0..1 fit of the seeker's interests and wanted job types to each opening and its employer's needs."""
    n = len(index)
    wanted = profile.wanted_phrases()
    if not wanted or n == 0:
        nothing = np.zeros(n)
        return nothing, np.full(n, -1), np.zeros(n, dtype=bool), np.full(n, -1), np.zeros(n, dtype=bool)
    best_phrase = wanted_sims.argmax(axis=1)
    own = wanted_sims.max(axis=1)
    # Needs: the best (phrase, need) similarity per employer, then spread to that employer's openings.
    per_employer = np.full(len(index.employers), -1.0)
    best_need_of = np.full(len(index.employers), -1)
    if need_sims.size:
        need_best = need_sims.max(axis=1)
        # Sort by employer, then similarity; the last row of each employer's run is its best need.
        order = np.lexsort((need_best, index.need_employer))
        employer_sorted = index.need_employer[order]
        last = np.r_[employer_sorted[1:] != employer_sorted[:-1], True]
        rows = order[last]
        per_employer[index.need_employer[rows]] = need_best[rows]
        best_need_of[index.need_employer[rows]] = rows
    needs = per_employer[index.employer_row] * NEEDS_DISCOUNT
    from_needs = needs > own
    fit = calibrate(np.maximum(own, needs))
    hits = title_hits(wanted, index.titles).max(axis=0) >= TITLE_HIT
    title_hit = hits[index.title_of]
    fit = np.where(title_hit, 1.0, fit)
    return fit, best_phrase, from_needs & ~title_hit, best_need_of[index.employer_row], title_hit


def preference_score(
    profile: CareerProfile,
    index: OpeningIndex,
    filters: FilterResult,
    *,
    wanted_sims: np.ndarray,
    need_sims: np.ndarray,
    liked_sims: np.ndarray,
    disliked_sims: np.ndarray,
) -> PreferenceParts:
    """P for every opening, from 0 to 1, with its parts.

    wanted_sims: (openings, wanted phrases); need_sims: (needs, wanted phrases); liked_sims and
    disliked_sims: (openings, openings the seeker reacted to) cosine similarities.
    """
    n = len(index)
    interest, best_phrase, from_needs, best_need, title_hit = interest_fit(profile, index, wanted_sims, need_sims)
    parts = {"interest": interest}

    distance = filters.distance_km
    scale = profile.max_commute_km if profile.max_commute_km else NEARBY_KM
    parts["distance"] = np.where(np.isnan(distance), 0.0, np.clip(1.0 - distance / scale, 0.0, 1.0))

    hours = np.zeros(n)
    if profile.hours_min is not None or profile.hours_max is not None:
        low = profile.hours_min if profile.hours_min is not None else 0.0
        high = profile.hours_max if profile.hours_max is not None else 80.0
        span = index.hours_max - index.hours_min
        inside = np.clip(np.minimum(index.hours_max, high) - np.maximum(index.hours_min, low), 0.0, None)
        with np.errstate(invalid="ignore", divide="ignore"):
            share = np.where(span > 0, inside / np.where(span > 0, span, 1.0), (index.hours_min >= low) & (index.hours_min <= high))
        hours = np.where(np.isnan(index.hours_min), 0.0, share)
    parts["hours"] = hours

    wage = np.zeros(n)
    if profile.min_wage is not None:
        # Full marks at 20% above the seeker's minimum; at the minimum itself, half.
        margin = max(profile.min_wage * 0.2, 1.0)
        wage = np.where(np.isnan(index.wage), 0.0, np.clip(0.5 + 0.5 * (index.wage - profile.min_wage) / margin, 0, 1))
    parts["wage"] = wage

    shifts = np.zeros(n)
    if profile.shifts:
        available = shift_mask(profile.shifts)
        known = index.shifts != 0
        total_bits = np.unpackbits(index.shifts[:, None], axis=1).sum(axis=1)
        fitting = np.unpackbits((index.shifts & available)[:, None], axis=1).sum(axis=1)
        shifts = np.where(known, fitting / np.maximum(total_bits, 1), 0.0)
    parts["shifts"] = shifts

    total = sum(WEIGHTS[name] * parts[name] for name in WEIGHTS)

    feedback = np.zeros(n)
    if liked_sims.shape[1]:
        feedback += calibrate(liked_sims.max(axis=1))
    if disliked_sims.shape[1]:
        feedback -= calibrate(disliked_sims.max(axis=1))
    parts["feedback"] = FEEDBACK_WEIGHT * feedback

    soft_avoid = np.clip((filters.avoid_closeness - AVOID_SOFT_FROM) / (AVOID_TEXT - AVOID_SOFT_FROM), 0.0, 1.0)
    parts["avoid"] = -AVOID_PENALTY * soft_avoid

    total = np.clip(total + parts["feedback"] + parts["avoid"], 0.0, 1.0)
    return PreferenceParts(
        total=total, parts=parts, best_phrase=best_phrase, from_needs=from_needs, best_need=best_need,
        title_hit=title_hit,
    )
