"""Exposures: which openings each seeker is currently shown, so crowded openings can give way (congestion).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01

One row per seeker and opening shown, replaced whenever the seeker's suggestions are served. The types are
spelled out here rather than imported from service.tables, so later edits to the tables module cannot change
what this revision creates.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "exposures",
        sa.Column("seeker_id", Id, nullable=False),
        sa.Column("opening_id", Id, nullable=False),
        sa.Column("shown_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["seeker_id"], ["seekers.id"], name="fk_exposures_seeker_id_seekers",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["opening_id"], ["openings.id"], name="fk_exposures_opening_id_openings",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("seeker_id", "opening_id", name="pk_exposures"),
    )
    # Deleting an opening deletes its rows here (ON DELETE CASCADE): the index finds them.
    op.create_index("ix_exposures_opening_id", "exposures", ["opening_id"])


def downgrade() -> None:
    op.drop_index("ix_exposures_opening_id", table_name="exposures")
    op.drop_table("exposures")
