"""Likely duplicate employers: the same business entered twice under a messy variant of its name.

A job-development catalogue collects "Wal-Mart #2231" from a job board, "Walmart Supercenter" from a
specialist's notes and "St. Mary's Hospital" next to "Saint Marys Hosp.". Two records are likely the same
employer when their names, once normalised, are alike (rapidfuzz) and their places do not say otherwise:

- Normalising drops case, accents, apostrophes and punctuation, joins "T.J." into "tj", spells out the usual
  abbreviations ("St." -> saint, "Hosp." -> hospital, "&" -> and), drops legal forms (Inc, LLC, Co, Corp)
  and takes store numbers ("#2231", "Store 12", "No. 5", a trailing number) aside.
- The name score (0-100) is the best of: plain and space-free ratios ("Wal-Mart" = "Walmart"), the same
  name with words a chain appends dropped on one side ("Perkins" = "Perkins Restaurant & Bakery", but not
  "Target" = "Target Field"), a branch suffix "of <place>" ("Culver's of Richfield"), and initials
  ("HCMC" = "Hennepin County Medical Center").
- Places veto: two records both located more than SAME_PLACE_KM apart are two branches, and different store
  numbers are different stores. A record with no location on one side is judged by its name alone.

LIKELY_DUPLICATE was calibrated on tests/matcher/data/employer_pairs.csv (117 labelled pairs of real
employer names); tests/matcher/test_duplicates.py prints precision and recall on that list.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from models import Employer, Location

# Name score (0-100) at or above which two names are likely the same employer. On the labelled pairs every
# threshold from 83 to 87 gives the same precision and recall (1.00 and 0.89); 85 sits in the middle of that
# plateau: the closest look-alikes stay below it ("U.S. Bank Stadium" vs "US Bank" scores 82, "Nordstrom
# Rack" vs "Nordstrom" 82, "Hilton Garden Inn Minneapolis" vs "Hilton Minneapolis" 79), the lowest true
# duplicate above it ("M Health Fairview Southdale Hospital" vs "Fairview Southdale Hospital" 88).
LIKELY_DUPLICATE = 85.0
# Two located records farther apart than this are different places: geocoding the same door twice differs
# by tens of metres, a large site (a hospital campus, a mall) by a few hundred; two branches of a chain in
# one city are usually a kilometre or more apart.
SAME_PLACE_KM = 0.5
# What the initials rule scores: below an exact name, above the threshold.
INITIALS_SCORE = 95.0

# Abbreviations as job boards and specialists write them, spelled out so both spellings compare equal.
_ABBREVIATIONS = {
    "st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "hosp": "hospital", "ctr": "center",
    "cntr": "center", "centre": "center", "bros": "brothers", "svc": "services", "svcs": "services",
    "dept": "department", "univ": "university", "med": "medical", "intl": "international",
    "natl": "national", "assn": "association", "mfg": "manufacturing", "mpls": "minneapolis",
    "rec": "recreation", "us": "united states", "usa": "united states",
    # plurals of the words chains append, so "Kowalski's Markets" meets "Kowalskis Market"
    "markets": "market", "hospitals": "hospital", "clinics": "clinic", "restaurants": "restaurant",
    "foods": "food", "donuts": "donut", "sandwiches": "sandwich", "airlines": "airline", "pharmacies": "pharmacy",
}
# Legal forms and the like: never what tells two employers apart.
_LEGAL = frozenset({
    "inc", "incorporated", "llc", "llp", "lllp", "ltd", "limited", "co", "corp", "corporation", "company",
    "the", "store", "stores", "dba", "pllc", "plc", "pc",
})
# Words a chain puts after its name on one sign and leaves off another: what kind of place it is, and the
# region it serves. They may be missing on one side ("Whole Foods" / "Whole Foods Market"); two different
# ones ("Cedar Avenue Grill" / "Cedar Avenue Cafe") keep the names apart.
_DESCRIPTORS = frozenset({
    "supercenter", "superstore", "market", "supermarket", "grocery", "food", "pharmacy", "drug",
    "restaurant", "grill", "bar", "pub", "cafe", "coffee", "bakery", "donut", "diner", "kitchen", "eatery",
    "pizza", "pizzeria", "deli", "sandwich", "mexican", "italian", "chinese", "thai", "vietnamese",
    "hospital", "clinic", "homeimprovement", "departmentstore", "airline", "wholesale", "drivein",
    "minnesota", "mn", "minneapolis", "saintpaul", "twincities",
})
_CONNECTORS = frozenset({"and", "of"})
# Phrases made one word before comparing, so that each is one descriptor (or one name).
_PHRASES = (
    (re.compile(r"\bsuper\s+(center|store)\b"), r"super\1"),
    (re.compile(r"\bhome\s+improvement\b"), "homeimprovement"),
    (re.compile(r"\bdepartment\s+store\b"), "departmentstore"),
    (re.compile(r"\bdrive\s+in\b"), "drivein"),
    (re.compile(r"\bco\s+op\b"), "coop"),
    (re.compile(r"\bair\s+lines\b"), "airlines"),
    (re.compile(r"\bsaint\s+paul\b"), "saintpaul"),
    (re.compile(r"\btwin\s+cities\b"), "twincities"),
)
# "#2231", "# 2231", "No. 12", "Store 12", "Store #12", "Unit 5", "Location 3", "Branch 7".
_STORE_NUMBER = re.compile(r"(?:#|\bno\.?|\bstore|\bunit|\blocation|\bbranch)\s*#?\s*(\d+)\b")
_TRAILING_NUMBER = re.compile(r"\s(\d+)\s*$")
_APOSTROPHES = re.compile(r"['’`´]")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Name:
    """An employer name taken apart for comparison."""

    tokens: tuple[str, ...]  # normalised words, legal forms dropped
    whole: str  # every normalised word, legal forms kept, without spaces ("holidaystationstores")
    store_numbers: frozenset[str]  # "#2231", "Store 12" or a trailing number, without leading zeros
    core: str  # the words that are neither descriptors nor connectors, without spaces
    descriptors: frozenset[str]
    initials: frozenset[str]  # of all words, and of the words that are not connectors ("ihop", "usps")

    @property
    def spaced(self) -> str:
        return " ".join(self.tokens)

    @property
    def compact(self) -> str:
        return "".join(self.tokens)

    @property
    def digits(self) -> frozenset[str]:
        """Numbers that are part of the name itself ("7" of "7 Eleven"), not a store number."""
        return frozenset(t for t in self.tokens if t.isdigit())


@dataclass(frozen=True)
class Resemblance:
    """How alike two employer records are, and whether they are likely one employer entered twice."""

    score: float  # name likeness, 0-100
    distance_km: float | None  # None when either record has no location
    likely: bool


@lru_cache(maxsize=4096)
def parse(name: str) -> Name:
    """The name normalised and taken apart: words, store numbers, core words, descriptors, initials."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _APOSTROPHES.sub("", text).replace("&", " and ").replace("+", " and ")
    numbers = {n.lstrip("0") or "0" for n in _STORE_NUMBER.findall(text)}
    text = _STORE_NUMBER.sub(" ", text)
    text = _NOT_WORD.sub(" ", text).strip()
    if (trailing := _TRAILING_NUMBER.search(text)) is not None and len(text.split()) > 1:
        numbers.add(trailing.group(1).lstrip("0") or "0")
        text = text[: trailing.start()]
    words = _join_letters(text.split())
    words = [part for w in words for part in _ABBREVIATIONS.get(w, w).split()]
    text = " ".join(words)
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    words = text.split()
    kept = [w for w in words if w not in _LEGAL] or words
    core = [w for w in kept if w not in _DESCRIPTORS and w not in _CONNECTORS]
    initials = {"".join(w[0] for w in kept), "".join(w[0] for w in kept if w not in _CONNECTORS)}
    return Name(
        tokens=tuple(kept),
        whole="".join(words),
        store_numbers=frozenset(numbers),
        core="".join(core),
        descriptors=frozenset(w for w in kept if w in _DESCRIPTORS),
        initials=frozenset(i for i in initials if len(i) >= 3),
    )


def _join_letters(words: list[str]) -> list[str]:
    """Runs of single letters joined into one word: "t j maxx" -> "tj maxx", "u s" -> "us"."""
    out: list[str] = []
    run = ""
    for word in words:
        if len(word) == 1 and word.isalpha():
            run += word
            continue
        if run:
            out.append(run)
            run = ""
        out.append(word)
    if run:
        out.append(run)
    return out


def name_score(a: str, b: str) -> float:
    """How alike two employer names are, 0-100 (100: the same name once normalised)."""
    x, y = parse(a), parse(b)
    if not x.compact or not y.compact:
        return 0.0
    score = max(
        fuzz.ratio(x.spaced, y.spaced),
        fuzz.ratio(x.compact, y.compact),  # "Wal-Mart" / "Walmart"
        fuzz.ratio(x.whole, y.whole),  # "Holiday Stationstores" / "Holiday Station Store"
        fuzz.token_sort_ratio(x.spaced, y.spaced),  # words in another order
    )
    # One side carries descriptors the other leaves off ("Olive Garden" / "Olive Garden Italian Restaurant").
    if x.core and y.core and (x.descriptors <= y.descriptors or y.descriptors <= x.descriptors):
        score = max(score, fuzz.ratio(x.core, y.core))
    # A branch suffix: "Culver's of Richfield" is "Culver's" in Richfield.
    short, long = sorted((x.tokens, y.tokens), key=len)
    if len(long) > len(short) + 1 and long[: len(short)] == short and long[len(short)] == "of":
        score = max(score, 100.0)
    # Initials: "HCMC", "KFC", "IHOP" against the name spelled out.
    if len(x.tokens) == 1 and x.compact in y.initials or len(y.tokens) == 1 and y.compact in x.initials:
        score = max(score, INITIALS_SCORE)
    return float(score)


def distance_km(a: Location | None, b: Location | None) -> float | None:
    """Great-circle distance between two points in km; None when either is unknown."""
    if a is None or b is None:
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, h)))


def resemblance(
    a_name: str, a_location: Location | None, b_name: str, b_location: Location | None,
    *, threshold: float = LIKELY_DUPLICATE,
) -> Resemblance:
    """How alike two employer records are; `likely` when they are probably one employer entered twice."""
    score = name_score(a_name, b_name)
    distance = distance_km(a_location, b_location)
    x, y = parse(a_name), parse(b_name)
    different_stores = bool(x.store_numbers and y.store_numbers and not x.store_numbers & y.store_numbers)
    different_numbers = bool(x.digits and y.digits and x.digits != y.digits)
    elsewhere = distance is not None and distance > SAME_PLACE_KM
    likely = score >= threshold and not (different_stores or different_numbers or elsewhere)
    return Resemblance(score=score, distance_km=distance, likely=likely)


def compare(a: Employer, b: Employer, *, threshold: float = LIKELY_DUPLICATE) -> Resemblance:
    """How alike two employers are (by name and place)."""
    return resemblance(a.name, a.location, b.name, b.location, threshold=threshold)


def likely_duplicates(
    employer: Employer, others: Iterable[Employer], *, threshold: float = LIKELY_DUPLICATE
) -> list[tuple[Employer, Resemblance]]:
    """The employers among `others` that are likely `employer` entered again, most alike first, ties by id."""
    found = [(other, compare(employer, other, threshold=threshold)) for other in others if other.id != employer.id
             or employer.id is None]
    likely = [(other, r) for other, r in found if r.likely]
    return sorted(likely, key=lambda pair: (-pair[1].score, pair[0].id or 0))


def duplicate_pairs(
    employers: Sequence[Employer], *, threshold: float = LIKELY_DUPLICATE
) -> list[tuple[Employer, Employer, Resemblance]]:
    """Every pair of employers that are likely one employer entered twice, most alike first, then by ids."""
    pairs = []
    for i, a in enumerate(employers):
        for b in employers[i + 1 :]:
            found = compare(a, b, threshold=threshold)
            if found.likely:
                pairs.append((a, b, found) if (a.id or 0) <= (b.id or 0) else (b, a, found))
    return sorted(pairs, key=lambda p: (-p[2].score, p[0].id or 0, p[1].id or 0))
