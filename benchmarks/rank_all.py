"""`ipsmatch rank-all` over a large generated program: every active seeker ranked and stored.

The program comes from service/demo/large.py in a SQLite file (its texts' vectors made once by
benchmarks/program_vectors.py). The command runs as a child process, as a nightly job would, with
`--workers` worker processes (default: the CPU count); its own figure (after loading the program, including
building the index) is printed next to the wall time with start-up and the CPU time of the command and its
workers, which a busy machine disturbs less. `--compare` runs it in one process first and prints the ratio.
Target: 1,000 seekers over 100,000 openings in under 60 s.
Run: HF_HUB_OFFLINE=1 python benchmarks/rank_all.py --openings 100000 --seekers 1000 [--workers N] [--compare]
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from program_vectors import prepare, program_arguments  # noqa: E402


@dataclass(frozen=True)
class Run:
    workers: int
    seekers: int
    seconds: float  # the command's own figure
    prepare: float  # of which reading the openings and seekers (the index built) before ranking
    wall: float  # with start-up
    cpu: float  # user + system seconds of the command and its workers


def run(url: str, workers: int) -> Run:
    """One `ipsmatch rank-all --workers N` in a child process."""
    env = {**os.environ, "IPSMATCH_DATABASE_URL": url, "HF_HUB_OFFLINE": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "service.cli", "rank-all", "--workers", str(workers)],
                          env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    found = re.search(r"Ranked and stored (\d+) seekers in ([\d.]+) s .*took ([\d.]+) s", done.stdout)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(workers, int(found.group(1)), float(found.group(2)), float(found.group(3)), wall, cpu)


def show(r: Run, openings: int) -> None:
    ms = r.seconds / max(r.seekers, 1) * 1e3
    print(f"ipsmatch rank-all --workers {r.workers}: {r.seekers:,} active seekers over {openings:,} openings ranked "
          f"and stored in {r.seconds:.1f} s ({ms:.0f} ms a seeker; reading and indexing {r.prepare:.1f} s of it, "
          f"ranking and storing {r.seconds - r.prepare:.1f} s; {r.wall:.1f} s with start-up; CPU {r.cpu:.1f} s) "
          f"(target < 60 s for 1,000 seekers over 100,000 openings)", flush=True)


def main() -> None:
    def more(parser) -> None:
        parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="default: the CPU count")
        parser.add_argument("--compare", action="store_true", help="run with one worker first and print the ratio")

    args, path = program_arguments(__doc__, openings=100_000, seekers=1_000, name="rank-all", more=more)
    start = time.perf_counter()
    url = prepare(path, openings=args.openings, seekers=args.seekers)
    print(f"program of {args.openings:,} openings and {args.seekers:,} seekers ready in "
          f"{time.perf_counter() - start:.0f} s ({path})", flush=True)
    alone = None
    if args.compare and args.workers != 1:
        alone = run(url, 1)
        show(alone, args.openings)
    parallel = run(url, args.workers)
    show(parallel, args.openings)
    if alone is not None:
        ranking = (alone.seconds - alone.prepare) / max(parallel.seconds - parallel.prepare, 1e-9)
        print(f"{args.workers} workers against 1: {alone.seconds / parallel.seconds:.2f}x as fast in all, "
              f"{ranking:.2f}x in ranking and storing; CPU {parallel.cpu / alone.cpu:.2f}x")


if __name__ == "__main__":
    main()
