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
    Each pick is a few passes over the waiting rows as arrays, not a Python loop over them: a pool of a broad
    seeker's tied openings holds over a thousand.
    """
    order = np.asarray(order, dtype=np.int64)
    waiting_p = np.asarray(preference, dtype=np.float64)[order]
    employers = np.asarray(employer)[order]
    waiting = np.ones(order.size, dtype=bool)
    chosen: list[int] = []
    count: dict[int, int] = {}
    while len(chosen) < limit and len(chosen) < order.size:
        pick = int(np.argmax(waiting))  # the best still waiting
        if len(chosen) < window and count.get(int(employers[pick]), 0) >= max_per_employer:
            # Highest P still waiting, here or outside the pool.
            ceiling = max(best_elsewhere, float(waiting_p[waiting].max()))
            full = [e for e, c in count.items() if c >= max_per_employer]
            fits = waiting & (waiting_p > ceiling - band) & ~np.isin(employers, full)
            if fits.any():
                pick = int(np.argmax(fits))
        waiting[pick] = False
        chosen.append(int(order[pick]))
        count[int(employers[pick])] = count.get(int(employers[pick]), 0) + 1
    return chosen
