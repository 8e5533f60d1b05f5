"""ipsmatch's tuning of MiniLM for job texts: what ranks, what the benchmark's raw baseline is, and a bad file."""

from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.quality import evaluate, minilm_ranker
from benchmarks.quality_sets import esco_labels, onet_tasks
from benchmarks.train_job_tuning import BATCH, NEIGHBOURS, hard_batch, look_alikes
from matcher import MODEL_ID, Embedder, MemoryCache, text_key
from matcher.embedding import RAW_MODEL_ID, load_model, model_id_of
from matcher.tuning import apply_tuning, tuning_digest


@pytest.fixture(scope="module")
def raw() -> Embedder:
    return Embedder(tuned=False, cache=MemoryCache())


def test_ipsmatch_embeds_with_the_tuned_model_and_the_benchmark_baseline_is_the_packaged_one(embedder, raw):
    default = Embedder(cache=MemoryCache())
    assert default.model_id == MODEL_ID == model_id_of("torch") == f"{RAW_MODEL_ID}+jobs-{tuning_digest()}"
    assert raw.model_id == RAW_MODEL_ID == model_id_of("torch", tuned=False)
    assert model_id_of("onnx", tuned=False) == f"{RAW_MODEL_ID}+onnx" != model_id_of("onnx")
    assert load_model() is embedder.model and load_model(tuned=False) is raw.model
    tuned_vector, raw_vector = embedder.encode(["line cook"])[0], raw.encode(["line cook"])[0]
    assert 0.5 < float(tuned_vector @ raw_vector) < 0.999, "the tuning moves the vectors, but keeps their meaning"


def test_tuned_and_raw_vectors_are_cached_apart(raw):
    cache = MemoryCache()
    Embedder(load_model(), cache=cache).encode(["dog walker"])
    Embedder(raw.model, cache=cache, model_id=RAW_MODEL_ID).encode(["dog walker"])
    tuned = cache.get_many(MODEL_ID, [text_key("dog walker")])[text_key("dog walker")]
    packaged = cache.get_many(RAW_MODEL_ID, [text_key("dog walker")])[text_key("dog walker")]
    assert not np.allclose(tuned, packaged)


def test_the_tuned_model_finds_other_names_of_held_out_occupations_better(embedder, raw):
    # O*NET task statements and ESCO labels of occupations of the held-out half: the tuning never saw them.
    for data in (onet_tasks(40, "held-out", seed=11), esco_labels(100, "held-out", seed=11)):
        both = evaluate(data, {"raw": minilm_ranker(raw), "tuned": minilm_ranker(embedder)})
        rows = {row.method: row for row in both}
        assert rows["tuned"].ndcg > rows["raw"].ndcg + 0.01, both
        assert rows["tuned"].mrr > rows["raw"].mrr, both


def test_adapters_that_do_not_fit_the_model_are_refused_with_a_message():
    from transformers import BertConfig, BertModel

    small = BertModel(BertConfig(hidden_size=32, num_hidden_layers=6, num_attention_heads=2, intermediate_size=64))
    before = small.encoder.layer[0].attention.self.query.weight.clone()
    with pytest.raises(ValueError, match="does not fit this model: 0.attention.self.query is"):
        apply_tuning(small)
    assert (small.encoder.layer[0].attention.self.query.weight == before).all()


def test_each_adapted_weight_becomes_w_plus_strength_times_alpha_over_rank_times_b_a():
    from transformers import AutoModel

    from matcher.embedding import _packaged_path
    from matcher.tuning import ALPHA, MODULES, RANK, STRENGTH, TUNING_FILE, modules_of

    bert = AutoModel.from_pretrained(str(_packaged_path()))
    before = {name: getattr(parent, attribute).weight.detach().clone() for name, parent, attribute in modules_of(bert)}
    assert len(before) == 6 * len(MODULES)
    apply_tuning(bert)
    with np.load(TUNING_FILE) as adapters:
        assert (int(adapters["rank"]), int(adapters["alpha"])) == (RANK, ALPHA)
        for name, parent, attribute in modules_of(bert):
            expected = STRENGTH * ALPHA / RANK * (
                adapters[f"{name}.B"].astype(np.float32) @ adapters[f"{name}.A"].astype(np.float32)
            )
            change = (getattr(parent, attribute).weight.detach() - before[name]).numpy()
            assert np.abs(expected).max() > 1e-3, f"{name}: the adapters change it"
            np.testing.assert_allclose(change, expected, atol=1e-5, err_msg=name)


@settings(max_examples=50, deadline=None)
@given(blocks=st.integers(60, 200), seed=st.integers(0, 2**16))
def test_a_batch_of_look_alikes_brings_each_occupation_with_ones_it_resembles(blocks, seed):
    """The training script's look-alike batches (tried, not shipped): BATCH distinct occupations that come in
    groups of look-alikes. Here occupations resemble exactly the others of their block, so every occupation in a
    batch has another of its block beside it, but for the one drawn last when the batch was full."""
    block = NEIGHBOURS + 1
    neighbours = [[j for j in range(i - i % block, i - i % block + block) if j != i] for i in range(blocks * block)]
    size = min(BATCH, len(neighbours))
    batch = hard_batch(random.Random(seed), neighbours, size)
    assert len(batch) == len(set(batch)) == size
    alone = [k for k in batch if not any(j != k and j // block == k // block for j in batch)]
    assert len(alone) <= 1


def test_look_alikes_are_the_closest_occupations_of_the_same_source():
    groups = [
        ("esco", ["train driver"]), ("esco", ["tram driver"]), ("esco", ["pastry chef"]),
        ("onet", ["Locomotive Engineers"]), ("onet", ["Bakers"]), ("onet", ["Bus Drivers, Transit and Intercity"]),
    ]
    closest = look_alikes(groups, count=2)
    assert closest[0][0] == 1 and closest[1][0] == 0
    assert all(groups[j][0] == groups[i][0] and j != i for i, row in enumerate(closest) for j in row)
