"""DESIGN.md invariants 1, 2 and 5 over many random seekers on the demo program, checked from outside.

Each random seeker has random hard preferences (hours, shifts, minimum wage, home and commute limit, things to
avoid, a benefit threshold to stay under), random wanted work, a few random reactions ("not for me" and
"interested") and, for a share of them, random specialist judgments. Their suggestions are checked against
every hard preference by code written here, not by the filters' own (matcher/filters.py): a suggestion that
breaks one is counted. Seekers with judgments are ranked again without them, to count how often judgment
changed the order, and that it only ever swapped openings whose P differ by less than the band.

    python benchmarks/invariants_at_scale.py [--seekers N]
"""

from __future__ import annotations

import argparse
import math
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matcher import Embedder, OpeningIndex, rank  # noqa: E402
from matcher.index import opening_text  # noqa: E402
from models import Employer, Feedback, JobSeeker, Judgment, Opening, Settings  # noqa: E402
from service.demo import load_program  # noqa: E402
from service.demo.vocabulary import ARCHETYPES, HOUR_RANGES, NEIGHBORHOODS  # noqa: E402

SETTINGS = Settings()
JUDGED = 0.2  # share of seekers whose specialist recorded judgments
# Avoid phrases that name shifts, and the shift each names (written here, not read from matcher/phrases.py).
SHIFT_AVOIDS = {"night shifts": "night", "no weekends": "weekend", "evenings": "evening",
                "no early mornings": "morning"}
STOP = {"no", "not", "work", "shifts", "shift", "the", "a", "places"}
MEANS_AVOIDED = 0.62  # README: an opening whose text means an avoided thing (similarity 0.62 or more) is out


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


@dataclass
class Checker:
    """Why an opening must not be suggested to a seeker, from the README's rules, with its own arithmetic."""

    openings: dict[int, Opening]
    employers: dict[int, Employer]
    embedder: Embedder
    _vectors: dict[int, np.ndarray] = field(default_factory=dict)

    def __post_init__(self) -> None:
        ids = sorted(self.openings)
        vectors = self.embedder.encode([opening_text(self.openings[i]) for i in ids])
        self._vectors = dict(zip(ids, vectors, strict=True))

    def check(self, seeker: JobSeeker, opening_id: int, rejected: set[int]) -> tuple[list[str], list[str]]:
        """The rules (of RULES) that applied to this seeker and opening, and those of them the opening breaks.

        A rule applies when the seeker stated that preference and the opening states the fact it is about.
        """
        p, o = seeker.profile, self.openings[opening_id]
        employer = self.employers[o.employer_id]
        applied: list[str] = []
        broken: list[str] = []

        def rule(name: str, breaks: bool) -> None:
            applied.append(name)
            if breaks:
                broken.append(name)

        rule("open competitive job", o.status != "open" or o.set_aside)
        if o.wage is not None:
            rule("legal minimum wage", o.wage < SETTINGS.min_wage)
        if rejected:
            rule("not for me", opening_id in rejected)
        if p.min_wage is not None and o.wage is not None:
            rule("seeker's minimum wage", o.wage < p.min_wage)
        low = o.hours_min if o.hours_min is not None else o.hours_max
        high = o.hours_max if o.hours_max is not None else o.hours_min
        if low is not None and (p.hours_min is not None or p.hours_max is not None):
            rule("hours", (p.hours_max is not None and low > p.hours_max)
                 or (p.hours_min is not None and high < p.hours_min))
        if p.shifts and o.shifts:
            rule("shifts", not {str(s) for s in p.shifts} & {str(s) for s in o.shifts})
        where = o.location or employer.location
        if p.max_commute_km is not None and p.home is not None and where is not None:
            rule("commute", _km((p.home.lat, p.home.lon), (where.lat, where.lon)) > p.max_commute_km)
        limits = [SETTINGS.sga_non_blind] if "ssdi" in p.benefits else []
        if "ssi" in p.benefits:
            # SSI reaches zero at $20 + $65 + twice the federal rate of earnings a month.
            limits.append(SETTINGS.ssi_general_exclusion + SETTINGS.ssi_earned_exclusion
                          + 2 * SETTINGS.ssi_federal_rate)
        if p.keep_under_threshold and limits and o.wage is not None and low is not None:
            fewest = max(low, p.hours_min) if p.hours_min is not None else low
            rule("benefit threshold", o.wage * fewest * 52 / 12 > min(limits))
        text = _words(f"{o.title} {employer.industry or ''} {o.description}")
        for phrase in p.avoid:
            if phrase in SHIFT_AVOIDS:
                if o.shifts:
                    rule("avoid a shift", SHIFT_AVOIDS[phrase] in {str(s) for s in o.shifts})
                continue
            rule("avoid by words", _words(phrase) - STOP <= text)
            rule("avoid by meaning",
                 float(self.embedder.encode([phrase])[0] @ self._vectors[opening_id]) >= MEANS_AVOIDED)
        return applied, broken


RULES = ("open competitive job", "legal minimum wage", "not for me", "seeker's minimum wage", "hours", "shifts",
         "commute", "benefit threshold", "avoid a shift", "avoid by words", "avoid by meaning")


def random_seeker(rng: random.Random, seeker_id: int) -> JobSeeker:
    """A seeker with random wanted work and random hard preferences, each present or not."""
    a = rng.choice(list(ARCHETYPES.values()))
    p: dict = {"interests": rng.sample(a.interests, rng.randint(0, 2)),
               "job_types": rng.sample(a.job_types, rng.randint(0, 2))}
    if rng.random() < 0.7:
        p["hours_min"], p["hours_max"] = rng.choice(HOUR_RANGES)
    if rng.random() < 0.6:
        p["shifts"] = rng.sample(["morning", "day", "evening", "night", "weekend"], rng.randint(1, 3))
    if rng.random() < 0.6:
        p["min_wage"] = rng.choice((15.0, 16.0, 16.5, 17.0, 18.0, 20.0))
    if rng.random() < 0.85:
        hood = NEIGHBORHOODS[rng.randrange(len(NEIGHBORHOODS))]
        p["home"] = {"lat": hood[1] + rng.uniform(-0.02, 0.02), "lon": hood[2] + rng.uniform(-0.02, 0.02)}
        if rng.random() < 0.8:
            p["max_commute_km"] = rng.choice((2, 3, 5, 8, 10, 15, 20))
    p["avoid"] = rng.sample([*a.avoid, *SHIFT_AVOIDS], rng.randint(0, 3))
    if rng.random() < 0.4:
        p["benefits"] = rng.choice((["ssi"], ["ssdi"], ["ssi", "ssdi"]))
        p["keep_under_threshold"] = rng.random() < 0.6
    return JobSeeker(id=seeker_id, name=f"Seeker {seeker_id}", profile=p)


@dataclass
class Counts:
    """What the run found."""

    seekers: int = 0
    suggestions: int = 0
    checked: Counter = field(default_factory=Counter)  # rule -> suggestions it applied to
    violations: Counter = field(default_factory=Counter)  # rule -> suggestions that break it
    seekers_without_suggestions: int = 0
    judged: int = 0
    judgment_changed_order: int = 0
    judgment_swaps: int = 0  # pairs of openings whose order judgment reversed
    largest_gap_crossed: float = 0.0  # largest P difference of a pair judgment reversed
    gaps: list[float] = field(default_factory=list)  # per reversed pair: P of the one passed over minus the other
    outside_band: int = 0  # pairs in any list where an opening sits under one it beats in P by the band or more
    seconds: float = 0.0


def run(count: int = 10_000, *, seed: int = 0, embedder: Embedder | None = None) -> Counts:
    """Ranks `count` random seekers on the demo program and checks each suggestion from outside."""
    started = time.perf_counter()
    program = load_program()
    embedder = embedder or Embedder()
    index = OpeningIndex.build(program.openings, program.employers, embedder, contacts=program.contacts)
    checker = Checker({o.id: o for o in program.openings}, {e.id: e for e in program.employers}, embedder)
    rng = random.Random(seed)
    open_ids = [o.id for o in program.openings]
    employer_ids = [e.id for e in program.employers]
    band = SETTINGS.judgment_band
    counts = Counts()
    for i in range(count):
        seeker = random_seeker(rng, i + 1)
        feedback = [Feedback(opening_id=o, reaction=rng.choice(("not_for_me", "not_for_me", "interested")))
                    for o in rng.sample(open_ids, rng.randint(0, 4))]
        judgments = []
        if rng.random() < JUDGED:
            judgments = [Judgment(opening_id=o, weight=rng.uniform(-1, 1)) for o in rng.sample(open_ids, 6)]
            judgments += [Judgment(employer_id=e, weight=rng.uniform(-1, 1)) for e in rng.sample(employer_ids, 3)]
        shown = rank(seeker, index, judgments=judgments, feedback=feedback, settings=SETTINGS)
        rejected = {f.opening_id for f in feedback if f.reaction == "not_for_me"}
        counts.seekers += 1
        counts.suggestions += len(shown)
        counts.seekers_without_suggestions += not shown
        for s in shown:
            applied, broken = checker.check(seeker, s.opening_id, rejected)
            counts.checked.update(applied)
            counts.violations.update(broken)
        for k, above in enumerate(shown):
            counts.outside_band += sum(b.preference_score - above.preference_score >= band for b in shown[k + 1:])
        if judgments:
            counts.judged += 1
            plain = rank(seeker, index, feedback=feedback, settings=SETTINGS)
            before = {s.opening_id: k for k, s in enumerate(plain)}
            p = {s.opening_id: s.preference_score for s in [*plain, *shown]}
            counts.judgment_changed_order += [s.opening_id for s in shown] != [s.opening_id for s in plain]
            for k, above in enumerate(shown):
                for below in shown[k + 1:]:
                    if above.opening_id in before and below.opening_id in before and \
                            before[below.opening_id] < before[above.opening_id]:
                        counts.judgment_swaps += 1
                        gap = p[below.opening_id] - p[above.opening_id]
                        counts.largest_gap_crossed = max(counts.largest_gap_crossed, gap)
                        counts.gaps.append(gap)
    counts.seconds = time.perf_counter() - started
    return counts


def report(counts: Counts) -> str:
    """The figures, one per line."""
    broken = sum(counts.violations.values())
    lines = [
        f"seekers {counts.seekers:,}; suggestions {counts.suggestions:,}; seekers with none "
        f"{counts.seekers_without_suggestions:,}",
        f"suggestions breaking a hard preference: {broken}" + (f" {dict(counts.violations)}" if broken else ""),
        "checked per rule (suggestions it applied to / broken): "
        + ", ".join(f"{rule} {counts.checked[rule]:,}/{counts.violations[rule]}" for rule in RULES),
        f"pairs ordered against P by the band or more: {counts.outside_band}",
        f"seekers with judgments {counts.judged:,}; judgment changed the order for {counts.judgment_changed_order:,} "
        f"({counts.judgment_changed_order / max(counts.judged, 1):.0%}); pairs swapped {counts.judgment_swaps:,}; "
        f"largest P gap crossed {counts.largest_gap_crossed:.4f} (band {SETTINGS.judgment_band})",
        f"({counts.seconds:.0f} s)",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seekers", type=int, default=10_000)
    print(report(run(parser.parse_args().seekers)))


if __name__ == "__main__":
    main()
