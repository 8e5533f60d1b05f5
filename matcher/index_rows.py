"""What one row of the opening index holds, computed from its opening and employer alone (the buffers the rows
live in, shared between snapshots, are matcher/shared_rows.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from matcher.embedding import Embedder
from matcher.phrases import normalise
from matcher.taxonomy import Taxonomy
from models import Employer, Opening, OpeningStatus, Shift

SHIFT_BITS: dict[Shift, int] = {shift: 1 << i for i, shift in enumerate(Shift)}
# Columns with one value per row, computed by opening_columns() from the opening and its employer.
OPENING_COLUMNS = (
    "ids", "employer_ids", "hours_min", "hours_max", "wage", "lat", "lon", "cos_lat", "shifts", "available",
    "set_aside",
)

# Columns with one value per row computed by opening_occupations() from the opening and its own embedding.
OCCUPATION_COLUMNS = ("occupation", "occupation_confidence")


def shift_mask(shifts: Sequence[Shift]) -> int:
    """The shifts as a bit mask; 0 means none are known."""
    mask = 0
    for shift in shifts:
        mask |= SHIFT_BITS[Shift(shift)]
    return mask


def opening_text(opening: Opening) -> str:
    """The text of an opening that is embedded: its title and description."""
    return f"{opening.title}. {opening.description}".strip().rstrip(".") if opening.description else opening.title


def opening_words(opening: Opening, employer: Employer) -> str:
    """What avoid phrases are checked against, word by word: normalised title, industry and description."""
    return normalise(f"{opening.title} {employer.industry or ''} {opening.description}")


def opening_columns(openings: Sequence[Opening], employers: Sequence[Employer]) -> dict[str, np.ndarray]:
    """The OPENING_COLUMNS of these openings, each at its own employer (`employers`, aligned with them)."""

    def column(values: Iterable[float | None]) -> np.ndarray:
        return np.array([np.nan if v is None else v for v in values], dtype=np.float64)

    places = [o.location or e.location for o, e in zip(openings, employers, strict=True)]
    lat = column(p.lat if p else None for p in places)
    return {
        "ids": np.array([o.id or 0 for o in openings], dtype=np.int64),
        "employer_ids": np.array([o.employer_id for o in openings], dtype=np.int64),
        # One end of the hours known stands for both: "20 hours" is hours_min=20 with no maximum.
        "hours_min": column(o.hours_min if o.hours_min is not None else o.hours_max for o in openings),
        "hours_max": column(o.hours_max if o.hours_max is not None else o.hours_min for o in openings),
        "wage": column(o.wage for o in openings),
        "lat": lat,
        "lon": column(p.lon if p else None for p in places),
        "cos_lat": np.cos(np.radians(lat)),
        "shifts": np.array([shift_mask(o.shifts) for o in openings], dtype=np.uint8),
        "available": np.array([o.status == OpeningStatus.open for o in openings], dtype=bool),
        "set_aside": np.array([o.set_aside for o in openings], dtype=bool),
    }


def opening_occupations(
    openings: Sequence[Opening], vectors: np.ndarray, embedder: Embedder, taxonomy: Taxonomy
) -> dict[str, np.ndarray]:
    """The OCCUPATION_COLUMNS of these openings (vectors: their embeddings, aligned), each from that opening alone.

    occupation: the row in taxonomy.occupations; occupation_confidence: 0..1. A specialist's correction
    (Opening.occupation_code) wins with confidence 1; otherwise the opening's own embedding (title and
    description) is grounded in the taxonomy.
    """
    rows, confidence = taxonomy.ground_vectors(vectors, embedder)
    for i, opening in enumerate(openings):
        if opening.occupation_code is not None and opening.occupation_code in taxonomy:
            rows[i], confidence[i] = taxonomy.row_of_code[opening.occupation_code], 1.0
    return {"occupation": rows, "occupation_confidence": confidence}
