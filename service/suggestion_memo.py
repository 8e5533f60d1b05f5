"""Ranked lists kept between requests and given again while every input of the ranking is equal.

matcher.rank is a pure function of the seeker, the opening index, their judgments and feedback, the settings,
the voice, the depth and (for a congestion-aware list) who else is shown what. Pages that rank many seekers
per request (the visit plan, an employer's candidates) ask again for the same lists; this memo answers from
the list ranked before when each of those inputs is the same: the same index snapshot (a catalogue change or
a new day gives a new object), an equal seeker record, equal judgments and feedback, equal settings and, for
lists ranked with congestion, an equal exposure snapshot. Anything else is ranked now, so an answer from the
memo is the answer ranking now would give.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Literal
from weakref import WeakKeyDictionary

from matcher import OpeningIndex, Suggestion, rank
from models import Feedback, JobSeeker, Judgment, Settings
from service.ranking import RankingService
from service.stores.exposures import Exposure

# At most this many lists are kept, least recently used going first: several caseloads and a candidates search
# of the demo's size. A list 50 deep holds about 50 kB, so the memo stays within about 25 MB; a program far
# larger than that is served by stored rankings (`ipsmatch rank-all`) instead.
KEPT = 500

Voice = Literal["seeker", "staff"]


class SuggestionMemo:
    """rank()'s answers for the current opening index (and exposure snapshot), per seeker, depth, voice and
    judgments."""

    def __init__(self, kept: int = KEPT):
        self.kept = kept
        self._lock = threading.Lock()
        self._index: OpeningIndex | None = None
        self._exposure: Exposure | None = None
        self._lists: OrderedDict[tuple, tuple[tuple, list[Suggestion]]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def rank(
        self,
        seeker: JobSeeker,
        index: OpeningIndex,
        *,
        judgments: Sequence[Judgment],
        feedback: Sequence[Feedback],
        limit: int,
        settings: Settings,
        voice: Voice,
        exposure: Exposure | None = None,
    ) -> list[Suggestion]:
        """As matcher.rank(seeker, index, ..., exposure=exposure.others(seeker.id)); None ranks without congestion.
        Callers must bind the session for the embedding cache (bound_to) as for rank()."""
        # The judgments' ids are in the key so that a list ranked without them (the seeker page's comparison)
        # does not push out the list ranked with them.
        key = (seeker.id, limit, voice, exposure is not None, tuple(j.id for j in judgments))
        inputs = (seeker, tuple(judgments), tuple(feedback), settings)
        with self._lock:
            self._follow(index, exposure)
            kept = self._lists.get(key)
            if kept is not None and kept[0] == inputs:
                self._lists.move_to_end(key)
                self.hits += 1
                return list(kept[1])
        found = rank(
            seeker, index, judgments=judgments, feedback=feedback, limit=limit, settings=settings, voice=voice,
            exposure=None if exposure is None else exposure.others(seeker.id),
        )
        with self._lock:
            self.misses += 1
            # Kept only if the memo still follows this index and snapshot (another request may have moved it on).
            if self._index is index and (exposure is None or self._exposure == exposure):
                self._lists[key] = (inputs, found)
                self._lists.move_to_end(key)
                while len(self._lists) > self.kept:
                    self._lists.popitem(last=False)
        return list(found)

    def _follow(self, index: OpeningIndex, exposure: Exposure | None) -> None:
        """Forgets lists ranked on another index, and congestion-aware lists ranked on another exposure."""
        if self._index is not index:
            self._index, self._exposure = index, exposure
            self._lists.clear()
        elif exposure is not None and self._exposure != exposure:
            self._exposure = exposure
            for key in [k for k in self._lists if k[3]]:
                del self._lists[key]


_MEMOS: WeakKeyDictionary[RankingService, SuggestionMemo] = WeakKeyDictionary()
_MEMOS_LOCK = threading.Lock()


def memo_for(ranking: RankingService) -> SuggestionMemo:
    """The memo of this ranking service (one per process, as the index is)."""
    with _MEMOS_LOCK:
        memo = _MEMOS.get(ranking)
        if memo is None:
            memo = _MEMOS[ranking] = SuggestionMemo()
        return memo
