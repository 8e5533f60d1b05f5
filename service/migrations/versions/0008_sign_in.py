"""Sign-in for the web pages: password hashes for users and server-side page sessions.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25

Reserved in the revision chain; the tables arrive with the work that needs them.
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
