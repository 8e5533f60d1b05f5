"""rank(): the ranked, explained suggestions of openings for one job seeker."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

import numpy as np

from matcher.adjustments import final_score, judgment_weights, reciprocal_fit, seeker_offer, sort_score
from matcher.benefits import benefits_note, earnings_limit, monthly_earnings
from matcher.congestion import crowding, exposure_counts
from matcher.diversity import diversify
from matcher.filters import avoid_phrases, avoided_by_meaning, hard_filters
from matcher.index import OpeningIndex
from matcher.learning import own_reactions, reactions_in, refinement
from matcher.phrases import TITLE_HIT, contains_all_words, title_hits
from matcher.reasons import Evidence, reasons
from matcher.scoring import PreferenceParts, preference_rows, seeker_terms
from models import CareerProfile, Feedback, JobSeeker, Judgment, Settings, Suggestion, get_settings

# Below this share of passing openings, copying their rows out first is cheaper than products over all rows
# (np.vecdot costs about as much per row as the copy: 100k rows, 9 queries, a fifth passing: 21 ms vs 60 ms CPU).
GATHER_BELOW = 0.5
# The passing rows are copied out this many at a time into one small buffer that stays in the CPU's cache, not
# into a fresh array the size of them all: a large new array pays a page fault per 4 KiB, which cost as much as
# the copy (30,000 of 100,000 rows, three queries: 14.4 ms in one copy, 7.6 ms in parts of 1,024).
GATHER_ROWS = 1_024
# products() over this many rows or more runs on up to MAX_THREADS threads.
THREADS_FROM_ROWS = 20_000
MAX_THREADS = 4
# The pool of best openings that the word-level avoid check reads (and diversify() picks from) starts with
# POOL_PER_WANTED times as many as are wanted, and at least POOL_MIN.
POOL_PER_WANTED, POOL_MIN = 4, 64


def products(matrix: np.ndarray, queries: np.ndarray, *, threads: int | None = None) -> np.ndarray:
    """(rows of matrix, queries) float32 dot products, each row's bitwise the same wherever that row sits.

    An index changed in place holds its rows in another order than a fresh build, so a row's similarity
    must not depend on its neighbours or on how many rows there are. A BLAS matrix product does not give
    that: it rounds differently at block edges, by shape and by thread split (OpenBLAS and MKL both, on
    this machine). np.vecdot takes each (row, query) pair alone, one dot product of the same length and
    strides every time, so a pair's result depends on its two vectors only (tests/matcher/test_index.py
    checks it directly and through rank()). It reads the matrix once, so it costs about one pass over it.
    threads: at most this many (None: as many as suit the size, up to MAX_THREADS).
    """
    rows = len(matrix)
    out = np.zeros((rows, len(queries)), dtype=np.float32)
    if rows == 0 or len(queries) == 0:
        return out
    matrix = np.ascontiguousarray(matrix, dtype=np.float32)
    queries = np.ascontiguousarray(queries, dtype=np.float32)[None, :, :]
    # A large matrix is split across threads (numpy lets go of the GIL in the loop); each pair is still
    # computed alone, so where the split falls changes nothing.
    parts = _thread_count(rows) if threads is None else max(1, min(threads, _thread_count(rows)))
    bounds = np.linspace(0, rows, parts + 1).astype(int)

    def part(i: int) -> None:
        start, stop = bounds[i], bounds[i + 1]
        np.vecdot(matrix[start:stop, None, :], queries, out=out[start:stop])

    if parts == 1:
        part(0)
    else:
        with ThreadPoolExecutor(parts) as pool:
            list(pool.map(part, range(parts)))
    return out


def _thread_count(rows: int) -> int:
    return min(os.cpu_count() or 1, MAX_THREADS) if rows >= THREADS_FROM_ROWS else 1


def _in_threads(work, rows: np.ndarray) -> list:
    """work(part) for consecutive parts of `rows`, one per thread, results in row order."""
    parts = np.array_split(rows, _thread_count(rows.size))
    if len(parts) == 1:
        return [work(rows)]
    with ThreadPoolExecutor(len(parts)) as pool:
        return list(pool.map(work, parts))


@dataclass(frozen=True)
class _Scored:
    """Scored rows of the index (ascending) with what is worked out per row, all aligned with `rows`."""

    rows: np.ndarray
    wanted_sims: np.ndarray  # (rows, wanted phrases)
    pref: PreferenceParts
    order_by: np.ndarray  # adjustments.sort_score(): what the list is sorted by

    def taking(self, at: np.ndarray) -> _Scored:
        """These positions only."""
        pref = self.pref
        return _Scored(
            self.rows[at], self.wanted_sims[at],
            PreferenceParts(
                total=pref.total[at], parts={name: values[at] for name, values in pref.parts.items()},
                best_phrase=pref.best_phrase[at], from_needs=pref.from_needs[at], best_need=pref.best_need[at],
                title_hit=pref.title_hit[at],
            ),
            self.order_by[at],
        )


def _joined(parts: Sequence[_Scored]) -> _Scored:
    """Parts joined in order."""
    if len(parts) == 1:
        return parts[0]
    prefs = [p.pref for p in parts]
    return _Scored(
        np.concatenate([p.rows for p in parts]),
        np.concatenate([p.wanted_sims for p in parts]),
        PreferenceParts(
            total=np.concatenate([p.total for p in prefs]),
            parts={name: np.concatenate([p.parts[name] for p in prefs]) for name in prefs[0].parts},
            best_phrase=np.concatenate([p.best_phrase for p in prefs]),
            from_needs=np.concatenate([p.from_needs for p in prefs]),
            best_need=np.concatenate([p.best_need for p in prefs]),
            title_hit=np.concatenate([p.title_hit for p in prefs]),
        ),
        np.concatenate([p.order_by for p in parts]),
    )


@dataclass(frozen=True)
class _Candidates:
    """A part's rows that can reach the best `size` of all the parts, and the highest P among the others."""

    size: int
    at: np.ndarray  # positions into the part, ascending
    closest: np.ndarray  # _closest() of each of those rows: what breaks ties in the sort score
    best_outside: float  # -inf when every row is a candidate


def _candidates(part: _Scored, size: int, vectors: np.ndarray, wanted: np.ndarray) -> _Candidates:
    """The part's best `size` rows by order_by, with every row tied with the last of them (_best()).

    The best `size` of all rows, ties included, are among the union of the parts' candidates: a row outside
    its part's candidates has `size` rows of its own part above it. vectors, wanted: for _closest().
    """
    n = part.rows.size
    if size >= n:
        at, best_outside = np.arange(n), -np.inf
    else:
        at = _best(part.order_by, size)
        outside = part.pref.total.copy()
        outside[at] = -np.inf
        best_outside = float(outside.max())
    return _Candidates(size, at, _closest(vectors, part.rows[at], wanted), best_outside)


def _pool_of(parts: Sequence[_Scored], found: Sequence[_Candidates]) -> tuple[_Scored, np.ndarray, float]:
    """The parts' candidates joined in row order, their _closest(), and the highest P of the rows left out."""
    joined = _joined([part.taking(c.at) for part, c in zip(parts, found, strict=True)])
    closest = np.concatenate([c.closest for c in found])
    return joined, closest, max((c.best_outside for c in found), default=-np.inf)


def similarities(
    vectors: np.ndarray, rows: np.ndarray, queries: np.ndarray, *, threads: int | None = None
) -> np.ndarray:
    """(rows, queries) cosine similarities of the given rows (ascending) of `vectors` to each query vector."""
    if rows.size == 0 or len(queries) == 0:
        return np.zeros((rows.size, len(queries)), dtype=np.float32)
    start, stop = int(rows[0]), int(rows[-1]) + 1
    if rows.size == stop - start:  # every row from start to stop (rows are ascending and distinct): no copy
        return products(vectors[start:stop], queries, threads=threads)
    if rows.size < GATHER_BELOW * (stop - start):
        return _gathered_products(vectors, rows, queries)
    return products(vectors[start:stop], queries, threads=threads)[rows - start]


def _gathered_products(vectors: np.ndarray, rows: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """products(vectors[rows], queries), copying GATHER_ROWS rows at a time through one buffer (on this thread).

    Each pair is still computed alone by np.vecdot, so the values are those of products() bit for bit.
    """
    out = np.empty((rows.size, len(queries)), dtype=np.float32)
    buffer = np.empty((min(rows.size, GATHER_ROWS), vectors.shape[1]), dtype=np.float32)
    queries = np.ascontiguousarray(queries, dtype=np.float32)[None, :, :]
    for first in range(0, rows.size, GATHER_ROWS):
        part = rows[first : first + GATHER_ROWS]
        block = buffer[: part.size]
        # mode="clip": the rows are in range; the default "raise" copies through a hidden buffer of its own.
        np.take(vectors, part, axis=0, out=block, mode="clip")
        np.vecdot(block[:, None, :], queries, out=out[first : first + part.size])
    return out


def rank(
    seeker: JobSeeker,
    index: OpeningIndex,
    *,
    judgments: Sequence[Judgment] = (),
    feedback: Sequence[Feedback] = (),
    limit: int = 10,
    settings: Settings | None = None,
    voice: Literal["seeker", "staff"] = "seeker",
    exposure: Mapping[int, int] | None = None,
    learning: bool = True,
) -> list[Suggestion]:
    """The seeker's suggested openings, best first, at most `limit`, none breaking a hard preference.

    voice: "seeker" writes the reasons to the seeker ("You asked for ..."); "staff" writes them about the
    seeker by name, for a job developer or specialist ("Ana R. asked for ..."). Only the reasons differ.
    exposure: opening id -> how many other seekers are currently shown it; crowded openings give way to
    comparable ones within the band (matcher/congestion.py). None: no congestion term.
    learning: False leaves the seeker's reactions out of the score (matcher/learning.py); what they marked
    "not for me" is still never suggested. For measuring what learning adds.
    """
    settings = settings or get_settings()
    profile = seeker.profile
    if limit <= 0 or index.size == 0:
        return []
    reacted = reactions_in(own_reactions(seeker, feedback), index)
    liked = list(reacted.liked)
    filters = hard_filters(profile, index, rejected_ids=reacted.rejected_ids, settings=settings)
    # Only openings that pass the column tests are compared by meaning: exact, and no work spent on
    # openings the seeker has already ruled out.
    rows = np.flatnonzero(filters.passed)

    wanted, avoid, offer = profile.wanted_phrases(), avoid_phrases(profile), seeker_offer(profile)
    phrase_vectors = index.embedder.encode([*wanted, *avoid, *offer])
    w, a = len(wanted), len(avoid)
    refined = None
    if learning and (reacted.liked or reacted.disliked):
        refined = refinement(
            phrase_vectors[:w], index.vectors[list(reacted.liked)], index.vectors[list(reacted.disliked)]
        )
    # The refined queries' similarities are sums of the stated ones' and the shift's (learning.Refinement):
    # one more product over the openings, not one per refined query.
    shift = np.zeros((0, phrase_vectors.shape[1]), dtype=np.float32) if refined is None else refined.shift[None, :]
    queries = np.vstack([phrase_vectors[: w + a], shift])
    # Per need row, through its distinct text (each row's product is its vectors' alone: the same values).
    need_sims = products(index.need_text_vectors, np.vstack([phrase_vectors[:w], phrase_vectors[w + a :]]))
    need_sims = need_sims[index.need_text_of]
    learned_need_sims = np.zeros((len(index.need_text_of), 0), dtype=np.float32)
    if refined is not None:
        shifted = products(index.need_text_vectors, shift)[:, 0][index.need_text_of]
        learned_need_sims = refined.similarities(need_sims[:, :w], shifted)
    terms = seeker_terms(
        profile, index, need_sims=need_sims[:, :w], learned_need_sims=learned_need_sims,
        wanted_vectors=phrase_vectors[:w],
    )

    judgment = judgment_weights(judgments, index)
    reciprocal = reciprocal_fit(index, need_sims[:, w:])
    crowd = np.zeros(len(index))
    if exposure:
        # The fair share is over the whole catalogue (its live rows).
        counts = exposure_counts(exposure, index.row_of_id, len(index))
        crowd[index.live] = crowding(counts[index.live], crowded=settings.congestion_crowded)
    band = settings.judgment_band
    # The word-level avoid check needs Python, so it runs on a pool of the best openings by sort score that
    # grows until enough of them survive it.
    wanted_count = max(limit, settings.diversity_window) + 1
    pool_size = max(POOL_PER_WANTED * wanted_count, POOL_MIN)

    def scored(part: np.ndarray) -> tuple[_Scored, _Candidates]:
        """The part's rows not avoided by meaning, their similarities to the wanted phrases, their P and sort
        score, and which of them are candidates for the pool."""
        sims = similarities(index.vectors, part, queries, threads=1)
        meant, closeness = avoided_by_meaning(sims[:, w : w + a])
        if meant.any():
            keep = ~meant
            part, sims, closeness = part[keep], sims[keep], closeness[keep]
        learned_sims = np.zeros((len(part), 0), dtype=np.float32)
        if refined is not None:
            learned_sims = refined.similarities(sims[:, :w], sims[:, w + a])
        pref = preference_rows(
            terms, index, part, filters.distance_km[part],
            wanted_sims=sims[:, :w], learned_sims=learned_sims, avoid_closeness=closeness,
        )
        order_by = sort_score(pref.total, judgment[part], reciprocal[part], band, crowd[part])
        result = _Scored(part, sims[:, :w], pref, order_by)
        return result, _candidates(result, pool_size, index.vectors, phrase_vectors[:w])

    # Every row is scored alone (products() per pair, elementwise arithmetic), so the rows are split across
    # threads (numpy lets go of the GIL in its loops); each part keeps only the rows that can reach the pool,
    # and those are joined in row order.
    parts, found = zip(*_in_threads(scored, rows), strict=True)
    total_rows = sum(part.rows.size for part in parts)
    phrases = avoid_phrases(profile)
    while True:
        if found[0].size != pool_size:
            found = [_candidates(part, pool_size, index.vectors, phrase_vectors[:w]) for part in parts]
        scored_rows, closest, best_elsewhere = _pool_of(parts, found)
        rows, order_by, pref = scored_rows.rows, scored_rows.order_by, scored_rows.pref
        everything = np.arange(rows.size)
        top = everything if pool_size >= rows.size else _best(order_by, pool_size)
        ordered = top[np.lexsort((index.ids[rows[top]], -closest[top], -order_by[top]))]
        pool = ordered[~_words_avoided(profile, index.words_of, rows[ordered])] if phrases else ordered
        if len(pool) >= wanted_count or pool_size >= total_rows:
            break
        pool_size = min(total_rows, pool_size * 4)
    if top.size < rows.size:
        elsewhere = pref.total.copy()
        elsewhere[top] = -np.inf
        best_elsewhere = max(best_elsewhere, float(elsewhere.max()))
    judgment, reciprocal, crowd = judgment[rows], reciprocal[rows], crowd[rows]
    wanted_sims = scored_rows.wanted_sims
    chosen = diversify(
        pool, pref.total, index.employer_ids[rows], band=band,
        max_per_employer=settings.max_per_employer, window=settings.diversity_window, limit=limit,
        best_elsewhere=best_elsewhere,
    )
    # The scores shown, worked out for the chosen few only (elementwise, so as if for every row).
    score, unjudged = np.full(rows.size, np.nan), np.full(rows.size, np.nan)
    if chosen:
        at = np.array(chosen)
        score[at] = final_score(pref.total[at], judgment[at], reciprocal[at], band, crowd[at])
        # The seeker's own view keeps congestion: it is not the specialist's judgment.
        unjudged[at] = final_score(pref.total[at], np.zeros(at.size), reciprocal[at], band, crowd[at])
    facts = _Facts(
        pref, filters.distance_km[rows], score, unjudged, judgment, reciprocal, crowd, liked, wanted, wanted_sims,
        need_sims,
    )
    about = seeker.name if voice == "staff" else None
    return [_suggestion(seeker, index, int(rows[p]), p, facts, settings, about) for p in chosen]


def _closest(vectors: np.ndarray, rows: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Per row, its highest similarity to a wanted phrase, rounded: what breaks ties in score before opening ids.

    Equal scores are common (every opening at or above calibrate()'s full-marks similarity has full interest);
    the seeker's own words then keep their order. Each (row, phrase) pair is one float64 dot product alone
    (np.vecdot, as products()), rounded, so the same opening gets the same value wherever it sits in the index.
    """
    if not len(wanted) or not len(rows):
        return np.zeros(len(rows))
    pairs = np.vecdot(vectors[rows].astype(np.float64)[:, None, :], wanted.astype(np.float64)[None, :, :])
    return np.round(pairs.max(axis=1), 6)


def _words_avoided(profile: CareerProfile, words_of: Sequence[str], rows: np.ndarray) -> np.ndarray:
    """Per row: filters.words_avoided() of its words, each avoid phrase read once for all of them."""
    words = [words_of[r] for r in rows]
    avoided = np.zeros(len(words), dtype=bool)
    for phrase in avoid_phrases(profile):
        avoided |= contains_all_words(phrase, words)
    return avoided


def _best(order_by: np.ndarray, count: int) -> np.ndarray:
    """Positions of the `count` highest values and of every value tied with the last of them.

    Taking all the ties makes the pool the same set wherever the rows sit (argpartition alone would pick
    among ties by position), so ties are broken on opening ids afterwards, as everywhere.
    """
    threshold = np.partition(-order_by, count - 1)[count - 1]
    return np.flatnonzero(-order_by <= threshold)


@dataclass(frozen=True)
class _Facts:
    """Arrays aligned with the scored rows, kept for explaining the chosen few."""

    pref: PreferenceParts
    distance_km: np.ndarray
    score: np.ndarray
    unjudged: np.ndarray  # the score without the specialist's judgment (the seeker's view)
    judgment: np.ndarray
    reciprocal: np.ndarray
    crowding: np.ndarray  # 0..1, how crowded each opening is (matcher/congestion.py)
    liked: list[int]
    wanted: list[str]
    wanted_sims: np.ndarray  # (rows, wanted phrases)
    need_sims: np.ndarray  # (needs, wanted phrases + offered phrases)


def _suggestion(
    seeker: JobSeeker,
    index: OpeningIndex,
    row: int,
    p: int,
    facts: _Facts,
    settings: Settings,
    about: str | None,
) -> Suggestion:
    profile = seeker.profile
    pref, wanted = facts.pref, facts.wanted
    opening = index.openings[row]
    employer = index.employers[index.employer_row[row]]
    distance = None if np.isnan(facts.distance_km[p]) else float(facts.distance_km[p])
    unknown = []
    if opening.wage is None:
        unknown.append("Wage")
    if opening.hours_min is None and opening.hours_max is None:
        unknown.append("Hours")
    if not opening.shifts:
        unknown.append("Shifts")
    if np.isnan(index.lat[row]):
        unknown.append("Location")
    elif distance is None and profile.max_commute_km is not None:
        unknown.append("Home location, so distance")
    earnings = monthly_earnings(profile, opening, settings)
    liked_title, liked_similarity = None, 0.0
    others = [r for r in facts.liked if r != row]
    if others:
        liked_sims = index.vectors[others] @ index.vectors[row]
        best = int(np.argmax(liked_sims))
        liked_title, liked_similarity = index.openings[others[best]].title, float(liked_sims[best])
    phrase, similarity, title_phrase = None, 0.0, None
    if wanted:
        best = int(pref.best_phrase[p])
        phrase, similarity = wanted[best], float(facts.wanted_sims[p, best])
        if pref.title_hit[p]:
            hits = title_hits(wanted, [index.titles[index.title_of[row]]])[:, 0]
            title_phrase = wanted[int(np.argmax(hits))] if hits.max() >= TITLE_HIT else None
    need_row = int(pref.best_need[p])
    need, need_phrase, need_similarity = None, None, 0.0
    if wanted and need_row >= 0:
        need = index.need_texts[need_row]
        need_phrase = wanted[int(facts.need_sims[need_row, : len(wanted)].argmax())]
        need_similarity = float(facts.need_sims[need_row, : len(wanted)].max())
    evidence = Evidence(
        phrase=phrase, similarity=similarity, title_phrase=title_phrase, need=need, need_phrase=need_phrase,
        need_similarity=need_similarity, distance_km=distance, liked_title=liked_title,
        liked_similarity=liked_similarity, judgment=float(facts.judgment[p]), reciprocal=float(facts.reciprocal[p]),
        unknown=tuple(unknown), benefit_limit=earnings_limit(profile, settings),
    )
    parts = {name: values[p] for name, values in pref.parts.items()}
    parts.update(judgment=facts.judgment[p], employer_needs=facts.reciprocal[p], congestion=facts.crowding[p])
    # + 0.0 turns a negative zero (a penalty of nothing) into a plain 0, so "-0.0" never reaches a reader.
    components = {name: round(float(value), 4) + 0.0 for name, value in parts.items()}
    return Suggestion(
        opening_id=int(index.ids[row]),
        employer_id=opening.employer_id,
        title=opening.title,
        employer_name=employer.name,
        score=round(float(facts.score[p]), 6),
        score_without_judgment=round(float(facts.unjudged[p]), 6),
        preference_score=round(float(pref.total[p]), 6),
        reasons=reasons(profile, opening, employer, evidence, about=about),
        monthly_earnings=earnings,
        benefits_note=benefits_note(profile, earnings, settings),
        distance_km=None if distance is None else round(distance, 2),
        unknown=unknown,
        components=components,
    )
