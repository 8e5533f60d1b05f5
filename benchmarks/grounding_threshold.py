"""Where to flag a grounding as low-confidence: cosine similarity of real job titles and of strings naming no job.

Real titles: ESCO occupation labels of the tuning half (benchmarks/quality_sets.py), which name a job; none of
them is in the grounding index. Not titles: made-up words of random letters (1 to 3 of them, fixed seed), what a
typo-ridden or empty entry looks like. The threshold is the one that best separates the two (largest
true-positive rate minus false-positive rate); matcher/taxonomy.py's LOW_CONFIDENCE is set from it.

Run: HF_HUB_OFFLINE=1 python -m benchmarks.grounding_threshold [--sample 400]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random

import numpy as np

from benchmarks.quality_sets import ESCO_FILE, in_split
from matcher import Embedder
from matcher.taxonomy import LOW_CONFIDENCE, Taxonomy


def made_up(rng: random.Random) -> str:
    """A string of 1 to 3 made-up words of random letters."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    return " ".join("".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(rng.randint(1, 3)))


def scores(sample: int, seed: int = 3) -> tuple[np.ndarray, np.ndarray]:
    """Best-occupation cosine of `sample` real titles and of `sample` made-up strings."""
    with gzip.open(ESCO_FILE, "rt", encoding="utf-8") as handle:
        occupations = [o for o in json.load(handle)["occupations"] if in_split(o["uri"], "tune")]
    rng = random.Random(seed)
    titles = [rng.choice(o["labels"]) for o in rng.sample(occupations, sample)]
    nonsense = [made_up(rng) for _ in range(sample)]
    taxonomy, embedder = Taxonomy.load(), Embedder()
    real = np.array([g.confidence for g in taxonomy.ground(titles, embedder)])
    fake = np.array([g.confidence for g in taxonomy.ground(nonsense, embedder)])
    return real, fake


def best_threshold(real: np.ndarray, fake: np.ndarray) -> tuple[float, float, float]:
    """The cut that maximises true-positive rate minus false-positive rate, with those two rates."""
    best = (0.0, 0.0, 0.0, -1.0)
    for cut in np.round(np.arange(0.20, 0.80, 0.01), 2):
        tpr, fpr = float((real >= cut).mean()), float((fake >= cut).mean())
        if tpr - fpr > best[3]:
            best = (float(cut), tpr, fpr, tpr - fpr)
    return best[:3]


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=400)
    args = parser.parse_args()
    real, fake = scores(args.sample)
    cut, tpr, fpr = best_threshold(real, fake)
    print(f"real titles: median {np.median(real):.3f}, 5th percentile {np.percentile(real, 5):.3f}")
    print(f"made-up strings: median {np.median(fake):.3f}, 95th percentile {np.percentile(fake, 95):.3f}")
    print(f"best cut {cut:.2f}: {tpr:.1%} of real titles pass, {fpr:.1%} of made-up strings pass")
    print(
        f"LOW_CONFIDENCE in matcher/taxonomy.py is {LOW_CONFIDENCE}: {(real >= LOW_CONFIDENCE).mean():.1%} of real "
        f"titles pass, {(fake >= LOW_CONFIDENCE).mean():.1%} of made-up strings pass"
    )
