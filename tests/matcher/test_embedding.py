"""The Embedder: real model, normalised vectors, and a cache that really saves the model's work."""

from __future__ import annotations

import numpy as np
import pytest

from matcher import MODEL_ID, Embedder, MemoryCache, text_key
from models.errors import ModelUnavailable


class CountingModel:
    """Wraps the real model and counts the texts it is asked to encode."""

    def __init__(self, model):
        self.model, self.texts = model, 0

    def encode(self, texts, **kwargs):
        self.texts += len(texts)
        return self.model.encode(texts, **kwargs)


def test_vectors_are_unit_length_float32_and_in_order(embedder):
    vectors = embedder.encode(["kennel assistant", "dishwasher", "kennel assistant"])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(vectors[0], vectors[2])
    assert vectors[0] @ vectors[1] < 0.5


def test_related_work_is_closer_than_unrelated_work(embedder):
    dog, kennel, spreadsheet = embedder.encode(["dog walker", "kennel assistant", "spreadsheet accountant"])
    assert dog @ kennel > dog @ spreadsheet + 0.15


def test_cache_hits_do_not_reach_the_model(model):
    counting = CountingModel(model)
    cache = MemoryCache()
    embedder = Embedder(counting, cache=cache)
    first = embedder.encode(["fold laundry", "wash cars", "fold laundry"])
    assert counting.texts == 2, "a repeated text is encoded once"
    again = Embedder(counting, cache=cache).encode(["wash cars", "fold laundry"])
    assert counting.texts == 2, "a second embedder on the same cache encodes nothing"
    assert np.array_equal(again[1], first[0])
    assert set(cache.get_many(MODEL_ID, [text_key("wash cars")])) == {text_key("wash cars")}
    assert cache.get_many("another-model", [text_key("wash cars")]) == {}


def test_empty_input_gives_an_empty_matrix(embedder):
    assert embedder.encode([]).shape == (0, 384) == (0, embedder.dimension)


def test_the_dimension_is_the_embedders_own_and_is_checked(model):
    other = Embedder(model, model_id="another-model", dimension=8)
    assert other.encode([]).shape == (0, 8), "an empty answer has the embedder's width"
    with pytest.raises(ModelUnavailable, match="length 384, not 8"):
        other.encode(["wash cars"])
