"""Occupations: the taxonomy occupation a specialist chose for an opening or a seeker's job type, by whom, when.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25

Automatic groundings are not stored: they are computed from the title or job type through the embedding
cache, so they cannot go stale. What is stored is a person's correction:

- three nullable columns on `openings` (the code, who set it, when), cleared when the title changes;
- `seeker_occupations`, one row per seeker and job type (the job type's own words), deleted with the
  seeker (ON DELETE CASCADE) and when the job type leaves the profile.

`corrected_by` is a user id without a foreign key, like the audit trail's: the record of who decided
outlives that user's sign-in.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    # Plain ADD COLUMN (nullable, no constraint) works on SQLite without rebuilding the table.
    op.add_column("openings", sa.Column("occupation_code", sa.String(200), nullable=True))
    op.add_column("openings", sa.Column("occupation_corrected_by", Id, nullable=True))
    op.add_column("openings", sa.Column("occupation_corrected_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "seeker_occupations",
        sa.Column("seeker_id", Id, nullable=False),
        sa.Column("job_type", sa.String(200), nullable=False),
        sa.Column("code", sa.String(200), nullable=False),
        sa.Column("corrected_by", Id, nullable=True),
        sa.Column("corrected_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["seeker_id"], ["seekers.id"], name="fk_seeker_occupations_seeker_id_seekers",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("seeker_id", "job_type", name="pk_seeker_occupations"),
    )


def downgrade() -> None:
    op.drop_table("seeker_occupations")
    with op.batch_alter_table("openings") as batch:
        batch.drop_column("occupation_corrected_at")
        batch.drop_column("occupation_corrected_by")
        batch.drop_column("occupation_code")
