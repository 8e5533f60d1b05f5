"""Stored rankings: the nightly rank-all results that pages and the planner read.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25

Reserved in the revision chain; the tables arrive with the work that needs them.
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
