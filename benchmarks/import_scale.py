"""Importing a large program's openings from CSV, embedded and ready to rank, next to raw model encoding.

Writes a generated program (service/demo/large.py) as CSV, then runs the real command in child processes over a
fresh SQLite file: `ipsmatch import employers`, `ipsmatch import openings` (from scratch: rows written and every
text embedded into the database's cache) and the same openings file again (idempotent: nothing written, nothing
embedded). The floor is `SentenceTransformer.encode` of the same distinct texts in this process, at the batch
size the service uses; with --raw-sample it encodes that many of them and scales the time to all of them.
Targets: from scratch under 10 minutes at 100,000 openings; the second import under 1 minute.
Run: HF_HUB_OFFLINE=1 python benchmarks/import_scale.py --openings 100000 --raw-sample 10000
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from matcher import Embedder, load_model
from matcher.index import opening_text
from service.demo.large import large_program, large_rows, write_files


def run(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Seconds the command took, and what it printed; stops the benchmark if the command fails."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "service.cli", *args], env=env, capture_output=True, text=True,
                          timeout=4 * 3600)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return took, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--openings", type=int, default=100_000)
    parser.add_argument("--raw-sample", type=int, default=None, help="encode only this many texts for the floor")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--backend", default="torch", help="embedding backend of the import and of the floor "
                        "(IPSMATCH_EMBEDDING_BACKEND: torch, onnx, onnx-int8)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="ipsmatch-import-"))
    rows = large_rows(openings=args.openings, seekers=0, seed=args.seed)
    write_files(rows, workdir)
    env = {**os.environ, "IPSMATCH_DATABASE_URL": f"sqlite:///{workdir / 'import.db'}", "HF_HUB_OFFLINE": "1",
           "IPSMATCH_EMBEDDING_BACKEND": args.backend}
    print(f"{args.openings:,} openings at {len(rows['employers']):,} employers, written as CSV to {workdir}; "
          f"backend {args.backend}",
          flush=True)

    employers_s, _ = run(["import", "employers", str(workdir / "employers.csv")], env)
    print(f"import employers: {employers_s:.1f} s", flush=True)
    first_s, out = run(["import", "openings", str(workdir / "openings.csv")], env)
    ready = re.search(r"Ready to rank: (\d+) texts, (\d+) embedded now \((\d+) s\)", out)
    texts, embedded, embed_s = (int(x) for x in ready.groups()) if ready else (0, 0, 0)
    print(f"import openings from scratch, embedded and ready: {first_s:.1f} s "
          f"({texts:,} distinct texts, {embedded:,} embedded, embedding {embed_s} s) "
          f"(target < 600 s at 100,000 openings)", flush=True)
    again_s, out = run(["import", "openings", str(workdir / "openings.csv")], env)
    print(f"the same file again: {again_s:.1f} s ({out.strip().splitlines()[-2]}) (target < 60 s)", flush=True)

    program = large_program(openings=args.openings, seekers=0, seed=args.seed)
    distinct = list(dict.fromkeys(opening_text(o) for o in program.openings))
    sample = distinct[: args.raw_sample] if args.raw_sample else distinct
    model = load_model(backend=args.backend)
    start = time.perf_counter()
    model.encode(sample, batch_size=Embedder().batch_size, normalize_embeddings=True, convert_to_numpy=True)
    raw_s = (time.perf_counter() - start) * len(distinct) / len(sample)
    how = "measured" if len(sample) == len(distinct) else f"from {len(sample):,} of them, scaled"
    print(f"raw SentenceTransformer.encode of the same {len(distinct):,} texts: {raw_s:.1f} s ({how})")
    print(f"import from scratch / raw encoding: {first_s / raw_s:.2f}x; embedding step alone: {embed_s / raw_s:.2f}x")
    print(f"second import / first: {again_s / first_s:.3f}")


if __name__ == "__main__":
    main()
