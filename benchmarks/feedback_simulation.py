"""Simulated seekers with a hidden preferred kind of work react to their top 10: how fast does it surface?

Each simulated seeker truly wants one kind of work (a Kind of the demo vocabulary, say "cafe"), hidden from the
ranking. What they say is what IPS seekers often say at entry: one broad interest of the group that kind belongs
to ("cooking" when they want cafe work), or, for one in five, nothing at all. Every round they see their top 10
and react to each opening they have not reacted to yet, with probability REACT: "interested" when it is of their
hidden kind, "not for me" otherwise; a share NOISE of reactions is the wrong one. "Not for me" rules an opening
out for good with or without learning, so the baseline also improves round by round; learning
(matcher/learning.py) is what the reactions add beyond that.

Figures: the share of the top 10 that is of the hidden kind, per round, and the rounds until at least half of it is
(round 0 is the first list, before any reaction). Fixed seeds; the catalogue is generated from the demo vocabulary
(service/demo/vocabulary.py), KIND_OPENINGS openings per kind of work over the Minneapolis-Saint Paul area.

    python benchmarks/feedback_simulation.py [--seekers N] [--rounds R] [--tune]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from matcher import Embedder, OpeningIndex, rank  # noqa: E402
from matcher import learning as learning_module  # noqa: E402
from matcher.geo import haversine_km  # noqa: E402
from models import Employer, Feedback, JobSeeker, Opening, Reaction  # noqa: E402
from service.demo.vocabulary import ARCHETYPES, KINDS, NEIGHBORHOODS  # noqa: E402

KIND_OPENINGS = 24
REACT = 0.8  # chance that a seeker reacts to a shown opening at all
NOISE = 0.1  # chance that a reaction is the wrong one
SILENT = 0.2  # share of seekers who state no kind of work (DOMAIN.md: about 4 in 5 state job preferences)
SURFACED = 0.5  # share of the top 10 of the hidden kind at which the preferred jobs count as surfaced
TOP = 10


@dataclass(frozen=True)
class Catalogue:
    """A generated program: its index and the kind of work of every opening."""

    index: OpeningIndex
    kind_of: dict[int, str]  # opening id -> Kind.key


@dataclass(frozen=True)
class SimulatedSeeker:
    """A seeker as the ranking sees them, and the kind of work they truly want (which it does not see)."""

    seeker: JobSeeker
    hidden_kind: str


def catalogue(embedder: Embedder, *, per_kind: int = KIND_OPENINGS, seed: int = 7) -> Catalogue:
    """Openings of every kind of work from the demo's job templates, at its employers and their branches."""
    rng = random.Random(seed)
    employers: list[Employer] = []
    openings: list[Opening] = []
    kind_of: dict[int, str] = {}
    for kind in KINDS:
        own = []
        for name, industry in kind.employers:
            hood = NEIGHBORHOODS[rng.randrange(len(NEIGHBORHOODS))]
            place = {"lat": hood[1] + rng.uniform(-0.01, 0.01), "lon": hood[2] + rng.uniform(-0.01, 0.01)}
            employer = Employer(id=len(employers) + 1, name=name, industry=industry, location=place,
                                hiring_needs=rng.sample(kind.needs, min(len(kind.needs), rng.randint(0, 2))))
            employers.append(employer)
            own.append(employer)
        for _ in range(per_kind):
            employer = rng.choice(own)
            title, text, low, high, shifts, wage = rng.choice(kind.jobs)
            location = None
            if rng.random() < 0.3:  # another branch, somewhere else in the metro area
                hood = NEIGHBORHOODS[rng.randrange(len(NEIGHBORHOODS))]
                location = {"lat": hood[1], "lon": hood[2]}
            opening = Opening(
                id=len(openings) + 1, employer_id=employer.id, title=title, description=text, hours_min=low,
                hours_max=high, shifts=shifts.split(), wage=max(7.25, wage + rng.choice((0, 0.25, 0.5, 1.0))),
                location=location,
            )
            openings.append(opening)
            kind_of[opening.id] = kind.key
    return Catalogue(OpeningIndex.build(openings, employers, embedder), kind_of)


def seekers(count: int, *, seed: int) -> list[SimulatedSeeker]:
    """Seekers with a hidden kind of work, a broad stated interest of its group (or nothing), and a home."""
    rng = random.Random(seed)
    groups = [(key, a) for key, a in ARCHETYPES.items()]
    found = []
    for i in range(count):
        _, archetype = rng.choice(groups)
        hidden = rng.choice(archetype.kinds)
        profile: dict = {}
        if rng.random() >= SILENT:
            profile["interests"] = [rng.choice(archetype.interests)]
        hood = NEIGHBORHOODS[rng.randrange(len(NEIGHBORHOODS))]
        profile["home"] = {"lat": hood[1], "lon": hood[2]}
        profile["max_commute_km"] = rng.choice((12, 15, 20, None))
        found.append(SimulatedSeeker(JobSeeker(id=i + 1, name=f"Seeker {i + 1}", profile=profile), hidden))
    return found


def shares_by_round(
    person: SimulatedSeeker, program: Catalogue, *, rounds: int, learning: bool, seed: int
) -> list[float]:
    """The share of the seeker's top 10 of their hidden kind, for round 0 (no reaction yet) to `rounds`."""
    rng = random.Random(seed)
    feedback: list[Feedback] = []
    reacted: set[int] = set()
    shares = []
    for _ in range(rounds + 1):
        shown = rank(person.seeker, program.index, feedback=feedback, limit=TOP, learning=learning)
        wanted = [program.kind_of[s.opening_id] == person.hidden_kind for s in shown]
        shares.append(sum(wanted) / TOP)
        for s, fits in zip(shown, wanted, strict=True):
            if s.opening_id in reacted or rng.random() >= REACT:
                continue
            right = Reaction.interested if fits else Reaction.not_for_me
            wrong = Reaction.not_for_me if fits else Reaction.interested
            feedback.append(Feedback(opening_id=s.opening_id, reaction=wrong if rng.random() < NOISE else right))
            reacted.add(s.opening_id)
    return shares


def ceiling(person: SimulatedSeeker, program: Catalogue) -> float:
    """The largest share of a top 10 the hidden kind can have: its openings within the seeker's commute."""
    index, home = program.index, person.seeker.profile.home
    limit = person.seeker.profile.max_commute_km
    of_kind = np.array([program.kind_of[int(i)] == person.hidden_kind for i in index.ids])
    if home is not None and limit is not None:
        of_kind &= ~(haversine_km(home.lat, home.lon, index.lat, index.lon, index.cos_lat) > limit)
    return min(TOP, int(of_kind.sum())) / TOP


@dataclass(frozen=True)
class Result:
    """Per-round share of the top 10 of the hidden kind, averaged over seekers, and rounds until surfaced."""

    learning: bool
    mean_share: list[float]  # index: round
    rounds_to_surface: list[int]  # per seeker; rounds + 1 when never surfaced
    ceiling: float  # mean over seekers of the largest share their top 10 could have

    def median_rounds(self) -> float:
        """Median rounds until half the top 10 is of the hidden kind."""
        return float(statistics.median(self.rounds_to_surface))

    def surfaced_by(self, rounds: int) -> float:
        """Share of seekers whose top 10 was at least half of their hidden kind by that round."""
        return sum(r <= rounds for r in self.rounds_to_surface) / len(self.rounds_to_surface)


def simulate(
    people: Sequence[SimulatedSeeker], program: Catalogue, *, rounds: int, learning: bool, seed: int = 0
) -> Result:
    """Every seeker's rounds, with or without learning; the same seeds in both, so only learning differs."""
    curves = np.array([
        shares_by_round(p, program, rounds=rounds, learning=learning, seed=seed * 100_003 + i)
        for i, p in enumerate(people)
    ])
    surfaced = [next((r for r, share in enumerate(curve) if share >= SURFACED), rounds + 1) for curve in curves]
    most = float(np.mean([ceiling(p, program) for p in people]))
    return Result(learning, [float(x) for x in curves.mean(axis=0)], surfaced, most)


@contextmanager
def constants(alpha: float, beta: float, gamma: float) -> Iterator[None]:
    """matcher/learning.py's constants set for a while (for tuning them), then put back."""
    saved = learning_module.ALPHA, learning_module.BETA, learning_module.GAMMA
    learning_module.ALPHA, learning_module.BETA, learning_module.GAMMA = alpha, beta, gamma
    try:
        yield
    finally:
        learning_module.ALPHA, learning_module.BETA, learning_module.GAMMA = saved


def tune(program: Catalogue, *, count: int, rounds: int, seed: int) -> list[tuple[float, float, float, float]]:
    """(beta, gamma, mean share over rounds 1..R, median rounds) for a grid, alpha 1, on seekers of `seed`."""
    people = seekers(count, seed=seed)
    rows = []
    for beta in (0.5, 0.75, 1.0, 1.5):
        for gamma in (0.25, 0.5, 0.75, 1.0, 1.5):
            with constants(1.0, beta, gamma):
                result = simulate(people, program, rounds=rounds, learning=True, seed=seed)
            rows.append((beta, gamma, float(np.mean(result.mean_share[1:])), result.median_rounds()))
    return rows


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seekers", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--tune", action="store_true", help="grid over BETA and GAMMA on tuning seeds (seed 1)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    program = catalogue(Embedder())
    print(f"catalogue: {len(program.index)} openings of {len(KINDS)} kinds of work; {args.seekers} seekers, "
          f"{args.rounds} rounds, react {REACT}, noise {NOISE}, silent {SILENT}")
    if args.tune:
        print("beta  gamma  mean share r1..R  median rounds")
        for beta, gamma, share, median in tune(program, count=args.seekers, rounds=args.rounds, seed=1):
            print(f"{beta:4.2f}  {gamma:5.2f}  {share:16.3f}  {median:13.1f}")
    # Reported on seeds the constants were not tuned on.
    people = seekers(args.seekers, seed=2)
    results = [simulate(people, program, rounds=args.rounds, learning=on, seed=2) for on in (False, True)]
    print("round  " + "  ".join(f"r{r:<4d}" for r in range(args.rounds + 1)))
    for result in results:
        name = "learning" if result.learning else "without"
        print(f"{name:8s} " + "  ".join(f"{s:.3f}" for s in result.mean_share))
    for result in results:
        name = "with learning" if result.learning else "without learning"
        print(f"{name}: median rounds until half the top 10 is the hidden kind {result.median_rounds():.1f}; "
              f"surfaced by round 3: {result.surfaced_by(3):.0%}, by round {args.rounds}: "
              f"{result.surfaced_by(args.rounds):.0%}")
    print(f"(the most a top 10 could hold of the hidden kind, within each seeker's commute: {results[0].ceiling:.3f})")
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
