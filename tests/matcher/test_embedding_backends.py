"""Embedding backends: the setting picks one, its vectors stay close to the default's, and caches keep them apart."""

from __future__ import annotations

import os
from typing import get_args

import numpy as np
import pytest
from pydantic import ValidationError

from matcher import MODEL_ID, Embedder, MemoryCache, text_key
from matcher.embedding import BACKENDS, load_model, model_id_of
from models import Settings, get_settings
from models.errors import ModelUnavailable
from tests.matcher.test_embedding import CountingModel

OFFERED = get_args(Settings.model_fields["embedding_backend"].annotation)
OTHERS = [backend for backend in OFFERED if backend != "torch"]
TEXTS = [
    "kennel assistant",
    "Wash dishes, glassware, flatware, pots, or pans, using dishwashers or by hand.",
    "stock shelves at night",
    "care home assistant, weekends only, near the bus line",
]


@pytest.fixture(scope="module")
def onnx_cache(tmp_path_factory):
    """ONNX exports of this test run go to a temporary cache folder, not the user's."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))
    yield os.environ["XDG_CACHE_HOME"]
    if before is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture(scope="module", params=OTHERS)
def backend(request, onnx_cache) -> str:
    return request.param


def test_the_default_is_torch_and_offered_backends_are_known():
    assert Settings().embedding_backend == "torch"
    assert set(OFFERED) <= set(BACKENDS)
    assert OTHERS, "at least one backend besides the default is offered"
    with pytest.raises(ValidationError):
        Settings(embedding_backend="gpu")
    with pytest.raises(ModelUnavailable, match="No embedding backend is called 'gpu'"):
        Embedder(backend="gpu")


def test_the_setting_loads_its_backend_and_keys_its_vectors_apart(monkeypatch, backend, embedder):
    monkeypatch.setenv("IPSMATCH_EMBEDDING_BACKEND", backend)
    get_settings.cache_clear()
    try:
        chosen = Embedder(cache=MemoryCache())
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
    assert chosen.backend == backend and chosen.model_id == model_id_of(backend) != MODEL_ID
    assert chosen.model is load_model(backend=backend)
    assert chosen.model is not embedder.model
    assert Embedder(cache=MemoryCache()).model_id == MODEL_ID, "without the setting, the default again"


def test_a_backends_vectors_are_close_to_the_defaults_but_not_the_same(backend, embedder):
    default = embedder.encode(TEXTS)
    other = Embedder(backend=backend, cache=MemoryCache()).encode(TEXTS)
    assert other.shape == default.shape and other.dtype == np.float32
    assert np.allclose(np.linalg.norm(other, axis=1), 1.0, atol=1e-5)
    cosines = np.sum(default * other, axis=1)
    assert cosines.min() > 0.98, cosines
    # Related work still comes out closer than unrelated work.
    dog, kennel, ledger = Embedder(backend=backend).encode(["dog walker", "kennel assistant", "ledger accountant"])
    assert dog @ kennel > dog @ ledger + 0.15


def test_one_cache_keeps_each_backends_vectors_apart(backend, model):
    cache = MemoryCache()
    default = Embedder(model, cache=cache).encode(TEXTS[:2])
    counting = CountingModel(load_model(backend=backend))
    other = Embedder(counting, backend=backend, cache=cache).encode(TEXTS[:2])
    assert counting.texts == 2, "the default's cached vectors are not served to another backend"
    assert len(cache) == 4
    keys = [text_key(t) for t in TEXTS[:2]]
    stored_default = cache.get_many(MODEL_ID, keys)
    stored_other = cache.get_many(model_id_of(backend), keys)
    for row, key in enumerate(keys):
        assert np.array_equal(stored_default[key], default[row])
        assert np.array_equal(stored_other[key], other[row])
        assert not np.array_equal(stored_default[key], stored_other[key])
    # And the other way round: a default embedder on the same cache encodes nothing new, and gets its own vectors.
    again = CountingModel(model)
    assert np.array_equal(Embedder(again, cache=cache).encode(TEXTS[:2]), default) and again.texts == 0


def test_the_int8_export_keeps_each_layers_feed_forward_output_in_float(onnx_cache):
    import onnx

    from matcher.embedding import _packaged_path
    from matcher.embedding_onnx import onnx_file

    graph = onnx.load(str(onnx_file(_packaged_path(), quantised=True))).graph
    kept = [n.name for n in graph.node if n.op_type == "MatMul" and n.name.endswith("/output/dense/MatMul")]
    assert sorted(kept) == sorted(f"/bert/encoder/layer.{i}/output/dense/MatMul" for i in range(6))
    assert sum(n.op_type in ("MatMulInteger", "DynamicQuantizeMatMul") for n in graph.node) >= 6 * 4, (
        "the other projections are int8"
    )
