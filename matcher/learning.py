"""Learning from a seeker's own reactions: their interest representation, refined Rocchio-style.

The seeker's wanted phrases (job types, interests, the job wanted now, the dream job) are embedded as query
vectors. Every opening the seeker said "interested" in (or applied to, or was hired at) pulls each query
towards it, and every opening they marked "not for me" pushes it away a little:

    q' = normalise(ALPHA x q + BETA x mean(liked) - GAMMA x mean(not for me))

A seeker who stated nothing but liked something gets the liked openings' mean as their query. The ranking
scores the interest part of P against the refined queries and shows the difference it made as the
`feedback` component (matcher/scoring.py), so the explanation still quotes the seeker's own words.

Rules this module keeps (tests/matcher/test_learning.py checks both as properties):
- It is the seeker's own voice, so it may reorder freely, but it only scores openings that passed the hard
  filters: it never brings back one that breaks a hard preference.
- Only the seeker's own reactions refine their queries (own_reactions()); nothing is pooled across seekers.

The constants come from benchmarks/feedback_simulation.py --tune (simulated seekers with a hidden preferred kind
of work, a grid over BETA and GAMMA with ALPHA 1 on tuning seeds; the figures are reported on other seeds). The
mean share of the top 10 of the hidden kind over rounds 1-6 is flat near its best (0.49-0.51) while GAMMA is about
half of BETA; it falls when pushes outweigh pulls (BETA 0.5, GAMMA 1.0: 0.36; GAMMA 1.5: 0.23) and when
"not for me" is ignored (GAMMA 0: 0.44 at any BETA). BETA 1.0, GAMMA 0.5 (0.498) sits in the middle of that
plateau rather than on its best cell (BETA 1.5, GAMMA 1.0: 0.511), whose neighbours are closer to the fall.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matcher.index import OpeningIndex
from models import Feedback, JobSeeker, Reaction

ALPHA = 1.0  # the seeker's stated words
BETA = 1.0  # openings they liked
GAMMA = 0.5  # openings they turned down

LIKED = frozenset({Reaction.interested, Reaction.applied, Reaction.hired})


def own_reactions(seeker: JobSeeker, feedback: Sequence[Feedback]) -> list[Feedback]:
    """The reactions that are this seeker's own: those recorded for them, or for nobody in particular.

    A reaction recorded for another seeker never refines this seeker's ranking, whatever a caller passes.
    """
    return [f for f in feedback if f.seeker_id is None or seeker.id is None or f.seeker_id == seeker.id]


@dataclass(frozen=True)
class Reactions:
    """What a seeker's reactions mean for one index: what is ruled out, and what was liked and disliked."""

    rejected_ids: frozenset[int]  # marked "not for me" at any time: ruled out for good (a hard preference)
    liked: tuple[int, ...]  # index rows whose latest reaction is a liking one, oldest first
    disliked: tuple[int, ...]  # index rows whose latest reaction is "not for me", oldest first


def reactions_in(feedback: Sequence[Feedback], index: OpeningIndex) -> Reactions:
    """The seeker's reactions (oldest first) as rows of the index; openings no longer indexed are skipped.

    An opening reacted to twice counts by its latest reaction for learning; one ever marked "not for me" stays
    ruled out, as the seeker was promised.
    """
    rejected = frozenset(f.opening_id for f in feedback if f.reaction == Reaction.not_for_me)
    latest: dict[int, Reaction] = {}
    for f in feedback:
        latest.pop(f.opening_id, None)  # re-inserting keeps the order of the latest reactions
        latest[f.opening_id] = Reaction(f.reaction)
    rows = {i: index.row_of_id[i] for i in latest if i in index.row_of_id}
    liked = tuple(rows[i] for i, r in latest.items() if i in rows and r in LIKED)
    disliked = tuple(rows[i] for i, r in latest.items() if i in rows and r == Reaction.not_for_me)
    return Reactions(rejected_ids=rejected, liked=liked, disliked=disliked)


def refine(
    queries: np.ndarray,
    liked: np.ndarray,
    disliked: np.ndarray,
    *,
    alpha: float | None = None,
    beta: float | None = None,
    gamma: float | None = None,
) -> np.ndarray:
    """The refined query vectors, unit length: one per stated query, or one from the liked openings alone.

    queries: (w, d) the seeker's wanted phrases; liked, disliked: (l, d) and (k, d) opening vectors.
    Without any reaction the queries come back unchanged. Without stated queries and without anything liked
    there is nothing to move, so nothing comes back (n, d) with n = 0. The weights default to ALPHA, BETA, GAMMA.
    """
    alpha = ALPHA if alpha is None else alpha
    beta = BETA if beta is None else beta
    gamma = GAMMA if gamma is None else gamma
    dimension = queries.shape[1]
    if len(liked) == 0 and len(disliked) == 0:
        return queries.astype(np.float32, copy=False)
    shift = np.zeros(dimension, dtype=np.float64)
    if len(liked):
        shift += beta * liked.astype(np.float64).mean(axis=0)
    if len(disliked):
        shift -= gamma * disliked.astype(np.float64).mean(axis=0)
    if len(queries):
        moved = alpha * queries.astype(np.float64) + shift
    elif len(liked):
        moved = shift[None, :]
    else:
        return np.zeros((0, dimension), dtype=np.float32)
    norms = np.linalg.norm(moved, axis=1)
    # A query cancelled out exactly by its push has no direction left: it is dropped, not divided by zero.
    moved, norms = moved[norms > 1e-9], norms[norms > 1e-9]
    return (moved / norms[:, None]).astype(np.float32)


@dataclass(frozen=True)
class Refinement:
    """refine()'s queries kept as their parts, so their similarities come from ones the ranking already has.

    Refined query j is (ALPHA x q[source[j]] + shift) / norm[j] (without a source, shift / norm[j]), and a
    cosine similarity is a dot product with unit vectors, so x . q'_j = (ALPHA x (x . q) + x . shift) / norm[j]:
    one product with `shift` instead of one per refined query, over every opening the ranking scores.
    """

    shift: np.ndarray  # (d,) float32: BETA x mean(liked) - GAMMA x mean(not for me)
    source: np.ndarray  # (m,) int: which stated query each refined one moves, -1 for the liked openings' mean
    norm: np.ndarray  # (m,) float64: the length each refined query is divided by

    def similarities(self, query_sims: np.ndarray, shift_sims: np.ndarray) -> np.ndarray:
        """(rows, m) similarities to the refined queries, from (rows, w) ones to the stated queries and (rows,)
        ones to `shift`."""
        stated = self.source >= 0
        weight = np.where(stated, ALPHA, 0.0).astype(np.float32)
        columns = np.zeros((len(shift_sims), 1))
        if stated.any():
            columns = query_sims[:, np.where(stated, self.source, 0)]
        moved = columns.astype(np.float32, copy=False) * weight + shift_sims.astype(np.float32, copy=False)[:, None]
        return moved * (1.0 / self.norm).astype(np.float32)


def refinement(queries: np.ndarray, liked: np.ndarray, disliked: np.ndarray) -> Refinement | None:
    """refine() with the default weights, as parts (Refinement); None when there is nothing to refine."""
    if len(liked) == 0 and len(disliked) == 0:
        return None
    shift = np.zeros(queries.shape[1], dtype=np.float64)
    if len(liked):
        shift += BETA * liked.astype(np.float64).mean(axis=0)
    if len(disliked):
        shift -= GAMMA * disliked.astype(np.float64).mean(axis=0)
    if len(queries):
        norms, source = np.linalg.norm(ALPHA * queries.astype(np.float64) + shift, axis=1), np.arange(len(queries))
    elif len(liked):
        norms, source = np.linalg.norm(shift)[None], np.array([-1])
    else:
        return None
    kept = norms > 1e-9  # as refine(): a query cancelled out by its push is dropped
    return Refinement(shift=shift.astype(np.float32), source=source[kept], norm=norms[kept])


__all__ = [
    "ALPHA", "BETA", "GAMMA", "LIKED", "Reactions", "Refinement", "own_reactions", "reactions_in", "refine",
    "refinement",
]
