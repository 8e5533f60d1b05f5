"""Occupation groundings for the API: what each opening title and wanted job type stands for in the taxonomy.

The matching itself is matcher/taxonomy.py; this module loads the taxonomy once per process, grounds texts
through the process's embedder (its cache is the database's, bound to the request's session, so a request
never opens a second one), and puts a person's correction (service/stores/occupations.py) in place of the
automatic match. Automatic groundings are computed, never stored: the same text always grounds the same
way, so a process keeps the ones it has seen in memory and nothing can go stale when a title changes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from typing import TypeVar

from sqlalchemy.orm import Session

from matcher import Embedder
from matcher.taxonomy import Grounding, Occupation, Taxonomy
from models import InvalidInput, IpsmatchError, JobSeeker, Opening, OpeningStatus, Role, User
from service import access
from service.access import Action
from service.ranking import RankingService
from service.schemas import (
    JobTypeOccupation,
    JobTypeToReview,
    OccupationMatch,
    OccupationReview,
    OccupationView,
    OpeningOut,
    OpeningToReview,
    SeekerOut,
)
from service.stores import audit, openings, seekers
from service.stores.embeddings import bound_to

log = logging.getLogger("ipsmatch.service")

# Groundings a process remembers (text -> grounding); past this the memory starts again, a rare cost.
MEMO_LIMIT = 100_000
PAGE = 500  # openings or seekers read at a time by the review queue

T = TypeVar("T")


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    """The occupation taxonomy, loaded once per process from its package (no network)."""
    return Taxonomy.load()


def warm_occupations(ranking: RankingService) -> None:
    """Loads the taxonomy and embeds its labels (through the database's cache) ahead of the first request.

    Meant for a background thread at start-up: outside a request, the cache opens short sessions of its own.
    A request that needs a grounding meanwhile waits for the labels instead of embedding them a second time.
    """
    try:
        taxonomy().ground(["job"], ranking.embedder)  # the labels are embedded once, on the first grounding
    except Exception:  # the request that needs them will meet the same problem and answer it properly
        log.exception("could not prepare the occupation taxonomy ahead of the first request")


class Occupations:
    """Groundings of opening titles and job types, with people's corrections in place."""

    def __init__(self, ranking: RankingService) -> None:
        self.ranking = ranking
        self._memo: dict[str, Grounding] = {}
        self._lock = threading.Lock()

    @property
    def embedder(self) -> Embedder:
        """The ranking's embedder: one model and one cache for the process, whose vectors both reuse."""
        return self.ranking.embedder

    @property
    def taxonomy(self) -> Taxonomy:
        """The taxonomy, loaded on first use so that starting the API does not wait for it."""
        return taxonomy()

    def ground(self, session: Session, texts: Sequence[str]) -> list[Grounding]:
        """One automatic grounding per text, in order; texts embedded before come from the cache."""
        missing = list(dict.fromkeys(t for t in texts if t not in self._memo))
        if missing:
            with bound_to(session):
                found = self.taxonomy.ground(missing, self.embedder)
            with self._lock:
                if len(self._memo) + len(found) > MEMO_LIMIT:
                    self._memo.clear()
                self._memo.update(zip(missing, found, strict=True))
        groundings = {t: self._memo[t] for t in dict.fromkeys(texts) if t in self._memo}
        if len(groundings) < len(set(texts)):  # the memory was cleared by another request meanwhile
            with bound_to(session):
                rest = [t for t in dict.fromkeys(texts) if t not in groundings]
                groundings.update(zip(rest, self.taxonomy.ground(rest, self.embedder), strict=True))
        return [groundings[t] for t in texts]

    def occupation(self, code: str) -> Occupation:
        """The occupation with that code; InvalidInput (422) that says how to find a code when there is none."""
        try:
            return self.taxonomy.occupation(code)
        except IpsmatchError:
            raise InvalidInput(
                f"code: '{code}' is not an occupation code of the taxonomy; find the right one with "
                "GET /api/v1/occupations?q=WORDS (for example the job's title) and send its code."
            ) from None

    def view(self, automatic: Grounding, chosen: str | None) -> OccupationView:
        """What the API shows: the chosen occupation when a person chose one, else the automatic match."""
        if chosen is not None:
            try:
                label = self.taxonomy.occupation(chosen).label
            except IpsmatchError:
                # The taxonomy no longer has it (a newer release): show the automatic match, flagged for review.
                log.warning("occupation code %r chosen earlier is not in the taxonomy; showing the automatic match",
                            chosen)
                return OccupationView(code=automatic.code, label=automatic.label, confidence=automatic.confidence,
                                      low_confidence=True, corrected=False)
            return OccupationView(code=chosen, label=label, confidence=1.0, low_confidence=False, corrected=True)
        return OccupationView(code=automatic.code, label=automatic.label, confidence=round(automatic.confidence, 4),
                              low_confidence=automatic.low_confidence, corrected=False)

    def openings(self, session: Session, items: Sequence[Opening]) -> list[OpeningOut]:
        """The openings as the API shows them, each with its occupation."""
        groundings = self.ground(session, [o.title for o in items])
        return [
            OpeningOut.model_validate(
                {**o.model_dump(), "occupation": self.view(g, o.occupation_code)}
            )
            for o, g in zip(items, groundings, strict=True)
        ]

    def opening(self, session: Session, item: Opening) -> OpeningOut:
        """One opening as the API shows it, with its occupation."""
        return self.openings(session, [item])[0]

    def job_types(self, session: Session, seeker: JobSeeker) -> list[JobTypeOccupation]:
        """The occupation of each job type the seeker wants, in the profile's order."""
        wanted = seeker.profile.job_types
        chosen = seeker.profile.job_type_occupations
        return [
            JobTypeOccupation(job_type=j, occupation=self.view(g, chosen.get(j)))
            for j, g in zip(wanted, self.ground(session, wanted), strict=True)
        ]

    def seekers(self, session: Session, items: Sequence[JobSeeker]) -> list[SeekerOut]:
        """The seekers as the API shows them, each with the occupations of their job types."""
        self.ground(session, [j for s in items for j in s.profile.job_types])  # one batch for the whole page
        return [
            SeekerOut.model_validate({**s.model_dump(), "occupations": self.job_types(session, s)}) for s in items
        ]

    def seeker(self, session: Session, item: JobSeeker) -> SeekerOut:
        """One seeker as the API shows them, with the occupations of their job types."""
        return self.seekers(session, [item])[0]

    def search(self, session: Session, q: str, limit: int) -> list[OccupationMatch]:
        """Occupations that fit the words, best first, for a picker."""
        with bound_to(session):
            found = self.taxonomy.search(q, self.embedder, limit=limit)
        return [
            OccupationMatch(code=g.code, label=g.label, confidence=round(g.confidence, 4),
                            low_confidence=g.low_confidence)
            for g in found
        ]

    def review(self, session: Session, user: User, limit: int) -> OccupationReview:
        """Unsure groundings nobody has corrected yet: open openings, then job types of seekers the caller may read.

        At most `limit` of each, in id order. Every seeker listed gets an audit row (their profile was read).
        """
        unsure_openings: list[OpeningToReview] = []
        for page in _pages(lambda offset: openings.list(session, status=OpeningStatus.open, offset=offset,
                                                         limit=PAGE)):
            for o, shown in zip(page, self.openings(session, page), strict=True):
                if shown.occupation.low_confidence and len(unsure_openings) < limit:
                    unsure_openings.append(OpeningToReview(opening_id=o.id, employer_id=o.employer_id,
                                                           title=o.title, occupation=shown.occupation))
            if len(unsure_openings) >= limit:
                break
        unsure_types: list[JobTypeToReview] = []
        if access.ever(user.role, "seeker", Action.read):
            only = user.id if user.role == Role.specialist else None
            for page in _pages(lambda offset: seekers.list(session, specialist_id=only, active=True, offset=offset,
                                                            limit=PAGE)):
                readable = [s for s in page if access.may(user, "seeker", Action.read, s)]
                self.ground(session, [j for s in readable for j in s.profile.job_types])  # one batch per page
                for seeker in readable:
                    for item in self.job_types(session, seeker):
                        if item.occupation.low_confidence and len(unsure_types) < limit:
                            unsure_types.append(JobTypeToReview(seeker_id=seeker.id, name=seeker.name,
                                                                job_type=item.job_type, occupation=item.occupation))
                if len(unsure_types) >= limit:
                    break
        for seeker_id in dict.fromkeys(t.seeker_id for t in unsure_types):
            audit.record(session, user.id, "read", seeker_id, "occupation review")
        return OccupationReview(openings=unsure_openings, job_types=unsure_types)


def _pages(read: Callable[[int], list[T]]) -> Iterator[list[T]]:
    """Pages of PAGE records from `read(offset)` until one comes back empty."""
    offset = 0
    while rows := read(offset):
        yield rows
        offset += PAGE
