"""The ranking service: one opening index per process, kept in step with the database.

Each process holds its index in memory and reads the database's 'catalogue' counter on every request (one
cheap read). When another process (or this one) has written to the catalogue since, it reads only the
records the change log (service/stores/catalogue_changes.py) names for the newer versions and changes its
index in place (OpeningIndex.apply); it builds the index from scratch only the first time, or when the log
cannot say what changed (pruned, or a bulk load that only moved the counter). A new date re-weighs needs.
Embeddings come through the database-backed cache, so a rebuild or a restart re-embeds nothing already seen.
Every call takes the caller's session and binds it for the embedding cache, so a request never opens a
second session (or waits for a second pooled connection) while it holds one.

A served process warms up before it answers ranking requests (start_warming): it builds the index, then
rehearses a suggestion request (rehearse()), so that what a process does slowly the first time (the model's
first forward pass, the taxonomy's grounding of phrases, the first products on the thread pool, the first
compile of each SQL statement the request reads with, first touches of memory freed after the build) is not
paid by the first person asking.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import logging
import threading
from collections.abc import Callable, Sequence
from typing import Literal

from sqlalchemy.orm import Session

from matcher import Embedder, MemoryCache, OpeningIndex, Suggestion, rank
from matcher.index import opening_text
from models import JobSeeker, Opening, OpeningStatus, Settings, WarmingUp, get_settings
from service.db import Database
from service.memory import give_back_memory
from service.stores import catalogue_changes, contacts, counters, employers, exposures, openings, reactions, seekers
from service.stores.embeddings import SqlEmbeddingCache, bound_to
from service.tables import utcnow

log = logging.getLogger("ipsmatch.service")

# Ranked in the rehearsal (rehearse()) with its own throwaway embedding cache: a profile that takes every path
# of a ranking (wanted, avoided and offered phrases, hours, wage, shifts, distance, benefits).
REHEARSAL_SEEKER = JobSeeker(name="Warm-up", profile={
    "interests": ["caring for animals", "cooking"], "job_types": ["kennel assistant", "dishwasher"],
    "avoid": ["night shifts", "fast food"], "hours_min": 10, "hours_max": 30, "min_wage": 14.0,
    "shifts": ["morning", "day"], "home": {"lat": 44.97, "lon": -93.26}, "max_commute_km": 25,
    "strengths": ["reliable"], "work_history": [{"title": "Dishwasher"}], "benefits": ["ssdi"],
})


class RankingService:
    """Suggestions for seekers, from the current catalogue in the database."""

    def __init__(
        self,
        database: Database,
        *,
        embedder: Embedder | None = None,
        settings: Settings | None = None,
        clock: Callable[[], dt.date] = dt.date.today,
    ):
        self.database = database
        self.clock = clock  # today's date; tests pass their own
        # The model itself loads on first use, so building the service costs nothing.
        self.embedder = embedder or Embedder(cache=SqlEmbeddingCache(database))
        self.settings = settings or get_settings()
        self._index: OpeningIndex | None = None
        self._version: tuple[int, dt.date] | None = None  # the catalogue version and date the index is as of
        self._lock = threading.Lock()
        self.rebuilds = 0  # how many times the index was built from scratch
        self.updates = 0  # how many times it was changed in place
        self._warming: threading.Thread | None = None
        self._warm = threading.Event()  # set once the background build is over (done or failed)

    def start_warming(self) -> threading.Thread:
        """Builds the index in a background thread; until it is built, index() raises WarmingUp (a 503 with
        Retry-After) instead of making a request wait for minutes. If the build fails, requests build it again.
        """
        if self._warming is not None:
            return self._warming

        def warm() -> None:
            try:
                _ = self.embedder.model  # load the model first, even for an empty catalogue
                with self.database.session() as session:
                    self.index(session)
                log.info("opening index ready: %d openings", self._index.size if self._index else 0)
                self.rehearse()
            except Exception:  # the next request builds it again and shows the real error
                log.exception("the opening index could not be built in the background")
            finally:
                self._warm.set()

        self._warming = threading.Thread(target=warm, name="ipsmatch-warm-up", daemon=True)
        self._warming.start()
        return self._warming

    def rehearse(self) -> None:
        """Does once what a suggestion request does, so that its first-time costs are paid before any request.

        Ranks a made-up seeker (REHEARSAL_SEEKER) with the real model but a throwaway cache, and the seeker with
        the lowest id as a request would (reading their reactions, the exposure and the embedding cache); shows
        nothing to anyone and records nothing (only the embedding cache may gain that seeker's phrases, as their
        first request would add them).
        """
        index = self._index
        if index is None:
            return
        throwaway = Embedder(self.embedder.model, cache=MemoryCache(), model_id=self.embedder.model_id,
                             dimension=self.embedder.dimension, backend=self.embedder.backend)
        rank(REHEARSAL_SEEKER, dataclasses.replace(index, embedder=throwaway), limit=10, settings=self.settings)
        with self.database.session() as session:
            found = seekers.list(session, limit=1)
            if found:
                self.suggestions(session, found[0], 10)

    def wait_until_warm(self, timeout: float | None = None) -> bool:
        """True once the background build is over (at once when none was started)."""
        return self._warming is None or self._warm.wait(timeout)

    def index(self, session: Session) -> OpeningIndex:
        """The opening index as of the database's current catalogue counter and today's date.

        The date is part of the version because employers' needs fade with age (matcher/needs.py): an index
        built yesterday would weigh them as of yesterday.
        """
        warming = self._warming
        if warming is not None and not self._warm.is_set() and threading.current_thread() is not warming:
            raise WarmingUp(
                "The server is warming up: it is still reading the openings it ranks from. Ask again in a few "
                f"seconds (Retry-After: {WarmingUp.retry_after_s})."
            )
        # Read the counter before the data: the data read afterwards is at least as new as the counter.
        version = (counters.value(session), self.clock())
        if self._index is not None and version == self._version:
            return self._index
        with self._lock, bound_to(session):
            if self._index is None or version != self._version:
                self._catch_up(session, *version)
        assert self._index is not None
        return self._index

    def _catch_up(self, session: Session, version: int, today: dt.date) -> None:
        """Brings the index to `version` and `today`: in place from the change log when it can, else built again."""
        if self._index is not None and self._version is not None:
            applied = self._version[0]
            if version == applied:
                self._index = self._index.apply(today=today)
                self._version = (version, today)
                return
            changes = catalogue_changes.since(session, applied, version)
            if changes.complete:
                self._index = self._apply(session, self._index, changes, today)
                self._version = (changes.version, today)
                self.updates += 1
                return
        # The build makes millions of objects that live on; the cycle collector would walk them again and again
        # (a third of a 100,000-opening build). It is collected once at the end.
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._index = OpeningIndex.build(
                openings.each_open(session), employers.all(session), self.embedder, contacts=contacts.all(session),
                today=today, needs_half_life_days=self.settings.needs_half_life_days,
                expected=openings.count_open(session),
            )
        finally:
            if collecting:
                gc.enable()
        self._version = (version, today)
        self.rebuilds += 1
        # With the collector off, everything the build made is still in the youngest generation: collecting the
        # young generations finds the build's garbage without walking the rest of the process (the libraries and
        # the model alone are a million objects, 0.3-1 s a full collection).
        gc.collect(1)
        give_back_memory(collect=False)

    def _apply(
        self, session: Session, index: OpeningIndex, changes: catalogue_changes.Changes, today: dt.date
    ) -> OpeningIndex:
        """The index with the records the changes name read again: as they are now, or deleted if gone."""
        found_openings = {o.id: o for o in openings.by_ids(session, changes.openings)}
        found_employers = {e.id: e for e in employers.by_ids(session, changes.employers)}
        found_contacts = {c.id: c for c in contacts.by_ids(session, changes.contacts)}
        # Only open openings are indexed, as build() is given them (openings.each_open).
        still_open = [o for o in found_openings.values() if o.status == OpeningStatus.open]
        return index.apply(
            openings=still_open,
            deleted_openings=[i for i in changes.openings if i not in {o.id for o in still_open}],
            employers=list(found_employers.values()),
            deleted_employers=[i for i in changes.employers if i not in found_employers],
            contacts=list(found_contacts.values()),
            deleted_contacts=[i for i in changes.contacts if i not in found_contacts],
            today=today,
        )

    def embed(self, session: Session, items: Sequence[Opening]) -> None:
        """Embeds the openings' texts now, in the request that wrote them: the first suggestion request after
        the write, in this process or another, then finds them in the database's cache instead of waiting."""
        with bound_to(session):
            self.embedder.encode([opening_text(o) for o in items])

    def exposure(self, session: Session) -> exposures.Exposure:
        """Who is currently shown what (within `exposure_days`): read once by a request that ranks many seekers."""
        return exposures.snapshot(session, since=utcnow() - dt.timedelta(days=self.settings.exposure_days))

    def suggestions(
        self,
        session: Session,
        seeker: JobSeeker,
        limit: int,
        *,
        voice: Literal["seeker", "staff"] = "seeker",
        exposure: exposures.Exposure | None = None,
    ) -> list[Suggestion]:
        """The seeker's ranked suggestions, taking their feedback and their specialist's judgments into account.

        voice="staff" writes the reasons about the seeker by name, for a job developer or specialist.
        Openings already shown to many other seekers give way to comparable ones, within the band
        (matcher/congestion.py); the route that serves the list records what was shown (stores/exposures.py).
        `exposure`: a snapshot from exposure(), for a caller ranking many seekers in one request.
        """
        assert seeker.id is not None, "only stored seekers have suggestions"
        index = self.index(session)
        shown = (exposure or self.exposure(session)).others(seeker.id)
        with bound_to(session):
            return rank(
                seeker,
                index,
                judgments=reactions.judgments_for(session, seeker.id),
                feedback=reactions.feedback_for(session, seeker.id),
                limit=limit,
                settings=self.settings,
                voice=voice,
                exposure=shown,
            )
