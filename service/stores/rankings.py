"""Stored rankings: each seeker's suggestions as `ipsmatch rank-all` last ranked them, and when.

A stored ranking is a snapshot. It stays true for a seeker until their profile, their feedback or their
specialist's judgments change (then it is stale: `stale_seekers`), and each stored suggestion stays true
until its opening changes, closes or goes (`fits_at_employer` leaves those out; deletes cascade). The candidates
search reads an employer's fits best first (`fits_in_order`) through an index on the sort columns, so it
reads only as many as its answer needs.
"""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Row, Select, and_, bindparam, delete, exists, insert, or_, select
from sqlalchemy.orm import Session

from models import OpeningStatus, Suggestion
from service.db import begin_writing
from service.tables import (
    FeedbackRow,
    JudgmentRow,
    OpeningRow,
    SeekerRow,
    StoredRankingRow,
    StoredSuggestionRow,
    utcnow,
)

_CHUNK = 500
# fits_in_order reads this many stored suggestions first, four times as many each page after, up to _LAST_PAGE.
_FIRST_PAGE, _LAST_PAGE = 128, 8_192
_PAIRS = 100  # (seeker, position) pairs a query


@dataclass(frozen=True)
class StoredRanking:
    """A seeker's stored suggestions, best first, with when they were ranked and how long ago that is."""

    seeker_id: int
    suggestions: list[Suggestion]
    ranked_at: dt.datetime
    catalogue: int
    voice: str

    @property
    def age(self) -> dt.timedelta:
        """How long ago the seeker was ranked."""
        return utcnow() - self.ranked_at


def _dump(suggestion: Suggestion) -> dict:
    # score_without_judgment is kept out of API dumps but a seeker's own view needs it back.
    return {**suggestion.model_dump(mode="json"), "score_without_judgment": suggestion.score_without_judgment}


def _load(data: dict) -> Suggestion:
    return Suggestion(**data)


def replace_many(
    s: Session, ranked: Mapping[int, Sequence[Suggestion]], *, ranked_at: dt.datetime, catalogue: int, voice: str
) -> None:
    """Stores these seekers' rankings in place of any stored before, in the caller's transaction."""
    begin_writing(s)
    ids = sorted(ranked)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        s.execute(delete(StoredRankingRow).where(StoredRankingRow.seeker_id.in_(chunk)))
        s.execute(delete(StoredSuggestionRow).where(StoredSuggestionRow.seeker_id.in_(chunk)))  # SQLite w/o cascade
    if not ids:
        return
    s.execute(insert(StoredRankingRow.__table__),
              [{"seeker_id": i, "ranked_at": ranked_at, "catalogue": catalogue, "voice": voice} for i in ids])
    rows = [
        {"seeker_id": seeker_id, "position": position, "opening_id": x.opening_id, "employer_id": x.employer_id,
         "score": x.score, "preference_score": x.preference_score, "suggestion": _dump(x)}
        for seeker_id in ids for position, x in enumerate(ranked[seeker_id])
    ]
    for start in range(0, len(rows), 2_000):
        s.execute(insert(StoredSuggestionRow.__table__), rows[start : start + 2_000])


def latest_for(s: Session, seeker_id: int) -> StoredRanking | None:
    """The seeker's stored ranking (suggestions best first, when, how long ago), or None if never ranked."""
    head = s.get(StoredRankingRow, seeker_id)
    if head is None:
        return None
    rows = s.scalars(select(StoredSuggestionRow.suggestion).where(StoredSuggestionRow.seeker_id == seeker_id)
                     .order_by(StoredSuggestionRow.position))
    return StoredRanking(seeker_id=seeker_id, suggestions=[_load(r) for r in rows], ranked_at=head.ranked_at,
                         catalogue=head.catalogue, voice=head.voice)


def stale_seekers(s: Session, seeker_ids: Iterable[int] | None = None, *, specialist_id: int | None = None) -> set[int]:
    """Active seekers (all, or one specialist's) with no stored ranking, or whose profile, feedback or judgments
    changed after it was made."""
    ranked_at = StoredRankingRow.ranked_at
    changed = or_(
        ranked_at.is_(None),
        SeekerRow.updated_at > ranked_at,
        exists().where(FeedbackRow.seeker_id == SeekerRow.id, FeedbackRow.at > ranked_at),
        exists().where(JudgmentRow.seeker_id == SeekerRow.id, JudgmentRow.at > ranked_at),
    )
    query = (select(SeekerRow.id).outerjoin(StoredRankingRow, StoredRankingRow.seeker_id == SeekerRow.id)
             .where(SeekerRow.active.is_(True), changed))
    if specialist_id is not None:
        query = query.where(SeekerRow.specialist_id == specialist_id)
    if seeker_ids is not None:
        wanted = sorted(set(seeker_ids))
        return {i for start in range(0, len(wanted), _CHUNK)
                for i in s.scalars(query.where(SeekerRow.id.in_(wanted[start : start + _CHUNK])))}
    return set(s.scalars(query))


@dataclass(frozen=True)
class StoredFit:
    """Where a seeker's highest-placed stored suggestion at an employer sits, with its two sort numbers."""

    seeker_id: int
    position: int
    preference_score: float
    score: float


def _valid_fits(employer_id: int, specialist_id: int | None = None) -> Select:
    """The stored suggestions at this employer that still hold, of active seekers, by seeker and position."""
    query = (
        select(StoredSuggestionRow.seeker_id, StoredSuggestionRow.position, StoredSuggestionRow.preference_score,
               StoredSuggestionRow.score)
        .join(StoredRankingRow, StoredRankingRow.seeker_id == StoredSuggestionRow.seeker_id)
        .join(OpeningRow, OpeningRow.id == StoredSuggestionRow.opening_id)
        .join(SeekerRow, SeekerRow.id == StoredSuggestionRow.seeker_id)
        .where(
            StoredSuggestionRow.employer_id == employer_id,
            SeekerRow.active.is_(True),
            and_(OpeningRow.status == OpeningStatus.open.value, OpeningRow.updated_at <= StoredRankingRow.ranked_at),
        )
        .order_by(StoredSuggestionRow.seeker_id, StoredSuggestionRow.position)
    )
    return query if specialist_id is None else query.where(SeekerRow.specialist_id == specialist_id)


def _first_each(rows: Iterable[Row]) -> dict[int, StoredFit]:
    best: dict[int, StoredFit] = {}
    for seeker_id, position, preference_score, score in rows:
        if seeker_id not in best:
            best[seeker_id] = StoredFit(seeker_id, position, preference_score, score)
    return best


def fit_keys_at_employer(s: Session, employer_id: int) -> dict[int, StoredFit]:
    """seeker id -> their highest-placed stored suggestion at this employer (its numbers only, no JSON read), for
    active seekers, leaving out openings no longer open or changed since the seeker was ranked."""
    return _first_each(s.execute(_valid_fits(employer_id)))


def fits_in_order(
    s: Session, employer_id: int, *, leave_out: Iterable[int] = (), specialist_id: int | None = None
) -> Iterator[StoredFit]:
    """The fits of `fit_keys_at_employer` (less the seekers left out; only one specialist's caseload when given),
    best first by preference, then score, then seeker id, read a page at a time as the caller asks for more.

    The pages come from ix_stored_suggestions_employer_fit, every stored suggestion at the employer in that
    order. A seeker's fit is their highest-placed suggestion there that still holds, which need not be the first
    one of theirs the pages meet, but never comes before it; so when a page brings a seeker for the first time,
    their fit is looked up and held until the pages have gone past it, and then given in its turn.
    """
    ss = StoredSuggestionRow
    pages = select(ss.preference_score, ss.score, ss.seeker_id, ss.position).where(ss.employer_id == employer_id)
    if specialist_id is not None:
        pages = pages.where(ss.seeker_id.in_(select(SeekerRow.id).where(SeekerRow.specialist_id == specialist_id)))
    pages = pages.order_by(ss.preference_score.desc(), ss.score.desc(), ss.seeker_id, ss.position)
    # Each statement is made once and run with new parameters: making one costs more than running it here.
    first = pages.limit(bindparam("size"))
    after = pages.where(_after()).limit(bindparam("size"))
    fits_of = _valid_fits(employer_id, specialist_id).where(ss.seeker_id.in_(bindparam("ids", expanding=True)))
    seen, held = set(leave_out), []  # held: a heap of (sort key, fit)
    last, size = None, _FIRST_PAGE
    while True:
        if last is None:
            page = s.execute(first, {"size": size}).all()
        else:
            page = s.execute(after, {**dict(zip(_AFTER, last, strict=True)), "size": size}).all()
        new = sorted({row.seeker_id for row in page} - seen)
        seen.update(new)
        for start in range(0, len(new), _CHUNK):
            for fit in _first_each(s.execute(fits_of, {"ids": new[start : start + _CHUNK]})).values():
                heapq.heappush(held, (_sort_key(fit.preference_score, fit.score, fit.seeker_id, fit.position), fit))
        finished = len(page) < size
        if page:
            last = tuple(page[-1])
        bound = None if finished else _sort_key(*last)
        while held and (bound is None or held[0][0] <= bound):
            yield heapq.heappop(held)[1]
        if finished:
            return
        size = min(size * 4, _LAST_PAGE)


def _sort_key(preference_score: float, score: float, seeker_id: int, position: int) -> tuple[float, float, int, int]:
    return (-preference_score, -score, seeker_id, position)


# The parameters of _after(): the sort columns of the last stored suggestion read.
_AFTER = ("after_preference", "after_score", "after_seeker", "after_position")


def _after() -> ColumnElement[bool]:
    """Stored suggestions after the one given by the _AFTER parameters in the pages' order (the first test lets
    the index seek)."""
    ss = StoredSuggestionRow
    preference_score, score, seeker_id, position = (
        bindparam(name, type_=column.type)
        for name, column in zip(_AFTER, (ss.preference_score, ss.score, ss.seeker_id, ss.position), strict=True)
    )
    later = or_(ss.seeker_id > seeker_id, and_(ss.seeker_id == seeker_id, ss.position > position))
    later = or_(ss.score < score, and_(ss.score == score, later))
    later = or_(ss.preference_score < preference_score, and_(ss.preference_score == preference_score, later))
    return and_(ss.preference_score <= preference_score, later)


def stored_suggestions(s: Session, fits: Iterable[StoredFit]) -> dict[int, Suggestion]:
    """seeker id -> the stored suggestion each fit points at."""
    wanted = sorted({(f.seeker_id, f.position) for f in fits})
    found: dict[int, Suggestion] = {}
    # Pairs as ORs: SQLite reads each through the primary key, where a row-value IN scans the whole table.
    for start in range(0, len(wanted), _PAIRS):
        pairs = [and_(StoredSuggestionRow.seeker_id == i, StoredSuggestionRow.position == p)
                 for i, p in wanted[start : start + _PAIRS]]
        query = select(StoredSuggestionRow.seeker_id, StoredSuggestionRow.suggestion).where(or_(*pairs))
        for seeker_id, data in s.execute(query):
            found[seeker_id] = _load(data)
    return found


def fits_at_employer(s: Session, employer_id: int) -> dict[int, Suggestion]:
    """seeker id -> the highest-placed stored suggestion at this employer, for active seekers, leaving out
    openings no longer open or changed since the seeker was ranked."""
    return stored_suggestions(s, fit_keys_at_employer(s, employer_id).values())
