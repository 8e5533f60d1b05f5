"""`ipsmatch rank-all` over a large generated program: every active seeker ranked and stored.

The program comes from service/demo/large.py in a SQLite file (its texts' vectors made once by
benchmarks/program_vectors.py). The command runs as a child process, as a nightly job would; its own
figure (after loading the model and building the index) is printed next to the wall time.
Target: 1,000 seekers over 100,000 openings in under 60 s.
Run: HF_HUB_OFFLINE=1 python benchmarks/rank_all.py --openings 100000 --seekers 1000
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from program_vectors import prepare, program_arguments  # noqa: E402


def main() -> None:
    args, path = program_arguments(__doc__, openings=100_000, seekers=1_000, name="rank-all")
    start = time.perf_counter()
    url = prepare(path, openings=args.openings, seekers=args.seekers)
    print(f"program of {args.openings:,} openings and {args.seekers:,} seekers ready in "
          f"{time.perf_counter() - start:.0f} s ({path})", flush=True)
    env = {**os.environ, "IPSMATCH_DATABASE_URL": url, "HF_HUB_OFFLINE": "1"}
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "service.cli", "rank-all"], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    found = re.search(r"Ranked and stored (\d+) seekers in ([\d.]+) s", done.stdout)
    ranked, seconds = int(found.group(1)), float(found.group(2))
    print(f"ipsmatch rank-all: {ranked:,} active seekers over {args.openings:,} openings ranked and stored in "
          f"{seconds:.1f} s ({seconds / max(ranked, 1) * 1e3:.0f} ms a seeker; {wall:.1f} s with start-up) "
          f"(target < 60 s for 1,000 seekers over 100,000 openings)")


if __name__ == "__main__":
    main()
