"""The database: one engine per process, short sessions, and the schema migrated to the newest revision.

SQLite (the embedded default) and PostgreSQL (several processes sharing one server) behave the same to the
stores. Two things need care on SQLite, both handled here:

- Durability (DESIGN.md invariant 7): WAL journal with synchronous=FULL, so a committed write survives a
  crash of the process; foreign keys are switched on for every connection.
- Concurrent writers. A transaction starts as a plain deferred BEGIN, so reads never wait and never hold a
  lock. Just before its first write it is restarted as BEGIN IMMEDIATE, which takes the write lock up front
  (waiting up to the busy timeout) instead of failing with "database is locked" when another connection
  wrote in between. Reads made before the first write therefore saw a snapshot that may since have moved:
  the same guarantee as PostgreSQL's default READ COMMITTED, and constraints still check every write.
  Stores call `begin_writing(session)` before reading the rows they are about to change, so their own
  read-modify-write is consistent; any other write is caught on the way to the driver.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, create_engine, event, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from models import get_settings

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT_S = 15.0
POOL_SPARE = 4  # connections beyond the request pool, for start-up, warm-up and commands
POOL_TIMEOUT_S = 10.0
# Key of the PostgreSQL advisory lock that lets one process at a time migrate a given schema.
_MIGRATION_LOCK = 0x1B5_3A7C
_LOCK_SCHEMA = text("SELECT pg_advisory_xact_lock(CAST(:key AS integer), hashtext(coalesce(current_schema(), '')))")
_WRITING = "ipsmatch_writing"  # set in a connection's info while its SQLite transaction holds the write lock
_WRITE_WORDS = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER", "SAVEPOINT"})


def normalise_url(url: str | URL) -> URL:
    """The URL with the driver ipsmatch uses: `postgresql://` (and `postgres://`) become psycopg 3."""
    parsed = make_url(url) if isinstance(url, str) else url
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


class Database:
    """One database, named by a URL: its engine, its sessions and its migrations.

    `sqlite:///path/to/file.db` and `postgresql+psycopg://user@host/db` are the two real uses. An in-memory
    SQLite URL (`sqlite://`) works for quick experiments, but all its sessions share one connection, so use
    one session at a time with it.
    """

    def __init__(self, url: str, *, pool_size: int | None = None) -> None:
        """pool_size: connections kept for requests (default: the `concurrency` setting), plus POOL_SPARE."""
        self.url_object = normalise_url(url)
        self.url = self.url_object.render_as_string(hide_password=False)
        self.engine: Engine = _engine(self.url_object, pool_size or get_settings().concurrency)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose transaction commits when the block ends and rolls back if it raises."""
        with self._sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def migrate(self) -> None:
        """Brings the schema to the newest revision; a no-op when it is there, safe from several processes."""
        config = alembic_config(self.url)
        with self.engine.begin() as connection:
            # One migrator at a time: the others wait here, then find the schema current and do nothing.
            if self.dialect == "postgresql":
                connection.execute(_LOCK_SCHEMA, {"key": _MIGRATION_LOCK})
            elif self.dialect == "sqlite":
                _begin_immediate(connection)
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def revision(self) -> str | None:
        """The schema revision the database is at; None before the first migration."""
        with self.engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()

    def dispose(self) -> None:
        """Closes every pooled connection; the object can still be used and will reconnect."""
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Database({self.url_object.render_as_string(hide_password=True)!r})"


def alembic_config(url: str) -> Config:
    """Alembic's configuration for ipsmatch, built in code (no alembic.ini), for the migrations in the package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))  # ConfigParser interpolates '%'
    return config


def begin_writing(session: Session) -> None:
    """Makes sure the session's transaction may write; on SQLite this takes the write lock now.

    Call it before reading rows you are about to change, so the read and the write see the same data.
    A no-op on PostgreSQL (stores lock the rows they change with SELECT ... FOR UPDATE there).
    """
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        _begin_immediate(connection)


def _engine(url: URL, pool_size: int) -> Engine:
    # One connection per request the process serves at once (service/admission.py admits no more), and a few
    # spare for start-up and background work; waiting for one is then a bug, so it fails fast as a 503.
    pool = {"pool_size": pool_size, "max_overflow": POOL_SPARE, "pool_timeout": POOL_TIMEOUT_S}
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url, pool)
    return create_engine(url, pool_pre_ping=True, **pool)


def _sqlite_engine(url: URL, pool: dict[str, Any]) -> Engine:
    options: dict[str, Any] = {
        # A connection may be opened by one worker thread and closed by another (FastAPI's thread pool);
        # the pool never hands one connection to two threads at once.
        "connect_args": {"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_S},
        **pool,
    }
    if url.database in (None, "", ":memory:"):
        options = {"connect_args": options["connect_args"], "poolclass": StaticPool}  # one shared in-memory db
    engine = create_engine(url, **options)
    event.listen(engine, "connect", _sqlite_connected)
    event.listen(engine, "begin", _sqlite_begin)
    event.listen(engine, "before_cursor_execute", _sqlite_before_execute)
    return engine


def _sqlite_connected(dbapi_connection: Any, record: Any) -> None:
    # SQLAlchemy, not the sqlite3 module, decides when transactions begin (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {int(SQLITE_BUSY_TIMEOUT_S * 1000)}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _sqlite_begin(connection: Connection) -> None:
    connection.info[_WRITING] = False
    connection.exec_driver_sql("BEGIN")


def _begin_immediate(connection: Connection) -> None:
    """Restarts a read-only SQLite transaction as a write transaction (BEGIN IMMEDIATE), once."""
    if connection.info.get(_WRITING):
        return
    if not connection.in_transaction():  # autocommit: every statement is its own transaction already
        return
    raw = connection.connection.driver_connection
    assert raw is not None
    # Nothing has been written yet, so ending the read transaction loses nothing.
    raw.execute("COMMIT")
    try:
        raw.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as error:
        raw.execute("BEGIN")  # back inside a transaction, as SQLAlchemy believes, until it rolls back
        raise OperationalError("BEGIN IMMEDIATE", None, error) from error
    connection.info[_WRITING] = True


def _sqlite_before_execute(
    connection: Connection, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool
) -> None:
    # The safety net for writes that did not call begin_writing first (a plain session.add, a SAVEPOINT).
    if connection.info.get(_WRITING) or not connection.in_transaction():
        return
    first = statement.lstrip().split(None, 1)[:1]
    if first and first[0].upper() in _WRITE_WORDS:
        _begin_immediate(connection)
