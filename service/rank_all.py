"""The nightly batch: every active seeker ranked over the whole catalogue, the results stored for pages,
the planner and the candidates search (service/stores/rankings.py).

The run reads everything the rankings need first: the catalogue counter, one opening index and one
snapshot of who is shown what (shared by every seeker), then each seeker's profile, feedback and judgments,
and embeds all the seekers' phrases in one batched call through the embedding cache. Ranking then needs
neither the model nor the database, so it can run in worker processes (`workers`): they are forked from
this one and inherit the index copy-on-write, each ranks whole batches and sends their suggestions back.
This process writes each batch in one transaction, in order, so a crash (of a worker or of the run) loses
at most the batches not yet written and the pages keep serving the rankings already stored. One worker
ranks in this process. Every seeker is ranked by the same rank() call on the same inputs whichever process
runs it, so the stored results do not depend on the worker count (tests/service/test_rank_all.py).
Suggestions are ranked in the staff voice, as deep as the candidates search and the planner look
(SUGGESTIONS_PER_SEEKER).

A seeker changed while the run goes is stored as of when it was read, and is stale at once (ranked_at is
taken before anything is read), so the candidates search ranks them again rather than trust the old list.
"""

from __future__ import annotations

import dataclasses
import gc
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select

import matcher.ranking
from matcher import Embedder, MemoryCache, OpeningIndex, Suggestion, rank, text_key
from matcher.adjustments import seeker_offer
from matcher.filters import avoid_phrases
from models import Feedback, IpsmatchError, JobSeeker, Judgment, Settings
from service.db import Database
from service.ranking import RankingService
from service.stores import counters, rankings, reactions, seekers
from service.stores.embeddings import bound_to
from service.stores.exposures import Exposure
from service.tables import SeekerRow, utcnow

SUGGESTIONS_PER_SEEKER = 50  # the depth the candidates search and the visit planner read
BATCH = 100
VOICE = "staff"


class RankAllFailed(IpsmatchError, RuntimeError):
    """A batch could not be ranked (a worker failed or stopped); batches stored before it stay stored."""


@dataclass(frozen=True)
class RankAllReport:
    """How many seekers were ranked and stored, how long it took, and in how many processes."""

    seekers: int
    seconds: float
    workers: int = 1
    prepare_seconds: float = 0.0  # of `seconds`: reading the index, the inputs and embedding phrases, before ranking


def default_workers() -> int:
    """The CPU count: one worker process per core."""
    return os.cpu_count() or 1


def active_seeker_ids(database: Database) -> list[int]:
    """Every active seeker's id, ascending."""
    with database.session() as session:
        return list(session.scalars(select(SeekerRow.id).where(SeekerRow.active.is_(True)).order_by(SeekerRow.id)))


def seeker_phrases(seeker: JobSeeker) -> list[str]:
    """Every text rank() embeds for this seeker: wanted, avoided and offered phrases."""
    profile = seeker.profile
    return [*profile.wanted_phrases(), *avoid_phrases(profile), *seeker_offer(profile)]


class _NoModel:
    """Stands in for the model while ranking: every phrase was embedded before, so asking for one is a bug."""

    def encode(self, texts: Sequence[str], **_: object) -> np.ndarray:
        raise RankAllFailed(
            f"rank-all asked to embed {len(texts)} text(s) while ranking ({texts[0]!r} first); every seeker's "
            "phrases are embedded before ranking starts, so this is a bug in rank-all."
        )


@dataclass(frozen=True)
class _Inputs:
    """One seeker's ranking inputs, read by this process before ranking."""

    seeker: JobSeeker
    judgments: list[Judgment]
    feedback: list[Feedback]


@dataclass(frozen=True)
class _Job:
    """What every batch is ranked with; a forked worker inherits it (module global `_job`)."""

    index: OpeningIndex  # its embedder answers from the phrases embedded beforehand, never from the model
    inputs: Mapping[int, _Inputs]  # active seekers only
    exposure: Exposure
    settings: Settings
    database: Database  # the parent's: a worker only lets go of its connections, never uses them


_job: _Job | None = None


def _rank_batch(ids: Sequence[int]) -> dict[int, list[Suggestion]]:
    """Seeker id -> their suggestions, for the active seekers of one batch (in this process or a worker)."""
    job = _job
    assert job is not None, "rank-all's job is set before any batch is ranked"
    return {
        i: rank(
            job.inputs[i].seeker, job.index, judgments=job.inputs[i].judgments, feedback=job.inputs[i].feedback,
            limit=SUGGESTIONS_PER_SEEKER, settings=job.settings, voice=VOICE, exposure=job.exposure.others(i),
        )
        for i in ids if i in job.inputs
    }


def _start_worker(threads: int) -> None:
    """A forked worker's start: let go of the parent's database connections without closing them (SQLAlchemy's
    advice for a forked child), and share the cores with the other workers."""
    assert _job is not None
    _job.database.engine.dispose(close=False)
    # products() splits large similarity products over threads; with one worker per core each worker keeps to
    # its share (the split changes no result, matcher/ranking.py).
    if hasattr(matcher.ranking, "MAX_THREADS"):
        matcher.ranking.MAX_THREADS = threads


def rank_all(
    database: Database,
    ranking: RankingService,
    *,
    seeker_ids: Sequence[int] | None = None,
    batch: int = BATCH,
    workers: int = 1,
    progress: Callable[[Iterable[list[int]]], Iterable[list[int]]] = lambda batches: batches,
) -> RankAllReport:
    """Ranks every active seeker (or those given) and stores the results; see the module docstring.

    workers: how many processes rank (1: this one); with more, no batch is larger than a worker's share of the
    seekers. RankAllFailed when a worker fails or stops.
    """
    global _job
    if workers < 1:
        raise ValueError(f"rank-all needs at least one worker, not {workers}")
    start = time.perf_counter()
    ranked_at = utcnow()  # before anything is read: a seeker changed from now on is stale (rankings.stale_seekers)
    ids = list(seeker_ids) if seeker_ids is not None else active_seeker_ids(database)
    if workers > 1:  # a few seekers are still shared out: no batch larger than a worker's share
        batch = min(batch, max(1, -(-len(ids) // workers)))
    batches = [ids[i : i + batch] for i in range(0, len(ids), batch)]
    with database.session() as session:
        exposure = ranking.exposure(session)  # one snapshot for the whole run, as a request ranking many does
        catalogue = counters.value(session)  # read before the index: the index is at least as new as this
        index = ranking.index(session)
        inputs = _read_inputs(session, batches)
        with bound_to(session):
            index = _without_model(index, ranking.embedder, inputs.values())
    _job = _Job(index=index, inputs=inputs, exposure=exposure, settings=ranking.settings, database=database)
    prepared = time.perf_counter() - start
    try:
        if workers == 1 or len(batches) <= 1:
            ranked = (_rank_batch(chunk) for chunk in progress(batches))
            done = _store(database, ranked, ranked_at=ranked_at, catalogue=catalogue)
            workers = 1
        else:
            done = _rank_in_workers(database, batches, workers, progress, ranked_at=ranked_at, catalogue=catalogue)
    finally:
        _job = None
    return RankAllReport(seekers=done, seconds=time.perf_counter() - start, workers=workers, prepare_seconds=prepared)


def _read_inputs(session, batches: Sequence[Sequence[int]]) -> dict[int, _Inputs]:
    """Seeker id -> profile, feedback and judgments, for the active seekers among those asked for."""
    inputs: dict[int, _Inputs] = {}
    for chunk in batches:
        found = [s for s in seekers.by_ids(session, chunk) if s.active]
        feedback = reactions.feedback_for_many(session, [s.id for s in found])
        judgments = reactions.judgments_for_many(session, [s.id for s in found])
        for seeker in found:
            inputs[seeker.id] = _Inputs(seeker, judgments.get(seeker.id, []), feedback.get(seeker.id, []))
    return inputs


def _without_model(index: OpeningIndex, embedder: Embedder, inputs: Iterable[_Inputs]) -> OpeningIndex:
    """The same index (its arrays shared) with an embedder that knows every seeker's phrases and no model.

    The phrases are embedded in one call through the service's embedder (its cache first, the model for any
    it has not seen); the occupation labels' vectors are made now too, so ranking never needs the model.
    """
    phrases = list(dict.fromkeys(p for item in inputs for p in seeker_phrases(item.seeker)))
    known = MemoryCache()
    if phrases:
        vectors = embedder.encode(phrases)
        keys = [text_key(p) for p in phrases]
        known.put_many(embedder.model_id, dict(zip(keys, vectors, strict=True)))
    index.taxonomy.label_vectors(embedder)
    ranking_embedder = Embedder(_NoModel(), cache=known, model_id=embedder.model_id, dimension=embedder.dimension)
    return dataclasses.replace(index, embedder=ranking_embedder)


def _store(database: Database, ranked: Iterable[dict[int, list[Suggestion]]], *, ranked_at, catalogue: int) -> int:
    """Writes each batch's rankings in a transaction of its own, in order; how many seekers were stored."""
    done = 0
    for results in ranked:
        with database.session() as session:
            rankings.replace_many(session, results, ranked_at=ranked_at, catalogue=catalogue, voice=VOICE)
        done += len(results)
    return done


def _rank_in_workers(
    database: Database,
    batches: list[list[int]],
    workers: int,
    progress: Callable[[Iterable[list[int]]], Iterable[list[int]]],
    *,
    ranked_at,
    catalogue: int,
) -> int:
    """Ranks the batches in `workers` forked processes, a few batches ahead of the writing, and stores them in order."""
    workers = min(workers, len(batches))
    threads = max(1, default_workers() // workers)
    done = 0
    # The workers are forked at the first submit, before the progress bar or anything else starts a thread. The
    # objects made so far (the index's among them) are frozen out of the garbage collector first, so a worker's
    # collections never write to the pages it shares with this process (Python's advice for fork without exec).
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                               initializer=_start_worker, initargs=(threads,))
    ahead = 2 * workers  # batches ranked ahead of the writing: keeps every worker busy, bounds what waits in memory
    futures: list[Future] = []

    def ranked() -> Iterable[dict[int, list[Suggestion]]]:
        for number, chunk in enumerate(progress(batches)):
            try:
                if number + ahead < len(batches):
                    futures.append(pool.submit(_rank_batch, batches[number + ahead]))
                results = futures[number].result()
            except BrokenProcessPool as error:
                raise RankAllFailed(
                    f"A rank-all worker process stopped unexpectedly (killed, or out of memory?) while seekers "
                    f"{_span(chunk)} and others were being ranked. {_kept(done)}"
                ) from error
            except Exception as error:
                raise RankAllFailed(
                    f"Ranking seekers {_span(chunk)} failed in a worker process ({type(error).__name__}: {error}). "
                    f"{_kept(done)}"
                ) from error
            yield results

    try:
        gc.freeze()
        try:
            futures.extend(pool.submit(_rank_batch, chunk) for chunk in batches[:ahead])
        finally:
            gc.unfreeze()
        for results in ranked():
            with database.session() as session:
                rankings.replace_many(session, results, ranked_at=ranked_at, catalogue=catalogue, voice=VOICE)
            done += len(results)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return done


def _span(chunk: Sequence[int]) -> str:
    return f"{chunk[0]}-{chunk[-1]}" if len(chunk) > 1 else str(chunk[0])


def _kept(done: int) -> str:
    return (f"The {done} seekers stored before it keep their new rankings; the others keep what was stored "
            "before. Run rank-all again.")
