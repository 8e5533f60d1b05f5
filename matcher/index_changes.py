"""Changing an opening index without rebuilding it: a Draft collects the changes and gives a new snapshot.

A change costs what it changes, not the catalogue: the new snapshot shares its rows with the old one
(matcher/shared_rows.py) and the old one is never touched (readers may still be ranking on it):
- rows are only ever appended: a new opening, or one changed in any way, gets a new row at the end of the
  shared buffers (every column, its embedding, its JSON, its words) and its old row, if any, dies; an
  opening whose text is unchanged keeps its embedding (copied to the new row) and, unless the specialist's
  occupation correction changed, its occupation; so do the openings of an employer that changed its
  location or industry;
- the two masks that dead rows change, `live` and `available` (a byte per row), are the snapshot's own;
- `row_of_id` lays the change over a map shared with the old snapshot; distinct titles are appended;
- an employer whose record or contacts changed gets its needs (matcher/needs.py) computed again: the
  old need rows die and the new ones are appended; a new date only re-weighs the needs; the per-employer
  parts are copied only when an employer, contact or the date changes (one entry per employer);
- compacted() drops dead rows and restores id order, as build() lays an index out.
Everything that ranks reads dead rows as absent: `available` and `need_weights` are False and 0 there,
`live` and `need_live` say which rows count, and `row_of_id` / `employer_row_of_id` list only live ones.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from contextlib import nullcontext
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
from threadpoolctl import ThreadpoolController

from matcher.index_rows import (
    OCCUPATION_COLUMNS,
    OPENING_COLUMNS,
    opening_columns,
    opening_occupations,
    opening_text,
    opening_words,
)
from matcher.needs import current_needs
from matcher.packed import PackedEmployers, PackedOpenings, pack, unpack, unpacked
from matcher.phrases import normalise
from matcher.shared_rows import DistinctList, RowOfId, Rows, SharedBytes, SharedTexts, spare_rows
from models import Employer, EmployerContact, Opening

if TYPE_CHECKING:
    from matcher.index import OpeningIndex

# Per-row columns kept in shared, append-only buffers (OpeningIndex.row_buffers); `available` and `live` are
# each snapshot's own, since a row's death changes them.
SHARED_COLUMNS = (
    *(name for name in OPENING_COLUMNS if name != "available"), *OCCUPATION_COLUMNS, "employer_row", "title_of",
    "vectors",
)
# Grounding this many new rows or fewer runs on one BLAS thread: waking BLAS's threads for one small product
# over the taxonomy's labels costs more than the product (about 12 ms against 0.6 ms on two busy cores).
ONE_THREAD_UP_TO = 64


@cache
def _blas() -> ThreadpoolController:
    return ThreadpoolController()


class Draft:
    """The changes to an index, collected; finish() turns them into the next snapshot."""

    def __init__(self, base: OpeningIndex, *, today: dt.date | None = None,
                 at_hand: Mapping[int, Employer] | None = None):
        """at_hand: employers as the index holds them, by id, to use instead of reading their rows back."""
        self.base = base
        self.today = today or base.today
        self.rows = len(base)
        self.killed: list[int] = []  # rows that die
        self.row_changes: dict[int, int | None] = {}  # opening id -> its new row, None while it has none
        # opening id -> (the opening as it is now, a row of `base` with its text (embedding kept) or None)
        self.appended: dict[int, tuple[Opening, int | None]] = {}
        self.moved: set[int] = set()  # employer ids whose openings' columns are computed again
        self.needs_changed: set[int] = set()  # employer ids whose needs are computed again
        # The per-employer parts, base's own until an employer, contact or the date changes (_own_employers).
        self.employers: list[bytes] | tuple[bytes, ...] = base.employers.rows  # packed (matcher/packed.py)
        self.unpacked: dict[int, Employer] = dict(at_hand or {})  # employer id -> the employer, read back once
        self.employer_row_of_id = base.employer_row_of_id
        self.industries: list[str] | tuple[str, ...] = base.industries
        self.needs: list[tuple[str, ...]] | tuple[tuple[str, ...], ...] = base.needs
        self.contacts_of = base.contacts_of
        self.contact_employer: dict[int, int] | None = None
        self.owned = False

    def _own_employers(self) -> None:
        """Copies the per-employer parts before they change (one entry per employer, not per opening)."""
        if self.owned:
            return
        base = self.base
        self.employers, self.industries = list(base.employers.rows), list(base.industries)
        self.needs = list(base.needs)
        self.employer_row_of_id = dict(base.employer_row_of_id)
        self.contacts_of = dict(base.contacts_of)
        self.contact_employer = {c: e for e, cs in base.contacts_of.items() for c in cs}
        self.owned = True

    # Employers and their contacts

    def put_employer(self, employer: Employer) -> None:
        """The employer, new or as it is now."""
        assert employer.id is not None, "only stored employers are indexed"
        self._own_employers()
        row = self.employer_row_of_id.get(employer.id)
        if row is None:
            self.employer_row_of_id[employer.id] = len(self.employers)
            self.employers.append(pack(employer))
            self.industries.append(normalise(employer.industry or ""))
            self.needs.append(())
        else:
            old = self._employer(employer.id)
            self.employers[row] = pack(employer)
            self.industries[row] = normalise(employer.industry or "")
            if (old.location, old.industry) != (employer.location, employer.industry):
                self.moved.add(employer.id)
        self.unpacked[employer.id] = employer
        self.needs_changed.add(employer.id)

    def _employer(self, employer_id: int) -> Employer:
        """The employer as this draft holds it (a current one)."""
        employer = self.unpacked.get(employer_id)
        if employer is None:
            row = self.employer_row_of_id[employer_id]
            employer = self.unpacked[employer_id] = unpacked(Employer, self.employers[row])
        return employer

    def drop_employer(self, employer_id: int) -> None:
        """The employer is gone, with its openings and contacts."""
        self._own_employers()
        self.unpacked.pop(employer_id, None)
        if self.employer_row_of_id.pop(employer_id, None) is None:
            return
        for row in np.flatnonzero((self.base.employer_ids == employer_id) & self.base.live):
            self._kill_if_live(int(row))
        for opening_id in [i for i, (o, _) in self.appended.items() if o.employer_id == employer_id]:
            del self.appended[opening_id]
        for contact_id in self.contacts_of.pop(employer_id, {}):
            del self.contact_employer[contact_id]
        self.needs_changed.add(employer_id)

    def put_contact(self, contact: EmployerContact) -> None:
        """The contact, new or as it is now; only contacts that recorded needs matter here."""
        assert contact.id is not None, "only stored contacts are indexed"
        self.drop_contact(contact.id)
        if contact.needs and contact.employer_id is not None:
            mine = self.contacts_of.get(contact.employer_id, {})
            self.contacts_of[contact.employer_id] = {**mine, contact.id: contact}
            self.contact_employer[contact.id] = contact.employer_id
            self.needs_changed.add(contact.employer_id)

    def drop_contact(self, contact_id: int) -> None:
        """The contact is gone (or changed: put_contact adds it back)."""
        self._own_employers()
        employer_id = self.contact_employer.pop(contact_id, None)
        if employer_id is not None:
            self.contacts_of[employer_id] = {c: x for c, x in self.contacts_of[employer_id].items() if c != contact_id}
            self.needs_changed.add(employer_id)

    # Openings

    def put_opening(self, opening: Opening) -> None:
        """The opening, new or as it is now: it gets a new row (its old one, if any, dies)."""
        assert opening.id is not None, "only stored openings are indexed"
        if opening.employer_id not in self.employer_row_of_id:
            self.drop_opening(opening.id)
            return
        # A row whose embedding this opening can keep: its live row, or the one an earlier put kept.
        source = self.appended[opening.id][1] if opening.id in self.appended else self._row(opening.id)
        if source is not None and opening_text(unpack(self.base.openings.rows[source])) != opening_text(opening):
            source = None
        self.drop_opening(opening.id)
        self.appended[opening.id] = (opening, source)

    def drop_opening(self, opening_id: int) -> None:
        """The opening is gone (or moves to a new row)."""
        self.appended.pop(opening_id, None)
        row = self._row(opening_id)
        if row is not None:
            self._kill(row)

    def _row(self, opening_id: int) -> int | None:
        """The opening's live row in the base, unless it died in this draft."""
        if opening_id in self.row_changes:
            return self.row_changes[opening_id]
        return self.base.row_of_id.get(opening_id)

    def _kill(self, row: int) -> None:
        self.row_changes[int(self.base.ids[row])] = None
        self.killed.append(row)

    def _kill_if_live(self, row: int) -> None:
        if self._row(int(self.base.ids[row])) == row:
            self._kill(row)

    # The next snapshot

    def finish(self) -> OpeningIndex:
        """The next snapshot: appended rows, dead rows and needs, sharing everything else with the base."""
        base = self.base
        if self.moved:
            # Openings of an employer that moved or changed its industry: the same text, other columns.
            for row in np.flatnonzero(np.isin(base.employer_ids, list(self.moved)) & base.live):
                opening_id = int(base.ids[row])
                if opening_id not in self.appended and self._row(opening_id) == row:
                    self._kill(int(row))
                    self.appended[opening_id] = (unpack(base.openings.rows[row]), int(row))
        changed: dict = {}
        if self.appended or self.killed:
            changed = self._openings()
        if self.needs_changed or self.today != base.today:
            changed |= self._needs()
        if self.owned:
            changed |= dict(
                employers=PackedEmployers(self.employers), employer_row_of_id=self.employer_row_of_id,
                industries=tuple(self.industries), needs=tuple(self.needs), contacts_of=self.contacts_of,
            )
        return dataclasses.replace(base, **changed, today=self.today)

    def _openings(self) -> dict:
        """The per-row parts after the changes: appended rows and the dead rows masked."""
        base = self.base
        new = [opening for opening, _ in sorted(self.appended.values(), key=lambda a: a[0].id or 0)]
        sources = [self.appended[o.id or 0][1] for o in new]
        added = len(new)
        changed: dict = {}
        live = np.concatenate([base.live, np.ones(added, dtype=bool)]) if added else base.live.copy()
        live[self.killed] = False
        changed["live"] = live
        available = base.available
        if added:
            values = self._columns_of(new)
            values["vectors"] = self._vectors(new, sources)
            values |= self._occupations(new, sources, values["vectors"])
            titles, values["title_of"] = base.titles.positions_of([normalise(o.title) for o in new])
            available = np.concatenate([available, values["available"]])
            buffers = {name: base.row_buffers[name].extended(self.rows, values[name]) for name in SHARED_COLUMNS}
            changed |= {name: rows.prefix(self.rows + added) for name, rows in buffers.items()}
            changed |= dict(
                row_buffers=buffers, titles=titles, openings=base.openings.extended(new),
                words_of=base.words_of.extended(opening_words(o, self._employer(o.employer_id)) for o in new),
            )
            self.row_changes.update((o.id or 0, self.rows + i) for i, o in enumerate(new))
        else:
            available = available.copy()
        available[self.killed] = False
        changed["available"] = available
        changed["row_of_id"] = base.row_of_id.changed(self.row_changes)
        return changed

    def _vectors(self, new: list[Opening], sources: list[int | None]) -> np.ndarray:
        """The embeddings of the appended rows: kept from their source row, else embedded (the cache has most)."""
        base = self.base
        vectors = np.empty((len(new), base.vectors.shape[1]), dtype=np.float32)
        kept = [i for i, source in enumerate(sources) if source is not None]
        vectors[kept] = base.vectors[[sources[i] for i in kept]]
        fresh = [i for i, source in enumerate(sources) if source is None]
        vectors[fresh] = base.embedder.encode([opening_text(new[i]) for i in fresh])
        return vectors

    def _occupations(self, new: list[Opening], sources: list[int | None], vectors: np.ndarray) -> dict:
        """The OCCUPATION_COLUMNS of the appended rows: kept where the text and the correction are the same."""
        base = self.base
        columns = {name: np.zeros(len(new), dtype=getattr(base, name).dtype) for name in OCCUPATION_COLUMNS}
        again = []
        for i, (opening, source) in enumerate(zip(new, sources, strict=True)):
            if source is not None and unpack(base.openings.rows[source]).occupation_code == opening.occupation_code:
                for name, column in columns.items():
                    column[i] = getattr(base, name)[source]
            else:
                again.append(i)
        if again:
            few = len(again) <= ONE_THREAD_UP_TO
            with _blas().limit(limits=1, user_api="blas") if few else nullcontext():
                found = opening_occupations([new[i] for i in again], vectors[again], base.embedder, base.taxonomy)
            for name, column in columns.items():
                column[again] = found[name]
        return columns

    def _columns_of(self, openings: list[Opening]) -> dict[str, np.ndarray]:
        employer_rows = [self.employer_row_of_id[o.employer_id] for o in openings]
        values = opening_columns(openings, [self._employer(o.employer_id) for o in openings])
        return {**values, "employer_row": np.array(employer_rows, dtype=np.int64)}

    def _needs(self) -> dict:
        """The need columns after the changes, the embeddings of the need rows appended after the others."""
        self._own_employers()
        base = self.base
        live, weights = base.need_live.copy(), base.need_weights.copy()
        employer_of_need = base.need_employer
        maps = (base.employer_row_of_id, self.employer_row_of_id)
        changed = {rows[i] for i in self.needs_changed for rows in maps if i in rows}
        current = {row: employer_id for employer_id, row in self.employer_row_of_id.items()}
        if self.today != base.today:
            # Needs fade with age: every employer with needs is weighed again as of the new date.
            changed |= {row for row in current if self.needs[row]}
        rows_of = _rows_by_employer(employer_of_need, live, changed)
        employer_rows, new_texts, new_weights = [], [], []
        for row in sorted(changed):
            found = self._current_needs(current[row]) if row in current else []
            texts = tuple(text for text, _ in found)
            mine = rows_of.get(row, np.zeros(0, dtype=np.int64))
            if texts == self.needs[row] and row in current:
                weights[mine] = [weight for _, weight in found]
                continue
            # Other needs, or the same in another order: laid out again, as build() would lay them out.
            live[mine], weights[mine] = False, 0.0
            self.needs[row] = texts
            employer_rows += [row] * len(found)
            new_texts += texts
            new_weights += [weight for _, weight in found]
        distinct, text_of = base.need_distinct.positions_of(new_texts)
        known = len(base.need_distinct)
        need_rows = base.need_rows.extended(known, base.embedder.encode(distinct[known:]))
        return {
            "need_live": np.concatenate([live, np.ones(len(new_texts), dtype=bool)]),
            "need_weights": np.concatenate([weights, np.array(new_weights, dtype=np.float64)]),
            "need_employer": np.concatenate([employer_of_need, np.array(employer_rows, dtype=np.int64)]),
            "need_texts": (*base.need_texts, *new_texts),
            "need_text_of": np.concatenate([base.need_text_of, text_of]), "need_distinct": distinct,
            "need_text_vectors": need_rows.prefix(len(distinct)), "need_rows": need_rows,
        }

    def _current_needs(self, employer_id: int) -> list[tuple[str, float]]:
        contacts = list(self.contacts_of.get(employer_id, {}).values())
        return current_needs(self._employer(employer_id), contacts, today=self.today,
                             half_life_days=self.base.needs_half_life_days)


def _rows_by_employer(need_employer: np.ndarray, live: np.ndarray, employers: set[int]) -> dict[int, np.ndarray]:
    """Live need rows of those employer rows, per employer row, in row order."""
    if not employers:
        return {}
    rows = np.flatnonzero(live & np.isin(need_employer, list(employers)))
    if rows.size == 0:
        return {}
    order = rows[np.argsort(need_employer[rows], kind="stable")]
    found, starts = np.unique(need_employer[order], return_index=True)
    return dict(zip(found.tolist(), np.split(order, starts[1:]), strict=True))




def laid_out(columns: dict[str, np.ndarray], room: int = 0) -> dict:
    """New buffers holding these SHARED_COLUMNS, with room for `room` more rows and then some to grow, and the
    columns as views of them."""
    buffers = {name: Rows(values, spare=room + spare_rows(len(values) + room)) for name, values in columns.items()}
    return {"row_buffers": buffers, **{name: rows.prefix(len(columns[name])) for name, rows in buffers.items()}}


def compacted(index: OpeningIndex) -> OpeningIndex:
    """The index with dead rows dropped and rows in opening id order, employers in id order: build()'s layout."""
    live = np.flatnonzero(index.live)
    order = live[np.argsort(index.ids[live], kind="stable")]
    employer_rows = [row for _, row in sorted(index.employer_row_of_id.items())]
    new_employer_row = np.full(len(index.employers), -1, dtype=np.int64)
    new_employer_row[employer_rows] = np.arange(len(employer_rows))
    title_texts = [index.titles[t] for t in index.title_of[order]]
    titles, title_of = DistinctList().positions_of(title_texts)
    needs = np.flatnonzero(index.need_live)
    needs = needs[np.argsort(new_employer_row[index.need_employer[needs]], kind="stable")]
    need_distinct, need_text_of = DistinctList().positions_of([index.need_texts[r] for r in needs])
    old_text_rows = [index.need_distinct.positions[text] for text in need_distinct]
    need_rows = Rows(index.need_text_vectors[old_text_rows], spare=spare_rows(len(need_distinct)))
    columns = {name: getattr(index, name)[order] for name in SHARED_COLUMNS}
    columns |= {"employer_row": new_employer_row[index.employer_row[order]], "title_of": title_of}
    rows = index.openings.rows
    return dataclasses.replace(
        index, **laid_out(columns), available=index.available[order], live=np.ones(len(order), dtype=bool),
        openings=PackedOpenings(rows[r] for r in order),
        words_of=SharedTexts(encoded=SharedBytes(index.words_of.encoded[r] for r in order)),
        titles=titles, row_of_id=RowOfId.laid_out(index.ids[order]),
        employers=PackedEmployers(index.employers.rows[r] for r in employer_rows),
        employer_row_of_id={employer_id: i for i, employer_id in enumerate(sorted(index.employer_row_of_id))},
        industries=tuple(index.industries[r] for r in employer_rows),
        needs=tuple(index.needs[r] for r in employer_rows),
        need_text_vectors=need_rows.prefix(len(need_distinct)), need_rows=need_rows, need_text_of=need_text_of,
        need_distinct=need_distinct,
        need_employer=new_employer_row[index.need_employer[needs]], need_weights=index.need_weights[needs],
        need_live=np.ones(len(needs), dtype=bool), need_texts=tuple(index.need_texts[r] for r in needs),
    )
