"""Alembic environment for ipsmatch: runs on the connection `Database.migrate()` hands over.

There is no alembic.ini; service.db.alembic_config() builds the configuration in code. Without a connection
(for example `alembic upgrade --sql` from a script) the URL in the configuration is used.
"""

from __future__ import annotations

from alembic import context

from service.tables import Base

config = context.config
target_metadata = Base.metadata


def run_offline() -> None:
    """Writes the migration SQL instead of running it."""
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    """Runs the migrations inside the caller's transaction, or in one of its own on a new connection."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from service.db import Database

    database = Database(config.get_main_option("sqlalchemy.url") or "")
    try:
        with database.engine.begin() as connection:
            _run(connection)
    finally:
        database.dispose()


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    # transactional_ddl: SQLite can roll DDL back too, so a failed migration leaves no half-made schema.
    # The version table goes wherever unqualified names go (the connection's search_path on PostgreSQL).
    context.configure(connection=connection, target_metadata=target_metadata, transactional_ddl=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
