"""Occupation grounding: the O*NET-SOC occupation a job title or a seeker's job type most likely names.

The taxonomy is O*NET-SOC (923 occupations) derived from O*NET data (CC BY 4.0) and shipped in
matcher/data/occupations.json.gz (matcher/taxonomy_source.py says how it is made). Grounding compares a
text's MiniLM embedding with the embeddings of each occupation's title, a few plain forms of it, and its duties
(the mean embedding of its O*NET task statements); the occupation with the most similar of these wins, and that
cosine similarity is the confidence.

The SOC code gives the hierarchy used as a back-off: "35-2014.00" (Cooks, Restaurant) lies in the detailed
SOC occupation 35-2014, the broad group 35-2010, the minor group 35-2000 and the major group 35-0000.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from matcher.embedding import Embedder
from models.errors import UnknownOccupation

DATA_FILE = Path(__file__).with_name("data") / "occupations.json.gz"
# The label embeddings as computed by our Embedder when the data was made (matcher/taxonomy_source.py), so a new
# process or a fresh database does not spend half a minute of CPU embedding 1,319 labels again.
VECTORS_FILE = Path(__file__).with_name("data") / "occupation_label_vectors.npz"

# Below this cosine similarity between a text and its best occupation, the grounding is flagged low-confidence
# (and the ranking does not use it). Chosen from data by benchmarks/grounding_threshold.py, with the tuned model
# (matcher/tuning.py): of 400 ESCO job titles (tuning half, none in the grounding index) 94.2% reach 0.41, of 400
# made-up strings 4.8% do; 0.41 separates them best (true-positive minus false-positive rate). Real titles have a
# median of 0.58, made-up strings 0.33. (With the packaged model it was 0.40: 97.0% and 3.2%.)
LOW_CONFIDENCE = 0.41

# A float32 dot product of two 384-long unit vectors is off by at most about 2.3e-5 (384 roundings of 2^-24; in
# practice about 1e-7), so an occupation more than twice that below the best by a BLAS product cannot be the best.
EXACT_SLACK = 1e-4

# How many seekers' phrases keep their grounding in memory (a phrase is grounded again only when it falls out).
PHRASE_GROUNDINGS_KEPT = 4096

# Each occupation's duties are the mean embedding of its first task statements: enough to say what the work is.
# VECTORS_FILE ships one duties vector per occupation (float16, with the length of its sum of task embeddings, so
# a benchmark can take task statements back out of it), not the task vectors: 0.7 MB instead of 3.4 MB.
DUTY_TASKS = 10

_CODE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
_EXCEPT = re.compile(r",?\s+(Except|All Other)\b.*$")


# English function words, and the words of an empty answer: a text of these alone names no work. (A short list
# here rather than scikit-learn's: importing it would add about a second to the first ranking of a process.)
FUNCTION_WORDS = frozenset("""
a an the and or nor but if of to in on at by for from with without as into onto upon about over under than then
so not no none nothing n/a na any some all each every this that these those it its i me my we our you your he him
his she her they them their is are was were be been being am do does did done have has had can could will would
shall should may might must just also very too more most less other such own same here there what which who whom
whose when where why how yes ok okay etc anything something everything whatever job jobs work
""".split())


def names_something(text: str) -> bool:
    """Whether a text has a word besides function words ("the", "and", "none", "job"): only then is it grounded.

    The tuned model puts a lone function word 0.45 from "Writers and Authors", above LOW_CONFIDENCE. A word in
    capitals is taken for an abbreviation ("IT", "HVAC"), which names work.
    """
    return any(word.isupper() or word.lower() not in FUNCTION_WORDS for word in re.findall(r"[A-Za-z]{2,}", text))


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


def duty_tasks(taxonomy: Taxonomy) -> list[tuple[int, str]]:
    """(occupation row, task statement) for the tasks that make up each occupation's duties: its first DUTY_TASKS."""
    return [(row, task) for row, o in enumerate(taxonomy.occupations) for task in taxonomy.tasks[o.code][:DUTY_TASKS]]


def duty_sums(taxonomy: Taxonomy, task_vectors: np.ndarray) -> np.ndarray:
    """(occupations, d): the sum of each occupation's duty task embeddings (zeros for one without tasks).

    task_vectors: one row per duty_tasks(taxonomy) entry, in order.
    """
    rows = np.array([row for row, _ in duty_tasks(taxonomy)], dtype=np.int64)
    sums = np.zeros((len(taxonomy), task_vectors.shape[1]), dtype=np.float64)
    np.add.at(sums, rows, task_vectors)
    return sums


def duty_vectors(sums: np.ndarray, counts: np.ndarray | None = None) -> np.ndarray:
    """Unit vectors of duty_sums(); an occupation whose `counts` of duty tasks is 0 gets zeros."""
    norms = np.linalg.norm(sums, axis=1, keepdims=True)
    if counts is not None:
        norms = np.where(counts[:, None] > 0, norms, 0.0)
    return (sums / np.where(norms > 0, norms, np.inf)).astype(np.float32)


def duty_digest(taxonomy: Taxonomy) -> str:
    """The sha256 of which task statements make up each occupation's duties: shipped duties are used only for these."""
    text = "\n".join(f"{row}\t{task}" for row, task in duty_tasks(taxonomy))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@contextmanager
def _shipped(embedder: Embedder) -> Iterator[Any]:
    """VECTORS_FILE opened, if it was made by the embedder's model; else None."""
    if not VECTORS_FILE.exists():
        yield None
        return
    with np.load(VECTORS_FILE) as data:
        yield data if str(data["model_id"]) == embedder.model_id else None


def _unit(stored: np.ndarray) -> np.ndarray:
    """Vectors stored small (float16) as float32 unit vectors again, as cosine similarities want them."""
    vectors = stored.astype(np.float32)
    return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


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

    def __init__(
        self, occupations: Sequence[Occupation], tasks: dict[str, tuple[str, ...]], source: str = "",
        held_from: tuple[Taxonomy, frozenset[str]] | None = None,
    ) -> None:
        self.occupations: tuple[Occupation, ...] = tuple(occupations)
        self.tasks = tasks
        self.source = source  # the shipped file's source line
        # For holding_out(): the whole taxonomy and the task statements this one leaves out.
        self._held_from = held_from
        self._duty_sums: dict[str, np.ndarray] = {}  # model id -> duty_sums()
        self._duty_sums_lock = threading.Lock()  # taken inside _vectors_lock, never the other way round
        self._by_code = {o.code: o for o in self.occupations}
        self.codes = np.array([o.code for o in self.occupations])
        forms = [(row, form) for row, o in enumerate(self.occupations) for form in label_forms(o.label)]
        self.label_texts: tuple[str, ...] = tuple(form for _, form in forms)
        # Rows of label_vectors(): every label form, then one row of duties per occupation.
        self.label_row = np.array(
            [row for row, _ in forms] + list(range(len(self.occupations))), dtype=np.int64
        )
        self._vectors: dict[str, np.ndarray] = {}  # model id -> (labels + occupations, d) embeddings
        self._vectors_lock = threading.Lock()
        # (model id, vector bytes) -> (row, cosine) of a seeker's phrase, most recently used last.
        self._phrase_groundings: OrderedDict[tuple[str, bytes], tuple[int, float]] = OrderedDict()

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
        return self.row_of_code[self.occupation(code).code]

    @cached_property
    def row_of_code(self) -> dict[str, int]:
        """Occupation code -> row in `occupations`."""
        return {o.code: row for row, o in enumerate(self.occupations)}

    def label_vectors(self, embedder: Embedder) -> np.ndarray:
        """(labels + occupations, d) unit embeddings: every label form, then each occupation's duties.

        Kept once per process and model. Vectors shipped in VECTORS_FILE are used where they were made by the
        same model for the same text; the embedder computes any other.
        """
        with self._vectors_lock:
            vectors = self._vectors.get(embedder.model_id)
            if vectors is None:
                forms = self._embed(list(self.label_texts), embedder)
                vectors = np.ascontiguousarray(np.vstack([forms, self._duties(embedder)]), dtype=np.float32)
                self._vectors[embedder.model_id] = vectors
            return vectors

    def _embed(self, texts: list[str], embedder: Embedder) -> np.ndarray:
        """Embeddings of label texts: from the shipped file where it has them for this model, else the embedder's."""
        shipped: dict[str, np.ndarray] = {}
        with _shipped(embedder) as data:
            if data is not None:
                shipped = dict(zip(data["texts"].tolist(), _unit(data["vectors"]), strict=True))
        missing = [t for t in dict.fromkeys(texts) if t not in shipped]
        if missing:
            shipped.update(zip(missing, embedder.encode(missing), strict=True))
        if not texts:
            return np.zeros((0, embedder.dimension), dtype=np.float32)
        return np.stack([shipped[t] for t in texts])

    def _duties(self, embedder: Embedder) -> np.ndarray:
        """(occupations, d) unit vectors of each occupation's duties, without any task statement held out."""
        if self._held_from is None:
            return duty_vectors(self.duty_sums(embedder))
        whole, held = self._held_from
        sums = whole.duty_sums(embedder).copy()
        removed = [(row, task) for row, task in duty_tasks(whole) if task in held]
        if removed:
            rows = np.array([row for row, _ in removed], dtype=np.int64)
            np.subtract.at(sums, rows, embedder.encode([task for _, task in removed]).astype(np.float64))
        counts = np.bincount([row for row, _ in duty_tasks(self)], minlength=len(self))
        return duty_vectors(sums, counts)

    def duty_sums(self, embedder: Embedder) -> np.ndarray:
        """duty_sums() of this taxonomy for the embedder's model: shipped, or embedded once per process."""
        with self._duty_sums_lock:
            sums = self._duty_sums.get(embedder.model_id)
            if sums is None:
                with _shipped(embedder) as data:
                    digest = str(data["duty_digest"]) if data is not None and "duty_digest" in data.files else None
                    if digest == duty_digest(self):
                        sums = _unit(data["duty_vectors"]).astype(np.float64) * data["duty_norms"][:, None]
                if sums is None:
                    tasks = [task for _, task in duty_tasks(self)]
                    embedded = embedder.encode(tasks) if tasks else np.zeros((0, embedder.dimension), np.float32)
                    sums = duty_sums(self, embedded)
                self._duty_sums[embedder.model_id] = sums
            return sums

    def holding_out(self, texts: Sequence[str], embedder: Embedder) -> Taxonomy:
        """This taxonomy without the given task statements in any occupation's duties (for benchmarks).

        A benchmark whose queries or openings are task statements grounds against this, so no string it is
        scored on is in the grounding index.
        """
        held = frozenset(texts)
        # Only the duty tasks are left out, not replaced by later ones: the duties are this taxonomy's sums less
        # the left-out tasks' embeddings.
        tasks = {code: tuple(t for t in found[:DUTY_TASKS] if t not in held) for code, found in self.tasks.items()}
        return Taxonomy(self.occupations, tasks, source=self.source, held_from=(self, held))

    def ground_vectors(self, vectors: np.ndarray, embedder: Embedder) -> tuple[np.ndarray, np.ndarray]:
        """For unit vectors already embedded: each one's best occupation row and its cosine similarity.

        Each vector's answer is bitwise the same whichever vectors come with it, as an index changed in place
        needs (it grounds a few new openings, a fresh build all of them). A BLAS product finds the closest
        labels fast but rounds a dot product by where its row falls in the block, so the answer comes from the
        exact similarities (np.vecdot, one pair at a time) of the labels within EXACT_SLACK of the closest:
        any other label is below the best by more than the product's error, so it can neither win nor tie.
        """
        rows = np.zeros(len(vectors), dtype=np.int64)
        cosine = np.zeros(len(vectors), dtype=np.float32)
        labels = self.label_vectors(embedder)
        for start in range(0, len(vectors), 4096):  # bounded memory for a large catalogue
            block = np.ascontiguousarray(vectors[start : start + 4096], dtype=np.float32)
            rough = block @ labels.T
            closest = rough.argmax(axis=1)
            near = rough >= rough[np.arange(len(block)), closest][:, None] - EXACT_SLACK
            best, score = self.label_row[closest], np.vecdot(block, labels[closest])
            for i in np.flatnonzero(near.sum(axis=1) > 1):  # a near tie: every close label scored exactly
                columns = np.flatnonzero(near[i])
                exact = np.vecdot(block[i][None, :], labels[columns])
                top = exact.max()
                # An occupation scores its best label; ties go to the lowest occupation row, as argmax does.
                best[i], score[i] = self.label_row[columns[exact == top]].min(), top
            rows[start : start + len(block)] = best
            cosine[start : start + len(block)] = score
        return rows, cosine

    def ground_phrases(self, vectors: np.ndarray, embedder: Embedder) -> tuple[np.ndarray, np.ndarray]:
        """ground_vectors() for a few phrase vectors (a seeker's), each remembered: ranking asks again every call.

        Each vector is grounded alone, so its answer does not depend on which other phrases came with it.
        """
        rows = np.zeros(len(vectors), dtype=np.int64)
        cosine = np.zeros(len(vectors), dtype=np.float32)
        for i, vector in enumerate(vectors):
            key = (embedder.model_id, np.ascontiguousarray(vector, dtype=np.float32).tobytes())
            with self._vectors_lock:
                found = self._phrase_groundings.get(key)
                if found is not None:
                    self._phrase_groundings.move_to_end(key)
            if found is None:
                row, best = self.ground_vectors(vector[None, :], embedder)
                found = (int(row[0]), float(best[0]))
                with self._vectors_lock:
                    self._phrase_groundings[key] = found
                    while len(self._phrase_groundings) > PHRASE_GROUNDINGS_KEPT:
                        self._phrase_groundings.popitem(last=False)
            rows[i], cosine[i] = found
        return rows, cosine

    @cached_property
    def group_ids(self) -> np.ndarray:
        """(occupations, 5) ints: each occupation's own id, then its detailed, broad, minor and major SOC group ids."""
        names: dict[str, int] = {}
        table = [[names.setdefault(level, len(names)) for level in (o.code, *o.parents)] for o in self.occupations]
        return np.array(table, dtype=np.int64)

    def similarities(self, texts: Sequence[str], embedder: Embedder) -> np.ndarray:
        """(texts, occupations) cosine similarity of each text to each occupation's closest label."""
        if not texts:
            return np.zeros((0, len(self)), dtype=np.float32)
        return self._per_occupation(embedder.encode(list(texts)) @ self.label_vectors(embedder).T)

    def _per_occupation(self, per_label: np.ndarray) -> np.ndarray:
        """(texts, labels + occupations) similarities -> (texts, occupations): the best label or duties of each."""
        forms = len(self.label_texts)
        # Label forms are stored occupation by occupation, so each occupation's are one contiguous run.
        starts = np.flatnonzero(np.r_[True, self.label_row[1:forms] != self.label_row[: forms - 1]])
        best = np.maximum.reduceat(per_label[:, :forms], starts, axis=1)
        return np.maximum(best, per_label[:, forms:])

    def _grounding(self, row: int, cosine: float, text: str) -> Grounding:
        occupation = self.occupations[row]
        confidence = round(float(np.clip(cosine, 0.0, 1.0)), 4) if names_something(text) else 0.0
        return Grounding(occupation.code, occupation.label, confidence, confidence < LOW_CONFIDENCE)

    def ground(self, texts: Sequence[str], embedder: Embedder) -> list[Grounding]:
        """The best occupation for each text, in order; low_confidence where the best label is not close."""
        sims = self.similarities(texts, embedder)
        # Ties go to the lower code, so the same text always grounds the same way.
        best = sims.argmax(axis=1) if len(texts) else np.zeros(0, dtype=np.int64)
        return [self._grounding(int(row), float(sims[i, row]), texts[i]) for i, row in enumerate(best)]

    def search(self, text: str, embedder: Embedder, limit: int = 10) -> list[Grounding]:
        """The `limit` occupations closest to a text, best first: the choices of a correction picker."""
        if limit <= 0 or not text.strip():
            return []
        sims = self.similarities([text], embedder)[0]
        order = np.lexsort((np.arange(len(self)), -sims))[:limit]
        return [self._grounding(int(row), float(sims[row]), text) for row in order]

    def closeness(self, first: str, second: str) -> int:
        """How close two known codes are in the hierarchy (see same_level); UnknownOccupation otherwise."""
        self.occupation(first)
        self.occupation(second)
        return same_level(first, second)
