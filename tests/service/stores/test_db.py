"""service/db.py: migrations, sessions, durability settings, and several processes sharing one database."""

from __future__ import annotations

import subprocess
import sys
import threading
from subprocess import PIPE

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from models import Employer
from service.db import Database, normalise_url
from service.stores import contacts, counters, employers, users
from service.tables import Base
from tests.service.conftest import database_url

# The newest revision in service/migrations/versions.
HEAD_REVISION = "0009"
TABLES = {"users", "seekers", "employers", "openings", "contacts", "feedback", "judgments", "embeddings", "audit",
          "counters", "idempotency", "import_keys", "exposures", "seeker_occupations", "page_sessions",
          "sign_in_failures", "catalogue_changes", "stored_rankings",
          "stored_suggestions", "alembic_version"}


def _tables(database: Database) -> set[str]:
    return set(sa.inspect(database.engine).get_table_names())


def test_migrate_creates_every_table_at_head(database: Database) -> None:
    assert _tables(database) == TABLES
    assert database.revision() == HEAD_REVISION


def test_migrate_twice_is_a_no_op(database: Database) -> None:
    with database.session() as s:
        employers.create(s, Employer(name="Kept"))
    database.migrate()
    assert database.revision() == HEAD_REVISION
    assert _tables(database) == TABLES
    with database.session() as s:
        assert [e.name for e in employers.list(s)] == ["Kept"]
        assert counters.value(s) == 1
        assert s.scalar(sa.text("SELECT count(*) FROM counters")) == 1
        assert s.scalar(sa.text("SELECT count(*) FROM alembic_version")) == 1


def test_contacts_logged_before_follow_ups_existed_keep_their_next_steps_open(fresh_url: str) -> None:
    from alembic import command

    from service.db import alembic_config

    database = Database(fresh_url)
    try:
        with database.engine.begin() as connection:
            config = alembic_config(fresh_url)
            config.attributes["connection"] = connection
            command.upgrade(config, "0002")
        with database.engine.begin() as connection:
            connection.execute(sa.text("INSERT INTO users (name, role, token_hash, created_at) "
                                       "VALUES ('Sam', 'specialist', 'x', CURRENT_TIMESTAMP)"))
            connection.execute(sa.text("INSERT INTO employers (name, hiring_needs, created_at, updated_at) "
                                       "VALUES ('Shelter', '[]', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"))
            connection.execute(sa.text(
                'INSERT INTO contacts (employer_id, specialist_id, "on", face_to_face, seeker_ids, stage, next_step, '
                "next_step_due, created_at) VALUES (1, 1, '2026-11-20', true, '[]', 'introduced', 'return Tue', "
                "'2026-11-24', CURRENT_TIMESTAMP)"))
        database.migrate()
        assert database.revision() == HEAD_REVISION
        with database.session() as s:
            (contact,) = contacts.all(s)
        assert (contact.next_step, contact.done_on) == ("return Tue", None)
    finally:
        database.dispose()


def test_tables_module_describes_the_migrated_schema(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


@pytest.mark.postgres
def test_postgres_migrations_and_version_table_stay_in_the_url_schema(postgres_admin, tmp_path, request) -> None:
    database = Database(database_url("postgres", tmp_path, request))
    try:
        database.migrate()
        with database.engine.connect() as connection:
            schema = connection.scalar(sa.text("SELECT current_schema()"))
            search_path = connection.scalar(sa.text("SHOW search_path"))
            found = connection.execute(
                sa.text("SELECT table_schema, table_name FROM information_schema.tables "
                    "WHERE table_name = ANY(:t)"),
                {"t": sorted(TABLES)},
            ).all()
        assert schema.startswith("test_") and search_path == schema
        assert {name for where, name in found if where == schema} == TABLES
    finally:
        database.dispose()


def test_several_processes_migrating_a_new_database_at_once(fresh_url: str) -> None:
    code = "import sys; from service.db import Database; d = Database(sys.argv[1]); d.migrate(); print(d.revision())"
    processes = [
        subprocess.Popen([sys.executable, "-c", code, fresh_url], stdout=PIPE, stderr=PIPE, text=True) for _ in range(4)
    ]
    results = [p.communicate(timeout=120) for p in processes]
    for process, (out, err) in zip(processes, results, strict=True):
        assert process.returncode == 0, err
        assert out.strip() == HEAD_REVISION
    database = Database(fresh_url)
    try:
        assert _tables(database) == TABLES
        with database.session() as s:
            assert counters.value(s) == 0
    finally:
        database.dispose()


def test_a_write_committed_by_one_database_object_is_seen_by_another(database: Database) -> None:
    other = Database(database.url)
    try:
        with database.session() as s:
            first = employers.create(s, Employer(name="Written by the first"))
        with other.session() as s:
            assert employers.get(s, first.id).name == "Written by the first"
            second = employers.create(s, Employer(name="Written by the second"))
        with database.session() as s:
            assert employers.get(s, second.id).name == "Written by the second"
            assert counters.value(s) == 2
    finally:
        other.dispose()


def test_a_session_that_raises_writes_nothing(database: Database) -> None:
    with pytest.raises(RuntimeError), database.session() as s:
        employers.create(s, Employer(name="Never kept"))
        raise RuntimeError("the request failed after the write")
    with database.session() as s:
        assert employers.list(s) == []
        assert counters.value(s) == 0


def test_concurrent_read_then_write_transactions_all_succeed(database: Database) -> None:
    """Many threads each read, then write: none fails with 'database is locked', every write counts."""
    with database.session() as s:
        _, token = users.create(s, "Jo Developer", "job_developer")
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for step in range(5):
                with database.session() as s:
                    assert users.by_token(s, token) is not None  # a read first, as every request does
                    counters.value(s)
                    employers.create(s, Employer(name=f"Employer {worker}-{step}"))
        except BaseException as error:  # noqa: BLE001 - reported below with the thread's error
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with database.session() as s:
        assert len(employers.list(s, limit=100)) == 40
        assert counters.value(s) == 40


def test_sqlite_is_durable_and_checks_foreign_keys(tmp_path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        with database.engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() > 0
    finally:
        database.dispose()


def test_plain_postgresql_urls_use_psycopg_3() -> None:
    assert normalise_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("postgresql+psycopg://u@h/db").drivername == "postgresql+psycopg"
    assert normalise_url("sqlite:///x.db").drivername == "sqlite"


def test_in_memory_sqlite_is_one_database_for_every_session() -> None:
    database = Database("sqlite://")
    try:
        database.migrate()
        with database.session() as s:
            employers.create(s, Employer(name="In memory"))
        with database.session() as s:
            assert [e.name for e in employers.list(s)] == ["In memory"]
    finally:
        database.dispose()


def test_a_committed_write_survives_the_process_being_killed(database: Database) -> None:
    """DESIGN.md invariant 7, the persistence half: once commit returns, a SIGKILL loses nothing."""
    code = (
        "import os, signal, sys\n"
        "from models import Employer\n"
        "from service.db import Database\n"
        "from service.stores import employers\n"
        "with Database(sys.argv[1]).session() as s:\n"
        "    created = employers.create(s, Employer(name='Acknowledged'))\n"
        "print(created.id, flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, database.url], capture_output=True, text=True, timeout=120)
    assert done.returncode == -9, done.stderr
    with database.session() as s:
        assert employers.get(s, int(done.stdout)).name == "Acknowledged"
