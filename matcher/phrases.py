"""Reading seekers' own words: shift words in 'avoid' phrases, and fuzzy title hits with rapidfuzz."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

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


def contains_all_words(phrase: str, texts: Sequence[str]) -> np.ndarray:
    """True where every word of the phrase appears as a word of the text (texts already normalised)."""
    words = [w for w in normalise(phrase).split() if w not in _FILLER]
    if not words:
        return np.zeros(len(texts), dtype=bool)
    patterns = [re.compile(rf"\b{re.escape(w)}\b") for w in words]
    return np.array([all(p.search(t) for p in patterns) for t in texts], dtype=bool)
