"""Changing an opening index without rebuilding it: a Draft collects the changes and gives a new snapshot.

How each change lands, so that the old snapshot is never touched (readers may still be ranking on it):
- small per-row columns (a few bytes per opening) are copied and changed in the copy;
- embeddings are not: a new or re-worded opening gets a new row appended to the shared buffer
  (index_rows.VectorRows), and its old row, if any, is marked dead;
- an opening changed without a change to its text keeps its row and embedding; its other columns are
  computed again, as are those of every opening whose employer changed its location or industry;
- an employer whose record or contacts changed gets its needs (matcher/needs.py) computed again: the
  old need rows die and the new ones are appended; a new date only re-weighs the needs;
- compacted() drops dead rows and restores id order, as build() lays an index out.
Everything that ranks reads dead rows as absent: `available` and `need_weights` are False and 0 there,
`live` and `need_live` say which rows count, and `row_of_id` / `employer_row_of_id` list only live ones.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING

import numpy as np

from matcher.index_rows import (
    OCCUPATION_COLUMNS,
    OPENING_COLUMNS,
    VectorRows,
    opening_columns,
    opening_occupations,
    opening_text,
    opening_words,
    spare_rows,
)
from matcher.needs import current_needs
from matcher.packed import PackedOpenings, pack, unpack
from matcher.phrases import normalise
from models import Employer, EmployerContact, Opening

if TYPE_CHECKING:
    from matcher.index import OpeningIndex


class Draft:
    """A working copy of an index's changeable parts; finish() turns it into the next snapshot."""

    def __init__(self, base: OpeningIndex, *, today: dt.date | None = None):
        self.base = base
        self.today = today or base.today
        self.rows = len(base)
        self.columns = {
            name: getattr(base, name).copy()
            for name in (*OPENING_COLUMNS, *OCCUPATION_COLUMNS, "employer_row", "title_of")
        }
        self.live = base.live.copy()
        self.openings = list(base.openings.rows)  # packed (matcher/packed.py)
        self.words_of = list(base.words_of)
        self.row_of_id = dict(base.row_of_id)
        self.employers = list(base.employers)
        self.employer_row_of_id = dict(base.employer_row_of_id)
        self.industries = list(base.industries)
        self.needs = list(base.needs)
        self.contacts_of = dict(base.contacts_of)
        self.contact_employer = {c: e for e, cs in base.contacts_of.items() for c in cs}
        self.appended: dict[int, Opening] = {}  # opening id -> opening that gets a new row
        self.refresh: set[int] = set()  # rows whose columns are computed again (same text)
        self.moved: set[int] = set()  # employer ids whose openings' columns are computed again
        self.needs_changed: set[int] = set()  # employer ids whose needs are computed again

    # Employers and their contacts

    def put_employer(self, employer: Employer) -> None:
        """The employer, new or as it is now."""
        assert employer.id is not None, "only stored employers are indexed"
        row = self.employer_row_of_id.get(employer.id)
        if row is None:
            self.employer_row_of_id[employer.id] = len(self.employers)
            self.employers.append(employer)
            self.industries.append(normalise(employer.industry or ""))
            self.needs.append(())
        else:
            old, self.employers[row] = self.employers[row], employer
            self.industries[row] = normalise(employer.industry or "")
            if (old.location, old.industry) != (employer.location, employer.industry):
                self.moved.add(employer.id)
        self.needs_changed.add(employer.id)

    def drop_employer(self, employer_id: int) -> None:
        """The employer is gone, with its openings and contacts."""
        if self.employer_row_of_id.pop(employer_id, None) is None:
            return
        mine = self.columns["employer_ids"][: self.rows] == employer_id
        for row in np.flatnonzero(mine & self.live[: self.rows]):
            self._kill(int(row))
        for opening_id in [i for i, o in self.appended.items() if o.employer_id == employer_id]:
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
        employer_id = self.contact_employer.pop(contact_id, None)
        if employer_id is not None:
            self.contacts_of[employer_id] = {c: x for c, x in self.contacts_of[employer_id].items() if c != contact_id}
            self.needs_changed.add(employer_id)

    # Openings

    def put_opening(self, opening: Opening) -> None:
        """The opening, new or as it is now."""
        assert opening.id is not None, "only stored openings are indexed"
        if opening.employer_id not in self.employer_row_of_id:
            self.drop_opening(opening.id)
            return
        row = self.row_of_id.get(opening.id)
        if row is not None and opening_text(unpack(self.openings[row])) == opening_text(opening):
            self.openings[row] = pack(opening)
            self.refresh.add(row)
            return
        self.drop_opening(opening.id)
        self.appended[opening.id] = opening

    def drop_opening(self, opening_id: int) -> None:
        """The opening is gone (or moves to a new row)."""
        self.appended.pop(opening_id, None)
        row = self.row_of_id.get(opening_id)
        if row is not None:
            self._kill(row)

    def _kill(self, row: int) -> None:
        del self.row_of_id[int(self.columns["ids"][row])]
        self.live[row] = False
        self.columns["available"][row] = False
        self.refresh.discard(row)

    # The next snapshot

    def finish(self) -> OpeningIndex:
        """The next snapshot: refreshed rows, appended rows and needs, sharing the embedding buffers."""
        base, columns = self.base, self.columns
        moved = np.isin(columns["employer_ids"], list(self.moved)) & self.live if self.moved else None
        if moved is not None:
            self.refresh.update(int(r) for r in np.flatnonzero(moved))
        titles = list(base.titles)
        title_row = {t: i for i, t in enumerate(titles)}

        def title_rows(openings: list[Opening]) -> np.ndarray:
            found = []
            for opening in openings:
                title = normalise(opening.title)
                if title not in title_row:
                    title_row[title] = len(titles)
                    titles.append(title)
                found.append(title_row[title])
            return np.array(found, dtype=np.int64)

        refreshed = sorted(self.refresh)
        if refreshed:
            again = [unpack(self.openings[r]) for r in refreshed]
            for name, values in self._columns_of(again).items():
                columns[name][refreshed] = values
            columns["title_of"][refreshed] = title_rows(again)
            # The text is unchanged, so the embedding is; a specialist's correction may not be.
            occupations = opening_occupations(again, base.vectors[refreshed], base.embedder, base.taxonomy)
            for name, values in occupations.items():
                columns[name][refreshed] = values
            for row, opening in zip(refreshed, again, strict=True):
                self.words_of[row] = opening_words(opening, self._employer_of(opening))
        new = sorted(self.appended.values(), key=lambda o: o.id or 0)
        new_vectors = base.embedder.encode([opening_text(o) for o in new])
        if new:
            added = {
                **self._columns_of(new), "title_of": title_rows(new),
                **opening_occupations(new, new_vectors, base.embedder, base.taxonomy),
            }
            for name, values in added.items():
                columns[name] = np.concatenate([columns[name], values])
            self.live = np.concatenate([self.live, np.ones(len(new), dtype=bool)])
            self.openings += [pack(o) for o in new]
            self.words_of += [opening_words(o, self._employer_of(o)) for o in new]
            self.row_of_id.update((o.id or 0, self.rows + i) for i, o in enumerate(new))
        needs = self._needs()
        opening_rows = _extend(base.opening_rows, base.vectors, self.rows, new_vectors)
        need_rows = _extend(base.need_rows, base.need_vectors, len(base.need_vectors), needs.pop("new_vectors"))
        return dataclasses.replace(
            base, **columns, live=self.live, openings=PackedOpenings(self.openings), words_of=tuple(self.words_of),
            titles=tuple(titles), row_of_id=self.row_of_id, employers=tuple(self.employers),
            employer_row_of_id=self.employer_row_of_id, industries=tuple(self.industries),
            needs=tuple(self.needs), contacts_of=self.contacts_of, today=self.today,
            vectors=opening_rows.prefix(len(self.live)), opening_rows=opening_rows,
            need_vectors=need_rows.prefix(len(needs["need_live"])), need_rows=need_rows, **needs,
        )

    def _employer_of(self, opening: Opening) -> Employer:
        return self.employers[self.employer_row_of_id[opening.employer_id]]

    def _columns_of(self, openings: list[Opening]) -> dict[str, np.ndarray]:
        employer_rows = [self.employer_row_of_id[o.employer_id] for o in openings]
        values = opening_columns(openings, [self.employers[r] for r in employer_rows])
        return {**values, "employer_row": np.array(employer_rows, dtype=np.int64)}

    def _needs(self) -> dict:
        """The need columns after the changes, and the embeddings of the need rows appended."""
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
            found = self._current_needs(current[row], row) if row in current else []
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
        return {
            "need_live": np.concatenate([live, np.ones(len(new_texts), dtype=bool)]),
            "need_weights": np.concatenate([weights, np.array(new_weights, dtype=np.float64)]),
            "need_employer": np.concatenate([employer_of_need, np.array(employer_rows, dtype=np.int64)]),
            "need_texts": (*base.need_texts, *new_texts),
            "new_vectors": base.embedder.encode(list(new_texts)),
        }

    def _current_needs(self, employer_id: int, row: int) -> list[tuple[str, float]]:
        contacts = list(self.contacts_of.get(employer_id, {}).values())
        return current_needs(self.employers[row], contacts, today=self.today,
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


def _extend(rows: VectorRows | None, vectors: np.ndarray, seen: int, new: np.ndarray) -> VectorRows:
    """The buffer holding `vectors` (the first `seen` rows) followed by `new`."""
    if rows is None:
        return VectorRows(vectors, new, spare=spare_rows(seen + len(new)))
    return rows.extended(seen, new)


def compacted(index: OpeningIndex) -> OpeningIndex:
    """The index with dead rows dropped and rows in opening id order, employers in id order: build()'s layout."""
    live = np.flatnonzero(index.live)
    order = live[np.argsort(index.ids[live], kind="stable")]
    employer_rows = sorted(index.employer_row_of_id.values(), key=lambda r: index.employers[r].id or 0)
    new_employer_row = np.full(len(index.employers), -1, dtype=np.int64)
    new_employer_row[employer_rows] = np.arange(len(employer_rows))
    title_texts = [index.titles[t] for t in index.title_of[order]]
    titles = tuple(dict.fromkeys(title_texts))
    title_row = {t: i for i, t in enumerate(titles)}
    needs = np.flatnonzero(index.need_live)
    needs = needs[np.argsort(new_employer_row[index.need_employer[needs]], kind="stable")]
    opening_rows = VectorRows(index.vectors[order], spare=spare_rows(len(order)))
    need_rows = VectorRows(index.need_vectors[needs], spare=spare_rows(len(needs)))
    openings = PackedOpenings(index.openings.rows[r] for r in order)
    return dataclasses.replace(
        index, **{name: getattr(index, name)[order] for name in (*OPENING_COLUMNS, *OCCUPATION_COLUMNS)},
        employer_row=new_employer_row[index.employer_row[order]], live=np.ones(len(order), dtype=bool),
        openings=openings, words_of=tuple(index.words_of[r] for r in order),
        title_of=np.array([title_row[t] for t in title_texts], dtype=np.int64), titles=titles,
        row_of_id={int(i): row for row, i in enumerate(index.ids[order])},
        employers=tuple(index.employers[r] for r in employer_rows),
        employer_row_of_id={index.employers[r].id: i for i, r in enumerate(employer_rows)},
        industries=tuple(index.industries[r] for r in employer_rows),
        needs=tuple(index.needs[r] for r in employer_rows),
        vectors=opening_rows.prefix(len(order)), opening_rows=opening_rows,
        need_vectors=need_rows.prefix(len(needs)), need_rows=need_rows,
        need_employer=new_employer_row[index.need_employer[needs]], need_weights=index.need_weights[needs],
        need_live=np.ones(len(needs), dtype=bool), need_texts=tuple(index.need_texts[r] for r in needs),
    )
