"""Suggestion latency for one seeker over 1k, 10k and 100k openings, next to the exact-search floor.

The floor is a bare numpy matrix-vector product over the same embedding matrix plus argpartition for the
top ten: what any exact vector search must pay. Targets at 100k openings: rank() within 1.5x of it for the
typical seeker, 2x for the broad one.
Embeddings are cached (texts repeat from a vocabulary), so this measures ranking, not the model.
Run: HF_HUB_OFFLINE=1 python benchmarks/ranking.py
"""

from __future__ import annotations

import random
import statistics
import time

import numpy as np

from matcher import Embedder, OpeningIndex, rank
from models import Employer, Feedback, JobSeeker, Judgment, Opening

TITLES = ["Kennel assistant", "Dog walker", "Dishwasher", "Line cook", "Cashier", "Stocker", "Janitor",
          "Grounds crew", "Barista", "Housekeeper", "Library aide", "Office clerk", "Delivery driver",
          "Assembler", "Crew member", "Help desk technician", "Laundry attendant", "Car wash attendant",
          "Prep cook", "Bagger", "Custodian", "Groomer's assistant", "Receptionist", "Data entry clerk"]
DUTIES = ["Clean and restock", "Help customers", "Work with a small team", "Early start, quiet room",
          "Walk dogs and feed cats", "Wash dishes during lunch", "Pack orders", "Mow lawns", "Answer phones"]
INDUSTRIES = ["animal care", "restaurant", "fast food", "grocery", "janitorial", "landscaping", "hotel", "library"]
SHIFTS = ["morning", "day", "evening", "night", "weekend"]


def catalogue(n: int, rng: random.Random) -> tuple[list[Employer], list[Opening]]:
    employers = [
        Employer(id=i, name=f"Employer {i}", industry=rng.choice(INDUSTRIES),
                 location={"lat": 44.97 + rng.uniform(-0.15, 0.15), "lon": -93.26 + rng.uniform(-0.2, 0.2)},
                 hiring_needs=[f"{rng.choice(DUTIES).lower()} on {rng.choice(SHIFTS)}s"])
        for i in range(1, n // 20 + 2)
    ]
    openings = []
    for i in range(1, n + 1):
        low = rng.choice([10, 15, 20, 25, 30])
        openings.append(Opening(
            id=i, employer_id=rng.randint(1, len(employers)), title=rng.choice(TITLES),
            description=f"{rng.choice(DUTIES)}. {rng.choice(DUTIES)}.", hours_min=low,
            hours_max=low + rng.choice([0, 5, 10]), shifts=rng.sample(SHIFTS, rng.randint(1, 2)),
            wage=round(rng.uniform(12, 26), 2) if rng.random() > 0.05 else None,
        ))
    return employers, openings


SEEKER = JobSeeker(id=1, name="Ana R.", profile={
    "interests": ["caring for animals", "being outdoors"], "job_types": ["kennel assistant", "dog walker"],
    "avoid": ["night shifts", "fast food"], "hours_min": 10, "hours_max": 25, "shifts": ["morning", "day"],
    "min_wage": 15.0, "home": {"lat": 44.97, "lon": -93.26}, "max_commute_km": 12, "strengths": ["reliable"],
    "benefits": ["ssdi"],
})


# Worst case: nothing to filter on, so every opening is compared by meaning.
BROAD = JobSeeker(id=2, name="Sam T.", profile={"interests": ["caring for animals", "cooking", "computers"]})


def timed(call, repeats: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds (all threads of the process) of each call."""
    call()  # warm
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        call()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu


def main() -> None:
    rng = random.Random(7)
    embedder = Embedder()
    print("p50 latency of rank() for one seeker, and of the exact-search floor on the same matrix")
    print("(cpu: CPU time of all the process's threads, a steadier measure when the machine is shared)")
    print(f"{'openings':>9} {'seeker':>8} {'rank ms':>9} {'floor ms':>9} {'ratio':>6} {'rank cpu':>9} "
          f"{'floor cpu':>9} {'ratio':>6}  (targets at 100k: typical <= 1.5, broad <= 2.0)")
    for n in (1_000, 10_000, 100_000):
        employers, openings = catalogue(n, rng)
        index = OpeningIndex.build(openings, employers, embedder)
        feedback = [Feedback(opening_id=3, reaction="interested"), Feedback(opening_id=5, reaction="not_for_me")]
        judgments = [Judgment(opening_id=7, weight=0.5), Judgment(employer_id=2, weight=-0.3)]
        query = embedder.encode(["caring for animals"])[0]
        matrix = index.vectors

        def floor(matrix: np.ndarray = matrix, query: np.ndarray = query) -> np.ndarray:
            scores = matrix @ query
            top = np.argpartition(-scores, 10)[:10]
            return top[np.argsort(-scores[top])]

        repeats = 30 if n < 100_000 else 15
        for label, seeker in (("typical", SEEKER), ("broad", BROAD)):
            # Interleave the two so machine noise hits both alike.
            ours, bare, ours_cpu, bare_cpu = [], [], [], []
            for _ in range(3):
                wall, cpu = timed(
                    lambda s=seeker, i=index, j=judgments, f=feedback: rank(s, i, judgments=j, feedback=f, limit=10),
                    repeats,
                )
                ours, ours_cpu = ours + wall, ours_cpu + cpu
                wall, cpu = timed(floor, repeats)
                bare, bare_cpu = bare + wall, bare_cpu + cpu
            p50, f50 = statistics.median(ours) * 1e3, statistics.median(bare) * 1e3
            c50, fc50 = statistics.median(ours_cpu) * 1e3, statistics.median(bare_cpu) * 1e3
            print(f"{n:>9} {label:>8} {p50:>9.2f} {f50:>9.2f} {p50 / f50:>6.2f} {c50:>9.2f} {fc50:>9.2f} "
                  f"{c50 / max(fc50, 1e-3):>6.2f}")


if __name__ == "__main__":
    main()
