"""ipsmatch's tuning of all-MiniLM-L6-v2 for job texts: low-rank adapters added into the packaged weights.

Given one task statement of an O*NET occupation, the packaged model finds the occupation's other task statements
among 499 with nDCG@10 0.352 (held-out half, 100 occupations); tuned, 0.453. benchmarks/train_job_tuning.py
taught it, on the tuning half of the quality benchmark's occupations only, which texts name the same work; what
it learnt ships as low-rank adapters in TUNING_FILE (1.2 MB). On load
each adapted Linear layer's weight becomes W + STRENGTH * (ALPHA / RANK) * B @ A, so the tuned model is as fast
as the packaged one and every backend (ONNX, int8) is made from the tuned weights.

Held-out figures (python -m benchmarks.quality) are in the README's "How well it works".
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

TUNING_FILE = Path(__file__).with_name("data") / "job_tuning.npz"
RANK, ALPHA = 16, 16
# The share of the learnt change that is applied. Trained only on job names and duties, the full change pulls
# short phrases that are not job names towards a few titles ("dogs", "cats", "cars": nearest demo title
# "Breakfast crew" or "Grounds crew"): over the demo vocabulary's seekers, the share of each phrase's 5 nearest
# demo titles that are of the seeker's kinds of work (interests / job types / dream jobs) is
#   packaged model 0.389 / 0.465 / 0.442; STRENGTH 0.5: 0.422 / 0.520 / 0.508; 0.75: 0.422 / 0.525 / 0.550;
#   1.0: 0.373 / 0.545 / 0.533.
# and raw cosine nDCG@10 / MRR@10 on the quality benchmark's tuning half (O*NET tasks; ESCO labels):
#   packaged 0.356 / 0.528, 0.891 / 0.977; 0.5: 0.462 / 0.652, 0.920 / 0.984; 0.75: 0.472 / 0.639, 0.925 / 0.986;
#   1.0: 0.472 / 0.618, 0.931 / 0.981 (python -m benchmarks.tuning_strength prints these figures).
# 0.5 and 0.75 are about as good; 0.5 moves cosine similarities least from the packaged model's, on which the
# thresholds of matcher/ were calibrated (at 0.75 "fast food" is 0.64 from a diner's line cook, at 0.5 0.57).
STRENGTH = 0.5
# The adapted Linear layers of each transformer layer, as (name, path from the layer to the module holding it).
MODULES = (
    ("query", "attention.self"), ("key", "attention.self"), ("value", "attention.self"),
    ("dense", "attention.output"), ("dense", "intermediate"), ("dense", "output"),
)


def modules_of(bert: Any) -> Iterator[tuple[str, Any, str]]:
    """Every adapted Linear layer of a BERT model as (name, the module holding it, its attribute name)."""
    for number, layer in enumerate(bert.encoder.layer):
        for attribute, path in MODULES:
            parent = layer
            for step in path.split("."):
                parent = getattr(parent, step)
            yield f"{number}.{path}.{attribute}", parent, attribute


@lru_cache(maxsize=1)
def tuning_digest() -> str:
    """16 hex digits of the sha256 of the adapters and STRENGTH: names the tuned weights (ONNX exports, caches)."""
    return hashlib.sha256(TUNING_FILE.read_bytes() + repr(STRENGTH).encode()).hexdigest()[:16]


def apply_tuning(bert: Any, strength: float = STRENGTH) -> Any:
    """The BERT model with the shipped adapters added into its weights, in place (no cost when it runs).

    `strength`: the share of the learnt change to apply (benchmarks/tuning_strength.py tries others).
    """
    import torch

    with np.load(TUNING_FILE) as adapters, torch.no_grad():
        scale = strength * float(adapters["alpha"]) / float(adapters["rank"])
        for name, parent, attribute in modules_of(bert):
            layer = getattr(parent, attribute)
            low_rank = adapters[f"{name}.B"].astype(np.float32) @ adapters[f"{name}.A"].astype(np.float32)
            if low_rank.shape != tuple(layer.weight.shape):
                raise ValueError(f"{TUNING_FILE.name} does not fit this model: {name} is {tuple(layer.weight.shape)}")
            layer.weight += torch.from_numpy(low_rank * scale).to(layer.weight.dtype)
    return bert
