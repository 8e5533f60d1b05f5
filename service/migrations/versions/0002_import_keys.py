"""Import keys: which record each imported row became, so re-running an import never duplicates.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30

The types are spelled out here rather than imported from service.tables, so later edits to the tables
module cannot change what this revision creates.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "import_keys",
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("record_id", Id, nullable=False),
        sa.PrimaryKeyConstraint("kind", "key", name="pk_import_keys"),
    )


def downgrade() -> None:
    op.drop_table("import_keys")
