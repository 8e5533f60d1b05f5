"""The database tables (SQLAlchemy 2 declarative). The stores turn these rows into domain models and back.

The schema itself is created by the migrations in service/migrations/versions/; these classes must describe
the same tables. Ids are 64-bit integers assigned by the database (RecordId allows up to 2**63 - 1).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# SQLite only autoincrements an INTEGER PRIMARY KEY (the rowid alias), which is 64-bit there anyway.
Id = BigInteger().with_variant(Integer(), "sqlite")
# JSONB on PostgreSQL: compact, and comparable should a later query need it; plain JSON text on SQLite.
Json = JSON().with_variant(JSONB(), "postgresql")

# Named constraints keep later migrations (SQLite batch mode in particular) able to find them by name.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> dt.datetime:
    """The current time, timezone-aware in UTC: every stored timestamp is UTC."""
    return dt.datetime.now(dt.UTC)


def as_utc(value: dt.datetime) -> dt.datetime:
    """The same instant in UTC; a naive time is taken to be UTC already."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored in UTC and always read back timezone-aware (SQLite keeps no zone of its own)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        value = as_utc(value)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return as_utc(value)


class Base(DeclarativeBase):
    """Declarative base of every ipsmatch table."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dt.datetime: UtcDateTime()}


class UserRow(Base):
    """A person who signs in; a specialist is a user with role 'specialist'."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    # use_alter: users and seekers refer to each other, so one of the two keys is added after both tables exist.
    seeker_id: Mapped[int | None] = mapped_column(
        Id, ForeignKey("seekers.id", ondelete="CASCADE", use_alter=True), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # For the pages (migration 0008): the name typed at sign-in and an argon2 hash; None: API token only.
    username: Mapped[str | None] = mapped_column(String(60), index=True, unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class SeekerRow(Base):
    """A job seeker; the career profile is one JSON document, read and written whole."""

    __tablename__ = "seekers"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    specialist_id: Mapped[int | None] = mapped_column(Id, ForeignKey("users.id", ondelete="SET NULL"), index=True)
    entered_on: Mapped[dt.date | None] = mapped_column(Date)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    profile: Mapped[dict[str, Any]] = mapped_column(Json)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Read-only here: the database deletes them with the seeker; service/stores/occupations.py writes them.
    occupations: Mapped[list[SeekerOccupationRow]] = relationship(
        lazy="selectin", viewonly=True, order_by="SeekerOccupationRow.job_type"
    )


class EmployerRow(Base):
    """A business the job developers know."""

    __tablename__ = "employers"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    industry: Mapped[str | None] = mapped_column(String(200))
    lat: Mapped[float | None] = mapped_column(Double)
    lon: Mapped[float | None] = mapped_column(Double)
    hiring_needs: Mapped[list[Any]] = mapped_column(Json)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class OpeningRow(Base):
    """A job an employer is hiring for; deleting the employer deletes its openings."""

    __tablename__ = "openings"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    employer_id: Mapped[int] = mapped_column(Id, ForeignKey("employers.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    hours_min: Mapped[float | None] = mapped_column(Double)
    hours_max: Mapped[float | None] = mapped_column(Double)
    shifts: Mapped[list[Any]] = mapped_column(Json)
    wage: Mapped[float | None] = mapped_column(Double)
    lat: Mapped[float | None] = mapped_column(Double)
    lon: Mapped[float | None] = mapped_column(Double)
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    set_aside: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # A person's correction of the occupation grounded from the title (migration 0005); null: automatic.
    occupation_code: Mapped[str | None] = mapped_column(String(200))
    occupation_corrected_by: Mapped[int | None] = mapped_column(Id)
    occupation_corrected_at: Mapped[dt.datetime | None] = mapped_column()


class ContactRow(Base):
    """One job-development contact; it goes with its employer when the employer is deleted."""

    __tablename__ = "contacts"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    employer_id: Mapped[int] = mapped_column(Id, ForeignKey("employers.id", ondelete="CASCADE"), index=True)
    specialist_id: Mapped[int] = mapped_column(Id, ForeignKey("users.id"), index=True)
    on: Mapped[dt.date] = mapped_column(Date)
    face_to_face: Mapped[bool] = mapped_column(Boolean, default=False)
    person_met: Mapped[str | None] = mapped_column(String(200))
    person_role: Mapped[str | None] = mapped_column(String(200))
    seeker_ids: Mapped[list[Any]] = mapped_column(Json)
    stage: Mapped[str] = mapped_column(String(30))
    needs: Mapped[str | None] = mapped_column(Text)
    next_step: Mapped[str | None] = mapped_column(Text)
    next_step_due: Mapped[dt.date | None] = mapped_column(Date)
    done_on: Mapped[dt.date | None] = mapped_column(Date)  # the next step was taken (migration 0003)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class FeedbackRow(Base):
    """A seeker's reaction to an opening; the same reaction to the same opening is kept once."""

    __tablename__ = "feedback"
    __table_args__ = (UniqueConstraint("seeker_id", "opening_id", "reaction"),)

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    seeker_id: Mapped[int] = mapped_column(Id, ForeignKey("seekers.id", ondelete="CASCADE"))
    opening_id: Mapped[int] = mapped_column(Id, ForeignKey("openings.id", ondelete="CASCADE"), index=True)
    reaction: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str | None] = mapped_column(Text)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class JudgmentRow(Base):
    """A specialist's bounded view of one opening or employer for one seeker."""

    __tablename__ = "judgments"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    seeker_id: Mapped[int] = mapped_column(Id, ForeignKey("seekers.id", ondelete="CASCADE"), index=True)
    opening_id: Mapped[int | None] = mapped_column(Id, ForeignKey("openings.id", ondelete="CASCADE"), index=True)
    employer_id: Mapped[int | None] = mapped_column(Id, ForeignKey("employers.id", ondelete="CASCADE"), index=True)
    weight: Mapped[float] = mapped_column(Double)
    note: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int] = mapped_column(Id, ForeignKey("users.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class EmbeddingRow(Base):
    """A cached sentence embedding: float32 little-endian bytes, keyed by model and sha256 of the text."""

    __tablename__ = "embeddings"

    model_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    text_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    dim: Mapped[int] = mapped_column(Integer)
    vector: Mapped[bytes] = mapped_column(LargeBinary)


class AuditRow(Base):
    """Who read or changed which seeker's record, and when. No foreign keys: the trail outlives the records."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(Id)
    action: Mapped[str] = mapped_column(String(10))
    seeker_id: Mapped[int | None] = mapped_column(Id, index=True)
    detail: Mapped[str] = mapped_column(Text, default="")


class CounterRow(Base):
    """A named number that only goes up; 'catalogue' moves on every change to employers, openings, contacts."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class IdempotencyRow(Base):
    """The first answer to a POST sent with an Idempotency-Key, replayed when the same user sends it again."""

    __tablename__ = "idempotency"

    user_id: Mapped[int] = mapped_column(Id, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    status_code: Mapped[int] = mapped_column(Integer)
    body_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class ImportKeyRow(Base):
    """Which record an imported row became, so importing the same file again never duplicates it.

    `key` is the row's `ref` (its id in the program's other system) or a sha256 of its content; no foreign
    key, because one table serves three kinds of record and a record deleted since is simply imported again.
    """

    __tablename__ = "import_keys"

    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    record_id: Mapped[int] = mapped_column(Id)


class ExposureRow(Base):
    """An opening a seeker is currently shown: their rows are replaced each time their suggestions are served."""

    __tablename__ = "exposures"

    seeker_id: Mapped[int] = mapped_column(Id, ForeignKey("seekers.id", ondelete="CASCADE"), primary_key=True)
    opening_id: Mapped[int] = mapped_column(
        Id, ForeignKey("openings.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    shown_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class PageSessionRow(Base):
    """A browser signed in to the pages: the cookie's id is stored only as its sha256 (migration 0008)."""

    __tablename__ = "page_sessions"

    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(Id, ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime]


class SignInFailureRow(Base):
    """Failed sign-ins for one key ('name:...' or 'client:...'), which slow the next tries down."""

    __tablename__ = "sign_in_failures"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_at: Mapped[dt.datetime]
    locked_until: Mapped[dt.datetime | None]


class SeekerOccupationRow(Base):
    """The occupation a specialist chose for one of a seeker's wanted job types (migration 0005)."""

    __tablename__ = "seeker_occupations"

    seeker_id: Mapped[int] = mapped_column(Id, ForeignKey("seekers.id", ondelete="CASCADE"), primary_key=True)
    job_type: Mapped[str] = mapped_column(String(200), primary_key=True)
    code: Mapped[str] = mapped_column(String(200))
    corrected_by: Mapped[int | None] = mapped_column(Id)  # a user id; no foreign key, like the audit trail
    corrected_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class CatalogueChangeRow(Base):
    """One record touched by a catalogue write: which kind, which id, and the 'catalogue' counter value it made.

    Written in the same transaction as the write (service/stores/catalogue_changes.py), so each process can
    change its opening index in place by reading only what is newer than what it has applied.
    """

    __tablename__ = "catalogue_changes"

    version: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), primary_key=True)
    record_id: Mapped[int] = mapped_column(Id, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(default=utcnow, index=True)


class StoredRankingRow(Base):
    """When a seeker was last ranked by `ipsmatch rank-all`, at which catalogue counter, in which voice."""

    __tablename__ = "stored_rankings"

    seeker_id: Mapped[int] = mapped_column(Id, ForeignKey("seekers.id", ondelete="CASCADE"), primary_key=True)
    ranked_at: Mapped[dt.datetime]
    catalogue: Mapped[int] = mapped_column(BigInteger)
    voice: Mapped[str] = mapped_column(String(10))


class StoredSuggestionRow(Base):
    """One suggestion of a stored ranking: sort numbers in columns, the whole suggestion as JSON (migration 0007)."""

    __tablename__ = "stored_suggestions"

    seeker_id: Mapped[int] = mapped_column(
        Id, ForeignKey("stored_rankings.seeker_id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    opening_id: Mapped[int] = mapped_column(Id, ForeignKey("openings.id", ondelete="CASCADE"), index=True)
    employer_id: Mapped[int] = mapped_column(Id, ForeignKey("employers.id", ondelete="CASCADE"))
    score: Mapped[float] = mapped_column(Double)
    preference_score: Mapped[float] = mapped_column(Double)
    suggestion: Mapped[dict[str, Any]] = mapped_column(Json)


# The candidates search reads an employer's suggestions best first from the first index alone, and a few seekers'
# suggestions at the employer from the second (migration 0009).
_stored = StoredSuggestionRow
Index("ix_stored_suggestions_employer_fit", _stored.employer_id, _stored.preference_score.desc(), _stored.score.desc(),
      _stored.seeker_id, _stored.position)
Index("ix_stored_suggestions_employer_seeker", _stored.employer_id, _stored.seeker_id, _stored.position)
