"""Stored suggestions indexed for the candidates search, so it reads only the fits its answer needs.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26

Two indexes on stored_suggestions take the place of `ix_stored_suggestions_employer_id` (0007), which both
start with employer_id:
- `ix_stored_suggestions_employer_fit` (employer_id, preference_score DESC, score DESC, seeker_id, position):
  an employer's stored suggestions best first, every column the search sorts and pages on in the index.
- `ix_stored_suggestions_employer_seeker` (employer_id, seeker_id, position): a few seekers' suggestions at
  one employer, where the search finds which of them is each seeker's fit.
Creating them indexes the rankings already stored.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_stored_suggestions_employer_fit",
        "stored_suggestions",
        ["employer_id", sa.text("preference_score DESC"), sa.text("score DESC"), "seeker_id", "position"],
    )
    op.create_index("ix_stored_suggestions_employer_seeker", "stored_suggestions",
                    ["employer_id", "seeker_id", "position"])
    op.drop_index("ix_stored_suggestions_employer_id", table_name="stored_suggestions")


def downgrade() -> None:
    op.create_index("ix_stored_suggestions_employer_id", "stored_suggestions", ["employer_id"])
    op.drop_index("ix_stored_suggestions_employer_seeker", table_name="stored_suggestions")
    op.drop_index("ix_stored_suggestions_employer_fit", table_name="stored_suggestions")
