"""Occupation corrections: the taxonomy occupation a person chose for an opening or a seeker's job type.

Automatic groundings are not stored (service/occupations.py computes them from the embedding cache); only
a person's choice is, with who made it and when. An opening's choice lives in three columns of its row and
goes when its title changes; a job type's lives in `seeker_occupations` and goes when the job type leaves
the profile, or with the seeker. A correction of an opening is a catalogue change, so it is filed in the
catalogue change log like every other one and each process's ranking index sees it.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import delete
from sqlalchemy.orm import Session

from models import InvalidInput
from service.db import begin_writing
from service.stores import catalogue_changes
from service.stores._rows import flush, refuse_nul, row_or_404
from service.tables import OpeningRow, SeekerOccupationRow, SeekerRow, utcnow


def correct_opening(s: Session, opening_id: int, code: str | None, user_id: int | None) -> None:
    """Sets (or with None, removes) the occupation chosen for the opening; NotFound for an unknown opening.

    The caller checks that `code` is in the taxonomy; this records it, by whom and when.
    """
    begin_writing(s)
    row = row_or_404(s, OpeningRow, opening_id, "opening", for_update=True)
    if code is None:
        forget_opening(row)
    else:
        refuse_nul(code, "code")
        row.occupation_code = code
        row.occupation_corrected_by = user_id
        row.occupation_corrected_at = utcnow()
    flush(s, missing="This opening no longer exists.")
    catalogue_changes.record(s, openings=[opening_id])


def forget_opening(row: OpeningRow) -> None:
    """Drops the opening's chosen occupation (its title changed, or the choice was taken back)."""
    row.occupation_code = None
    row.occupation_corrected_by = None
    row.occupation_corrected_at = None


def correct_job_type(s: Session, seeker_id: int, job_type: str, code: str | None, user_id: int | None) -> None:
    """Sets (or with None, removes) the occupation chosen for one of the seeker's wanted job types.

    InvalidInput when the job type is not among the seeker's `job_types` (matched exactly, after trimming).
    """
    begin_writing(s)
    row = row_or_404(s, SeekerRow, seeker_id, "seeker", for_update=True)
    wanted = (row.profile or {}).get("job_types") or []
    job_type = job_type.strip()
    if job_type not in wanted:
        listed = ", ".join(f"'{j}'" for j in wanted) or "none"
        raise InvalidInput(
            f"job_type: '{job_type}' is not one of this seeker's wanted job types ({listed}); add it to the "
            "profile's job_types first, or correct one of those."
        )
    s.execute(
        delete(SeekerOccupationRow).where(
            SeekerOccupationRow.seeker_id == seeker_id, SeekerOccupationRow.job_type == job_type
        )
    )
    if code is not None:
        refuse_nul(code, "code")
        s.add(SeekerOccupationRow(seeker_id=seeker_id, job_type=job_type, code=code, corrected_by=user_id,
                                  corrected_at=utcnow()))
    # The seeker's record changed (a stored ranking made before this is stale: stores/rankings.py).
    row.updated_at = utcnow()
    flush(s, missing="This seeker no longer exists.")
    s.expire(row, ["occupations"])  # the next read of the seeker sees the change


def keep_job_types(s: Session, row: SeekerRow, job_types: Iterable[str]) -> None:
    """Removes the corrections of job types that are no longer in the seeker's profile."""
    keep = set(job_types)
    gone = [o.job_type for o in row.occupations if o.job_type not in keep]
    if gone and row.id is not None:
        begin_writing(s)
        s.execute(
            delete(SeekerOccupationRow).where(
                SeekerOccupationRow.seeker_id == row.id, SeekerOccupationRow.job_type.in_(gone)
            )
        )
        s.expire(row, ["occupations"])


def job_type_codes(row: SeekerRow) -> dict[str, str]:
    """The occupation chosen for each of the seeker's current job types that has one."""
    wanted = set((row.profile or {}).get("job_types") or [])
    return {o.job_type: o.code for o in row.occupations if o.job_type in wanted}
