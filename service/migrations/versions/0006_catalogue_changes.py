"""Catalogue changes: a log of which openings and employers changed, so each process updates its index in place.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25

One row per record touched by a catalogue write, keyed by the 'catalogue' counter value the write made, its
kind (opening, employer, contact) and the record's id. The types are spelled out here rather than imported
from service.tables, so later edits to the tables module cannot change what this revision creates.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "catalogue_changes",
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("record_id", Id, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("version", "kind", "record_id", name="pk_catalogue_changes"),
    )
    # Pruning deletes by age.
    op.create_index("ix_catalogue_changes_at", "catalogue_changes", ["at"])


def downgrade() -> None:
    op.drop_index("ix_catalogue_changes_at", table_name="catalogue_changes")
    op.drop_table("catalogue_changes")
