"""Terms that may only break near-ties in P (invariant 1): specialist judgment and the employer's needs.

An opening's score is P + band x (JUDGMENT_REACH x j + RECIPROCAL_REACH x r), kept within 0..1, where j is
the specialist's judgment (-1 to 1) and r how well the seeker fits what the employer said it needs (0 to 1).
The reach that matters to a seeker is the largest gap in P these terms can overturn between two openings
(a +1 judgment on one and -1 on the other; r = 1 on one and 0 on the other):
- judgment alone overturns a gap of less than 2 x JUDGMENT_REACH = 0.6 of the band (0.06 at the default 0.1);
- employer needs alone, less than RECIPROCAL_REACH = 0.15 of the band (0.015);
- both together, less than 0.75 of the band (0.075): openings whose P differ by the band or more never swap.
tests/matcher/test_adjustments.py checks these three numbers, written out there, not read from here.
Congestion (matcher/congestion.py) subtracts band x CONGESTION_REACH x crowding (0 to 1), overturning less
than 0.2 of the band alone; all three together less than 0.95 of the band (tests/matcher/test_congestion.py).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from matcher.congestion import congestion_term
from matcher.index import OpeningIndex
from matcher.scoring import calibrate
from models import CareerProfile, Judgment

JUDGMENT_REACH = 0.30  # share of the band an opening moves, up or down, at a judgment of +1 or -1
RECIPROCAL_REACH = 0.15  # share of the band an opening moves up when the seeker fits the employer's needs fully


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

    offer_need_sims: (needs, offered phrases) cosine similarities. Each need's fit is multiplied by its weight
    in [0, 1] (older needs count less, matcher/needs.py), so r stays within 0..1 and the bound holds.
    """
    per_employer = np.zeros(len(index.employers))
    if offer_need_sims.size:
        fit = calibrate(offer_need_sims.max(axis=1)) * index.need_weights
        np.maximum.at(per_employer, index.need_employer, fit)
    return per_employer[index.employer_row]


def adjustment(
    judgment: np.ndarray, reciprocal: np.ndarray, band: float, crowding: np.ndarray | None = None
) -> np.ndarray:
    """What is added to P to make the final score: between -0.3 and +0.45 of the band (-0.5 when crowded)."""
    added = band * (JUDGMENT_REACH * judgment + RECIPROCAL_REACH * reciprocal)
    return added if crowding is None else added + congestion_term(crowding, band)


def sort_score(
    preference: np.ndarray,
    judgment: np.ndarray,
    reciprocal: np.ndarray,
    band: float,
    crowding: np.ndarray | None = None,
) -> np.ndarray:
    """What a list is sorted by (ties on opening id): P plus the bounded adjustment, not clipped.

    Clipping before sorting would turn near-ties at 0 or 1 into exact ties that the opening id then breaks,
    against the seeker's preference: two openings with equal judgments could swap.
    """
    return preference + adjustment(judgment, reciprocal, band, crowding)


def final_score(
    preference: np.ndarray,
    judgment: np.ndarray,
    reciprocal: np.ndarray,
    band: float,
    crowding: np.ndarray | None = None,
) -> np.ndarray:
    """The score shown: sort_score() kept within 0..1, so it never reorders what sort_score() ordered."""
    return np.clip(sort_score(preference, judgment, reciprocal, band, crowding), 0.0, 1.0)
