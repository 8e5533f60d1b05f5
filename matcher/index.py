"""The opening index: every opening's facts as numpy columns and its text as embeddings, kept up to date.

Ranking one seeker is then a handful of array operations over the whole catalogue, however large, plus
Python work for the few openings that are shown.

An index is an immutable snapshot. `apply()` gives a new snapshot with some records created, changed or
deleted, in time that grows with the change rather than the catalogue, and leaves the old one intact for
readers still ranking on it: the two share their rows (matcher/index_changes.py and matcher/shared_rows.py say
how). Rows therefore are not always in opening id order and may be dead (`live` False: the opening was
deleted, or changed and moved to a new row); `compacted()` lays a snapshot out exactly as `build()` would.
Nothing in ranking depends on where a row sits: ties break on opening ids, and matcher/ranking.py computes
each row's similarities from that row alone, so a changed index ranks exactly as a fresh build of the same
catalogue.

A new per-opening column: compute it in matcher/index_rows.py's `opening_columns()` (from the opening and its
employer), name it in OPENING_COLUMNS, add the field here and its dtype in empty(); build, apply and
compaction then carry it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence, Sized
from dataclasses import dataclass, field
from itertools import islice

import numpy as np

from matcher.embedding import Embedder
from matcher.index_changes import SHARED_COLUMNS, Draft, compacted, laid_out
from matcher.index_rows import OCCUPATION_COLUMNS, OPENING_COLUMNS, opening_text, shift_mask
from matcher.packed import PackedEmployers, PackedOpenings
from matcher.shared_rows import DistinctList, RowOfId, Rows, SharedTexts
from matcher.taxonomy import Taxonomy
from models import Employer, EmployerContact, Opening, get_settings

__all__ = ["OCCUPATION_COLUMNS", "OPENING_COLUMNS", "OpeningIndex", "opening_text", "shift_mask"]

# build() indexes this many openings at a time, so that what it holds beside the index is one part's Opening
# objects and embeddings (about 15 MB each) rather than the whole catalogue's (about 150 MB each at 100,000
# openings). Measured at 100,000 openings (/proc's VmHWM of a build from the database): the build's peak was
# 1,001 MiB with parts of 20,000, 943 with 10,000, 914 with 5,000. Twice what the service's memory cache of
# vectors holds (5,000, service/stores/embeddings.py), so a part's vectors do not crowd it; build() makes its
# parts about equal when it knows the count, so there is no short last one either.
BUILD_PART = 10_000

@dataclass(frozen=True)
class OpeningIndex:
    """Columns over the openings (one row each; dead rows are left out of every ranking) and their employers.

    The per-row columns are views of buffers shared with earlier and later snapshots; treat them as read-only.
    """

    embedder: Embedder
    openings: PackedOpenings  # per row, kept as JSON (matcher/packed.py); index.openings[row] is an Opening
    employers: PackedEmployers  # per employer row, kept as JSON (rows of deleted employers stay until compaction)
    ids: np.ndarray  # int64 opening ids
    employer_ids: np.ndarray  # int64 per opening
    employer_row: np.ndarray  # int per opening: row in `employers`
    hours_min: np.ndarray  # float, NaN when unknown
    hours_max: np.ndarray
    wage: np.ndarray
    lat: np.ndarray  # the opening's location, else its employer's; NaN when unknown
    lon: np.ndarray
    cos_lat: np.ndarray  # cos of lat in radians, for distances
    shifts: np.ndarray  # uint8 bit masks, 0 when unknown
    available: np.ndarray  # bool: status is open and the row is live
    set_aside: np.ndarray  # bool
    live: np.ndarray  # bool: the row holds an opening of the catalogue (False: deleted or moved to another row)
    vectors: np.ndarray  # (rows, d) float32 embeddings of title + description
    title_of: np.ndarray  # int per opening: row in `titles`
    titles: DistinctList[str]  # distinct normalised titles (a sequence)
    words_of: SharedTexts  # normalised title + industry + description per opening (avoid checks)
    industries: tuple[str, ...]  # normalised, per employer ("" when unknown)
    needs: tuple[tuple[str, ...], ...]  # per employer, its current needs
    need_text_vectors: np.ndarray  # (distinct need texts, d): their embeddings (a text's vector is the same everywhere)
    need_text_of: np.ndarray  # int per need row: row in `need_text_vectors` (and `need_distinct`)
    need_distinct: DistinctList[str]  # the distinct need texts
    need_employer: np.ndarray  # int per need row: row in `employers`
    need_weights: np.ndarray  # float per need row in [0, 1]: how much it counts today (matcher/needs.py); 0 if dead
    need_live: np.ndarray  # bool per need row: a current need of a current employer
    need_texts: tuple[str, ...]  # per need row
    occupation: np.ndarray  # int per opening: row in taxonomy.occupations (index_rows.opening_occupations)
    occupation_confidence: np.ndarray  # float per opening in [0, 1]
    row_of_id: RowOfId = field(repr=False)  # opening id -> row (a mapping), live openings only
    employer_row_of_id: dict[int, int] = field(repr=False)  # current employers only
    contacts_of: Mapping[int, Mapping[int, EmployerContact]] = field(repr=False)  # employer id -> contacts with needs
    today: dt.date = field(default_factory=dt.date.today)  # the date the need weights are as of
    needs_half_life_days: float = 30.0
    row_buffers: Mapping[str, Rows] = field(default_factory=dict, repr=False)  # behind index_changes.SHARED_COLUMNS
    need_rows: Rows | None = field(default=None, repr=False)  # the buffer behind `need_text_vectors`
    taxonomy: Taxonomy = field(default_factory=Taxonomy.load, repr=False)  # what openings are grounded in

    @classmethod
    def empty(cls, embedder: Embedder, *, today: dt.date | None = None, needs_half_life_days: float | None = None,
              taxonomy: Taxonomy | None = None, room: int = 0) -> OpeningIndex:
        """An index of nothing, to apply() a catalogue to; occupations from `taxonomy` (default: the shipped one).

        room: how many openings its row buffers hold before they are first copied (matcher/shared_rows.py).
        """
        d = embedder.dimension
        nothing = np.zeros(0, dtype=np.float64)
        dtypes = {"ids": np.int64, "employer_ids": np.int64, "employer_row": np.int64, "shifts": np.uint8,
                  "set_aside": bool, "title_of": np.int64, "occupation": np.int64, "occupation_confidence": np.float32}
        columns = {name: np.zeros((0, d) if name == "vectors" else 0, dtype=np.float32 if name == "vectors" else
                                  dtypes.get(name, np.float64)) for name in SHARED_COLUMNS}
        need_rows = Rows(np.zeros((0, d), dtype=np.float32), spare=256)
        return cls(
            embedder=embedder, openings=PackedOpenings(), employers=PackedEmployers(), **laid_out(columns, room),
            available=np.zeros(0, dtype=bool), live=np.zeros(0, dtype=bool), titles=DistinctList(),
            words_of=SharedTexts(), industries=(), needs=(), need_text_vectors=need_rows.prefix(0), need_rows=need_rows,
            need_text_of=np.zeros(0, dtype=np.int64), need_distinct=DistinctList(),
            need_employer=np.zeros(0, dtype=np.int64), need_weights=nothing, need_live=np.zeros(0, dtype=bool),
            need_texts=(), row_of_id=RowOfId(), employer_row_of_id={}, contacts_of={}, today=today or dt.date.today(),
            needs_half_life_days=needs_half_life_days or get_settings().needs_half_life_days,
            taxonomy=taxonomy or Taxonomy.load(),
        )

    @classmethod
    def build(
        cls,
        openings: Iterable[Opening],
        employers: Sequence[Employer],
        embedder: Embedder,
        *,
        contacts: Sequence[EmployerContact] = (),
        today: dt.date | None = None,
        needs_half_life_days: float | None = None,
        taxonomy: Taxonomy | None = None,
        expected: int | None = None,
    ) -> OpeningIndex:
        """Indexes openings whose employer is known, in id order; openings of unknown employers are left out.

        Employer needs are weighted as of `today` (default: the current date) with the half-life given (default:
        the setting `needs_half_life_days`). Occupations come from `taxonomy` (default: the shipped one).
        Openings are read BUILD_PART at a time: given an iterator, only that many are held at once. expected:
        about how many openings come (default: len(openings), if it has one), to make room for them at once.
        """
        if expected is None and isinstance(openings, Sized):
            expected = len(openings)
        empty = cls.empty(embedder, today=today, needs_half_life_days=needs_half_life_days, taxonomy=taxonomy,
                          room=expected or 0)
        index = empty.apply(employers=employers, contacts=contacts)
        at_hand = {e.id: e for e in employers if e.id is not None}
        # Parts of about equal size (91,997 openings: 10 of 9,200), at most BUILD_PART.
        size = -(-expected // -(-expected // BUILD_PART)) if expected else BUILD_PART
        rest = iter(openings)
        while part := list(islice(rest, size)):
            index = _with_openings(index, part, at_hand)
            del part  # before the next part is read
        # Parts out of id order, or an id given twice, leave rows out of order or dead: laid out as one apply()
        # of them all would lay them out.
        if index.size != len(index) or not bool(np.all(index.ids[1:] > index.ids[:-1])):
            return index.compacted()
        return dataclasses.replace(index, row_of_id=RowOfId.laid_out(index.ids))

    def apply(
        self,
        *,
        openings: Sequence[Opening] = (),
        deleted_openings: Iterable[int] = (),
        employers: Sequence[Employer] = (),
        deleted_employers: Iterable[int] = (),
        contacts: Sequence[EmployerContact] = (),
        deleted_contacts: Iterable[int] = (),
        today: dt.date | None = None,
        compact_dead_share: float = 0.25,
    ) -> OpeningIndex:
        """A new index with these records created, changed or deleted; this one stays as it was.

        openings, employers, contacts: records as they are now, new or changed (an opening of an employer the
        index does not know is left out, as in build()). Deleting an employer deletes its openings and
        contacts too (the database does the same). `today`: weigh employers' needs as of this date.
        When more than `compact_dead_share` of the rows are dead, the result is compacted().
        Not thread-safe with itself: one writer at a time; readers of any snapshot are never disturbed.
        """
        draft = Draft(self, today=today)
        for employer_id in deleted_employers:
            draft.drop_employer(employer_id)
        for employer in sorted(employers, key=lambda e: e.id or 0):
            draft.put_employer(employer)
        for contact_id in deleted_contacts:
            draft.drop_contact(contact_id)
        for contact in contacts:
            draft.put_contact(contact)
        for opening_id in deleted_openings:
            draft.drop_opening(opening_id)
        for opening in openings:
            draft.put_opening(opening)
        changed = draft.finish()
        dead = len(changed) - changed.size
        dead_needs = len(changed.need_live) - int(changed.need_live.sum())
        if dead > compact_dead_share * len(changed) or dead_needs > compact_dead_share * len(changed.need_live):
            return changed.compacted()
        return changed

    def compacted(self) -> OpeningIndex:
        """The same catalogue laid out as build() lays it out: live rows only, in id order."""
        return compacted(self)

    @property
    def need_vectors(self) -> np.ndarray:
        """(need rows, d): each need row's embedding, made on each call (ranking reads `need_text_vectors` once per
        distinct text: employers repeat needs, and at a state's size, a row each took 41 MiB for 126 texts)."""
        return self.need_text_vectors[self.need_text_of]

    @property
    def size(self) -> int:
        """How many openings the index holds (live rows)."""
        return len(self.row_of_id)

    def __len__(self) -> int:
        """How many rows the columns have, dead ones included."""
        return len(self.ids)


def _with_openings(index: OpeningIndex, openings: list[Opening], at_hand: Mapping[int, Employer]) -> OpeningIndex:
    """The index with these openings put (as apply() puts them), its employers' records `at_hand` by id."""
    draft = Draft(index, at_hand=at_hand)
    for opening in openings:
        draft.put_opening(opening)
    return draft.finish()
