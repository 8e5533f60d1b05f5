"""Follow-ups: the next steps a person set at their employer contacts, sorted into due, overdue and done.

A contact with a next step and a due date is a follow-up until it is done (`done_on`). Relative to `today`:
- overdue: not done and due before today;
- due: not done and due from today to the Sunday of today's ISO week (later ones are not due yet);
- done: done in the last `done_days` days (14), newest first, so the person sees what they finished.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from models import EmployerContact

DONE_DAYS = 14


@dataclass(frozen=True)
class FollowUpList:
    """A person's follow-ups as of one day."""

    due: list[EmployerContact]
    overdue: list[EmployerContact]
    done: list[EmployerContact]


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """The Monday and Sunday of the ISO week holding `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def follow_ups(contacts: Sequence[EmployerContact], *, today: dt.date, done_days: int = DONE_DAYS) -> FollowUpList:
    """The contacts' follow-ups due this week, overdue, and recently done (contacts without a next step and
    a due date are left out). Due and overdue are soonest first; done, most recently done first; ties by id."""
    steps = [c for c in contacts if c.next_step and c.next_step_due is not None]
    _, sunday = week_of(today)
    open_ = sorted((c for c in steps if c.done_on is None), key=lambda c: (c.next_step_due, c.id or 0))
    return FollowUpList(
        due=[c for c in open_ if today <= c.next_step_due <= sunday],  # type: ignore[operator]
        overdue=[c for c in open_ if c.next_step_due < today],  # type: ignore[operator]
        done=sorted(
            (c for c in steps if c.done_on is not None and today - dt.timedelta(days=done_days) <= c.done_on <= today),
            key=lambda c: (c.done_on, c.id or 0),
            reverse=True,
        ),
    )
