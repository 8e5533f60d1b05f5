"""How matcher/data/job_tuning.npz is made: all-MiniLM-L6-v2 taught which job texts name the same work.

Contrastive training (in-batch negatives, as sentence-transformers' MultipleNegativesRankingLoss) of low-rank
adapters (LoRA, rank 16) on every Linear layer of the six transformer layers; the packaged weights stay frozen.
A pair is two texts of one occupation: two of an O*NET occupation's title forms and task statements, or two of
an ESCO occupation's labels. Only occupations of the *tuning* half of benchmarks/quality_sets.py are used, so
the held-out half the quality benchmark reports on is never seen. The UK ONS SOC coding index is not used.

Each batch takes 64 different occupations at random, one pair from each; the other 63 occupations' texts are the
negatives. Fixed seeds: run again on the same machine and torch, it writes the same adapters.

    HF_HUB_OFFLINE=1 python -m benchmarks.train_job_tuning [--steps 400]   # about 15 minutes on two cores

Tried and not shipped: `--hard --steps 600` makes every other batch one of look-alikes (16 occupations at random,
each with 3 of the 8 of the same source whose title or preferred label the packaged model puts closest, "tram
driver" beside "train driver"). At the shipped strength it did a little better on what it was meant for: each
demo seeker phrase's 5 nearest demo titles fit the seeker's kinds of work more often (interests 0.422 to 0.470,
job types 0.520 to 0.535, dream jobs 0.508 to 0.525) and raw cosine nDCG@10 / MRR@10 over every held-out
occupation rose from 0.236 / 0.333 to 0.244 / 0.345 (O*NET tasks) and 0.697 / 0.830 to 0.704 / 0.833 (ESCO
labels). But made-up strings of random letters came closer to occupations (median best cosine 0.33 to 0.37):
benchmarks/grounding_threshold.py's best cut fell from 94.2% of real titles against 4.8% of made-up strings to
90.5% against 5.0%, so more real titles, or more gibberish, would be flagged wrongly. The ranking gain is well
short of the quality target; the loss in telling a job name from gibberish is not worth it. (About 40 minutes.)

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
NEIGHBOURS, HARD_GROUP = 8, 4  # every other batch: 16 occupations, each with 3 of its 8 closest


def occupation_texts() -> list[list[str]]:
    """The tuning half's occupations, each as its distinct texts: O*NET (title forms, tasks), then ESCO (labels)."""
    return [texts for _, texts in sourced_texts()]


def sourced_texts() -> list[tuple[str, list[str]]]:
    """occupation_texts() with each occupation's source ("onet" or "esco")."""
    groups = []
    taxonomy = Taxonomy.load()
    for occupation in taxonomy.occupations:
        if in_split(occupation.code, "tune"):
            texts = list(dict.fromkeys(label_forms(occupation.label) + list(taxonomy.tasks[occupation.code])))
            if len(texts) >= 2:
                groups.append(("onet", texts))
    with gzip.open(ESCO_FILE, "rt", encoding="utf-8") as handle:
        for occupation in json.load(handle)["occupations"]:
            if in_split(occupation["uri"], "tune") and len(occupation["labels"]) >= 2:
                groups.append(("esco", list(dict.fromkeys(occupation["labels"]))))
    return groups


def look_alikes(groups: Sequence[tuple[str, list[str]]], count: int = NEIGHBOURS) -> list[list[int]]:
    """For each occupation, the `count` occupations of the same source whose first text is closest (packaged model).

    First texts are an O*NET title or an ESCO preferred label. Same source only: an ESCO occupation and an O*NET
    one may name the same work, and must not be taught apart.
    """
    from matcher.embedding import Embedder

    vectors = Embedder(tuned=False).encode([texts[0] for _, texts in groups])
    similar = vectors @ vectors.T
    sources = np.array([source for source, _ in groups])
    similar[sources[:, None] != sources[None, :]] = -np.inf
    np.fill_diagonal(similar, -np.inf)
    return np.argsort(-similar, axis=1)[:, :count].tolist()


def hard_batch(rng: random.Random, neighbours: Sequence[Sequence[int]], size: int = BATCH) -> list[int]:
    """A batch of look-alike occupations: a few at random, each with some of its closest, the rest at random."""
    chosen: dict[int, None] = {}
    while len(chosen) < size:
        seed = rng.randrange(len(neighbours))
        for member in [seed, *rng.sample(list(neighbours[seed]), HARD_GROUP - 1)]:
            if len(chosen) < size:
                chosen.setdefault(member)
    return list(chosen)


def train(steps: int = STEPS, seed: int = SEED, hard: bool = False) -> dict[str, np.ndarray]:
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
    sourced = sourced_texts()
    groups = [texts for _, texts in sourced]
    neighbours = look_alikes(sourced) if hard else []
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
        batch = hard_batch(rng, neighbours) if hard and step % 2 else rng.sample(range(len(groups)), BATCH)
        pairs = [rng.sample(groups[k], 2) for k in batch]
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
    parser.add_argument("--hard", action="store_true", help="every other batch of look-alike occupations (not shipped)")
    args = parser.parse_args(argv)
    groups = occupation_texts()
    texts = sum(map(len, groups))
    print(f"{len(groups)} occupations of the tuning half, {texts} texts; {len(MODULES)} modules a layer")
    weights = train(args.steps, hard=args.hard)
    np.savez_compressed(args.output, rank=RANK, alpha=ALPHA, steps=args.steps, **weights)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
