"""An employer's hiring needs over time: what its recent contacts recorded, fading with age.

What an employer said it needs goes stale: the dishwashers it wanted in spring are hired by autumn. Each need
therefore carries a weight that halves every `half_life_days` (setting `needs_half_life_days`):
weight = 0.5 ** (age in days / half_life_days). The employer's own `hiring_needs` are what the record says
today, so they count as recorded today (weight 1). A contact dated after `today` counts as today's (weight 1),
so weights are always in [0, 1]: the reciprocal ranking term multiplies each need's fit by its weight and
therefore stays within its bound.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from models import Employer, EmployerContact

EMPLOYER_RECORD = "employer record"


@dataclass(frozen=True)
class Need:
    """One recorded need: its words, when it was recorded, where, and how much it counts today (0 to 1)."""

    text: str
    recorded_on: dt.date
    source: str  # "employer record" or "contact {id}"
    weight: float


def fading(age_days: int, half_life_days: float) -> float:
    """How much a need recorded `age_days` ago counts today: 1 when new, halving every half-life."""
    if half_life_days <= 0:
        raise ValueError("half_life_days must be above 0")
    return 0.5 ** (max(age_days, 0) / half_life_days)


def needs_timeline(
    employer: Employer, contacts: Sequence[EmployerContact], *, today: dt.date, half_life_days: float
) -> list[Need]:
    """Every need recorded for the employer, newest first, with its weight today.

    Order: by date, newest first; on one date the employer record first, then contacts by id, newest first.
    Contacts of other employers and contacts without needs are left out.
    """
    needs = [Need(text, today, EMPLOYER_RECORD, 1.0) for text in employer.hiring_needs]
    mine = [c for c in contacts if c.needs and c.employer_id in (None, employer.id)]
    for contact in sorted(mine, key=lambda c: (c.on, c.id or 0), reverse=True):
        needs.append(Need(
            contact.needs or "", contact.on, f"contact {contact.id}", fading((today - contact.on).days, half_life_days)
        ))
    return sorted(needs, key=lambda n: n.recorded_on, reverse=True)  # stable: ties keep the order above


def current_needs(
    employer: Employer, contacts: Sequence[EmployerContact], *, today: dt.date, half_life_days: float
) -> list[tuple[str, float]]:
    """The employer's distinct needs with their weight today, newest first; a need recorded twice keeps the
    larger (newer) weight."""
    weights: dict[str, float] = {}
    for need in needs_timeline(employer, contacts, today=today, half_life_days=half_life_days):
        weights[need.text] = max(weights.get(need.text, 0.0), need.weight)
    return list(weights.items())
