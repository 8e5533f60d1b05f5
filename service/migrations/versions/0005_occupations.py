"""Occupations: the taxonomy occupation each opening and seeker is grounded to, its confidence and a specialist's correction.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25

Reserved in the revision chain; the tables arrive with the work that needs them.
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
