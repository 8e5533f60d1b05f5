"""service/import_texts.py: after an import, the texts ranking needs are in the database's embedding cache."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from matcher import MODEL_ID, Embedder, text_key
from service.db import Database
from service.demo.large import large_rows, write_files
from service.import_texts import embed_texts, texts_for_ranking
from service.importing import import_records, read_records
from service.ranking import RankingService
from service.stores import seekers
from service.stores.embeddings import SqlEmbeddingCache


class RefusingModel:
    """Stands in for the sentence-transformers model where nothing may be embedded any more."""

    def encode(self, texts, **_):
        raise AssertionError(f"asked to embed {len(texts)} texts after the import")


def test_imported_texts_are_embedded_once_and_the_first_ranking_embeds_nothing(
    database: Database, tmp_path: Path, model
) -> None:
    write_files(large_rows(openings=60, seekers=12, employers=10, seed=7), tmp_path)
    embedder = Embedder(model, cache=SqlEmbeddingCache(database))
    texts: list[str] = []
    for kind in ("employers", "openings", "seekers"):
        report = import_records(database, kind, read_records(kind, tmp_path / f"{kind}.csv"))
        assert not report.errors
        kind_texts = texts_for_ranking(report.records)
        steps: list[int] = []
        done = embed_texts(database, kind_texts, embedder=embedder, on_batch=steps.append)
        assert done.texts == len(kind_texts) == sum(steps) and done.embedded <= done.texts
        texts += kind_texts
    assert len(texts) > 60  # openings' texts, employers' needs and seekers' phrases

    stored = SqlEmbeddingCache(database).get_many(MODEL_ID, [text_key(t) for t in texts])
    assert len(stored) == len(set(texts))
    sample = texts[:5]
    assert np.allclose(np.stack([stored[text_key(t)] for t in sample]), model.encode(sample, normalize_embeddings=True),
                       atol=1e-5)
    again = embed_texts(database, texts, embedder=Embedder(model, cache=SqlEmbeddingCache(database)))
    assert again.embedded == 0

    # A fresh process's view: an empty memory layer, a model that may not run. Ranking still works.
    ranking = RankingService(database, embedder=Embedder(RefusingModel(), cache=SqlEmbeddingCache(database)))
    with database.session() as session:
        for seeker in seekers.list(session, limit=3):
            ranking.suggestions(session, seeker, 5)
