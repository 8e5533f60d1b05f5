"""The opening index: every opening's facts as numpy columns and its text as embeddings, built once.

Ranking one seeker is then a handful of array operations over the whole catalogue, however large, plus
Python work for the few openings that are shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from matcher.embedding import Embedder
from matcher.needs import current_needs
from matcher.phrases import normalise
from models import Employer, EmployerContact, Opening, OpeningStatus, Shift, get_settings

SHIFT_BITS: dict[Shift, int] = {shift: 1 << i for i, shift in enumerate(Shift)}


def shift_mask(shifts: Sequence[Shift]) -> int:
    """The shifts as a bit mask; 0 means none are known."""
    mask = 0
    for shift in shifts:
        mask |= SHIFT_BITS[Shift(shift)]
    return mask


def opening_text(opening: Opening) -> str:
    """The text of an opening that is embedded: its title and description."""
    return f"{opening.title}. {opening.description}".strip().rstrip(".") if opening.description else opening.title


@dataclass(frozen=True)
class OpeningIndex:
    """Columns over the openings (sorted by id) and the employers they belong to."""

    embedder: Embedder
    openings: tuple[Opening, ...]
    employers: tuple[Employer, ...]
    ids: np.ndarray  # int64 opening ids, ascending
    employer_ids: np.ndarray  # int64 per opening
    employer_row: np.ndarray  # int per opening: row in `employers`
    hours_min: np.ndarray  # float, NaN when unknown
    hours_max: np.ndarray
    wage: np.ndarray
    lat: np.ndarray  # the opening's location, else its employer's; NaN when unknown
    lon: np.ndarray
    cos_lat: np.ndarray  # cos of lat in radians, for distances
    shifts: np.ndarray  # uint8 bit masks, 0 when unknown
    available: np.ndarray  # bool: status is open
    set_aside: np.ndarray  # bool
    vectors: np.ndarray  # (n, d) float32 embeddings of title + description
    title_of: np.ndarray  # int per opening: row in `titles`
    titles: tuple[str, ...]  # distinct normalised titles
    words_of: tuple[str, ...]  # normalised title + industry + description per opening (avoid checks)
    industries: tuple[str, ...]  # normalised, per employer ("" when unknown)
    needs: tuple[tuple[str, ...], ...]  # per employer
    need_vectors: np.ndarray  # (total needs, d)
    need_employer: np.ndarray  # int per need: row in `employers`
    need_weights: np.ndarray  # float per need in [0, 1]: how much it counts today (matcher/needs.py)
    row_of_id: dict[int, int] = field(repr=False)
    employer_row_of_id: dict[int, int] = field(repr=False)

    @classmethod
    def build(
        cls,
        openings: Sequence[Opening],
        employers: Sequence[Employer],
        embedder: Embedder,
        *,
        contacts: Sequence[EmployerContact] = (),
        today: dt.date | None = None,
        needs_half_life_days: float | None = None,
    ) -> OpeningIndex:
        """Indexes openings whose employer is known; openings of unknown employers are left out.

        Employer needs are weighted as of `today` (default: the current date) with the half-life given (default:
        the setting `needs_half_life_days`).
        """
        today = today or dt.date.today()
        half_life = needs_half_life_days or get_settings().needs_half_life_days
        employers = tuple(sorted(employers, key=lambda e: e.id or 0))
        employer_row_of_id = {e.id: row for row, e in enumerate(employers) if e.id is not None}
        openings = tuple(
            sorted((o for o in openings if o.employer_id in employer_row_of_id), key=lambda o: o.id or 0)
        )
        contacts_of: dict[int, list[EmployerContact]] = {}
        for contact in contacts:
            if contact.employer_id is not None:
                contacts_of.setdefault(contact.employer_id, []).append(contact)

        n = len(openings)
        employer_row = np.fromiter((employer_row_of_id[o.employer_id] for o in openings), dtype=np.int64, count=n)

        def column(values: list[float | None]) -> np.ndarray:
            return np.array([np.nan if v is None else v for v in values], dtype=np.float64)

        def place(opening: Opening) -> tuple[float | None, float | None]:
            where = opening.location or employers[employer_row_of_id[opening.employer_id]].location
            return (where.lat, where.lon) if where else (None, None)

        places = [place(o) for o in openings]
        lat = column([p[0] for p in places])
        title_texts = [normalise(o.title) for o in openings]
        titles = tuple(dict.fromkeys(title_texts))
        title_row = {t: i for i, t in enumerate(titles)}
        weighted = [
            current_needs(e, contacts_of.get(e.id or 0, ()), today=today, half_life_days=half_life) for e in employers
        ]
        needs = tuple(tuple(text for text, _ in ns) for ns in weighted)
        need_texts = [need for employer_needs_ in needs for need in employer_needs_]
        need_employer = np.array([row for row, ns in enumerate(needs) for _ in ns], dtype=np.int64)

        return cls(
            embedder=embedder,
            openings=openings,
            employers=employers,
            ids=np.array([o.id or 0 for o in openings], dtype=np.int64),
            employer_ids=np.array([o.employer_id for o in openings], dtype=np.int64),
            employer_row=employer_row,
            # One end of the hours known stands for both: "20 hours" is hours_min=20 with no maximum.
            hours_min=column([o.hours_min if o.hours_min is not None else o.hours_max for o in openings]),
            hours_max=column([o.hours_max if o.hours_max is not None else o.hours_min for o in openings]),
            wage=column([o.wage for o in openings]),
            lat=lat,
            cos_lat=np.cos(np.radians(lat)),
            lon=column([p[1] for p in places]),
            shifts=np.array([shift_mask(o.shifts) for o in openings], dtype=np.uint8),
            available=np.array([o.status == OpeningStatus.open for o in openings], dtype=bool),
            set_aside=np.array([o.set_aside for o in openings], dtype=bool),
            vectors=np.ascontiguousarray(embedder.encode([opening_text(o) for o in openings])),
            title_of=np.array([title_row[t] for t in title_texts], dtype=np.int64),
            titles=titles,
            words_of=tuple(
                normalise(f"{o.title} {employers[employer_row_of_id[o.employer_id]].industry or ''} {o.description}")
                for o in openings
            ),
            industries=tuple(normalise(e.industry or "") for e in employers),
            needs=needs,
            need_vectors=embedder.encode(need_texts),
            need_employer=need_employer,
            need_weights=np.array([weight for ns in weighted for _, weight in ns], dtype=np.float64),
            row_of_id={o.id: row for row, o in enumerate(openings) if o.id is not None},
            employer_row_of_id=employer_row_of_id,
        )

    def __len__(self) -> int:
        return len(self.openings)
