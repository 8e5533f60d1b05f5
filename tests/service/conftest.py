"""Database fixtures for the service tests: every test that takes `database` runs on SQLite and on PostgreSQL.

SQLite: a fresh file in the test's tmp_path. PostgreSQL: the server named by IPSMATCH_TEST_POSTGRES_URL
(default postgresql+psycopg://postgres@127.0.0.1:5432/test); each test gets a schema of its own, named in
the URL's search_path, so the migrations, alembic's version table and every row live there and the schema is
dropped afterwards. An unreachable server fails the tests, never skips them: CI starts one, and locally

    pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import URL

from service.db import Database, normalise_url

POSTGRES_URL = os.environ.get("IPSMATCH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
START_HINT = (
    "PostgreSQL is not reachable at {url} ({error}). The service tests run on PostgreSQL too and do not skip. "
    "Start the local server with `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, "
    "or point IPSMATCH_TEST_POSTGRES_URL at one."
)


@pytest.fixture(scope="session")
def postgres_admin() -> Iterator[sa.Engine]:
    """An engine on the test PostgreSQL server for creating and dropping schemas; fails if it is down."""
    url = normalise_url(POSTGRES_URL)
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
    except sa.exc.OperationalError as error:
        engine.dispose()
        shown = url.render_as_string(hide_password=True)
        pytest.fail(START_HINT.format(url=shown, error=str(error.orig).strip().splitlines()[0]), pytrace=False)
    yield engine
    engine.dispose()


def database_url(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """A URL naming a new, empty database of that kind, removed again when the test ends."""
    if kind == "sqlite":
        return f"sqlite:///{tmp_path / 'ipsmatch.db'}"
    admin: sa.Engine = request.getfixturevalue("postgres_admin")
    schema = f"test_{uuid.uuid4().hex[:16]}"
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))

    def drop() -> None:
        with admin.connect() as connection:
            # A connection a test forgot to close must not hang the run: give up on the lock after a while.
            connection.execute(sa.text("SET lock_timeout = '10s'"))
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))

    request.addfinalizer(drop)
    url: URL = admin.url.update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_kind(request: pytest.FixtureRequest) -> str:
    """'sqlite' or 'postgres': which database the test runs on."""
    return request.param


@pytest.fixture
def fresh_url(database_kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    """The URL of a new, empty (not migrated) database of the test's kind."""
    return database_url(database_kind, tmp_path, request)


@pytest.fixture
def database(fresh_url: str) -> Iterator[Database]:
    """A migrated, empty database on SQLite or PostgreSQL, disposed of after the test."""
    db = Database(fresh_url)
    db.migrate()
    yield db
    db.dispose()
