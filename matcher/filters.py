"""Hard preference filters (DESIGN.md invariants 2, 3 and 5), vectorised over the whole opening index.

A seeker who asked to keep earnings under their SSI/SSDI threshold has stated a hard preference too.

Unknown data never passes silently: where the seeker stated a limit and the opening does not say (no wage,
no hours, no shifts, no location), the opening stays in but is flagged unknown, earns nothing for that
preference, and its explanation says what is unknown.
"""

from __future__ import annotations

import functools
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

from matcher.benefits import earnings_limit
from matcher.geo import haversine_km
from matcher.index import OpeningIndex, shift_mask
from matcher.phrases import avoided_shifts, contains_all_words, strip_negation, title_hits, titles_hit
from models import CareerProfile, Settings

# Semantic similarity at or above which an opening's text is taken to be the thing the seeker said to
# avoid. Calibrated on the tuned model (matcher/tuning.py): "dish washing" vs "Dishwasher. Wash dishes for the
# lunch rush" 0.72, "cash register" vs "Cashier" 0.71, "kennel work" vs a kennel assistant 0.80 are the same work;
# but a kind of work named as a whole sits 0.54-0.61 from every job of its trade ("fast food" vs a burger crew
# job 0.54, vs a diner's dishwasher 0.55; "fast food restaurants" vs a diner's line cook 0.61), so below 0.62 it
# would rule out every kitchen job. (With the packaged model it was 0.55, where the same pairs were 0.41-0.49.)
# Industries are short names, where embeddings blur, so they are matched on words with rapidfuzz instead.
AVOID_TEXT = 0.62
AVOID_TITLE_HIT = 90.0


@dataclass(frozen=True)
class FilterResult:
    """Which openings may be suggested, and how far each is from the seeker's home (arrays over all openings)."""

    passed: np.ndarray  # bool per opening
    distance_km: np.ndarray  # NaN where unknown


def avoid_phrases(profile: CareerProfile) -> list[str]:
    """The seeker's avoid phrases that name a kind of work or setting (not only a shift), negation removed."""
    phrases = [strip_negation(p) for p in profile.avoid]
    return [p for p in phrases if p and not avoided_shifts(p)[1]]


def avoided_by_words(profile: CareerProfile, index: OpeningIndex, rows: np.ndarray | None = None) -> np.ndarray:
    """Per opening (or per given row): ruled out by an avoided shift, or an avoid phrase that is its title or its
    industry."""
    rows = np.arange(len(index)) if rows is None else rows
    ruled_out = np.zeros(len(rows), dtype=bool)
    bad_shifts = 0
    for phrase in profile.avoid:
        bad_shifts |= shift_mask(sorted(avoided_shifts(phrase)[0]))
    if bad_shifts:
        ruled_out |= (index.shifts[rows] & bad_shifts) != 0
    phrases = avoid_phrases(profile)
    if phrases:
        ruled_out |= titles_hit(phrases, index.titles, AVOID_TITLE_HIT)[index.title_of[rows]]
        # Employers share a few industries: each distinct name is compared once.
        names, of_employer = _distinct(index.industries)
        hit = title_hits(phrases, names).max(axis=0) >= AVOID_TITLE_HIT
        ruled_out |= hit[of_employer[index.employer_row[rows]]]
    return ruled_out


@functools.lru_cache(maxsize=8)
def _distinct(values: tuple[str, ...]) -> tuple[list[str], np.ndarray]:
    """The distinct values (first-seen order) and, per value, its position among them."""
    position: dict[str, int] = {}
    inverse = np.array([position.setdefault(v, len(position)) for v in values], dtype=np.int64)
    return list(position), inverse


def avoided_by_meaning(avoid_sims: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows whose text means an avoided thing, and how close each comes (0 without avoid phrases).

    avoid_sims: (rows, avoid phrases) cosine similarities, for the phrases of avoid_phrases().
    """
    if avoid_sims.shape[1] == 0:
        nothing = np.zeros(avoid_sims.shape[0], dtype=np.float32)
        return nothing.astype(bool), nothing
    closeness = avoid_sims.max(axis=1)
    return closeness >= AVOID_TEXT, closeness


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
    rejected_ids: Collection[int],
    settings: Settings,
) -> FilterResult:
    """The openings that break none of the seeker's stated limits and are competitive, open jobs.

    Everything here is a cheap column test over the whole index. The one test that needs embeddings,
    whether an opening's text means something the seeker avoids, is avoided_by_meaning(), which the
    ranking applies to the openings that pass these.
    rejected_ids: openings the seeker marked "not for me".
    """
    n = len(index)
    passed = index.available & ~index.set_aside
    # Competitive employment: a wage below the configured minimum is never suggested.
    passed &= ~(index.wage < settings.min_wage)

    # Comparisons with NaN (unknown) are False, so an unknown value is never ruled out here; the
    # explanation says it is unknown and the score gives it nothing (invariant 3).
    if profile.min_wage is not None:
        passed &= ~(index.wage < profile.min_wage)

    if profile.hours_min is not None or profile.hours_max is not None:
        low = profile.hours_min if profile.hours_min is not None else 0.0
        high = profile.hours_max if profile.hours_max is not None else np.inf
        # Ranges must overlap: an opening of 30-40 hours cannot suit someone who wants 10-25.
        passed &= ~((index.hours_min > high) | (index.hours_max < low))

    if profile.shifts:
        known = index.shifts != 0
        passed &= ~known | ((index.shifts & shift_mask(profile.shifts)) != 0)

    limit = earnings_limit(profile, settings)
    if limit is not None:
        # The seeker asked to stay under a benefit threshold: a hard preference. Out when even the fewest
        # hours both sides accept would earn more than it a month (same order of operations as
        # benefits.monthly()); an unknown wage or unknown hours is NaN and never rules an opening out.
        fewest = index.hours_min if profile.hours_min is None else np.maximum(index.hours_min, profile.hours_min)
        passed &= ~(index.wage * fewest * 52 / 12 > limit[0])

    # The tests below cost more per opening, so they look only at the openings still in; the distance of an
    # opening already ruled out is never read (NaN).
    distance = np.full(n, np.nan)
    if profile.home is not None:
        rows = np.flatnonzero(passed)
        distance[rows] = haversine_km(
            profile.home.lat, profile.home.lon, index.lat[rows], index.lon[rows], index.cos_lat[rows]
        )
    if profile.max_commute_km is not None:
        passed &= ~(distance > profile.max_commute_km)

    rows = np.flatnonzero(passed)
    passed[rows[avoided_by_words(profile, index, rows)]] = False

    if rejected_ids:
        rows = [index.row_of_id[i] for i in rejected_ids if i in index.row_of_id]
        passed[rows] = False

    return FilterResult(passed=passed, distance_km=distance)


__all__ = ["FilterResult", "avoid_phrases", "avoided_by_meaning", "hard_filters", "words_avoided"]
