"""A persistent embedding cache in a SQLite file, so benchmarks at 100,000 openings embed their texts once.

Embedding 100,000 distinct opening texts with all-MiniLM-L6-v2 takes many minutes on two cores; benchmarks keep
the vectors in benchmarks/.data/embeddings.sqlite (gitignored) between runs and copy the ones a run needs into
its own database's cache before timing anything. Delete the file to measure from nothing.

    python benchmarks/embedding_file_cache.py 10000 100000   # fill it for those program sizes
"""

from __future__ import annotations

import sqlite3
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from matcher import Embedder  # noqa: E402
from matcher.index import opening_text  # noqa: E402

PATH = Path(__file__).parent / ".data" / "embeddings.sqlite"


class FileCache:
    """An EmbeddingCache (matcher/embedding.py) over a SQLite file."""

    def __init__(self, path: Path = PATH):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.connection = sqlite3.connect(path)
        self.connection.execute(
            "CREATE TABLE IF NOT EXISTS vectors (model TEXT, key TEXT, vector BLOB, PRIMARY KEY (model, key))"
        )

    def get_many(self, model_id: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """The vectors stored for those keys."""
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), 500):
            chunk = list(keys[start : start + 500])
            marks = ",".join("?" * len(chunk))
            rows = self.connection.execute(
                f"SELECT key, vector FROM vectors WHERE model = ? AND key IN ({marks})", [model_id, *chunk]
            )
            found.update((key, np.frombuffer(blob, dtype=np.float32)) for key, blob in rows)
        return found

    def put_many(self, model_id: str, vectors: Mapping[str, np.ndarray]) -> None:
        """Stores vectors not stored yet."""
        rows = [(model_id, key, np.asarray(v, dtype=np.float32).tobytes()) for key, v in vectors.items()]
        self.connection.executemany("INSERT OR IGNORE INTO vectors VALUES (?, ?, ?)", rows)
        self.connection.commit()


def program_texts(program) -> list[str]:
    """Every text a program's index embeds: opening texts, employers' needs and contacts' needs."""
    texts = [opening_text(o) for o in program.openings]
    texts += [need for e in program.employers for need in e.hiring_needs]
    texts += [c.needs for c in program.contacts if c.needs]
    return list(dict.fromkeys(texts))


def fill(texts: list[str], *, batch: int = 2_000) -> None:
    """Embeds the texts not in the file yet, `batch` at a time, saying how far it has come."""
    embedder = Embedder(cache=FileCache())
    start = time.perf_counter()
    for done in range(0, len(texts), batch):
        embedder.encode(texts[done : done + batch])
        print(f"  {min(done + batch, len(texts)):>7} of {len(texts)} texts embedded or cached "
              f"({time.perf_counter() - start:.0f} s)", flush=True)


if __name__ == "__main__":
    from service.demo.large import large_program

    for size in [int(a) for a in sys.argv[1:]]:
        fill(program_texts(large_program(openings=size, seekers=200, seed=0)))
