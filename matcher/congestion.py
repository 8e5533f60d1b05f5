"""Congestion: an opening already shown to many seekers gives way, within the band, to comparable ones.

Exposure is how many other seekers are currently shown each opening. An opening's crowding is 0 up to its
fair share (the seekers each opening would be shown to if every suggestion slot were spread evenly over the
catalogue) and rises in a straight line to 1 at `congestion_crowded` seekers, or at twice the fair share in
a program so large that this is more. The congestion term subtracts band x CONGESTION_REACH x crowding from
the score, so it only breaks near-ties in P (invariant 1): alone it overturns a gap of less than 0.2 of the
band; with judgment (0.6) and employer needs (0.15), less than 0.95 of the band, never the band itself.
tests/matcher/test_congestion.py checks these figures, written out there, not read from here.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

CONGESTION_REACH = 0.20  # share of the band a fully crowded opening moves down


def exposure_counts(exposure: Mapping[int, int], row_of_id: Mapping[int, int], size: int) -> np.ndarray:
    """Per row of an index of `size` openings, how many other seekers are shown it (openings not listed: 0)."""
    counts = np.zeros(size)
    for opening_id, seekers in exposure.items():
        row = row_of_id.get(opening_id)
        if row is not None:
            counts[row] = max(0, seekers)
    return counts


def crowding(counts: np.ndarray, *, crowded: int) -> np.ndarray:
    """0..1 per opening: 0 up to the fair share of seekers, 1 at `crowded` seekers (or twice the fair share)."""
    if counts.size == 0:
        return np.zeros(0)
    fair = float(counts.sum()) / counts.size
    # At least one seeker above the fair share, so the line always rises (and never divides by zero).
    full = max(float(crowded), 2.0 * fair, fair + 1.0)
    return np.clip((counts - fair) / (full - fair), 0.0, 1.0)


def congestion_term(crowd: np.ndarray, band: float) -> np.ndarray:
    """What congestion adds to the score: between -CONGESTION_REACH x band (fully crowded) and 0."""
    return -band * CONGESTION_REACH * crowd
