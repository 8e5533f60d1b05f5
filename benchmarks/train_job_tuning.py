"""How matcher/data/job_tuning.npz is made: all-MiniLM-L6-v2 taught which job texts name the same work.

Contrastive training (in-batch negatives, as sentence-transformers' MultipleNegativesRankingLoss) of low-rank
adapters (LoRA, rank 16) on every Linear layer of the six transformer layers; the packaged weights stay frozen.
A pair is two texts of one occupation: two of an O*NET occupation's title forms and task statements, or two of
an ESCO occupation's labels. Only occupations of the *tuning* half of benchmarks/quality_sets.py are used, so
the held-out half the quality benchmark reports on is never seen. The UK ONS SOC coding index is not used.

Each batch takes 64 different occupations at random, one pair from each; the other 63 occupations' texts are the
negatives. Fixed seeds: run again on the same machine and torch, it writes the same adapters.

    HF_HUB_OFFLINE=1 python -m benchmarks.train_job_tuning [--steps 400]   # about 15 minutes on two cores

The adapters are stored as float16 (1.2 MB); matcher/tuning.py adds them into the packaged weights on load.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import random
import time
from collections.abc import Sequence

import numpy as np

from benchmarks.quality_sets import ESCO_FILE, in_split
from matcher.taxonomy import Taxonomy, label_forms
from matcher.tuning import ALPHA, MODULES, RANK, TUNING_FILE, modules_of

STEPS, BATCH, LEARNING_RATE, WARM_UP, SCALE, MAX_TOKENS, SEED = 400, 64, 1e-3, 30, 20.0, 64, 0


def occupation_texts() -> list[list[str]]:
    """The tuning half's occupations, each as its distinct texts: O*NET (title forms, tasks), then ESCO (labels)."""
    groups = []
    taxonomy = Taxonomy.load()
    for occupation in taxonomy.occupations:
        if in_split(occupation.code, "tune"):
            texts = list(dict.fromkeys(label_forms(occupation.label) + list(taxonomy.tasks[occupation.code])))
            if len(texts) >= 2:
                groups.append(texts)
    with gzip.open(ESCO_FILE, "rt", encoding="utf-8") as handle:
        for occupation in json.load(handle)["occupations"]:
            if in_split(occupation["uri"], "tune") and len(occupation["labels"]) >= 2:
                groups.append(list(dict.fromkeys(occupation["labels"])))
    return groups


def train(steps: int = STEPS, seed: int = SEED) -> dict[str, np.ndarray]:
    """The adapters after `steps` batches: {"<layer>.<module>.A": (rank, in), "<layer>.<module>.B": (out, rank)}."""
    import torch
    from sentence_transformers import SentenceTransformer
    from torch import nn

    from matcher.embedding import _packaged_path

    class LowRank(nn.Module):
        """A frozen Linear layer plus B @ A, scaled; B starts at zero, so training starts from the packaged model."""

        def __init__(self, base: nn.Linear) -> None:
            super().__init__()
            self.base = base
            self.A = nn.Parameter(torch.randn(RANK, base.in_features) / math.sqrt(base.in_features))
            self.B = nn.Parameter(torch.zeros(base.out_features, RANK))

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.base(x) + (x @ self.A.T @ self.B.T) * (ALPHA / RANK)

    torch.manual_seed(seed)
    torch.set_num_threads(2)
    groups = occupation_texts()
    model = SentenceTransformer(str(_packaged_path()), device="cpu")
    model.max_seq_length = MAX_TOKENS  # task statements are about 30 tokens; training pairs need no more
    for parameter in model.parameters():
        parameter.requires_grad_(False)
    adapters: dict[str, LowRank] = {}
    for name, parent, attribute in modules_of(model[0].auto_model):
        adapters[name] = LowRank(getattr(parent, attribute))
        setattr(parent, attribute, adapters[name])
    parameters = [p for a in adapters.values() for p in (a.A, a.B)]
    optimiser = torch.optim.AdamW(parameters, lr=LEARNING_RATE, weight_decay=0.0)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min(1.0, (step + 1) / WARM_UP) * max(0.0, 1 - step / steps)
    )
    rng = random.Random(seed)
    labels = torch.arange(BATCH)
    model.train()
    started = time.perf_counter()
    for step in range(steps):
        pairs = [rng.sample(texts, 2) for texts in rng.sample(groups, BATCH)]
        first = nn.functional.normalize(model(model.preprocess([a for a, _ in pairs]))["sentence_embedding"], dim=-1)
        second = nn.functional.normalize(model(model.preprocess([b for _, b in pairs]))["sentence_embedding"], dim=-1)
        scores = first @ second.T * SCALE
        loss = (nn.functional.cross_entropy(scores, labels) + nn.functional.cross_entropy(scores.T, labels)) / 2
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        schedule.step()
        if step % 50 == 0 or step == steps - 1:
            print(f"step {step:4d}  loss {loss.item():.3f}  {time.perf_counter() - started:6.0f} s", flush=True)
    return {
        f"{name}.{part}": getattr(adapter, part).detach().numpy().astype(np.float16)
        for name, adapter in adapters.items() for part in ("A", "B")
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=STEPS)
    parser.add_argument("--output", default=str(TUNING_FILE))
    args = parser.parse_args(argv)
    groups = occupation_texts()
    texts = sum(map(len, groups))
    print(f"{len(groups)} occupations of the tuning half, {texts} texts; {len(MODULES)} modules a layer")
    weights = train(args.steps)
    np.savez_compressed(args.output, rank=RANK, alpha=ALPHA, steps=args.steps, **weights)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
