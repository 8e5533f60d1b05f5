"""The preference score P: how well each opening fits what the seeker said they want, from 0 to 1.

P is built only from the seeker's own words and reactions (the reactions refine the words: matcher/learning.py).
Each part counts only where both sides are known (invariant 3): a profile with nothing in it scores 0
everywhere, which is "no match", not a match.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matcher.filters import AVOID_TEXT
from matcher.index import OpeningIndex, shift_mask
from matcher.phrases import TITLE_HIT, titles_hit
from matcher.taxonomy import LOW_CONFIDENCE, names_something
from models import CareerProfile
from models.fields import MAX_HOURS

# Weights of the parts of P; they add up to 1, so P is a weighted sum and an unknown part adds nothing.
WEIGHTS = {"interest": 0.55, "distance": 0.15, "hours": 0.10, "wage": 0.10, "shifts": 0.10}
AVOID_PENALTY = 0.15  # for openings close to, but not clearly, something the seeker avoids

# Cosine similarity of all-MiniLM-L6-v2 mapped to 0..1: below 0.25 texts are unrelated in practice,
# 0.65 and above they are about the same work ("cooking" vs "line cook" is 0.66).
SIM_FLOOR, SIM_FULL = 0.25, 0.65
NEEDS_DISCOUNT = 0.85  # an employer's stated need counts a little less than the opening's own text
AVOID_SOFT_FROM = 0.35
NEARBY_KM = 15.0  # distance scale when the seeker gave a home but no commute limit


# Occupation grounding (matcher/taxonomy.py) as a back-off: credit for an opening whose occupation is the one
# a wanted job type names (1), in the same detailed SOC occupation, broad group or minor group; nothing beyond.
OCCUPATION_CREDIT = np.array([1.0, 0.9, 0.6, 0.3, 0.0, 0.0])
# The share of the gap to full interest that an opening of the wanted occupation closes. It only lifts:
# an opening's interest never drops for lack of an occupation match.
OCCUPATION_LIFT = 0.5


def calibrate(cosine: np.ndarray) -> np.ndarray:
    """Cosine similarity as a 0..1 fit."""
    return np.clip((cosine - SIM_FLOOR) / (SIM_FULL - SIM_FLOOR), 0.0, 1.0)


_POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.float64)


@dataclass(frozen=True)
class PreferenceParts:
    """Every part of P for the scored rows, with what drove the interest part (for the explanation)."""

    total: np.ndarray
    parts: dict[str, np.ndarray]
    best_phrase: np.ndarray  # int: which wanted phrase matched the opening's text best (-1: none)
    from_needs: np.ndarray  # bool: the employer's stated need matched better than the opening's text
    best_need: np.ndarray  # int: row in index.need_vectors of the employer's best need (-1: none)
    title_hit: np.ndarray  # bool: a wanted job type is this job's title


def best_column(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row of a (rows, a few columns) array: argmax(axis=1) and max(axis=1), the first column on ties.

    Column by column over all rows at once: numpy reduces a short axis row by row, several times slower.
    """
    best = values[:, 0].copy()
    which = np.zeros(len(values), dtype=np.int64)
    for column in range(1, values.shape[1]):
        better = values[:, column] > best
        # copyto with where= and maximum: no boolean gathers, each a plain pass over the rows.
        np.copyto(which, column, where=better)
        np.maximum(best, values[:, column], out=best)
    return which, best


def _best_need_per_employer(index: OpeningIndex, need_sims: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per employer: the highest similarity of any of its needs to any wanted phrase, and which need (-1.0 and -1
    for an employer with no current need). Of an employer's needs tied at its best, the last row.

    Only current needs count (need rows of an index changed in place may be dead). Two unbuffered scatters
    (np.maximum.at) over the need rows, not a sort of them: with 5,000 employers, seeker_terms() (two calls)
    went from 1.31 to 0.57 ms.
    """
    best = np.full(len(index.employers), -1.0)
    which = np.full(len(index.employers), -1)
    live = np.flatnonzero(index.need_live)
    if need_sims.size and live.size:
        need_best = best_column(need_sims[live])[1].astype(np.float64)
        employer = index.need_employer[live]
        top = np.full(len(index.employers), -np.inf)
        np.maximum.at(top, employer, need_best)
        at_top = need_best == top[employer]
        np.maximum.at(which, employer[at_top], live[at_top])
        has = which >= 0
        best[has] = top[has]
    return best, which


def job_phrases(profile: CareerProfile) -> set[str]:
    """The seeker's wanted phrases that name a job (job types, the job wanted now, the dream job), not interests."""
    return {p for p in (*profile.job_types, profile.job_wanted_now, profile.dream_job) if p}


def seeker_occupations(profile: CareerProfile, wanted_vectors: np.ndarray, index: OpeningIndex) -> np.ndarray:
    """Per wanted phrase (profile.wanted_phrases() order): its occupation's row in the taxonomy, -1 for none.

    A phrase gets none when it is not a job name, names nothing (taxonomy.names_something) or its grounding is
    low-confidence; a specialist's correction in profile.job_type_occupations wins over the grounding.
    """
    wanted = profile.wanted_phrases()
    taxonomy = index.taxonomy
    rows, cosine = taxonomy.ground_phrases(wanted_vectors, index.embedder)
    jobs = {p for p in job_phrases(profile) if names_something(p)}
    chosen = np.where((cosine >= LOW_CONFIDENCE) & np.array([p in jobs for p in wanted], dtype=bool), rows, -1)
    for i, phrase in enumerate(wanted):
        code = profile.job_type_occupations.get(phrase)
        if code is not None and code in taxonomy:
            chosen[i] = taxonomy.row_of_code[code]
    return chosen


def occupation_credit(index: OpeningIndex, wanted_occupations: np.ndarray) -> np.ndarray | None:
    """Per occupation of the taxonomy, 0..1: its best credit against any wanted job's occupation (None: none wanted)."""
    wanted = np.unique(wanted_occupations[wanted_occupations >= 0])
    if not wanted.size:
        return None
    groups = index.taxonomy.group_ids
    credit = np.zeros(len(groups))
    for occupation in wanted:
        same = groups == groups[occupation]
        level = np.where(same.any(axis=1), same.argmax(axis=1), len(OCCUPATION_CREDIT) - 1)
        credit = np.maximum(credit, OCCUPATION_CREDIT[level])
    return credit


def occupation_fit(index: OpeningIndex, rows: np.ndarray, credit: np.ndarray | None) -> np.ndarray:
    """Per scored row, 0..1: the credit (occupation_credit()) of the opening's occupation, when it is sure of it."""
    if credit is None or not len(rows):
        return np.zeros(len(rows))
    sure = index.occupation_confidence[rows] >= LOW_CONFIDENCE
    return np.where(sure, credit[index.occupation[rows]], 0.0)


def occupation_lift(interest: np.ndarray, fit: np.ndarray) -> np.ndarray:
    """Interest lifted by the occupation back-off: a share of the gap to full marks, so never above 1 or lowered."""
    return interest + OCCUPATION_LIFT * fit * (1.0 - interest)


@dataclass(frozen=True)
class SeekerTerms:
    """What P needs from one seeker's words that is the same for every opening: worked out once per ranking."""

    profile: CareerProfile
    wanted: list[str]
    needs: tuple[np.ndarray, np.ndarray]  # per employer: best need similarity to a wanted phrase, which need
    learned_needs: np.ndarray | None  # per employer: the same against the refined queries (None: no learning)
    title_hit: np.ndarray  # bool per distinct title of the index: a wanted job type is this title
    credit: np.ndarray | None  # per taxonomy occupation: occupation_credit(), None for no back-off


def seeker_terms(
    profile: CareerProfile,
    index: OpeningIndex,
    *,
    need_sims: np.ndarray,
    learned_need_sims: np.ndarray,
    wanted_vectors: np.ndarray | None = None,
) -> SeekerTerms:
    """The per-seeker terms of P (SeekerTerms).

    need_sims: (needs, wanted phrases) similarities; learned_need_sims: (needs, refined queries), the seeker's
    queries refined by their own reactions (matcher/learning.py), with no columns when there is nothing to learn
    from; wanted_vectors: (wanted phrases, d) embeddings, for the occupation back-off (None: no back-off).
    """
    wanted = profile.wanted_phrases()
    title_hit = np.zeros(len(index.titles), dtype=bool)
    needs = (np.full(len(index.employers), -1.0), np.full(len(index.employers), -1))
    learned_needs, credit = None, None
    if wanted:
        needs = _best_need_per_employer(index, need_sims)
        title_hit = titles_hit(wanted, index.titles, TITLE_HIT)
        if wanted_vectors is not None:
            credit = occupation_credit(index, seeker_occupations(profile, wanted_vectors, index))
    if learned_need_sims.shape[1]:
        learned_needs = _best_need_per_employer(index, learned_need_sims)[0]
    return SeekerTerms(profile, wanted, needs, learned_needs, title_hit, credit)


def preference_rows(
    terms: SeekerTerms,
    index: OpeningIndex,
    rows: np.ndarray,
    distance: np.ndarray,
    *,
    wanted_sims: np.ndarray,
    learned_sims: np.ndarray,
    avoid_closeness: np.ndarray,
) -> PreferenceParts:
    """P for the given rows of the index, from 0 to 1, with its parts; every array is aligned with rows.

    Only per-row work on top of the seeker's terms (seeker_terms()), so any split of the rows gives each row the
    same values. distance: km per row, NaN where unknown; wanted_sims: (rows, wanted phrases); learned_sims:
    (rows, refined queries); avoid_closeness: per row, 0..1. The `interest` part is the fit to the seeker's
    stated words; the `feedback` part is what their reactions change in it, so the two add up to the interest
    they have shown.
    """
    profile = terms.profile
    n = len(rows)
    employer_row = index.employer_row[rows]
    fit = np.zeros(n)
    if terms.wanted and n:
        best_phrase, own = best_column(wanted_sims)
        per_employer, which_need = terms.needs
        needs = per_employer[employer_row] * NEEDS_DISCOUNT
        title_hit = terms.title_hit[index.title_of[rows]]
        fit = occupation_fit(index, rows, terms.credit)
        interest = np.where(title_hit, 1.0, occupation_lift(calibrate(np.maximum(own, needs)), fit))
        from_needs = (needs > own) & ~title_hit
        best_need = which_need[employer_row]
    else:
        interest, best_phrase, best_need = np.zeros(n), np.full(n, -1), np.full(n, -1)
        from_needs, title_hit = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    shown = interest
    if learned_sims.shape[1] and n:
        # The same interest, scored against the refined queries; a job type the seeker named stays a full hit.
        learned_needs = terms.learned_needs[employer_row] * NEEDS_DISCOUNT
        shown = np.where(
            title_hit, 1.0, occupation_lift(calibrate(np.maximum(best_column(learned_sims)[1], learned_needs)), fit)
        )
    parts = {"interest": interest}

    scale = profile.max_commute_km if profile.max_commute_km is not None else NEARBY_KM
    parts["distance"] = np.where(np.isnan(distance), 0.0, np.clip(1.0 - distance / scale, 0.0, 1.0))

    hours = np.zeros(n)
    job_low, job_high = index.hours_min[rows], index.hours_max[rows]
    if profile.hours_min is not None or profile.hours_max is not None:
        low = profile.hours_min if profile.hours_min is not None else 0.0
        high = profile.hours_max if profile.hours_max is not None else MAX_HOURS
        # Share of the opening's hours range that lies inside the seeker's; a fixed number of hours
        # inside the range counts fully.
        span = job_high - job_low
        inside = np.clip(np.minimum(job_high, high) - np.maximum(job_low, low), 0.0, None)
        fixed_inside = (job_low >= low) & (job_low <= high)
        share = np.where(span > 0, inside / np.where(span > 0, span, 1.0), fixed_inside)
        hours = np.where(np.isnan(job_low), 0.0, share)
    parts["hours"] = hours

    wage = np.zeros(n)
    if profile.min_wage is not None:
        # Half marks at the seeker's own minimum, full marks 20% above it.
        job_wage = index.wage[rows]
        margin = max(profile.min_wage * 0.2, 1.0)
        wage = np.where(np.isnan(job_wage), 0.0, np.clip(0.5 + 0.5 * (job_wage - profile.min_wage) / margin, 0, 1))
    parts["wage"] = wage

    shifts = np.zeros(n)
    if profile.shifts:
        job_shifts = index.shifts[rows]
        fitting = _POPCOUNT[job_shifts & shift_mask(profile.shifts)]
        shifts = np.where(job_shifts != 0, fitting / np.maximum(_POPCOUNT[job_shifts], 1), 0.0)
    parts["shifts"] = shifts

    total = sum(WEIGHTS[name] * parts[name] for name in WEIGHTS)

    parts["feedback"] = WEIGHTS["interest"] * (shown - interest)

    soft_avoid = np.clip((avoid_closeness - AVOID_SOFT_FROM) / (AVOID_TEXT - AVOID_SOFT_FROM), 0.0, 1.0)
    parts["avoid"] = -AVOID_PENALTY * soft_avoid

    total = np.clip(total + parts["feedback"] + parts["avoid"], 0.0, 1.0)
    return PreferenceParts(
        total=total, parts=parts, best_phrase=best_phrase, from_needs=from_needs, best_need=best_need,
        title_hit=title_hit,
    )
