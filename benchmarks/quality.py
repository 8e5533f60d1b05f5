"""Ranking quality: hit@10, nDCG@10 and MRR@10 of ipsmatch and simple baselines on labelled public data.

For every set of benchmarks/quality_sets.py, each query is a seeker's wanted job type and each opening a real
`Opening` (one per employer, so the diversity rule never interferes). Methods: random, rapidfuzz (WRatio),
TF-IDF over words and over character n-grams (scikit-learn), raw MiniLM cosine (the packaged model as it is),
cosine of ipsmatch's tuning of the same model for job texts (matcher/tuning.py, trained on the tuning half
only), and ipsmatch through its own `rank()` over an `OpeningIndex` (which embeds with the tuned model).
Preference violations are counted on the same queries given random hard preferences (minimum wage, hours,
shifts, a shift to avoid, one opening marked "not for me"): a suggestion that breaks one is printed and
counted; the target is 0.

Run: HF_HUB_OFFLINE=1 python -m benchmarks.quality [--sample 100] [--split held-out]
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process
from sklearn.feature_extraction.text import TfidfVectorizer

from benchmarks.quality_metrics import hit_at, mrr_at, ndcg_at
from benchmarks.quality_sets import BenchmarkSet, benchmark_sets
from matcher import Embedder, OpeningIndex, rank
from matcher.taxonomy import Taxonomy
from models import CareerProfile, Employer, Feedback, JobSeeker, Opening, Reaction, Shift

K = 10
TARGET = (0.08, 0.10)  # how far ipsmatch should be ahead of raw MiniLM on every set: nDCG@10, MRR@10
Ranker = Callable[[BenchmarkSet], list[list[int]]]  # per query, opening positions best first


@dataclass(frozen=True)
class Row:
    """One method's figures on one set."""

    set: str
    method: str
    hit: float
    ndcg: float
    mrr: float
    queries: int
    openings: int
    seconds: float


def _top(scores: np.ndarray) -> list[list[int]]:
    """Per row of a (queries, openings) score matrix, the best K positions; ties go to the lower position."""
    order = np.lexsort((np.broadcast_to(np.arange(scores.shape[1]), scores.shape), -scores), axis=1)
    return [list(map(int, row[:K])) for row in order]


def random_ranker(data: BenchmarkSet, seed: int = 0) -> list[list[int]]:
    """K openings drawn at random for each query (fixed seed)."""
    rng = np.random.default_rng(seed)
    return [list(map(int, rng.permutation(len(data.openings))[:K])) for _ in data.queries]


def rapidfuzz_ranker(data: BenchmarkSet) -> list[list[int]]:
    """Openings by rapidfuzz's WRatio of query and title."""
    scores = process.cdist([q.text for q in data.queries], list(data.openings), scorer=fuzz.WRatio, workers=1)
    return _top(np.asarray(scores, dtype=np.float64))


def tfidf_ranker(analyzer: str, ngrams: tuple[int, int]) -> Ranker:
    """Openings by cosine of TF-IDF vectors fitted on the openings (words, or character n-grams)."""

    def ranker(data: BenchmarkSet) -> list[list[int]]:
        vectoriser = TfidfVectorizer(analyzer=analyzer, ngram_range=ngrams, sublinear_tf=True)
        openings = vectoriser.fit_transform(data.openings)
        queries = vectoriser.transform([q.text for q in data.queries])
        return _top((queries @ openings.T).toarray())

    return ranker


def minilm_ranker(embedder: Embedder) -> Ranker:
    """Openings by raw cosine of MiniLM embeddings of query and title."""

    def ranker(data: BenchmarkSet) -> list[list[int]]:
        openings = embedder.encode(list(data.openings))
        queries = embedder.encode([q.text for q in data.queries])
        return _top(queries @ openings.T)

    return ranker


def catalogue(data: BenchmarkSet, seed: int = 0) -> tuple[list[Employer], list[Opening]]:
    """The set's openings as real Openings, each at its own employer, with random hours, wage and shifts.

    A seeker who states none of those is ranked on the titles alone; the constrained seekers of
    `violations` are filtered by them.
    """
    rng = random.Random(seed)
    employers = [Employer(id=i + 1, name=f"Employer {i + 1}") for i in range(len(data.openings))]
    openings = []
    for i, title in enumerate(data.openings):
        low = rng.choice([None, 8, 15, 20, 30])
        openings.append(Opening(
            id=i + 1, employer_id=i + 1, title=title,
            hours_min=low, hours_max=None if low is None else low + rng.choice([0, 5, 10]),
            wage=rng.choice([None, 12.0, 15.0, 18.0, 22.0]),
            shifts=rng.sample(list(Shift), rng.choice([0, 1, 2])),
        ))
    return employers, openings


def ipsmatch_ranker(embedder: Embedder, index_of: dict[str, OpeningIndex] | None = None) -> Ranker:
    """Openings by ipsmatch's rank() for a seeker whose one wanted job type is the query."""

    def ranker(data: BenchmarkSet) -> list[list[int]]:
        index = _index(data, embedder, index_of)
        results = []
        for number, query in enumerate(data.queries):
            seeker = JobSeeker(id=number + 1, name="Benchmark seeker", profile=CareerProfile(job_types=[query.text]))
            results.append([s.opening_id - 1 for s in rank(seeker, index, limit=K)])
        return results

    return ranker


def _index(data: BenchmarkSet, embedder: Embedder, cache: dict[str, OpeningIndex] | None) -> OpeningIndex:
    key = f"{data.name}/{data.split}/{len(data.openings)}"
    if cache is not None and key in cache:
        return cache[key]
    employers, openings = catalogue(data)
    taxonomy = Taxonomy.load().holding_out(data.held_out, embedder) if data.held_out else None
    index = OpeningIndex.build(openings, employers, embedder, taxonomy=taxonomy)
    if cache is not None:
        cache[key] = index
    return index


def methods(embedder: Embedder, raw: Embedder) -> dict[str, Ranker]:
    """Every method of the table, by name, in the order printed. `raw`: the packaged model, not ipsmatch's tuning."""
    return {
        "random": random_ranker,
        "rapidfuzz": rapidfuzz_ranker,
        "tfidf-words": tfidf_ranker("word", (1, 1)),
        "tfidf-chars": tfidf_ranker("char_wb", (2, 4)),
        "minilm": minilm_ranker(raw),
        "minilm-tuned": minilm_ranker(embedder),
        "ipsmatch": ipsmatch_ranker(embedder, {}),
    }


def evaluate(data: BenchmarkSet, rankers: dict[str, Ranker]) -> list[Row]:
    """Each method's mean hit@10, nDCG@10 and MRR@10 over the set's queries."""
    rows = []
    for name, ranker in rankers.items():
        start = time.perf_counter()
        ranked = ranker(data)
        seconds = time.perf_counter() - start
        rows.append(Row(
            data.name, name,
            float(np.mean([hit_at(r, q.relevance, K) for r, q in zip(ranked, data.queries, strict=True)])),
            float(np.mean([ndcg_at(r, q.relevance, K) for r, q in zip(ranked, data.queries, strict=True)])),
            float(np.mean([mrr_at(r, q.relevance, K) for r, q in zip(ranked, data.queries, strict=True)])),
            len(data.queries), len(data.openings), seconds,
        ))
    return rows


def broken_preferences(profile: CareerProfile, rejected: set[int], opening: Opening) -> list[str]:
    """The seeker's hard preferences an opening breaks, checked here from the records, not by the engine."""
    broken = []
    if opening.wage is not None and profile.min_wage is not None and opening.wage < profile.min_wage:
        broken.append(f"wage {opening.wage} < minimum {profile.min_wage}")
    if opening.hours_min is not None and profile.hours_max is not None and opening.hours_min > profile.hours_max:
        broken.append(f"hours from {opening.hours_min} > at most {profile.hours_max}")
    high = opening.hours_max if opening.hours_max is not None else opening.hours_min
    if high is not None and profile.hours_min is not None and high < profile.hours_min:
        broken.append(f"hours up to {high} < at least {profile.hours_min}")
    if opening.shifts and profile.shifts and not set(opening.shifts) & set(profile.shifts):
        broken.append(f"shifts {opening.shifts} outside {profile.shifts}")
    if "no night shifts" in profile.avoid and Shift.night in opening.shifts:
        broken.append("a night shift, avoided")
    if opening.id in rejected:
        broken.append("marked not for me")
    return broken


def violations(data: BenchmarkSet, embedder: Embedder, index_of: dict[str, OpeningIndex], seed: int = 1) -> list[str]:
    """Suggestions that break a hard preference, for every query given random hard preferences (should be none)."""
    index = _index(data, embedder, index_of)
    rng = random.Random(seed)
    found = []
    for number, query in enumerate(data.queries):
        relevant = sorted(query.relevance, key=lambda p: -query.relevance[p])
        low = rng.choice([None, 10, 20])
        profile = CareerProfile(
            job_types=[query.text], min_wage=rng.choice([None, 14.0, 16.0, 20.0]),
            hours_min=low, hours_max=None if low is None else low + rng.choice([5, 15]),
            shifts=rng.sample([s for s in Shift if s != Shift.night], rng.choice([0, 2, 3])),
            avoid=rng.choice([[], ["no night shifts"]]),
        )
        rejected = {relevant[0] + 1} if relevant else set()
        feedback = [Feedback(seeker_id=number + 1, opening_id=i, reaction=Reaction.not_for_me) for i in rejected]
        seeker = JobSeeker(id=number + 1, name="Benchmark seeker", profile=profile)
        for suggestion in rank(seeker, index, feedback=feedback, limit=K):
            opening = index.openings[index.row_of_id[suggestion.opening_id]]
            for what in broken_preferences(profile, rejected, opening):
                found.append(f"{data.name} query {query.text!r}: opening {opening.id} {opening.title!r}: {what}")
    return found


def table(rows: Sequence[Row]) -> str:
    """The rows as a fixed-width table."""
    header = f"{'set':12} {'method':12} {'hit@10':>7} {'nDCG@10':>8} {'MRR@10':>7} {'queries':>8} {'openings':>9}"
    lines = [header + f" {'s':>6}"]
    for r in rows:
        lines.append(
            f"{r.set:12} {r.method:12} {r.hit:7.3f} {r.ndcg:8.3f} {r.mrr:7.3f} {r.queries:8d} {r.openings:9d} "
            f"{r.seconds:6.1f}"
        )
    return "\n".join(lines)


def run(
    embedder: Embedder, sample: int | None = 100, split: str = "held-out", raw: Embedder | None = None
) -> tuple[list[Row], list[str]]:
    """Every method's row on every set, and the suggestions that broke a hard preference (should be none).

    `embedder` is ipsmatch's (tuned); `raw` the packaged model as it is, for the "minilm" row (made if not given).
    """
    rankers = methods(embedder, raw if raw is not None else Embedder(tuned=False))
    indexes: dict[str, OpeningIndex] = {}
    rankers["ipsmatch"] = ipsmatch_ranker(embedder, indexes)
    rows: list[Row] = []
    broken: list[str] = []
    for data in benchmark_sets(sample, split):
        rows.extend(evaluate(data, rankers))
        broken.extend(violations(data, embedder, indexes))
    return rows, broken


def margins(rows: Sequence[Row]) -> dict[str, tuple[float, float]]:
    """Per set, how far ipsmatch is ahead of raw MiniLM: (nDCG@10, MRR@10), to compare with TARGET."""
    result = {}
    for data_name in dict.fromkeys(r.set for r in rows):
        by = {r.method: r for r in rows if r.set == data_name}
        result[data_name] = (by["ipsmatch"].ndcg - by["minilm"].ndcg, by["ipsmatch"].mrr - by["minilm"].mrr)
    return result


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=100, help="occupations per set (0: all of the split)")
    parser.add_argument("--split", default="held-out", choices=["tune", "held-out", "all"])
    args = parser.parse_args(argv)
    rows, broken = run(Embedder(), args.sample or None, args.split)
    print(f"split: {args.split}, {args.sample or 'all'} occupations per set")
    print(table(rows))
    for data_name, (ndcg, mrr) in margins(rows).items():
        print(
            f"{data_name}: ipsmatch - minilm: nDCG@10 {ndcg:+.3f} (target +{TARGET[0]:.2f}), "
            f"MRR@10 {mrr:+.3f} (target +{TARGET[1]:.2f})"
        )
    print(f"preference violations: {len(broken)}")
    for line in broken:
        print("  " + line)


if __name__ == "__main__":
    main()
