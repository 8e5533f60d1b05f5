"""Reading seekers' own words: shift words in 'avoid' phrases, and fuzzy title hits with rapidfuzz."""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from matcher.shared_rows import SharedList
from models.fields import Shift

# Words people use for a shift in "avoid" phrases ("no nights", "no weekend work", "early mornings").
_SHIFT_WORDS: dict[str, Shift] = {
    "night": Shift.night, "nights": Shift.night, "overnight": Shift.night, "overnights": Shift.night,
    "graveyard": Shift.night, "evening": Shift.evening, "evenings": Shift.evening, "late": Shift.evening,
    "weekend": Shift.weekend, "weekends": Shift.weekend, "saturday": Shift.weekend, "saturdays": Shift.weekend,
    "sunday": Shift.weekend, "sundays": Shift.weekend, "morning": Shift.morning, "mornings": Shift.morning,
    "early": Shift.morning, "daytime": Shift.day,
}
_FILLER = {"shift", "shifts", "work", "working", "hours", "no", "not", "any", "the", "a", "and", "or"}
_NEGATIONS = re.compile(r"^(no|not|never|avoid|nothing with|don'?t want|do not want|without)\s+", re.IGNORECASE)

# token_set_ratio of 90 or more: "Python (primary)" meets "python", "kennel assistant" meets
# "Kennel Assistant - part time", but "cook" does not meet "cookie packer".
TITLE_HIT = 90.0


def strip_negation(phrase: str) -> str:
    """'no fast food' -> 'fast food': avoid phrases are things to avoid, so the 'no' is implied."""
    return _NEGATIONS.sub("", phrase.strip()).strip()


def avoided_shifts(phrase: str) -> tuple[set[Shift], bool]:
    """The shifts an avoid phrase names, and whether the phrase is about nothing but shifts."""
    words = re.findall(r"[a-z]+", phrase.lower())
    shifts = {_SHIFT_WORDS[w] for w in words if w in _SHIFT_WORDS}
    only_shifts = bool(shifts) and all(w in _SHIFT_WORDS or w in _FILLER for w in words)
    return shifts, only_shifts


def normalise(text: str) -> str:
    """Lower case, punctuation to spaces, parentheses kept as words: what fuzzy matching compares."""
    return default_process(text)


def title_hits(phrases: Sequence[str], titles: Sequence[str]) -> np.ndarray:
    """A (len(phrases), len(titles)) array of rapidfuzz token_set_ratio scores, 0 to 100."""
    if not phrases or not titles:
        return np.zeros((len(phrases), len(titles)), dtype=np.float32)
    return process.cdist(
        [normalise(p) for p in phrases], list(titles), scorer=fuzz.token_set_ratio, dtype=np.float32, workers=1
    )


def titles_hit(phrases: Sequence[str], titles: Sequence[str], at_least: float) -> np.ndarray:
    """Per title: does some phrase score at least `at_least` against it (title_hits())?

    An index's distinct titles (a SharedList) only ever grow, and a seeker's phrases come back with every ranking,
    so each phrase's hits among a list's titles are remembered and only titles added since are compared.
    Comparing a seeker's job types with all 630 distinct titles of the generated state-sized program took
    0.65 ms, remembered 0.006 ms; the first grows with the number of distinct titles.
    """
    hit = np.zeros(len(titles), dtype=bool)
    items = titles.items if isinstance(titles, SharedList) else None
    for phrase in phrases:
        if items is None:
            hit |= title_hits([phrase], titles)[0] >= at_least
            continue
        key = (normalise(phrase), at_least, id(items))
        with _HITS_LOCK:
            known = _HITS.get(key)
            if known is not None and known[0] is items:
                _HITS.move_to_end(key)
        if known is None or known[0] is not items:
            known = (items, 0, np.zeros(0, dtype=np.int64))
        _, checked, positions = known
        if checked < len(titles):
            scores = title_hits([phrase], items[checked : len(titles)])[0]
            positions = np.concatenate([positions, checked + np.flatnonzero(scores >= at_least)])
            with _HITS_LOCK:
                _HITS[key] = (items, len(titles), positions)
                while len(_HITS) > PHRASE_TITLE_HITS_KEPT:
                    _HITS.popitem(last=False)
        hit[positions[positions < len(titles)]] = True
    return hit


# How many (phrase, threshold, title list) answers titles_hit() keeps: positions of hits only, so a few KB each.
PHRASE_TITLE_HITS_KEPT = 4096
_HITS: OrderedDict[tuple[str, float, int], tuple[list[str], int, np.ndarray]] = OrderedDict()
_HITS_LOCK = threading.Lock()


def contains_all_words(phrase: str, texts: Sequence[str]) -> np.ndarray:
    """True where every word of the phrase appears as a word of the text (texts already normalised)."""
    words = [w for w in normalise(phrase).split() if w not in _FILLER]
    if not words:
        return np.zeros(len(texts), dtype=bool)
    patterns = [re.compile(rf"\b{re.escape(w)}\b") for w in words]
    return np.array([all(p.search(t) for p in patterns) for t in texts], dtype=bool)
