"""Hard preference filters (DESIGN.md invariants 2, 3 and 5), vectorised over the whole opening index.

Unknown data never passes silently: where the seeker stated a limit and the opening does not say (no wage,
no hours, no shifts, no location), the opening stays in but is flagged unknown, earns nothing for that
preference, and its explanation says what is unknown.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from matcher.geo import haversine_km
from matcher.index import SHIFT_BITS, OpeningIndex, shift_mask
from matcher.phrases import avoided_shifts, contains_all_words, strip_negation, title_hits
from models import CareerProfile, Settings

# Semantic similarity at or above which an opening's text is taken to be the thing the seeker said to
# avoid. Calibrated on all-MiniLM-L6-v2: "fast food" vs a burger crew job is ~0.45, vs a dishwasher ~0.36,
# "cleaning" vs a dishwasher 0.56. Industries are short names, where embeddings blur ("fast food
# restaurants" vs plain "restaurant" is 0.81), so they are matched on words with rapidfuzz instead.
AVOID_TEXT = 0.55
AVOID_TITLE_HIT = 90.0


@dataclass(frozen=True)
class FilterResult:
    """Which openings may be suggested, and what could not be checked for each."""

    passed: np.ndarray  # bool per opening
    distance_km: np.ndarray  # NaN where unknown
    wage_unknown: np.ndarray  # bool: the seeker has a minimum wage and the opening gives no wage
    hours_unknown: np.ndarray
    shifts_unknown: np.ndarray
    distance_unknown: np.ndarray
    avoid_closeness: np.ndarray  # highest similarity of an avoid phrase to the opening (0 without any)


def _avoided(
    profile: CareerProfile, index: OpeningIndex, avoid_sims: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Openings the avoid list rules out, and how close each opening comes to an avoided thing."""
    n = len(index)
    ruled_out = np.zeros(n, dtype=bool)
    closeness = np.zeros(n, dtype=np.float32)
    phrases = [strip_negation(p) for p in profile.avoid]
    bad_shifts = 0
    for col, phrase in enumerate(phrases):
        shifts, only_shifts = avoided_shifts(phrase)
        bad_shifts |= shift_mask(sorted(shifts))
        if only_shifts or not phrase:
            continue
        hits = title_hits([phrase], index.titles)[0] >= AVOID_TITLE_HIT
        ruled_out |= hits[index.title_of]
        ruled_out |= avoid_sims[:, col] >= AVOID_TEXT
        industry_hits = title_hits([phrase], index.industries)[0] >= AVOID_TITLE_HIT
        ruled_out |= industry_hits[index.employer_row]
        closeness = np.maximum(closeness, avoid_sims[:, col])
    if bad_shifts:
        ruled_out |= (index.shifts & bad_shifts) != 0
    return ruled_out, closeness


def words_avoided(profile: CareerProfile, words: str) -> bool:
    """True when every word of some avoid phrase appears in the opening's own words (title, industry, text)."""
    for phrase in profile.avoid:
        phrase = strip_negation(phrase)
        _, only_shifts = avoided_shifts(phrase)
        if phrase and not only_shifts and contains_all_words(phrase, [words])[0]:
            return True
    return False


def hard_filters(
    profile: CareerProfile,
    index: OpeningIndex,
    *,
    avoid_sims: np.ndarray,
    rejected_ids: Collection[int],
    settings: Settings,
) -> FilterResult:
    """The openings that break none of the seeker's hard preferences and are competitive, open jobs.

    avoid_sims: (openings, avoid phrases) cosine similarities of opening texts to the avoid phrases.
    rejected_ids: openings the seeker marked "not for me".
    """
    n = len(index)
    passed = index.available & ~index.set_aside
    # Competitive employment: a wage below the configured minimum is never suggested.
    passed &= ~(index.wage < settings.min_wage)

    wage_unknown = np.zeros(n, dtype=bool)
    if profile.min_wage is not None:
        passed &= ~(index.wage < profile.min_wage)
        wage_unknown = np.isnan(index.wage)

    hours_unknown = np.zeros(n, dtype=bool)
    if profile.hours_min is not None or profile.hours_max is not None:
        low = profile.hours_min if profile.hours_min is not None else 0.0
        high = profile.hours_max if profile.hours_max is not None else np.inf
        # Ranges must overlap: an opening of 30-40 hours cannot suit someone who wants 10-25.
        passed &= ~((index.hours_min > high) | (index.hours_max < low))
        hours_unknown = np.isnan(index.hours_min)

    shifts_unknown = np.zeros(n, dtype=bool)
    if profile.shifts:
        available = shift_mask(profile.shifts)
        known = index.shifts != 0
        passed &= ~known | ((index.shifts & available) != 0)
        shifts_unknown = ~known

    distance = np.full(n, np.nan)
    if profile.home is not None:
        distance = haversine_km(profile.home.lat, profile.home.lon, index.lat, index.lon)
    distance_unknown = np.zeros(n, dtype=bool)
    if profile.max_commute_km is not None:
        passed &= ~(distance > profile.max_commute_km)
        distance_unknown = np.isnan(distance)

    ruled_out, closeness = _avoided(profile, index, avoid_sims)
    passed &= ~ruled_out

    if rejected_ids:
        rows = [index.row_of_id[i] for i in rejected_ids if i in index.row_of_id]
        passed[rows] = False

    return FilterResult(
        passed=passed,
        distance_km=distance,
        wage_unknown=wage_unknown,
        hours_unknown=hours_unknown,
        shifts_unknown=shifts_unknown,
        distance_unknown=distance_unknown,
        avoid_closeness=closeness,
    )


__all__ = ["SHIFT_BITS", "FilterResult", "hard_filters", "words_avoided"]
