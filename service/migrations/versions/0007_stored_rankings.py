"""Stored rankings: the nightly rank-all results that pages and the planner read.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25

`stored_rankings`: one row per seeker, when they were last ranked by `ipsmatch rank-all` and at which catalogue
counter. `stored_suggestions`: that ranking's suggestions, one row per position, with the numbers the
candidates search sorts on in columns and the whole suggestion (reasons and all) as JSON. Deleting a seeker,
an opening or an employer deletes its rows here. Types are spelled out, not imported from service.tables.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Json = sa.JSON().with_variant(JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "stored_rankings",
        sa.Column("seeker_id", Id, nullable=False),
        sa.Column("ranked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("catalogue", sa.BigInteger(), nullable=False),
        sa.Column("voice", sa.String(10), nullable=False),
        sa.ForeignKeyConstraint(["seeker_id"], ["seekers.id"], name="fk_stored_rankings_seeker_id_seekers",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("seeker_id", name="pk_stored_rankings"),
    )
    op.create_table(
        "stored_suggestions",
        sa.Column("seeker_id", Id, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("opening_id", Id, nullable=False),
        sa.Column("employer_id", Id, nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("preference_score", sa.Double(), nullable=False),
        sa.Column("suggestion", Json, nullable=False),
        sa.ForeignKeyConstraint(["seeker_id"], ["stored_rankings.seeker_id"],
                                name="fk_stored_suggestions_seeker_id_stored_rankings", ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["opening_id"], ["openings.id"], name="fk_stored_suggestions_opening_id_openings",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["employer_id"], ["employers.id"],
                                name="fk_stored_suggestions_employer_id_employers", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("seeker_id", "position", name="pk_stored_suggestions"),
    )
    op.create_index("ix_stored_suggestions_opening_id", "stored_suggestions", ["opening_id"])
    op.create_index("ix_stored_suggestions_employer_id", "stored_suggestions", ["employer_id"])


def downgrade() -> None:
    op.drop_index("ix_stored_suggestions_employer_id", table_name="stored_suggestions")
    op.drop_index("ix_stored_suggestions_opening_id", table_name="stored_suggestions")
    op.drop_table("stored_suggestions")
    op.drop_table("stored_rankings")
