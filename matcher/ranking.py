"""rank(): the ranked, explained suggestions of openings for one job seeker."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from matcher.adjustments import adjustment, judgment_weights, reciprocal_fit, seeker_offer
from matcher.benefits import benefits_note, monthly_earnings, over_threshold
from matcher.diversity import diversify
from matcher.filters import hard_filters, words_avoided
from matcher.index import OpeningIndex
from matcher.phrases import strip_negation
from matcher.reasons import Evidence, reasons
from matcher.scoring import PreferenceParts, preference_score
from models import Feedback, JobSeeker, Judgment, Reaction, Settings, get_settings

LIKED = {Reaction.interested, Reaction.applied, Reaction.hired}


@dataclass(frozen=True)
class Suggestion:
    """One suggested opening, with the numbers behind it and reasons in plain language."""

    opening_id: int
    employer_id: int
    title: str
    employer_name: str
    score: float  # what the list is sorted by: P plus bounded judgment and employer-needs terms
    preference_score: float  # P: the seeker's own preferences alone, 0..1
    reasons: list[str]
    monthly_earnings: float | None
    benefits_note: str | None
    distance_km: float | None
    unknown: list[str] = field(default_factory=list)
    components: dict[str, float] = field(default_factory=dict)


def _reacted_rows(feedback: Sequence[Feedback], index: OpeningIndex) -> tuple[set[int], list[int], list[int]]:
    """Openings marked not for me (ids), and rows of openings the seeker liked and disliked, oldest first."""
    rejected = {f.opening_id for f in feedback if f.reaction == Reaction.not_for_me}
    liked = [index.row_of_id[f.opening_id] for f in feedback if f.reaction in LIKED and f.opening_id in index.row_of_id]
    disliked = [index.row_of_id[i] for i in sorted(rejected) if i in index.row_of_id]
    return rejected, list(dict.fromkeys(liked)), disliked


def _best_first(rows: np.ndarray, score: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Rows sorted by score, highest first; equal scores by opening id (invariant 6)."""
    return rows[np.lexsort((ids[rows], -score[rows]))]


def rank(
    seeker: JobSeeker,
    index: OpeningIndex,
    *,
    judgments: Sequence[Judgment] = (),
    feedback: Sequence[Feedback] = (),
    limit: int = 10,
    settings: Settings | None = None,
) -> list[Suggestion]:
    """The seeker's suggested openings, best first, at most `limit`, none breaking a hard preference."""
    settings = settings or get_settings()
    profile = seeker.profile
    if limit <= 0 or len(index) == 0:
        return []
    rejected, liked, disliked = _reacted_rows(feedback, index)
    wanted = profile.wanted_phrases()
    avoid = [strip_negation(p) or p for p in profile.avoid]
    offer = seeker_offer(profile)
    phrase_vectors = index.embedder.encode([*wanted, *avoid, *offer])
    w, a = len(wanted), len(avoid)
    queries = np.vstack([phrase_vectors[: w + a], index.vectors[liked], index.vectors[disliked]])
    # One matrix product for every comparison against the openings: the cost floor of exact search.
    sims = index.vectors @ queries.T
    need_sims = index.need_vectors @ np.vstack([phrase_vectors[:w], phrase_vectors[w + a :]]).T

    filters = hard_filters(profile, index, avoid_sims=sims[:, w : w + a], rejected_ids=rejected, settings=settings)
    pref = preference_score(
        profile, index, filters,
        wanted_sims=sims[:, :w], need_sims=need_sims[:, :w],
        liked_sims=sims[:, w + a : w + a + len(liked)], disliked_sims=sims[:, w + a + len(liked) :],
    )
    judgment = judgment_weights(judgments, index)
    reciprocal = reciprocal_fit(index, need_sims[:, w:])
    band = settings.judgment_band
    score = pref.total + adjustment(judgment, reciprocal, band)

    candidates = np.flatnonzero(filters.passed)
    wanted_count = max(limit, settings.diversity_window) + 1
    pool_size = min(len(candidates), max(4 * wanted_count, 64))
    while True:
        top = candidates[np.argpartition(-score[candidates], pool_size - 1)[:pool_size]] if pool_size else candidates
        pool = [r for r in _best_first(top, score, index.ids) if not words_avoided(profile, index.words_of[r])]
        if len(pool) >= wanted_count or pool_size == len(candidates):
            break
        pool_size = min(len(candidates), pool_size * 4)
    outside = np.setdiff1d(candidates, top, assume_unique=True)
    best_elsewhere = float(pref.total[outside].max()) if outside.size else -np.inf
    rows = diversify(
        np.array(pool, dtype=np.int64), pref.total, index.employer_ids, band=band,
        max_per_employer=settings.max_per_employer, window=settings.diversity_window, limit=limit,
        best_elsewhere=best_elsewhere,
    )
    return [
        _suggestion(
            seeker, index, row, pref, filters.distance_km, score, judgment, reciprocal, liked, wanted, need_sims, settings
        )
        for row in rows
    ]


def _suggestion(
    seeker: JobSeeker,
    index: OpeningIndex,
    row: int,
    pref: PreferenceParts,
    distance_km: np.ndarray,
    score: np.ndarray,
    judgment: np.ndarray,
    reciprocal: np.ndarray,
    liked: list[int],
    wanted: list[str],
    need_sims: np.ndarray,
    settings: Settings,
) -> Suggestion:
    profile = seeker.profile
    opening = index.openings[row]
    employer = index.employers[index.employer_row[row]]
    distance = None if np.isnan(distance_km[row]) else float(distance_km[row])
    unknown = []
    if opening.wage is None:
        unknown.append("Wage")
    if opening.hours_min is None and opening.hours_max is None:
        unknown.append("Hours")
    if not opening.shifts:
        unknown.append("Shifts")
    if np.isnan(index.lat[row]):
        unknown.append("Location")
    elif distance is None and profile.max_commute_km is not None:
        unknown.append("Your home location, so distance")
    earnings = monthly_earnings(profile, opening)
    liked_title = None
    if liked and pref.parts["feedback"][row] > 0:
        liked_sims = index.vectors[liked] @ index.vectors[row]
        best = liked[int(np.argmax(liked_sims))]
        liked_title = index.openings[best].title if best != row else None
    phrase = wanted[pref.best_phrase[row]] if wanted and pref.best_phrase[row] >= 0 else None
    need_row = int(pref.best_need[row])
    need = None
    if pref.from_needs[row] and need_row >= 0:
        need = [n for ns in index.needs for n in ns][need_row]
        phrase = wanted[int(need_sims[need_row, : len(wanted)].argmax())]
    evidence = Evidence(
        interest=float(pref.parts["interest"][row]), phrase=phrase, need=need, title_hit=bool(pref.title_hit[row]),
        distance_km=distance, liked_title=liked_title, judgment=float(judgment[row]),
        reciprocal=float(reciprocal[row]), unknown=tuple(unknown),
        over_threshold=over_threshold(profile, earnings, settings),
    )
    components = {name: round(float(values[row]), 4) for name, values in pref.parts.items()}
    components["judgment"] = round(float(judgment[row]), 4)
    components["employer_needs"] = round(float(reciprocal[row]), 4)
    return Suggestion(
        opening_id=int(index.ids[row]),
        employer_id=opening.employer_id,
        title=opening.title,
        employer_name=employer.name,
        score=round(float(score[row]), 6),
        preference_score=round(float(pref.total[row]), 6),
        reasons=reasons(profile, opening, employer, evidence),
        monthly_earnings=earnings,
        benefits_note=benefits_note(profile, earnings, settings),
        distance_km=None if distance is None else round(distance, 2),
        unknown=unknown,
        components=components,
    )
