"""Findings per card by family, before and after: the issue 12 "Done when" figure.

    python scripts/precision/corpus_counts.py measure SRC_ROOT OUT.json [--corpus DIR]
    python scripts/precision/corpus_counts.py compare BEFORE.json AFTER.json

``measure`` runs `xdocs check --no-cache --format json` from the project at
SRC_ROOT (a checkout of main for "before", this worktree for "after": `python -m
xdocs` run from a project root imports that root's package) over
../shared/corpus/hf-sample. ``compare`` prints findings per card by family
(grammar/harper, proselint, vale, terminology, everything else), grammar + prose
together, and the reduction. docs/lint.md, "Precision", records a run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus" / "hf-sample"
#: the families the issue counts as "grammar and prose findings" (its table puts
#: terminology with the checklist families, measured at 0.96-1.00)
PROSE = ("grammar/", "proselint", "vale")  # every grammar engine and spelling rule
FAMILIES = ("proselint", "vale", "terminology")


def family(rule: str) -> str:
    parts = rule.split("/")
    if parts[0] == "grammar":
        return "/".join(parts[:2])
    return parts[0] if parts[0] in FAMILIES else "other (checklist, markdown, ...)"


def measure(src: Path, out: Path, corpus: Path) -> None:
    cmd = [sys.executable, "-m", "xdocs", "check", "--no-cache", "--format", "json", "-j", "2",
           "--output", str(out.resolve()), str(corpus)]  # fmt: skip
    done = subprocess.run(cmd, cwd=src, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        sys.exit(f"xdocs check failed ({done.returncode}): {done.stderr[-2000:]}")


def counts(report: Path) -> tuple[Counter, int]:
    findings = json.loads(report.read_text(encoding="utf-8"))
    by_family = Counter(family(f["rule"]) for f in findings)
    return by_family, len({f["path"] for f in findings})


def compare(before: Path, after: Path, cards: int) -> str:
    b, _ = counts(before)
    a, _ = counts(after)
    rows = ["| family | before (main) per card | after per card | change |",
            "| --- | ---: | ---: | ---: |"]  # fmt: skip

    def row(name: str, x: int, y: int) -> str:
        change = f"{(y - x) / x:+.0%}" if x else "n/a"
        return f"| {name} | {x / cards:.2f} | {y / cards:.2f} | {change} |"

    for name in sorted(set(b) | set(a)):
        rows.append(row(name, b[name], a[name]))
    bp = sum(v for k, v in b.items() if k.startswith(PROSE))
    ap = sum(v for k, v in a.items() if k.startswith(PROSE))
    rows.append(row("**grammar + prose** (grammar/*, proselint, vale)", bp, ap))
    bt, at = bp + b["terminology"], ap + a["terminology"]
    rows.append(row("grammar + prose + terminology", bt, at))
    return "\n".join(rows) + f"\n\n{cards} cards; grammar + prose findings: {bp} -> {ap}.\n"


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    m = sub.add_parser("measure")
    m.add_argument("src", type=Path)
    m.add_argument("out", type=Path)
    m.add_argument("--corpus", type=Path, default=CORPUS)
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--corpus", type=Path, default=CORPUS)
    args = ap.parse_args()
    if args.cmd == "measure":
        measure(args.src, args.out, args.corpus)
    else:
        print(compare(args.before, args.after, len(list(args.corpus.glob("*.md")))))


if __name__ == "__main__":
    main()
