"""Catalogue changes: a log of which openings and employers changed, so each process updates its index in place.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25

Reserved in the revision chain; the tables arrive with the work that needs them.
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
