"""Congestion on the demo program and on a generated 1,000-seeker program: how concentrated suggestions are.

The figure: the share of all top-10 suggestion slots held by the 10 most shown openings. Before: every
seeker ranked with no exposure. After one pass: seekers served in id order, each seeing how many of those
served before were shown each opening (what the service does as requests come in). After two passes: each
seeker served again, seeing everyone else's latest list (the steady state once everyone has come back).
Beside it, what the seekers give up: the largest gap in P any reordering crossed (an opening placed above,
or kept in the list instead of, one the seeker prefers by that much; it must stay under the band) and the
mean change in the preference score P of each seeker's first suggestion.
The generated program: 1,000 seekers drawn from the demo's seekers with homes moved up to about 2 km and
wishes redrawn from their archetype's words (service/demo/vocabulary.py), against the demo's 150 openings.
Run: HF_HUB_OFFLINE=1 python benchmarks/congestion.py
"""

from __future__ import annotations

import random
import statistics
import time
from collections import Counter
from collections.abc import Sequence

from matcher import Embedder, OpeningIndex, Suggestion, rank
from models import Feedback, JobSeeker, get_settings
from service.demo import load_program
from service.demo.vocabulary import ARCHETYPES

LIMIT = 10
TOP = 10
GENERATED = 1_000


def generated_seekers(demo: Sequence[JobSeeker], n: int, seed: int = 0) -> list[JobSeeker]:
    """n seekers like the demo's: each copies a demo seeker, moves their home and redraws their wishes."""
    rng = random.Random(seed)
    made = []
    for i in range(1, n + 1):
        base = rng.choice(demo)
        profile = base.profile
        kin = [a for a in ARCHETYPES.values() if set(a.job_types) & set(profile.job_types)]
        job_types = list(dict.fromkeys([*profile.job_types, *(t for a in kin for t in a.job_types)]))
        interests = list(dict.fromkeys([*profile.interests, *(t for a in kin for t in a.interests)]))
        changes = {
            "job_types": rng.sample(job_types, min(len(job_types), rng.randint(1, 2))),
            "interests": rng.sample(interests, min(len(interests), rng.randint(1, 3))),
        }
        if profile.home is not None:
            changes["home"] = profile.home.model_copy(
                update={"lat": profile.home.lat + rng.uniform(-0.02, 0.02),
                        "lon": profile.home.lon + rng.uniform(-0.02, 0.02)}
            )
        profile = profile.model_copy(update=changes)
        made.append(base.model_copy(update={"id": i, "name": f"Seeker {i}", "profile": profile}))
    return made


def concentration(lists: dict[int, list[Suggestion]]) -> float:
    """Share of all suggestion slots held by the TOP most shown openings."""
    shown = Counter(s.opening_id for items in lists.values() for s in items)
    return sum(n for _, n in shown.most_common(TOP)) / max(1, sum(shown.values()))


def crossed(before: list[Suggestion], after: list[Suggestion]) -> float:
    """The largest P an opening had over one placed above it (or kept instead of it) in `after`; 0 if none."""
    worst = 0.0
    left_out = [s for s in before if s.opening_id not in {a.opening_id for a in after}]
    for k, x in enumerate(after):
        for y in [*after[k + 1 :], *left_out]:
            worst = max(worst, y.preference_score - x.preference_score)
    return worst


def measure(name: str, seekers: Sequence[JobSeeker], index: OpeningIndex, feedback: dict[int, list[Feedback]]) -> None:
    settings = get_settings()
    started = time.perf_counter()
    before = {s.id: rank(s, index, feedback=feedback.get(s.id, ()), limit=LIMIT, settings=settings) for s in seekers}
    # One pass in id order: each seeker sees how many earlier seekers are shown each opening.
    shown: Counter[int] = Counter()
    first: dict[int, list[Suggestion]] = {}
    for s in seekers:
        first[s.id] = rank(s, index, feedback=feedback.get(s.id, ()), limit=LIMIT, settings=settings, exposure=shown)
        shown.update(x.opening_id for x in first[s.id])
    # A second pass: each seeker served again, seeing everyone else's latest list.
    latest = dict(first)
    for s in seekers:
        others = shown - Counter(x.opening_id for x in latest[s.id])
        latest[s.id] = rank(s, index, feedback=feedback.get(s.id, ()), limit=LIMIT, settings=settings, exposure=others)
        shown = others + Counter(x.opening_id for x in latest[s.id])
    seconds = time.perf_counter() - started
    print(f"\n{name}: {len(seekers)} seekers, {len(index)} openings in the index, top {LIMIT} each "
          f"(band {settings.judgment_band}, crowded at {settings.congestion_crowded} seekers or twice the fair share; "
          f"{seconds:.0f} s)")
    print(f"{'':<22}{'top-10 share':>13}{'largest P gap crossed':>23}{'mean change in top-1 P':>24}"
          f"{'lists reordered':>17}{'with other openings':>21}")
    for label, lists in (("before (no exposure)", before), ("after one pass", first), ("after two passes", latest)):
        gap = max(crossed(before[s.id], lists[s.id]) for s in seekers)
        change = statistics.fmean(
            (lists[s.id][0].preference_score - before[s.id][0].preference_score) if lists[s.id] else 0.0
            for s in seekers
        )
        ids = {s.id: ([x.opening_id for x in before[s.id]], [x.opening_id for x in lists[s.id]]) for s in seekers}
        reordered = sum(a != b for a, b in ids.values())
        other = sum(set(a) != set(b) for a, b in ids.values())
        print(f"{label:<22}{concentration(lists):>13.3f}{gap:>23.4f}{change:>+24.4f}{reordered:>17}{other:>21}")
    print("(the gap column counts every reordering, the diversity re-rank's too; each must stay under the band)")


def main() -> None:
    program = load_program()
    index = OpeningIndex.build(program.openings, program.employers, Embedder(), contacts=program.contacts)
    active = [s for s in program.seekers if s.active]
    feedback = {s.id: [f for f in program.feedback if f.seeker_id == s.id] for s in active}
    measure("Demo program", active, index, feedback)
    measure("Generated program", generated_seekers(active, GENERATED), index, {})


if __name__ == "__main__":
    main()
