"""Openings kept compactly in the index: each row's opening as its JSON, read back into an Opening when asked for.

At a state's size (100,000 openings) the index's Opening objects took about 150 MB of a serving process; as JSON
they take about a fifth of that. A ranking reads back only the few openings it explains (matcher/ranking.py), and
an index change only the rows it changes, so the cost of reading one back (a model validation) stays off the
hot path. Reading back gives an equal Opening (tests/matcher/test_packed.py). The packed rows are a SharedList
(matcher/shared_rows.py): a snapshot that appends openings shares the earlier ones with the snapshot before it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from matcher.shared_rows import SharedList
from models import Opening


def pack(opening: Opening) -> bytes:
    """The opening as compact JSON bytes."""
    return opening.model_dump_json().encode("utf-8")


def unpack(packed: bytes) -> Opening:
    """The opening that pack() was given."""
    return Opening.model_validate_json(packed)


class PackedOpenings(Sequence[Opening]):
    """A read-only sequence of openings stored packed; `rows` are the packed bytes, one per index row."""

    __slots__ = ("rows",)

    def __init__(self, rows: Iterable[bytes] = ()) -> None:
        self.rows: SharedList[bytes] = rows if isinstance(rows, SharedList) else SharedList(rows)

    @classmethod
    def of(cls, openings: Iterable[Opening]) -> PackedOpenings:
        return cls(pack(o) for o in openings)

    def extended(self, openings: Iterable[Opening]) -> PackedOpenings:
        """These openings, then `openings`; this sequence stays as it was (matcher/shared_rows.py)."""
        return PackedOpenings(self.rows.extended(pack(o) for o in openings))

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, row: int) -> Opening: ...

    @overload
    def __getitem__(self, row: slice) -> list[Opening]: ...

    def __getitem__(self, row: int | slice) -> Opening | list[Opening]:
        if isinstance(row, slice):
            return [unpack(p) for p in self.rows[row]]
        return unpack(self.rows[row])

    def __iter__(self) -> Iterator[Opening]:
        return (unpack(p) for p in self.rows)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PackedOpenings) and self.rows == other.rows

    def __hash__(self) -> int:
        return hash(self.rows)

    def __repr__(self) -> str:
        return f"PackedOpenings({len(self.rows)} openings)"
