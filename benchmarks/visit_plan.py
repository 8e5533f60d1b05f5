"""Visit plans on the demo program: greedy against "nearest employers" and "random", on the same objective.

For each of the demo's specialists and the week of Monday 23 November 2026 (the demo's contact log ends on the
Friday before), plans of `visits_per_week` employer visits are made three ways from the same employers (the
same caps and recently-seen rule): greedy over the weighted facility location of matcher/planning.py, the
employers nearest the caseload's homes, and employers drawn at random (seed 0, and the mean of 100 seeds).
Each is scored on the same objective F, and by how many seekers get at least one fitting visit: a planned
employer with an opening whose preference score for them is FITTING (0.5) or more.
Run: HF_HUB_OFFLINE=1 python benchmarks/visit_plan.py [--show SPECIALIST_ID]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time

from matcher import Embedder, OpeningIndex, rank
from matcher.visit_plan import FITTING, Week, visit_plan
from models import Reaction, get_settings
from service.demo import load_program

WEEK = Week(dt.date(2026, 11, 23))
SEEDS = 100


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=1, help="print the greedy plan of this specialist (0: none)")
    shown = parser.parse_args().show
    settings = get_settings()
    program = load_program()
    started = time.perf_counter()
    index = OpeningIndex.build(program.openings, program.employers, Embedder(), contacts=program.contacts)
    built = time.perf_counter() - started
    feedback = {s.id: [f for f in program.feedback if f.seeker_id == s.id] for s in program.seekers}
    started = time.perf_counter()
    suggestions = {
        s.id: rank(s, index, feedback=feedback[s.id], limit=50, settings=settings, voice="staff")
        for s in program.seekers
    }
    ranked = time.perf_counter() - started
    working = {s for s, items in feedback.items() if any(f.reaction == Reaction.hired for f in items)}
    print(f"Demo program: {len(program.seekers)} seekers, {len(program.employers)} employers, "
          f"{len(program.openings)} openings; week {WEEK.label} (from {WEEK.start}), {settings.visits_per_week} visits "
          f"per specialist; a visit fits a seeker at preference {FITTING} or more.")
    print(f"(index built in {built:.1f} s, {len(program.seekers)} seekers ranked in {ranked:.1f} s)")

    def plan(specialist_id: int, method: str, seed: int = 0):
        caseload = [s for s in program.seekers if s.specialist_id == specialist_id]
        return visit_plan(
            caseload, suggestions, program.employers, program.contacts, specialist_id=specialist_id, week=WEEK,
            as_of=WEEK.start, visits=settings.visits_per_week, settings=settings, working=working, method=method,
            seed=seed,
        )

    methods = ["greedy", "nearest", "random (seed 0)", f"random (mean of {SEEDS})"]
    totals = {method: [0.0, 0.0] for method in methods}
    print(f"\n{'specialist':<22}{'method':<22}{'objective F':>12}{'seekers with a fitting visit':>32}")
    for specialist in program.specialists:
        started = time.perf_counter()
        greedy = plan(specialist.id, "greedy")
        took = time.perf_counter() - started
        rows = {"greedy": greedy, "nearest": plan(specialist.id, "nearest"),
                "random (seed 0)": plan(specialist.id, "random")}
        randoms = [plan(specialist.id, "random", seed) for seed in range(SEEDS)]
        for method, made in rows.items():
            totals[method][0] += made.objective
            totals[method][1] += made.seekers_served
            print(f"{specialist.name:<22}{method:<22}{made.objective:>12.3f}"
                  f"{made.seekers_served:>26} of {made.caseload_size}")
        mean_f = statistics.fmean(r.objective for r in randoms)
        mean_s = statistics.fmean(r.seekers_served for r in randoms)
        totals[f"random (mean of {SEEDS})"][0] += mean_f
        totals[f"random (mean of {SEEDS})"][1] += mean_s
        print(f"{'':<22}{f'random (mean of {SEEDS})':<22}{mean_f:>12.3f}{mean_s:>26.1f} of {greedy.caseload_size}")
        print(f"{'':<22}(greedy plan made in {took * 1000:.1f} ms; {len(greedy.held_back)} employers held back)")
    caseload = len(program.seekers)
    print(f"\n{'all specialists':<22}", end="")
    for number, (method, (value, served)) in enumerate(totals.items()):
        lead = "" if number == 0 else f"{'':<22}"
        print(f"{lead}{method:<22}{value:>12.3f}{served:>26.1f} of {caseload}")
    # The best any plan could do on the second figure: seekers with a fitting opening at some employer.
    reachable = sum(1 for items in suggestions.values() if any(s.preference_score >= FITTING for s in items))
    print(f"(seekers with a fitting opening anywhere in the catalogue: {reachable} of {caseload})")

    if shown:
        made = plan(shown, "greedy")
        print(f"\nGreedy plan of specialist {shown}, week {made.week.label}:")
        for number, visit in enumerate(made.visits, start=1):
            print(f"{number}. {visit.employer_name} ({visit.industry}), adds {visit.score:.3f}; "
                  f"for {visit.for_seekers}")
            for reason in visit.reasons:
                print(f"   why: {reason}")
            for point in visit.talking_points:
                print(f"   say: {point}")
        for held in made.held_back:
            print(f"   held back: {held.employer_name}: {held.why}")


if __name__ == "__main__":
    main()
