"""First schema: users, seekers, employers, openings, contacts, feedback, judgments, embeddings, audit,
counters and idempotency.

Revision ID: 0001
Revises:
Create Date: 2026-11-23

The types are spelled out here rather than imported from service.tables, so later edits to the tables
module cannot change what this revision creates.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
Json = sa.JSON().with_variant(JSONB(), "postgresql")
Stamp = sa.DateTime(timezone=True)


def _id() -> sa.Column:
    return sa.Column("id", Id, primary_key=True, autoincrement=True)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    # users and seekers refer to each other. SQLite accepts a key to a table created later (and cannot add
    # one afterwards); PostgreSQL needs both tables first, so there the key is added at the end.
    seeker_key = [sa.ForeignKeyConstraint(["seeker_id"], ["seekers.id"], name="fk_users_seeker_id_seekers",
                                          ondelete="CASCADE")] if sqlite else []
    op.create_table(
        "users",
        _id(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("seeker_id", Id, nullable=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        *seeker_key,
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("token_hash", name="uq_users_token_hash"),
    )
    op.create_index("ix_users_seeker_id", "users", ["seeker_id"])
    op.create_table(
        "seekers",
        _id(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("specialist_id", Id, nullable=True),
        sa.Column("entered_on", sa.Date(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("profile", Json, nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("updated_at", Stamp, nullable=False),
        sa.ForeignKeyConstraint(["specialist_id"], ["users.id"], name="fk_seekers_specialist_id_users",
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_seekers"),
    )
    op.create_index("ix_seekers_specialist_id", "seekers", ["specialist_id"])
    if not sqlite:
        op.create_foreign_key("fk_users_seeker_id_seekers", "users", "seekers", ["seeker_id"], ["id"],
                              ondelete="CASCADE")

    op.create_table(
        "employers",
        _id(),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("industry", sa.String(200), nullable=True),
        sa.Column("lat", sa.Double(), nullable=True),
        sa.Column("lon", sa.Double(), nullable=True),
        sa.Column("hiring_needs", Json, nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("updated_at", Stamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_employers"),
    )
    op.create_table(
        "openings",
        _id(),
        sa.Column("employer_id", Id, nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("hours_min", sa.Double(), nullable=True),
        sa.Column("hours_max", sa.Double(), nullable=True),
        sa.Column("shifts", Json, nullable=False),
        sa.Column("wage", sa.Double(), nullable=True),
        sa.Column("lat", sa.Double(), nullable=True),
        sa.Column("lon", sa.Double(), nullable=True),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("set_aside", sa.Boolean(), nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.Column("updated_at", Stamp, nullable=False),
        sa.ForeignKeyConstraint(["employer_id"], ["employers.id"], name="fk_openings_employer_id_employers",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_openings"),
    )
    op.create_index("ix_openings_employer_id", "openings", ["employer_id"])
    op.create_index("ix_openings_status", "openings", ["status"])
    op.create_table(
        "contacts",
        _id(),
        sa.Column("employer_id", Id, nullable=False),
        sa.Column("specialist_id", Id, nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("face_to_face", sa.Boolean(), nullable=False),
        sa.Column("person_met", sa.String(200), nullable=True),
        sa.Column("person_role", sa.String(200), nullable=True),
        sa.Column("seeker_ids", Json, nullable=False),
        sa.Column("stage", sa.String(30), nullable=False),
        sa.Column("needs", sa.Text(), nullable=True),
        sa.Column("next_step", sa.Text(), nullable=True),
        sa.Column("next_step_due", sa.Date(), nullable=True),
        sa.Column("created_at", Stamp, nullable=False),
        sa.ForeignKeyConstraint(["employer_id"], ["employers.id"], name="fk_contacts_employer_id_employers",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["specialist_id"], ["users.id"], name="fk_contacts_specialist_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_contacts"),
    )
    op.create_index("ix_contacts_employer_id", "contacts", ["employer_id"])
    op.create_index("ix_contacts_specialist_id", "contacts", ["specialist_id"])
    op.create_table(
        "feedback",
        _id(),
        sa.Column("seeker_id", Id, nullable=False),
        sa.Column("opening_id", Id, nullable=False),
        sa.Column("reaction", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("at", Stamp, nullable=False),
        sa.ForeignKeyConstraint(["seeker_id"], ["seekers.id"], name="fk_feedback_seeker_id_seekers",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["opening_id"], ["openings.id"], name="fk_feedback_opening_id_openings",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_feedback"),
        sa.UniqueConstraint("seeker_id", "opening_id", "reaction", name="uq_feedback_seeker_id_opening_id_reaction"),
    )
    op.create_index("ix_feedback_opening_id", "feedback", ["opening_id"])
    op.create_table(
        "judgments",
        _id(),
        sa.Column("seeker_id", Id, nullable=False),
        sa.Column("opening_id", Id, nullable=True),
        sa.Column("employer_id", Id, nullable=True),
        sa.Column("weight", sa.Double(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("author_id", Id, nullable=False),
        sa.Column("at", Stamp, nullable=False),
        sa.ForeignKeyConstraint(["seeker_id"], ["seekers.id"], name="fk_judgments_seeker_id_seekers",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["opening_id"], ["openings.id"], name="fk_judgments_opening_id_openings",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["employer_id"], ["employers.id"], name="fk_judgments_employer_id_employers",
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["author_id"], ["users.id"], name="fk_judgments_author_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_judgments"),
    )
    for column in ("seeker_id", "opening_id", "employer_id", "author_id"):
        op.create_index(f"ix_judgments_{column}", "judgments", [column])
    op.create_table(
        "embeddings",
        sa.Column("model_id", sa.String(200), nullable=False),
        sa.Column("text_sha256", sa.String(64), nullable=False),
        sa.Column("dim", sa.Integer(), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("model_id", "text_sha256", name="pk_embeddings"),
    )
    op.create_table(
        "audit",
        _id(),
        sa.Column("at", Stamp, nullable=False),
        sa.Column("user_id", Id, nullable=True),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("seeker_id", Id, nullable=True),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit"),
    )
    op.create_index("ix_audit_seeker_id", "audit", ["seeker_id"])
    counters = op.create_table(
        "counters",
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_counters"),
    )
    # Seeded so that the first bump is a plain UPDATE of an existing row.
    op.bulk_insert(counters, [{"name": "catalogue", "value": 0}])
    op.create_table(
        "idempotency",
        sa.Column("user_id", Id, nullable=False),
        sa.Column("key", sa.String(400), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column("body_json", sa.Text(), nullable=False),
        sa.Column("created_at", Stamp, nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_idempotency_user_id_users", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("user_id", "key", name="pk_idempotency"),
    )


def downgrade() -> None:
    for table in ("idempotency", "counters", "audit", "embeddings", "judgments", "feedback", "contacts",
                  "openings", "employers"):
        op.drop_table(table)
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("fk_users_seeker_id_seekers", "users", type_="foreignkey")
    op.drop_table("seekers")
    op.drop_table("users")
