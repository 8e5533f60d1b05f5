"""Embeddings for a large generated program without running the model on every one of its texts.

A 100,000-opening program has about 73,000 distinct opening texts; on this shared 2-core machine the model
embeds them in well over an hour, which the ranking, candidates and memory benchmarks do not measure. Their
texts are built from a few hundred sentences (service/demo/large.py), so here the real model embeds each
distinct sentence once and a text's vector is the normalised mean of its sentences' vectors: same shape,
same dtype, realistic neighbours, and put into the same cache under the text's own key, so the service finds
them exactly as it would find the model's. Ranking costs do not depend on the values of the vectors.
`benchmarks/import_scale.py` measures the model itself.
"""

from __future__ import annotations

import argparse
import re
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np

from matcher import MODEL_ID, Embedder, EmbeddingCache, load_model, text_key

_SENTENCE = re.compile(r"(?<=[.;!?])\s+")


def sentences(text: str) -> list[str]:
    """The text's sentences (split after . ; ! or ?), or the text itself."""
    return [s for s in _SENTENCE.split(text) if s] or [text]


def program_texts(program) -> list[str]:
    """Every text ranking embeds for a program (service/demo/large.py): openings, needs, seekers' phrases."""
    from service.import_texts import texts_for_ranking

    needs = [c.needs for c in program.contacts if c.needs]
    return [*texts_for_ranking([*program.openings, *program.employers, *program.seekers]), *needs]


def fill(cache: EmbeddingCache, texts: Iterable[str], *, model=None) -> int:
    """Puts a vector for every text into the cache (see the module docstring); returns how many were added."""
    model = model or load_model()
    texts = [t for t in dict.fromkeys(texts) if t]
    have = cache.get_many(MODEL_ID, [text_key(t) for t in texts])
    missing = [t for t in texts if text_key(t) not in have]
    if not missing:
        return 0
    parts = list(dict.fromkeys(s for t in missing for s in sentences(t)))
    part_vectors = Embedder(model).encode(parts)
    row = {s: i for i, s in enumerate(parts)}
    vectors = {}
    for text in missing:
        v = part_vectors[[row[s] for s in sentences(text)]].mean(axis=0)
        vectors[text_key(text)] = (v / np.linalg.norm(v)).astype(np.float32)
    for start in range(0, len(missing), 5_000):
        keys = [text_key(t) for t in missing[start : start + 5_000]]
        cache.put_many(MODEL_ID, {k: vectors[k] for k in keys})
    return len(missing)


def program_arguments(
    description: str, *, openings: int, seekers: int, name: str,
    more: Callable[[argparse.ArgumentParser], None] | None = None,
) -> tuple[argparse.Namespace, Path]:
    """The common options of the benchmarks over a generated program (`more` adds a script's own), and the SQLite
    file to use for it."""
    parser = argparse.ArgumentParser(description=description.splitlines()[0])
    parser.add_argument("--openings", type=int, default=openings)
    parser.add_argument("--seekers", type=int, default=seekers)
    parser.add_argument("--database", type=Path, default=None, help="reuse this SQLite file (made if missing)")
    if more is not None:
        more(parser)
    args = parser.parse_args()
    return args, args.database or Path(tempfile.mkdtemp(prefix=f"ipsmatch-{name}-")) / "program.db"


def prepare(path: Path, *, openings: int, seekers: int, employers: int | None = None, seed: int = 0) -> str:
    """A SQLite file holding the generated program and a vector for each of its texts (made once, reused)."""
    from service.db import Database
    from service.demo.large import large_program
    from service.demo.loader import load_into
    from service.stores.embeddings import SqlEmbeddingCache

    url = f"sqlite:///{path}"
    if path.exists():
        return url
    program = large_program(openings=openings, seekers=seekers, employers=employers, seed=seed)
    database = Database(url)
    database.migrate()
    load_into(database, program)
    fill(SqlEmbeddingCache(database), program_texts(program))
    database.dispose()
    return url
