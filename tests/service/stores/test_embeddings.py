"""service/stores/embeddings.py: the matcher's embedding cache over the database."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.embedding import text_key
from service.db import Database
from service.stores.embeddings import RecentVectors, SqlEmbeddingCache

MODEL = "sentence-transformers/all-MiniLM-L6-v2"


def test_vectors_round_trip_exactly_as_float32(database: Database) -> None:
    rng = np.random.default_rng(7)
    vectors = {text_key(f"text {i}"): rng.standard_normal(384).astype(np.float32) for i in range(3)}
    vectors[text_key("extremes")] = np.array([np.finfo(np.float32).max, np.finfo(np.float32).tiny, -0.0, 1e-45],
                                             dtype=np.float32)
    cache = SqlEmbeddingCache(database)
    cache.put_many(MODEL, vectors)
    found = SqlEmbeddingCache(Database(database.url)).get_many(MODEL, [*vectors, "missing"])
    assert set(found) == set(vectors)
    for key, vector in vectors.items():
        assert found[key].dtype == np.float32
        assert found[key].tobytes() == vector.tobytes()  # bit for bit, signed zero included
        found[key][0] = 1.0  # callers get arrays they may write to


def test_float64_input_is_stored_as_float32(database: Database) -> None:
    cache = SqlEmbeddingCache(database)
    cache.put_many(MODEL, {"k": np.array([0.1, 0.2], dtype=np.float64)})
    assert cache.get_many(MODEL, ["k"])["k"].tobytes() == np.array([0.1, 0.2], dtype=np.float32).tobytes()


def test_existing_keys_are_left_as_they_are(database: Database) -> None:
    cache = SqlEmbeddingCache(database)
    first = np.ones(4, dtype=np.float32)
    cache.put_many(MODEL, {"k": first})
    cache.put_many(MODEL, {"k": np.zeros(4, dtype=np.float32), "new": first * 2})
    found = cache.get_many(MODEL, ["k", "new"])
    assert found["k"].tolist() == [1, 1, 1, 1] and found["new"].tolist() == [2, 2, 2, 2]


def test_models_are_kept_apart_and_many_keys_work(database: Database) -> None:
    cache = SqlEmbeddingCache(database)
    vectors = {f"{i:064x}": np.full(8, i, dtype=np.float32) for i in range(1200)}  # more than one batch
    cache.put_many(MODEL, vectors)
    assert cache.get_many("another-model", list(vectors)) == {}
    found = cache.get_many(MODEL, [*vectors, *vectors])  # repeated keys are fine
    assert len(found) == 1200 and found[f"{1100:064x}"][0] == 1100
    assert cache.get_many(MODEL, []) == {}
    cache.put_many(MODEL, {})


def test_a_matrix_is_not_one_embedding(database: Database) -> None:
    with pytest.raises(ValueError, match="one vector"):
        SqlEmbeddingCache(database).put_many(MODEL, {"k": np.ones((2, 2), dtype=np.float32)})


def test_a_cache_write_while_the_caller_holds_a_session_does_not_block(database: Database) -> None:
    """The ranking embeds inside a request's session; the cache's own short session must still get through."""
    from models import Employer
    from service.stores import employers

    cache = SqlEmbeddingCache(database)
    with database.session() as s:
        employers.list(s)  # the request has read, not written
        cache.put_many(MODEL, {"k": np.ones(3, dtype=np.float32)})
        assert "k" in cache.get_many(MODEL, ["k"])
        employers.create(s, Employer(name="Written after"))
        # Now the request holds the write lock (on SQLite): the cache gives up quickly instead of failing.
        cache.put_many(MODEL, {"later": np.ones(3, dtype=np.float32)})
    assert "k" in cache.get_many(MODEL, ["k"])


def test_a_new_cache_reads_what_another_stored(database: Database) -> None:
    """The memory layer is per process; the database is what a restart or a second process reads."""
    SqlEmbeddingCache(database).put_many(MODEL, {"k": np.array([0.5, 0.25], dtype=np.float64)})
    found = SqlEmbeddingCache(database).get_many(MODEL, ["k", "missing"])
    assert list(found) == ["k"] and found["k"].dtype == np.float32 and found["k"].tolist() == [0.5, 0.25]


def test_the_memory_layer_keeps_the_most_recently_used_and_the_database_keeps_everything(database: Database) -> None:
    cache = SqlEmbeddingCache(database, memory=RecentVectors(limit=3))
    cache.put_many(MODEL, {f"k{i}": np.full(4, i, dtype=np.float32) for i in range(3)})
    cache.get_many(MODEL, ["k0"])  # k0 is now the most recently used, k1 the least
    cache.put_many(MODEL, {"k3": np.full(4, 3, dtype=np.float32)})
    assert len(cache.memory) == 3
    assert set(cache.memory.get_many(MODEL, ["k0", "k1", "k2", "k3"])) == {"k0", "k2", "k3"}
    found = cache.get_many(MODEL, ["k1"])  # forgotten in memory, still in the database
    assert found["k1"].tolist() == [1, 1, 1, 1]


def test_a_catalogue_load_larger_than_the_memory_layer_does_not_push_out_recent_phrases(database: Database) -> None:
    """Loading a whole catalogue into an index reads more vectors than the memory layer keeps; the index holds
    them, so they are not kept there, and a seeker's recently used phrases stay."""
    cache = SqlEmbeddingCache(database, memory=RecentVectors(limit=3))
    cache.put_many(MODEL, {"phrase": np.full(4, 9, dtype=np.float32)})
    catalogue = {f"opening{i}": np.full(4, i, dtype=np.float32) for i in range(5)}
    cache.put_many(MODEL, catalogue)
    assert set(cache.memory.get_many(MODEL, ["phrase", *catalogue])) == {"phrase"}
    fresh = SqlEmbeddingCache(database, memory=RecentVectors(limit=3))
    assert len(fresh.get_many(MODEL, list(catalogue))) == 5, "the database has them all"
    assert set(fresh.memory.get_many(MODEL, list(catalogue))) == set(), "read in bulk, not kept in memory"
    cache.put_many(MODEL, {"opening9": np.full(4, 9, dtype=np.float32)})
    assert set(cache.memory.get_many(MODEL, ["phrase", "opening9"])) == {"phrase", "opening9"}
