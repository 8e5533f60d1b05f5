"""Records kept compactly in the index: each row's record as its JSON, read back into the model when asked for.

At a state's size (100,000 openings) the index's Opening objects took about 150 MB of a serving process; as JSON
they take about a fifth of that, and kept one after another in one buffer (matcher/shared_rows.py's
SharedBytes) they add no object per row either. A row is the JSON array of the record's field values in the
model's field order, without the field names (206 bytes an opening at that size, against 337 with them).
A ranking reads back only the few openings and employers it explains (matcher/ranking.py), and an index change
only the rows it changes, so the cost of reading one back (a model validation) stays off the hot path. Reading
back gives an equal record (tests/matcher/test_packed.py). A snapshot that appends openings shares the earlier
ones with the snapshot before it; employers, fewer and replaced in place by a change, are a plain tuple of
packed rows (PackedEmployers).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import ClassVar, Generic, TypeVar, overload

from pydantic import BaseModel
from pydantic_core import from_json, to_json

from matcher.shared_rows import SharedBytes
from models import Employer, Opening

M = TypeVar("M", bound=BaseModel)


def pack(record: BaseModel) -> bytes:
    """The record (an Opening, an Employer) as compact JSON bytes: its field values, in field order."""
    return to_json(list(record.model_dump(mode="json").values()))


def unpacked(model: type[M], packed: bytes) -> M:
    """The record of that model that pack() was given."""
    return model.model_validate(dict(zip(model.model_fields, from_json(packed), strict=True)))


def unpack(packed: bytes) -> Opening:
    """The opening that pack() was given."""
    return unpacked(Opening, packed)


class Packed(Sequence[M], Generic[M]):
    """A read-only sequence of records of one model, stored packed; `rows` are the packed bytes, one per row."""

    __slots__ = ("rows",)
    model: ClassVar[type[BaseModel]]

    def __init__(self, rows: Sequence[bytes]) -> None:
        self.rows = rows

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, row: int) -> M: ...

    @overload
    def __getitem__(self, row: slice) -> list[M]: ...

    def __getitem__(self, row: int | slice) -> M | list[M]:
        if isinstance(row, slice):
            return [unpacked(self.model, p) for p in self.rows[row]]  # type: ignore[misc]
        return unpacked(self.model, self.rows[row])  # type: ignore[return-value]

    def __iter__(self) -> Iterator[M]:
        return (unpacked(self.model, p) for p in self.rows)  # type: ignore[misc]

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.rows == other.rows  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self.rows)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({len(self.rows)} rows)"


class PackedOpenings(Packed[Opening]):
    """Openings stored packed, in a SharedBytes: appending shares the rows already there (extended())."""

    __slots__ = ()
    model = Opening

    def __init__(self, rows: Iterable[bytes] = ()) -> None:
        super().__init__(rows if isinstance(rows, SharedBytes) else SharedBytes(rows))

    @classmethod
    def of(cls, openings: Iterable[Opening]) -> PackedOpenings:
        return cls(pack(o) for o in openings)

    def extended(self, openings: Iterable[Opening]) -> PackedOpenings:
        """These openings, then `openings`; this sequence stays as it was (matcher/shared_rows.py)."""
        return PackedOpenings(self.rows.extended(pack(o) for o in openings))  # type: ignore[attr-defined]


class PackedEmployers(Packed[Employer]):
    """Employers stored packed, a tuple of rows: an index change replaces a row by making a new tuple (one entry
    per employer, as the index's other per-employer parts)."""

    __slots__ = ()
    model = Employer

    def __init__(self, rows: Iterable[bytes] = ()) -> None:
        super().__init__(tuple(rows))

    @classmethod
    def of(cls, employers: Iterable[Employer]) -> PackedEmployers:
        return cls(pack(e) for e in employers)
