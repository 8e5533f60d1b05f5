"""Storage that successive opening index snapshots share, so that a change costs what it changes, not the catalogue.

Each holds what a snapshot sees as a prefix of something only ever appended to: a newer snapshot appends its
rows after the older one's, in the same buffer or list, and an older snapshot, which sees only its own
prefix, is never disturbed by it. A snapshot that is not the newest (another was already made from it) copies
its prefix before appending: forks never write over each other. Id maps keep a shared base and lay each
snapshot's own changes over it, folding them in only now and then.

One writer at a time (OpeningIndex.apply is not thread-safe with itself); readers of any snapshot may read
while the writer appends.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping, Sequence
from itertools import islice
from typing import TypeVar, overload

import numpy as np

T = TypeVar("T")
H = TypeVar("H", bound=Hashable)

# Room left for appended rows: a thirty-second more, at least this many (tests set it lower to reach the edge
# often). At a state's size (100,000 openings) that is 3,125 rows, 4.6 MiB of embeddings: a program changes tens
# of openings a day, so a buffer is copied every few weeks of changes (compaction lays it out anew anyway),
# while an eighth more (the spare before) held 18 MiB of a serving process's memory for nothing.
MIN_SPARE = 256
SPARE_SHARE = 32
# An id map folds its changes into a new base once they pass this many, or a sixteenth of the base.
FOLD_FROM = 1024


def spare_rows(rows: int) -> int:
    """Room left for appended rows after `rows`: 1/SPARE_SHARE more, at least MIN_SPARE (little memory, few copies)."""
    return max(MIN_SPARE, rows // SPARE_SHARE)


class Rows:
    """An array's rows (a column, or embeddings) in a buffer with room to grow; each snapshot sees a prefix.

    Rows once written never change, so a reader of an older snapshot (a shorter prefix) is never disturbed
    by rows appended for a newer one.
    """

    __slots__ = ("buffer", "used")

    def __init__(self, *parts: np.ndarray, spare: int = 0, dtype: np.dtype | type | None = None):
        total = sum(len(p) for p in parts)
        self.buffer = np.empty((total + spare, *parts[0].shape[1:]), dtype=dtype or parts[0].dtype)
        self.used = 0
        for part in parts:
            self.buffer[self.used : self.used + len(part)] = part
            self.used += len(part)

    def prefix(self, rows: int) -> np.ndarray:
        """The first `rows` rows, as a view (C-contiguous)."""
        return self.buffer[:rows]

    def extended(self, seen: int, rows: np.ndarray) -> Rows:
        """Rows holding the first `seen` rows of these, then `rows`: this buffer when it has room after `seen`,
        else a new one (another snapshot already appended here, or the room is used up)."""
        if seen == self.used and seen + len(rows) <= len(self.buffer):
            self.buffer[seen : seen + len(rows)] = rows
            self.used = seen + len(rows)
            return self
        return Rows(self.buffer[:seen], rows, spare=spare_rows(seen + len(rows)))


class SharedList(Sequence[T]):
    """The first `length` items of a list that successive snapshots share and only ever append to."""

    __slots__ = ("items", "length")

    def __init__(self, items: Iterable[T] = ()) -> None:
        self.items: list[T] = list(items)
        self.length = len(self.items)

    @classmethod
    def _view(cls, items: list[T], length: int) -> SharedList[T]:
        view = cls.__new__(cls)
        view.items, view.length = items, length
        return view

    def extended(self, new: Iterable[T]) -> SharedList[T]:
        """These items, then `new`: appended to the shared list when this is its newest view, else to a copy."""
        if len(self.items) != self.length:
            return SharedList([*self.items[: self.length], *new])
        self.items.extend(new)
        return self._view(self.items, len(self.items))

    def __len__(self) -> int:
        return self.length

    @overload
    def __getitem__(self, i: int) -> T: ...

    @overload
    def __getitem__(self, i: slice) -> list[T]: ...

    def __getitem__(self, i: int | slice) -> T | list[T]:
        if isinstance(i, slice):
            return [self.items[j] for j in range(self.length)[i]]
        if i < 0:
            i += self.length
        if not 0 <= i < self.length:
            raise IndexError(i)
        return self.items[i]

    def __iter__(self) -> Iterator[T]:
        return islice(self.items, self.length)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str) or len(other) != self.length:
            return False
        return all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self)} items)"


class SharedBytes(Sequence[bytes]):
    """The first `length` of byte strings that successive snapshots share and only ever append to, kept one after
    another in one buffer with their ends in another (both Rows).

    A list of 100,000 short bytes objects costs 33 bytes of header each and, made among a build's temporaries,
    keeps the allocator's arenas from being given back; here each costs its bytes and an 8-byte end.
    """

    __slots__ = ("data", "ends", "length")

    def __init__(self, items: Iterable[bytes] = ()) -> None:
        self.data, self.ends, self.length = _joined(items, Rows(np.zeros(0, dtype=np.uint8)),
                                                    Rows(np.zeros(0, dtype=np.int64)), 0)

    def extended(self, new: Iterable[bytes]) -> SharedBytes:
        """These byte strings, then `new`: appended in the shared buffers when they have room after this
        view's own, else in copies (matcher/shared_rows.py's Rows)."""
        view = SharedBytes.__new__(SharedBytes)
        view.data, view.ends, view.length = _joined(new, self.data, self.ends, self.length)
        return view

    def _end(self, i: int) -> int:
        return int(self.ends.buffer[i - 1]) if i else 0

    def __len__(self) -> int:
        return self.length

    @overload
    def __getitem__(self, i: int) -> bytes: ...

    @overload
    def __getitem__(self, i: slice) -> list[bytes]: ...

    def __getitem__(self, i: int | slice) -> bytes | list[bytes]:
        if isinstance(i, slice):
            return [self[j] for j in range(self.length)[i]]
        if i < 0:
            i += self.length
        if not 0 <= i < self.length:
            raise IndexError(i)
        return self.data.buffer[self._end(i) : self.ends.buffer[i]].tobytes()

    def __iter__(self) -> Iterator[bytes]:
        data, ends, start = self.data.buffer, self.ends.buffer, 0
        for end in ends[: self.length].tolist():
            yield data[start:end].tobytes()
            start = end

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SharedBytes):
            size = self._end(self.length)
            return (self.length == other.length and size == other._end(other.length)
                    and np.array_equal(self.ends.prefix(self.length), other.ends.prefix(other.length))
                    and np.array_equal(self.data.prefix(size), other.data.prefix(size)))
        if not isinstance(other, Sequence) or isinstance(other, (str, bytes)) or len(other) != self.length:
            return False
        return all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"SharedBytes({self.length} items, {self._end(self.length):,} bytes)"


def _joined(items: Iterable[bytes], data: Rows, ends: Rows, length: int) -> tuple[Rows, Rows, int]:
    """`data` and `ends` (holding `length` byte strings) with `items` appended (Rows.extended), and the new length."""
    joined, new_ends = bytearray(), []
    for item in items:
        joined += item
        new_ends.append(len(joined))
    seen = int(ends.buffer[length - 1]) if length else 0
    data = data.extended(seen, np.frombuffer(joined, dtype=np.uint8))
    ends = ends.extended(length, np.array(new_ends, dtype=np.int64) + seen)
    return data, ends, length + len(new_ends)


class SharedTexts(Sequence[str]):
    """A SharedBytes of texts: each kept as UTF-8, read back as the str put in."""

    __slots__ = ("encoded",)

    def __init__(self, texts: Iterable[str] = (), *, encoded: SharedBytes | None = None) -> None:
        self.encoded = encoded if encoded is not None else SharedBytes(t.encode("utf-8") for t in texts)

    def extended(self, new: Iterable[str]) -> SharedTexts:
        """These texts, then `new` (SharedBytes.extended)."""
        return SharedTexts(encoded=self.encoded.extended(t.encode("utf-8") for t in new))

    def __len__(self) -> int:
        return len(self.encoded)

    @overload
    def __getitem__(self, i: int) -> str: ...

    @overload
    def __getitem__(self, i: slice) -> list[str]: ...

    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [b.decode("utf-8") for b in self.encoded[i]]
        return self.encoded[i].decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        return (b.decode("utf-8") for b in self.encoded)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SharedTexts):
            return self.encoded == other.encoded
        if not isinstance(other, Sequence) or isinstance(other, (str, bytes)) or len(other) != len(self):
            return False
        return all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"SharedTexts({len(self)} texts)"


class DistinctList(SharedList[H]):
    """A SharedList of distinct values that also finds a value's position (the index's distinct titles)."""

    __slots__ = ("positions",)

    def __init__(self, items: Iterable[H] = ()) -> None:
        super().__init__(dict.fromkeys(items))
        self.positions: dict[H, int] = {value: i for i, value in enumerate(self.items)}

    def positions_of(self, values: Sequence[H]) -> tuple[DistinctList[H], np.ndarray]:
        """These values with the new ones among `values` appended, and each value's position in them."""
        if len(self.items) != self.length:  # not the newest view: its own copy
            self = DistinctList(self.items[: self.length])
        found = []
        for value in values:
            position = self.positions.get(value)
            if position is None:
                position = self.positions[value] = len(self.items)
                self.items.append(value)
            found.append(position)
        view = self._view(self.items, len(self.items))
        view.positions = self.positions
        return view, np.array(found, dtype=np.int64)


class RowOfId(Mapping[int, int]):
    """Id -> row: a base dict, shared by successive snapshots and never changed, under this snapshot's changes.

    A change copies only the changes made since the base was last folded (at most FOLD_FROM or a sixteenth of
    the base), so it costs what it changes; folding, now and then, costs the whole map once.
    """

    __slots__ = ("_base", "_changes", "_size")

    def __init__(self, rows: Mapping[int, int] | None = None) -> None:
        self._base: Mapping[int, int] = dict(rows or {})
        self._changes: dict[int, int | None] = {}  # None: gone
        self._size = len(self._base)

    @classmethod
    def laid_out(cls, ids: np.ndarray) -> RowOfId:
        """The map of distinct ids in rows 0, 1, ... (an index as build() lays it out), made on first use."""
        new = cls.__new__(cls)
        new._base, new._changes, new._size = _LaidOutRows(ids), {}, len(ids)
        return new

    def __getitem__(self, key: int) -> int:
        row = self._changes.get(key, self)
        if row is self:
            return self._base[key]
        if row is None:
            raise KeyError(key)
        return row  # type: ignore[return-value]

    def get(self, key: int, default: int | None = None) -> int | None:  # type: ignore[override]
        row = self._changes.get(key, self)
        if row is self:
            return self._base.get(key, default)
        return default if row is None else row  # type: ignore[return-value]

    def __contains__(self, key: object) -> bool:
        row = self._changes.get(key, self)  # type: ignore[call-overload]
        return key in self._base if row is self else row is not None

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[int]:
        changes = self._changes
        yield from (key for key in self._base if key not in changes)
        yield from (key for key, row in changes.items() if row is not None)

    def changed(self, changes: Mapping[int, int | None]) -> RowOfId:
        """A map with these ids moved to new rows, or gone (None); this one stays as it was."""
        merged, size = dict(self._changes), self._size
        for key, row in changes.items():
            size += (row is not None) - (key in self)
            merged[key] = row
        new = RowOfId.__new__(RowOfId)
        new._base, new._changes, new._size = self._base, merged, size
        if len(merged) > max(FOLD_FROM, len(self._base) // 16):
            base = dict(self._base)
            for key, row in merged.items():
                if row is None:
                    base.pop(key, None)
                else:
                    base[key] = row
            new._base, new._changes = base, {}
        return new

    def __repr__(self) -> str:
        return f"RowOfId({len(self)} ids)"


class _LaidOutRows(Mapping[int, int]):
    """Id -> row for ids in rows 0, 1, ...: a dict made from the ids on first use.

    Made during a build, the dict's 184,000 int objects (at 100,000 openings) sit among the build's temporaries
    and keep the interpreter's small-object arenas they share from being given back once those are freed; made
    at the first ranking, after the build, they go where there is room then (a process after a 100,000-opening
    build: 755 MiB resident instead of 764).
    """

    __slots__ = ("_ids", "_rows")

    def __init__(self, ids: np.ndarray) -> None:
        self._ids = np.array(ids, dtype=np.int64)
        self._rows: dict[int, int] | None = None

    def _made(self) -> dict[int, int]:
        rows = self._rows
        if rows is None:  # two readers may both make it: the same dict, one is kept
            rows = self._rows = dict(zip(self._ids.tolist(), range(len(self._ids)), strict=True))
        return rows

    def __getitem__(self, key: int) -> int:
        return self._made()[key]

    def get(self, key: int, default: int | None = None) -> int | None:  # type: ignore[override]
        return self._made().get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._made()

    def __iter__(self) -> Iterator[int]:
        return iter(self._made())

    def __len__(self) -> int:
        return len(self._ids)
