"""Embedding what an import brought in, so the first suggestion request after it has nothing left to embed.

The vectors go into the database's embedding cache (service/stores/embeddings.py), where every serving
process looks first: an index built after the import (at start-up, or on the next request) reads them
instead of running the model while a caller waits. Texts already in the cache cost one lookup, so importing
the same file again embeds nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from pydantic import BaseModel

from matcher import Embedder, text_key
from matcher.adjustments import seeker_offer
from matcher.filters import avoid_phrases
from matcher.index import opening_text
from models import Employer, JobSeeker, Opening
from service.db import Database
from service.stores.embeddings import SqlEmbeddingCache

BATCH = 2_048  # texts per step: one cache lookup, one model call and one cache write each


@dataclass(frozen=True)
class EmbedReport:
    """How many distinct texts the records need embedded, how many the model had to embed now, and how long."""

    texts: int
    embedded: int
    seconds: float


def texts_for_ranking(records: Iterable[BaseModel]) -> list[str]:
    """The distinct texts ranking embeds for these records, in first-seen order.

    An opening: its title and description; an employer: its hiring needs; a seeker: the phrases of their
    profile that are compared by meaning (what they want, what they avoid, what they offer).
    """
    texts: dict[str, None] = {}
    for record in records:
        if isinstance(record, Opening):
            texts[opening_text(record)] = None
        elif isinstance(record, Employer):
            texts.update(dict.fromkeys(record.hiring_needs))
        elif isinstance(record, JobSeeker):
            profile = record.profile
            texts.update(dict.fromkeys([*profile.wanted_phrases(), *avoid_phrases(profile), *seeker_offer(profile)]))
    return list(texts)


def embed_texts(
    database: Database,
    texts: Sequence[str],
    *,
    embedder: Embedder | None = None,
    on_batch: Callable[[int], None] = lambda done: None,
) -> EmbedReport:
    """Puts every text's vector into the database's embedding cache, BATCH texts at a time.

    on_batch(n) is called after each step with the number of texts it covered (for a progress bar).
    Raises ModelUnavailable when the model cannot be loaded.
    """
    embedder = embedder or Embedder(cache=SqlEmbeddingCache(database))
    start, embedded = time.perf_counter(), 0
    for first in range(0, len(texts), BATCH):
        chunk = list(dict.fromkeys(texts[first : first + BATCH]))
        found = embedder.cache.get_many(embedder.model_id, [text_key(text) for text in chunk])
        if len(found) < len(chunk):
            embedder.encode(chunk)  # runs the model on the missing texts only and stores them through the cache
            embedded += len(chunk) - len(found)
        on_batch(len(chunk))
    return EmbedReport(texts=len(texts), embedded=embedded, seconds=time.perf_counter() - start)
