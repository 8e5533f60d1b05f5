"""The ranking engine: pure functions over models/ types and an Embedder; never imports service/."""

from matcher.benefits import benefits_note, monthly_earnings
from matcher.embedding import MODEL_ID, Embedder, EmbeddingCache, MemoryCache, load_model, text_key
from matcher.filters import FilterResult, hard_filters
from matcher.index import OpeningIndex
from matcher.ranking import Suggestion, rank

__all__ = [
    "MODEL_ID",
    "Embedder",
    "EmbeddingCache",
    "FilterResult",
    "MemoryCache",
    "OpeningIndex",
    "Suggestion",
    "benefits_note",
    "hard_filters",
    "load_model",
    "monthly_earnings",
    "rank",
    "text_key",
]
