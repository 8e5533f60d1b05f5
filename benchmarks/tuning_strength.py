"""How much of the learnt tuning to apply (matcher/tuning.py STRENGTH), judged on the demo program's vocabulary.

For every phrase a demo seeker may say (interests, job types, dream jobs; service/demo/vocabulary.py), the share
of its 5 nearest demo job titles that are of that seeker's kinds of work; then, for reference, raw cosine
nDCG@10 / MRR@10 on the quality benchmark's *tuning* half (the held-out half is not looked at here).

    HF_HUB_OFFLINE=1 python -m benchmarks.tuning_strength 0 0.5 0.75 1

With --thresholds it prints instead where the cosine thresholds calibrated on the packaged model
(matcher/scoring.py, filters.py, reasons.py) fall for the shipped tuned model: the tuned cosine that as large a
share of (demo seeker phrase, demo opening text) pairs reaches as reach the packaged threshold.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import numpy as np

from benchmarks.quality import evaluate, minilm_ranker
from benchmarks.quality_sets import benchmark_sets
from matcher import Embedder, MemoryCache
from matcher.tuning import apply_tuning
from service.demo.vocabulary import ARCHETYPES, KINDS

PHRASES = {"interests": "interests", "job types": "job_types", "dream jobs": "dreams"}  # fields of an Archetype
NEAREST = 5


def model_at(strength: float):
    """The packaged model with `strength` of the learnt tuning added (0: as packaged)."""
    from sentence_transformers import SentenceTransformer

    from matcher.embedding import _packaged_path

    model = SentenceTransformer(str(_packaged_path()), device="cpu")
    if strength:
        apply_tuning(model[0].auto_model, strength)
    return model


def demo_precision(embedder: Embedder) -> dict[str, float]:
    """Per kind of phrase: mean share of a phrase's nearest demo titles that are of its seeker's kinds of work."""
    titles_of = {kind.key: {job[0] for job in kind.jobs} for kind in KINDS}
    titles = sorted(set().union(*titles_of.values()))
    vectors = embedder.encode(titles)
    result = {}
    for label, field in PHRASES.items():
        shares = []
        for archetype in ARCHETYPES.values():
            wanted = set().union(*(titles_of[kind] for kind in archetype.kinds))
            phrases = list(getattr(archetype, field))
            for row in embedder.encode(phrases) @ vectors.T:
                shares.append(np.mean([titles[j] in wanted for j in np.argsort(-row)[:NEAREST]]))
        result[label] = float(np.mean(shares))
    return result


RAW_THRESHOLDS = (0.25, 0.35, 0.41, 0.5, 0.55, 0.65)


def demo_pairs() -> tuple[list[str], list[str]]:
    """Everything a demo seeker may say (interests, strengths, job types, dream jobs, things to avoid), and every
    demo opening text (titles, titles with descriptions, employers' stated needs)."""
    said = sorted({phrase for a in ARCHETYPES.values()
                   for phrase in (*a.interests, *a.strengths, *a.job_types, *a.dreams, *a.avoid)})
    texts = sorted({job[0] for k in KINDS for job in k.jobs} | {f"{job[0]}. {job[1]}" for k in KINDS for job in k.jobs}
                   | {need for k in KINDS for need in k.needs})
    return said, texts


def mapped_thresholds() -> list[tuple[float, float, float]]:
    """(packaged threshold, share of demo pairs reaching it, tuned cosine reached by the same share)."""
    said, texts = demo_pairs()
    raw, tuned = Embedder(tuned=False, cache=MemoryCache()), Embedder(cache=MemoryCache())
    before = (raw.encode(said) @ raw.encode(texts).T).ravel()
    after = (tuned.encode(said) @ tuned.encode(texts).T).ravel()
    shares = [float((before >= t).mean()) for t in RAW_THRESHOLDS]
    return [(t, share, float(np.quantile(after, 1 - share))) for t, share in zip(RAW_THRESHOLDS, shares, strict=True)]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("strengths", type=float, nargs="*")
    parser.add_argument("--thresholds", action="store_true")
    args = parser.parse_args(argv)
    if args.thresholds:
        for threshold, share, tuned in mapped_thresholds():
            print(f"packaged {threshold:.2f}: {share:7.2%} of demo pairs reach it; tuned: {tuned:.3f}")
        return
    sets = benchmark_sets(100, "tune")
    for strength in args.strengths:
        embedder = Embedder(model_at(strength), cache=MemoryCache(), model_id=f"strength {strength}")
        demo = "  ".join(f"{label} {share:.3f}" for label, share in demo_precision(embedder).items())
        rows = [evaluate(data, {"cosine": minilm_ranker(embedder)})[0] for data in sets]
        tune = "  ".join(f"{row.set} {row.ndcg:.3f} / {row.mrr:.3f}" for row in rows)
        print(f"strength {strength:4.2f}: demo top {NEAREST}: {demo};  tuning half: {tune}", flush=True)


if __name__ == "__main__":
    main()
