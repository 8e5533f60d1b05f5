"""What seekers say about openings (feedback) and the bounded judgments specialists add (judgments)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import Feedback, InvalidInput, Judgment, NotFound
from service.db import begin_writing
from service.stores._rows import exists, flush, refuse_nul, require
from service.tables import EmployerRow, FeedbackRow, JudgmentRow, OpeningRow, SeekerRow, UserRow, as_utc, utcnow

T = TypeVar("T")


def add_feedback(s: Session, seeker_id: int, fb: Feedback) -> Feedback:
    """The seeker's feedback as stored; the same reaction to the same opening again returns the first one.

    NotFound for an unknown seeker, InvalidInput for an unknown opening.
    """
    values = {**fb.model_dump(mode="json", exclude={"id"}), "seeker_id": _same_seeker(fb, seeker_id)}
    fb = Feedback.model_validate(values)
    refuse_nul(fb.reason)
    begin_writing(s)
    _seeker_or_404(s, seeker_id)
    require(s, OpeningRow, fb.opening_id, "opening_id", "opening", "check the opening's id")
    if (earlier := _feedback_row(s, seeker_id, fb.opening_id, fb.reaction.value)) is not None:
        return _feedback(earlier)
    row = FeedbackRow(seeker_id=seeker_id, opening_id=fb.opening_id, reaction=fb.reaction.value, reason=fb.reason,
                      at=as_utc(fb.at) if fb.at else utcnow())
    try:
        # A savepoint, so that losing a race with an identical submission leaves the transaction usable.
        with s.begin_nested():
            s.add(row)
    except IntegrityError:
        if (earlier := _feedback_row(s, seeker_id, fb.opening_id, fb.reaction.value)) is not None:
            return _feedback(earlier)
        raise InvalidInput("opening_id: the opening or the seeker was deleted meanwhile.") from None
    return _feedback(row)


def feedback_for(s: Session, seeker_id: int) -> list[Feedback]:
    """The seeker's feedback, oldest first (empty for an unknown seeker)."""
    query = select(FeedbackRow.__table__).where(FeedbackRow.seeker_id == seeker_id).order_by(FeedbackRow.id)
    return [_feedback(row) for row in s.execute(query)]


def feedback_for_many(s: Session, seeker_ids: Iterable[int]) -> dict[int, list[Feedback]]:
    """seeker id -> their feedback, oldest first, for many seekers in a few queries (seekers with none left out)."""
    return _many(s, FeedbackRow, seeker_ids, _feedback)


def add_judgment(s: Session, seeker_id: int, j: Judgment, author_id: int) -> Judgment:
    """The judgment as stored, written by `author_id`.

    NotFound for an unknown seeker; InvalidInput for an unknown opening, employer or author.
    """
    values = {**j.model_dump(mode="json", exclude={"id"}), "seeker_id": _same_seeker(j, seeker_id)}
    values["author_id"] = author_id
    j = Judgment.model_validate(values)
    refuse_nul(j.note)
    begin_writing(s)
    _seeker_or_404(s, seeker_id)
    require(s, OpeningRow, j.opening_id, "opening_id", "opening", "check the opening's id")
    require(s, EmployerRow, j.employer_id, "employer_id", "employer", "check the employer's id")
    require(s, UserRow, author_id, "author_id", "user", "sign in as an existing user")
    row = JudgmentRow(seeker_id=seeker_id, opening_id=j.opening_id, employer_id=j.employer_id, weight=j.weight,
                      note=j.note, author_id=author_id, at=as_utc(j.at) if j.at else utcnow())
    s.add(row)
    flush(s, missing="The seeker, opening, employer or author was deleted meanwhile; check the ids.")
    return _judgment(row)


def judgments_for(s: Session, seeker_id: int) -> list[Judgment]:
    """The judgments about the seeker, oldest first (empty for an unknown seeker)."""
    query = select(JudgmentRow).where(JudgmentRow.seeker_id == seeker_id).order_by(JudgmentRow.id)
    return [_judgment(row) for row in s.scalars(query)]


def judgments_for_many(s: Session, seeker_ids: Iterable[int]) -> dict[int, list[Judgment]]:
    """seeker id -> the judgments about them, oldest first, for many seekers in a few queries."""
    return _many(s, JudgmentRow, seeker_ids, _judgment)


def _many(s: Session, table, seeker_ids: Iterable[int], model: Callable[[Any], T]) -> dict[int, list[T]]:
    wanted = sorted(set(seeker_ids))
    found: dict[int, list[T]] = {}
    for start in range(0, len(wanted), 500):
        # Plain rows, not ORM objects: a seeker's history can run to hundreds of reactions, read on every ranking.
        query = select(table.__table__).where(table.seeker_id.in_(wanted[start : start + 500])).order_by(table.id)
        for row in s.execute(query):
            found.setdefault(row.seeker_id, []).append(model(row))
    return found


def _same_seeker(item: Feedback | Judgment, seeker_id: int) -> int:
    if item.seeker_id not in (None, seeker_id):
        raise InvalidInput(f"seeker_id: the body names seeker {item.seeker_id} but is sent for seeker {seeker_id}; "
                           "leave seeker_id out of the body.")
    return seeker_id


def _seeker_or_404(s: Session, seeker_id: int) -> None:
    if not exists(s, SeekerRow, seeker_id):
        raise NotFound(f"No seeker with id {seeker_id}.")


def _feedback_row(s: Session, seeker_id: int, opening_id: int, reaction: str) -> FeedbackRow | None:
    query = select(FeedbackRow).where(
        FeedbackRow.seeker_id == seeker_id, FeedbackRow.opening_id == opening_id, FeedbackRow.reaction == reaction
    )
    return s.scalars(query).first()


def _feedback(row: FeedbackRow) -> Feedback:
    return Feedback.model_validate(
        {"id": row.id, "seeker_id": row.seeker_id, "opening_id": row.opening_id, "reaction": row.reaction,
         "reason": row.reason, "at": row.at}
    )


def _judgment(row: JudgmentRow) -> Judgment:
    return Judgment.model_validate(
        {"id": row.id, "seeker_id": row.seeker_id, "opening_id": row.opening_id, "employer_id": row.employer_id,
         "weight": row.weight, "note": row.note, "author_id": row.author_id, "at": row.at}
    )
