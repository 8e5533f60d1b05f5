"""Sentence embeddings kept in the database, so a restart or another process re-embeds nothing already seen.

One request never holds two database sessions: while a request's session is bound (`bound_to(session)`,
which the ranking service does around every call into the engine), the cache reads and writes through
that session, inside a savepoint so a failed write never spoils the request's transaction. Only outside a
request (start-up, the command line) does it open a short session of its own. A process-wide memory layer
in front (the most recently used vectors, MEMORY_LIMIT of them) keeps a text seen lately from reaching the database.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

import numpy as np
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from matcher import MemoryCache
from service.db import SQLITE_BUSY_TIMEOUT_S, Database, begin_writing
from service.tables import EmbeddingRow

log = logging.getLogger("ipsmatch.service")

_DTYPE = np.dtype("<f4")  # float32, little-endian on disk whatever the machine
_BATCH = 500  # keys per statement: well under SQLite's and PostgreSQL's parameter limits
# How long a cache write waits for SQLite's write lock. The caller may be holding that lock in its own
# session (same thread, other connection), and then waiting longer would only delay the inevitable.
_SQLITE_WRITE_WAIT_MS = 500


# How many vectors the memory layer keeps, most recently used first. A served index holds every opening's and
# need's vector in its own arrays, so keeping them all here as well would double that memory at a state's size
# (100,000 openings: about 200 MB); what a request embeds again is a seeker's few phrases (a caseload of 1,000
# seekers has about 5,000) and a written opening. 5,000 vectors take about 9 MB; 20,000 took 36 MB of a serving
# process's 1 GiB (benchmarks/memory.py).
MEMORY_LIMIT = 5_000


class RecentVectors:
    """The matcher's EmbeddingCache in memory, keeping at most `limit` vectors (least recently used go first)."""

    def __init__(self, limit: int = MEMORY_LIMIT) -> None:
        self.limit = limit
        self._vectors: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get_many(self, model_id: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """The vectors kept for those keys; each one found becomes the most recently used."""
        found = {}
        with self._lock:
            for key in keys:
                vector = self._vectors.get((model_id, key))
                if vector is not None:
                    self._vectors.move_to_end((model_id, key))
                    found[key] = vector
        return found

    def put_many(self, model_id: str, vectors: Mapping[str, np.ndarray]) -> None:
        """Keeps the vectors not kept yet (a key kept already keeps its vector), then forgets the least recently
        used beyond the limit. A batch larger than the limit is a catalogue being loaded into an index, which
        holds those vectors itself: it is not kept, and what was kept stays."""
        if len(vectors) > self.limit:
            return
        with self._lock:
            for key, vector in vectors.items():
                self._vectors.setdefault((model_id, key), vector)
                self._vectors.move_to_end((model_id, key))
            while len(self._vectors) > self.limit:
                self._vectors.popitem(last=False)

    def __len__(self) -> int:
        return len(self._vectors)


_request_session: ContextVar[Session | None] = ContextVar("ipsmatch_request_session", default=None)


@contextmanager
def bound_to(session: Session) -> Iterator[None]:
    """Within the block, embedding-cache reads and writes of this thread go through `session`."""
    token = _request_session.set(session)
    try:
        yield
    finally:
        _request_session.reset(token)


class SqlEmbeddingCache:
    """The matcher's EmbeddingCache over a Database, with a memory layer in front (see the module docstring)."""

    def __init__(self, database: Database, *, memory: MemoryCache | RecentVectors | None = None) -> None:
        self.database = database
        self.memory = memory if memory is not None else RecentVectors()
        self._warned = False

    @contextmanager
    def _session(self) -> Iterator[Session]:
        """The request's session when one is bound, else a short session of the cache's own."""
        bound = _request_session.get()
        if bound is not None:
            yield bound
            return
        with self.database.session() as s:
            yield s

    def get_many(self, model_id: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """The float32 vectors stored for those keys under that model; missing keys are simply absent."""
        wanted = list(dict.fromkeys(keys))
        found = self.memory.get_many(model_id, wanted)
        wanted = [key for key in wanted if key not in found]
        if not wanted:
            return found
        from_database: dict[str, np.ndarray] = {}
        with self._session() as s:
            for start in range(0, len(wanted), _BATCH):
                chunk = wanted[start : start + _BATCH]
                query = select(EmbeddingRow.text_sha256, EmbeddingRow.dim, EmbeddingRow.vector).where(
                    EmbeddingRow.model_id == model_id, EmbeddingRow.text_sha256.in_(chunk)
                )
                for key, dim, blob in s.execute(query):
                    vector = np.frombuffer(blob, dtype=_DTYPE)
                    if vector.shape == (dim,):  # a damaged row is a miss, recomputed and not trusted
                        from_database[key] = vector.astype(np.float32)  # a writable copy in native byte order
        self.memory.put_many(model_id, from_database)
        return {**found, **from_database}

    def put_many(self, model_id: str, vectors: Mapping[str, np.ndarray]) -> None:
        """Stores the vectors as float32; keys already stored are left as they are.

        Best effort on SQLite: if the write lock cannot be had within half a second the vectors are not
        kept (they will be computed again), because a cache must never make a ranking fail.
        """
        rows = [_row(model_id, key, vector) for key, vector in vectors.items()]
        if not rows:
            return
        self.memory.put_many(model_id, {key: np.asarray(v, dtype=np.float32) for key, v in vectors.items()})
        try:
            self._insert(rows)
        except OperationalError as error:
            if self.database.dialect != "sqlite" or "locked" not in str(error.orig).lower():
                raise
            level = logging.DEBUG if self._warned else logging.WARNING
            log.log(level, "embedding cache: database busy, %d vectors not stored this time", len(rows))
            self._warned = True

    def _insert(self, rows: list[dict[str, object]]) -> None:
        sqlite = self.database.dialect == "sqlite"
        insert = sqlite_insert if sqlite else pg_insert
        with self._session() as s:
            connection = s.connection()
            if sqlite:
                connection.exec_driver_sql(f"PRAGMA busy_timeout = {_SQLITE_WRITE_WAIT_MS}")
            try:
                begin_writing(s)
                with s.begin_nested():  # a failed cache write rolls back alone, never the caller's work
                    for start in range(0, len(rows), _BATCH):
                        s.execute(
                            insert(EmbeddingRow.__table__).on_conflict_do_nothing(), rows[start : start + _BATCH]
                        )
            finally:
                if sqlite:
                    connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(SQLITE_BUSY_TIMEOUT_S * 1000)}")


def _row(model_id: str, key: str, vector: np.ndarray) -> dict[str, object]:
    array = np.ascontiguousarray(vector, dtype=_DTYPE)
    if array.ndim != 1:
        raise ValueError(f"an embedding is one vector; got an array of shape {array.shape} for key {key}")
    return {"model_id": model_id, "text_sha256": key, "dim": int(array.shape[0]), "vector": array.tobytes()}
