"""Occupation grounding: the O*NET-SOC occupation a job title or a seeker's job type most likely names.

The taxonomy is O*NET-SOC (923 occupations) derived from O*NET data (CC BY 4.0) and shipped in
matcher/data/occupations.json.gz (matcher/taxonomy_source.py says how it is made). Grounding compares a
text's MiniLM embedding with the embeddings of each occupation's title and a few plain forms of it; the
occupation with the most similar label wins, and its cosine similarity is the confidence.

The SOC code gives the hierarchy used as a back-off: "35-2014.00" (Cooks, Restaurant) lies in the detailed
SOC occupation 35-2014, the broad group 35-2010, the minor group 35-2000 and the major group 35-0000.
"""

from __future__ import annotations

import gzip
import json
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from matcher.embedding import Embedder
from models.errors import UnknownOccupation

DATA_FILE = Path(__file__).with_name("data") / "occupations.json.gz"

# Below this cosine similarity between a text and its best occupation label, the grounding is flagged
# low-confidence. Chosen from data (benchmarks/grounding_threshold.py prints the figures): real job titles
# (ESCO occupation labels of the tuning half) against strings that name no job.
LOW_CONFIDENCE = 0.5

_CODE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
_EXCEPT = re.compile(r",?\s+(Except|All Other)\b.*$")


def soc_levels(code: str) -> tuple[str, ...]:
    """The SOC groups above an O*NET-SOC code, nearest first: detailed, broad, minor and major group codes."""
    soc = code[:7]  # "35-2014.00" -> "35-2014"
    return (soc, soc[:6] + "0", soc[:5] + "00", soc[:2] + "-0000")


def label_forms(title: str) -> list[str]:
    """Plain forms of an O*NET title that people would say: 'Cooks, Restaurant' also as 'Restaurant Cooks'.

    O*NET titles are plural, list several jobs ("Waiters and Waitresses") and carry qualifiers after a comma
    ("..., Except Maids and Housekeeping Cleaners"); each job named is worth its own label.
    """
    forms = [title]
    core = _EXCEPT.sub("", title).strip()
    if core and core != title:
        forms.append(core)
    parts = [p.strip() for p in core.split(",")]
    if len(parts) == 2 and 1 <= len(parts[1].split()) <= 3 and not parts[1].startswith("and "):
        forms.append(f"{parts[1]} {parts[0]}")  # "Cooks, Restaurant" -> "Restaurant Cooks"
    elif len(parts) == 1 and " and " in core:
        left, right = core.split(" and ", 1)
        # "Waiters and Waitresses" names two jobs; "Industrial Truck and Tractor Operators" names one.
        if left.endswith("s") and right:
            forms.append(left)
            words = left.split()
            forms.append(" ".join([*words[:-1], right]) if len(right.split()) == 1 else right)
    return list(dict.fromkeys(forms))


@dataclass(frozen=True)
class Occupation:
    """One O*NET-SOC occupation: its code, its title and the SOC groups above it (nearest first)."""

    code: str
    label: str
    parents: tuple[str, ...]


@dataclass(frozen=True)
class Grounding:
    """The occupation a text was matched to, with a confidence in [0, 1] and whether it is too low to trust."""

    code: str
    label: str
    confidence: float
    low_confidence: bool


def same_level(first: str, second: str) -> int:
    """How close two O*NET-SOC codes are: 0 same occupation, 1 same detailed SOC, 2 broad, 3 minor, 4 major, 5 none."""
    if first == second:
        return 0
    for depth, (a, b) in enumerate(zip(soc_levels(first), soc_levels(second), strict=True), start=1):
        if a == b:
            return depth
    return 5


class Taxonomy:
    """The O*NET-SOC occupations with their labels; label embeddings are computed once per process."""

    _shared: Taxonomy | None = None
    _lock = threading.Lock()

    def __init__(self, occupations: Sequence[Occupation], tasks: dict[str, tuple[str, ...]], source: str = "") -> None:
        self.occupations: tuple[Occupation, ...] = tuple(occupations)
        self.tasks = tasks
        self.source = source
        self._by_code = {o.code: o for o in self.occupations}
        self.codes = np.array([o.code for o in self.occupations])
        forms = [(row, form) for row, o in enumerate(self.occupations) for form in label_forms(o.label)]
        self.label_texts: tuple[str, ...] = tuple(form for _, form in forms)
        self.label_row = np.array([row for row, _ in forms], dtype=np.int64)  # occupation row of each label
        self._vectors: dict[str, np.ndarray] = {}  # model id -> (labels, d) embeddings
        self._vectors_lock = threading.Lock()

    @classmethod
    def load(cls) -> Taxonomy:
        """The shipped O*NET-SOC taxonomy, read once per process."""
        with cls._lock:
            if cls._shared is None:
                cls._shared = cls.from_file(DATA_FILE)
            return cls._shared

    @classmethod
    def from_file(cls, path: Path) -> Taxonomy:
        """The taxonomy in a file written by matcher/taxonomy_source.py."""
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            document = json.load(handle)
        occupations = [Occupation(o["code"], o["title"], soc_levels(o["code"])) for o in document["occupations"]]
        tasks = {o["code"]: tuple(o["tasks"]) for o in document["occupations"]}
        return cls(occupations, tasks, source=document.get("source", ""))

    def __len__(self) -> int:
        return len(self.occupations)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def occupation(self, code: str) -> Occupation:
        """The occupation with that O*NET-SOC code; UnknownOccupation (a clear message) when there is none."""
        found = self._by_code.get(code) if isinstance(code, str) else None
        if found is None:
            shape = "" if isinstance(code, str) and _CODE.match(code) else " O*NET-SOC codes look like 35-2014.00."
            raise UnknownOccupation(f"No occupation has the code {code!r}.{shape} Pick one from the occupation search.")
        return found

    def row(self, code: str) -> int:
        """The row of an occupation in `occupations` (UnknownOccupation for an unknown code)."""
        return self.occupations.index(self.occupation(code))

    @cached_property
    def row_of_code(self) -> dict[str, int]:
        """Occupation code -> row in `occupations`."""
        return {o.code: row for row, o in enumerate(self.occupations)}

    def label_vectors(self, embedder: Embedder) -> np.ndarray:
        """(labels, d) embeddings of every label form, computed once per process and model."""
        with self._vectors_lock:
            vectors = self._vectors.get(embedder.model_id)
            if vectors is None:
                vectors = np.ascontiguousarray(embedder.encode(list(self.label_texts)))
                self._vectors[embedder.model_id] = vectors
            return vectors

    def similarities(self, texts: Sequence[str], embedder: Embedder) -> np.ndarray:
        """(texts, occupations) cosine similarity of each text to each occupation's closest label."""
        if not texts:
            return np.zeros((0, len(self)), dtype=np.float32)
        per_label = embedder.encode(list(texts)) @ self.label_vectors(embedder).T
        best = np.full((len(texts), len(self)), -1.0, dtype=np.float32)
        np.maximum.at(best.T, self.label_row, per_label.T)
        return best

    def _grounding(self, row: int, cosine: float) -> Grounding:
        occupation = self.occupations[row]
        confidence = round(float(np.clip(cosine, 0.0, 1.0)), 4)
        return Grounding(occupation.code, occupation.label, confidence, confidence < LOW_CONFIDENCE)

    def ground(self, texts: Sequence[str], embedder: Embedder) -> list[Grounding]:
        """The best occupation for each text, in order; low_confidence where the best label is not close."""
        sims = self.similarities(texts, embedder)
        # Ties go to the lower code, so the same text always grounds the same way.
        best = sims.argmax(axis=1) if len(texts) else np.zeros(0, dtype=np.int64)
        return [self._grounding(int(row), float(sims[i, row])) for i, row in enumerate(best)]

    def search(self, text: str, embedder: Embedder, limit: int = 10) -> list[Grounding]:
        """The `limit` occupations closest to a text, best first: the choices of a correction picker."""
        if limit <= 0 or not text.strip():
            return []
        sims = self.similarities([text], embedder)[0]
        order = np.lexsort((np.arange(len(self)), -sims))[:limit]
        return [self._grounding(int(row), float(sims[row])) for row in order]

    def closeness(self, first: str, second: str) -> int:
        """How close two known codes are in the hierarchy (see same_level); UnknownOccupation otherwise."""
        self.occupation(first)
        self.occupation(second)
        return same_level(first, second)
