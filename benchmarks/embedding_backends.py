"""Embedding backends side by side: speed, load time, memory, closeness to the default and ranking quality.

For the default ("torch") and every other backend of matcher/embedding.py (BACKENDS), in one run:
- encode throughput (texts/s) on the same texts (the opening titles of benchmarks/quality_sets.py), with the
  batch size the service's Embedder uses, best of interleaved rounds, and its ratio to the default;
- load time and resident memory of a fresh process that loads the backend and encodes one batch (the ONNX
  files are exported before, so this is the load of every start but the first);
- cosine of each text's vector to the default's vector (mean and minimum);
- benchmarks/quality.py's figures (hit@10, nDCG@10, MRR@10) of raw MiniLM cosine and of ipsmatch's rank()
  with each backend's vectors, and the nDCG@10 difference to the default (a backend is offered as a setting
  only if it loses less than 0.01 on every set).

Run: HF_HUB_OFFLINE=1 python -m benchmarks.embedding_backends [--sample 100] [--split held-out]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Sequence

import numpy as np

from benchmarks.quality import Row, evaluate, ipsmatch_ranker, minilm_ranker
from benchmarks.quality_sets import benchmark_sets
from matcher import Embedder, MemoryCache
from matcher.embedding import BACKENDS, load_model

ROUNDS = 3
ALLOWED_LOSS = 0.01


def _memory_mb(field: str) -> float:
    """A memory figure of this process from /proc/self/status, in MB (Linux): VmRSS now, VmHWM at its peak."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def load_figures(backend: str) -> dict[str, float]:
    """Run in a fresh process: seconds to import and load the backend, and memory after encoding one batch."""
    start = time.perf_counter()
    embedder = Embedder(backend=backend, cache=MemoryCache())
    embedder.model  # noqa: B018 (loads it)
    loaded = time.perf_counter() - start
    embedder.encode([f"wash dishes in a busy kitchen, shift {i}" for i in range(embedder.batch_size)])
    return {
        "load_s": loaded,
        "rss_mb": _memory_mb("VmRSS"),
        # Not getrusage's ru_maxrss: Linux carries the parent's peak over into a child process.
        "peak_mb": _memory_mb("VmHWM"),
    }


def in_fresh_process(backend: str) -> dict[str, float]:
    """load_figures(backend) measured in a new Python process."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.embedding_backends", "--load-only", backend],
        check=True, capture_output=True, text=True, env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def throughput(models: dict[str, object], texts: list[str], batch_size: int) -> dict[str, float]:
    """Texts per second of each model's encode, best of ROUNDS rounds that take the backends in turn."""
    best = dict.fromkeys(models, float("inf"))
    for _ in range(ROUNDS):
        for name, model in models.items():
            start = time.perf_counter()
            model.encode(texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True)
            best[name] = min(best[name], time.perf_counter() - start)
    return {name: len(texts) / seconds for name, seconds in best.items()}


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=100, help="occupations per quality set (0: all of the split)")
    parser.add_argument("--split", default="held-out", choices=["tune", "held-out", "all"])
    parser.add_argument("--texts", type=int, default=1024, help="texts encoded in each throughput round")
    parser.add_argument("--backends", nargs="+", default=list(BACKENDS), choices=BACKENDS)
    parser.add_argument(
        "--quality", nargs="*", choices=BACKENDS, help="backends whose ranking quality is measured (default: all)"
    )
    parser.add_argument("--load-only", choices=BACKENDS, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.load_only:
        print(json.dumps(load_figures(args.load_only)))
        return
    backends = ["torch", *[b for b in args.backends if b != "torch"]]
    sets = benchmark_sets(args.sample or None, args.split)
    texts = list(dict.fromkeys(t for data in sets for t in data.openings))[: args.texts]
    batch_size = Embedder(backend="torch").batch_size

    first_use = {}
    for backend in backends:  # exports the ONNX files if this machine has none yet
        start = time.perf_counter()
        load_model(backend=backend)
        first_use[backend] = time.perf_counter() - start
    loads = {backend: in_fresh_process(backend) for backend in backends}
    models = {backend: load_model(backend=backend) for backend in backends}
    for model in models.values():  # warm up
        model.encode(texts[:batch_size], batch_size=batch_size)
    speed = throughput(models, texts, batch_size)
    default_vectors = models["torch"].encode(texts, batch_size=batch_size, normalize_embeddings=True)
    cosines = {
        b: np.sum(default_vectors * m.encode(texts, batch_size=batch_size, normalize_embeddings=True), axis=1)
        for b, m in models.items()
    }

    print(f"{len(texts)} texts (quality set openings), batch {batch_size}, best of {ROUNDS} interleaved rounds")
    print(f"{'backend':10} {'texts/s':>8} {'ratio':>6} {'load s':>7} {'1st use s':>9} {'RSS MB':>7} {'peak MB':>8} "
          f"{'cos mean':>9} {'cos min':>8}")
    for b in backends:
        print(
            f"{b:10} {speed[b]:8.0f} {speed[b] / speed['torch']:6.2f} {loads[b]['load_s']:7.1f} {first_use[b]:9.1f} "
            f"{loads[b]['rss_mb']:7.0f} {loads[b]['peak_mb']:8.0f} {cosines[b].mean():9.4f} {cosines[b].min():8.4f}"
        )

    rows: dict[str, list[Row]] = {}
    rated = [b for b in backends if args.quality is None or b in args.quality or b == "torch"]
    for b in rated:
        embedder = Embedder(models[b], backend=b, cache=MemoryCache())
        rankers = {"minilm": minilm_ranker(embedder), "ipsmatch": ipsmatch_ranker(embedder, {})}
        start = time.perf_counter()
        rows[b] = [row for data in sets for row in evaluate(data, rankers)]
        print(f"quality with {b}: {time.perf_counter() - start:.0f} s", flush=True)
    print(f"\nsplit: {args.split}, {args.sample or 'all'} occupations per set")
    print(f"{'backend':10} {'set':12} {'method':9} {'hit@10':>7} {'nDCG@10':>8} {'MRR@10':>7} {'dnDCG':>7}")
    losses = {b: 0.0 for b in rated}
    for b in rated:
        for row, base in zip(rows[b], rows["torch"], strict=True):
            difference = row.ndcg - base.ndcg
            losses[b] = max(losses[b], -difference)
            print(
                f"{b:10} {row.set:12} {row.method:9} {row.hit:7.3f} {row.ndcg:8.3f} {row.mrr:7.3f} {difference:+7.3f}"
            )
    for b in rated[1:]:
        verdict = "offered" if losses[b] < ALLOWED_LOSS else "not offered"
        print(f"{b}: largest nDCG@10 loss {losses[b]:.3f} (limit {ALLOWED_LOSS}): {verdict}, "
              f"{speed[b] / speed['torch']:.2f}x the default's throughput")


if __name__ == "__main__":
    main()
