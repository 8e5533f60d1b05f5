"""Follow-ups: a contact's next step can be marked done (contacts.done_on).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

A nullable date column: existing contacts keep their next steps open until someone marks them done or
logs the next contact with that employer. The type is spelled out here rather than imported from
service.tables, so later edits to the tables module cannot change what this revision creates.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("contacts", sa.Column("done_on", sa.Date(), nullable=True))


def downgrade() -> None:
    # SQLite drops a column only by copying the table: batch mode does that.
    with op.batch_alter_table("contacts") as batch:
        batch.drop_column("done_on")
