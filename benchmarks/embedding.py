"""Embedding throughput through the Embedder next to raw SentenceTransformer.encode on the same texts.

Targets: under 10% overhead on texts the cache has not seen (hashing and cache look-ups are all the
Embedder adds), and cache hits nearly free. Run: HF_HUB_OFFLINE=1 python benchmarks/embedding.py
"""

from __future__ import annotations

import random
import time

from matcher import Embedder, MemoryCache, load_model

WORDS = ("clean kennels walk dogs wash dishes stock shelves answer phones mow lawns pack orders greet "
         "customers sort mail fold laundry prep vegetables help at the front desk morning evening weekend "
         "part time full time no experience needed friendly team quiet room on the bus line").split()


def texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choices(WORDS, k=rng.randint(6, 18))) + f" ({seed}-{i})" for i in range(count)]


def best_of(runs: int, call) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        call()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    model = load_model()
    count, batch = 1024, 64
    model.encode(texts(64, 0), batch_size=batch)  # warm up
    raw_times, ours_times, hit_times = [], [], []
    for trial in range(3):
        sample = texts(count, trial + 1)
        # Fresh texts for each side, so the Embedder's cache never helps its own first pass.
        raw_times.append(best_of(1, lambda s=sample: model.encode(s, batch_size=batch, normalize_embeddings=True)))
        embedder = Embedder(model, cache=MemoryCache(), batch_size=batch)
        ours_times.append(best_of(1, lambda s=sample, e=embedder: e.encode(s)))
        hit_times.append(best_of(3, lambda s=sample, e=embedder: e.encode(s)))
    raw, ours, hit = min(raw_times), min(ours_times), min(hit_times)
    print(f"{count} texts, batch {batch}, best of 3 interleaved trials")
    print(f"raw SentenceTransformer.encode : {count / raw:8.0f} texts/s")
    overhead = 100 * (ours / raw - 1)
    print(f"Embedder.encode, cache misses  : {count / ours:8.0f} texts/s   overhead {overhead:+.1f}%  (target < 10%)")
    print(f"Embedder.encode, cache hits    : {count / hit:8.0f} texts/s   {raw / hit:.0f}x faster than encoding")


if __name__ == "__main__":
    main()
