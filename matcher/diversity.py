"""Diversity re-rank: the top of a list is not all one employer, as far as the seeker's preferences allow.

The greedy pass takes openings in score order, but passes over one whose employer already has
`max_per_employer` openings in the first `window` places, in favour of the next opening from another
employer, and only when that opening's P is within the band of every opening still waiting. So diversity,
like judgment, never puts an opening above one the seeker prefers by the band or more (invariant 1).
"""

from __future__ import annotations

import numpy as np


def diversify(
    order: np.ndarray,
    preference: np.ndarray,
    employer: np.ndarray,
    *,
    band: float,
    max_per_employer: int,
    window: int,
    limit: int,
    best_elsewhere: float = -np.inf,
) -> list[int]:
    """Rows of `order` (already best first) re-ranked for diversity; at most `limit` of them.

    preference, employer: per row of the index. best_elsewhere: the highest P among openings that passed the
    filters but are not in `order`; they all rank below whatever is chosen here.
    """
    remaining = [int(r) for r in order]
    chosen: list[int] = []
    count: dict[int, int] = {}
    while remaining and len(chosen) < limit:
        # Highest P still waiting, here or outside the pool.
        ceiling = max(best_elsewhere, preference[remaining].max())
        pick = 0
        if len(chosen) < window and count.get(int(employer[remaining[0]]), 0) >= max_per_employer:
            for i, row in enumerate(remaining):
                if count.get(int(employer[row]), 0) < max_per_employer and preference[row] > ceiling - band:
                    pick = i
                    break
        row = remaining.pop(pick)
        chosen.append(row)
        count[int(employer[row])] = count.get(int(employer[row]), 0) + 1
    return chosen
