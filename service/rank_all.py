"""The nightly batch: every active seeker ranked over the whole catalogue, the results stored for pages,
the planner and the candidates search (service/stores/rankings.py).

Seekers are ranked in batches that share one opening index and one snapshot of who is shown what, each
batch read and written in one transaction, so a crash loses at most the batch under way and the pages
keep serving the rankings already stored. Suggestions are ranked in the staff voice, as deep as the
candidates search and the planner look (SUGGESTIONS_PER_SEEKER).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from matcher import rank
from service.db import Database
from service.ranking import RankingService
from service.stores import counters, rankings, reactions, seekers
from service.stores.embeddings import bound_to
from service.tables import SeekerRow, utcnow

SUGGESTIONS_PER_SEEKER = 50  # the depth the candidates search and the visit planner read
BATCH = 100
VOICE = "staff"


@dataclass(frozen=True)
class RankAllReport:
    """How many seekers were ranked and stored, and how long it took."""

    seekers: int
    seconds: float


def active_seeker_ids(database: Database) -> list[int]:
    """Every active seeker's id, ascending."""
    with database.session() as session:
        return list(session.scalars(select(SeekerRow.id).where(SeekerRow.active.is_(True)).order_by(SeekerRow.id)))


def rank_all(
    database: Database,
    ranking: RankingService,
    *,
    seeker_ids: Sequence[int] | None = None,
    batch: int = BATCH,
    progress: Callable[[Iterable[list[int]]], Iterable[list[int]]] = lambda batches: batches,
) -> RankAllReport:
    """Ranks every active seeker (or those given) and stores the results; see the module docstring."""
    start = time.perf_counter()
    ids = list(seeker_ids) if seeker_ids is not None else active_seeker_ids(database)
    batches = [ids[i : i + batch] for i in range(0, len(ids), batch)]
    with database.session() as session:
        exposure = ranking.exposure(session)  # one snapshot for the whole run, as a request ranking many does
    done = 0
    for chunk in progress(batches):
        with database.session() as session:
            catalogue = counters.value(session)
            index = ranking.index(session)
            ranked_at = utcnow()
            found = seekers.by_ids(session, chunk)
            feedback = reactions.feedback_for_many(session, [s.id for s in found])
            judgments = reactions.judgments_for_many(session, [s.id for s in found])
            with bound_to(session):
                results = {
                    seeker.id: rank(
                        seeker, index, judgments=judgments.get(seeker.id, []), feedback=feedback.get(seeker.id, []),
                        limit=SUGGESTIONS_PER_SEEKER, settings=ranking.settings, voice=VOICE,
                        exposure=exposure.others(seeker.id),
                    )
                    for seeker in found if seeker.active
                }
            rankings.replace_many(session, results, ranked_at=ranked_at, catalogue=catalogue, voice=VOICE)
            done += len(results)
    return RankAllReport(seekers=done, seconds=time.perf_counter() - start)
