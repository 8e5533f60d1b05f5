"""Terms that may only break near-ties in P (invariant 1): specialist judgment and the employer's needs.

Both are bounded so that together they move an opening by less than the band: specialist judgment by at
most 30% of the band either way, the reciprocal term (how well the seeker fits what the employer said it
needs) by at most 15% of it. Two openings whose P differ by the band or more can never swap places.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matcher.index import OpeningIndex
from matcher.scoring import calibrate
from models import CareerProfile, Judgment

JUDGMENT_REACH = 0.30  # share of the band
RECIPROCAL_REACH = 0.15


def judgment_weights(judgments: Sequence[Judgment], index: OpeningIndex) -> np.ndarray:
    """Per opening, the specialist's weight in [-1, 1]: about the opening itself, else about its employer."""
    weights = np.zeros(len(index))
    by_employer = {j.employer_id: j.weight for j in judgments if j.employer_id is not None}
    for employer_id, weight in by_employer.items():
        weights[index.employer_ids == employer_id] = weight
    for j in judgments:
        if j.opening_id is not None and j.opening_id in index.row_of_id:
            weights[index.row_of_id[j.opening_id]] = j.weight
    return np.clip(weights, -1.0, 1.0)


def seeker_offer(profile: CareerProfile) -> list[str]:
    """What the seeker brings, in their words: strengths and past job titles (compared with employer needs)."""
    phrases = [*profile.strengths, *(job.title for job in profile.work_history)]
    return list(dict.fromkeys(p for p in phrases if p))


def reciprocal_fit(index: OpeningIndex, offer_need_sims: np.ndarray) -> np.ndarray:
    """0..1 per opening: how well the seeker fits what the employer said it needs.

    offer_need_sims: (needs, offered phrases) cosine similarities.
    """
    per_employer = np.zeros(len(index.employers))
    if offer_need_sims.size:
        np.maximum.at(per_employer, index.need_employer, calibrate(offer_need_sims.max(axis=1)))
    return per_employer[index.employer_row]


def adjustment(judgment: np.ndarray, reciprocal: np.ndarray, band: float) -> np.ndarray:
    """What is added to P to make the final score; always less than half the band in size."""
    return band * (JUDGMENT_REACH * judgment + RECIPROCAL_REACH * reciprocal)


def final_score(preference: np.ndarray, judgment: np.ndarray, reciprocal: np.ndarray, band: float) -> np.ndarray:
    """The score a list is sorted by: P plus the bounded adjustment, kept within 0..1."""
    return np.clip(preference + adjustment(judgment, reciprocal, band), 0.0, 1.0)
