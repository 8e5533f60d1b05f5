"""Sign-in for the web pages: password hashes for users, server-side page sessions, and failed sign-ins.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-25

- users.username and users.password_hash: the name typed on the sign-in page (unique, lower case) and an
  argon2 hash (pwdlib) of the password; both null for users who use an API token only.
- page_sessions: one row per signed-in browser. The cookie holds a random id; only its sha256 is stored,
  so a copy of the database cannot be used to take over a session. Each row holds the session's CSRF token.
- sign_in_failures: failed sign-ins per username and per client, so repeated guesses are slowed down (a
  short lockout that grows) whichever process of a deployment answers them.

The types are spelled out here rather than imported from service.tables, so later edits to the tables module
cannot change what this revision creates.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column("users", sa.Column("username", sa.String(60), nullable=True))
    op.add_column("users", sa.Column("password_hash", sa.String(200), nullable=True))
    op.create_index("ix_users_username", "users", ["username"], unique=True)
    op.create_table(
        "page_sessions",
        sa.Column("id_hash", sa.String(64), nullable=False),
        sa.Column("user_id", Id, nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_page_sessions_user_id_users", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id_hash", name="pk_page_sessions"),
    )
    op.create_index("ix_page_sessions_user_id", "page_sessions", ["user_id"])
    op.create_table(
        "sign_in_failures",
        sa.Column("key", sa.String(300), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key", name="pk_sign_in_failures"),
    )


def downgrade() -> None:
    op.drop_table("sign_in_failures")
    op.drop_index("ix_page_sessions_user_id", table_name="page_sessions")
    op.drop_table("page_sessions")
    # SQLite drops a column only by copying the table: batch mode does that.
    op.drop_index("ix_users_username", table_name="users")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("password_hash")
        batch.drop_column("username")
