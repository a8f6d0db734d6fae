"""Draw a stratified sample of prose findings from an `xdocs check --format json` report,
for labelling by hand (docs/lint.md, "Precision").

    python scripts/precision/sample_findings.py REPORT.json CORPUS_DIR OUT.txt [--seed N]
        [--families grammar,proselint,vale,terminology] [--rules RULE,…]
        [--exclude LABELS.yml …] [--scale X]

Each rule contributes min(n, k(n)) findings, k growing with the logarithm of how often
the rule fires, so rare rules are judged too and frequent ones weigh more. The output is
one block per finding: an id, the card, line, rule, the flagged text between « », the
message and the fix, the nearest heading above and the line itself; a person then writes
the verdict into the labels file (tests/lint/labels/*.yml). ``--rules`` draws only those
rules; ``--exclude`` leaves out every finding already labelled in the given files (same
card, line and rule, overlapping span), so a new sample is judged on findings nobody
has seen.
"""

from __future__ import annotations

import argparse
import json
import math
import random
from collections import defaultdict
from pathlib import Path


def quota(n: int) -> int:
    return min(n, max(4, round(5 * math.log2(n + 1))))


def flagged(lines: list[str], f: dict) -> str:
    if f["line"] <= 0 or f["line"] > len(lines):
        return ""
    line = lines[f["line"] - 1]
    if f.get("end_line", f["line"]) == f["line"]:
        return line[f["column"] - 1 : f["end_column"] - 1]
    return line[f["column"] - 1 :]


def context(lines: list[str], f: dict) -> tuple[str, str]:
    n = f["line"]
    heading = next((lines[i] for i in range(n - 2, -1, -1) if lines[i].startswith("#")), "")
    line = lines[n - 1] if 0 < n <= len(lines) else ""
    a, b = f["column"] - 1, (f["end_column"] - 1 if f.get("end_line", n) == n else len(line))
    marked = line[:a] + "«" + line[a:b] + "»" + line[b:]
    if len(marked) > 300:
        lo = max(0, a - 130)
        marked = ("…" if lo else "") + marked[lo : lo + 300] + "…"
    return heading[:120], marked


def labelled(paths: list[str]) -> dict[tuple[str, int, str], list[tuple[int, int]]]:
    """Spans already judged in the labels files, by (card, line, rule)."""
    from ruamel.yaml import YAML

    out: dict[tuple[str, int, str], list[tuple[int, int]]] = defaultdict(list)
    for path in paths:
        for row in YAML(typ="safe").load(Path(path).read_text(encoding="utf-8")) or []:
            end = row["end_column"] if row["end_line"] == row["line"] else 10**9
            out[(row["card"], row["line"], row["rule"])].append((row["column"], end))
    return out


def already_judged(f: dict, judged: dict[tuple[str, int, str], list[tuple[int, int]]]) -> bool:
    end = f.get("end_column", f["column"]) if f.get("end_line", f["line"]) == f["line"] else 10**9
    a, b = f["column"], max(end, f["column"] + 1)
    spans = judged.get((Path(f["path"]).name, f["line"], f["rule"]), ())
    return any(a < e and s < b for s, e in spans)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("report")
    ap.add_argument("corpus")
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--families", default="grammar,proselint,vale,terminology")
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--rules", default="", help="comma-separated rule ids (default: all)")
    ap.add_argument("--exclude", nargs="*", default=[], help="labels files already judged")
    args = ap.parse_args()
    families = tuple(args.families.split(","))
    report = json.loads(Path(args.report).read_text(encoding="utf-8"))
    findings = [f for f in report if f["rule"].split("/")[0] in families]
    if args.rules:
        wanted = set(args.rules.split(","))
        findings = [f for f in findings if f["rule"] in wanted]
    judged = labelled(args.exclude)
    findings = [f for f in findings if not already_judged(f, judged)]
    by_rule: dict[str, list[dict]] = defaultdict(list)
    for f in findings:
        by_rule[f["rule"]].append(f)
    rng = random.Random(args.seed)
    cache: dict[str, list[str]] = {}
    out = []
    i = 0
    for rule in sorted(by_rule):
        pool = by_rule[rule]
        for f in rng.sample(pool, max(1, round(quota(len(pool)) * args.scale))):
            name = Path(f["path"]).name
            if name not in cache:
                text = (Path(args.corpus) / name).read_text(encoding="utf-8", errors="replace")
                cache[name] = text.replace("\r\n", "\n").split("\n")
            lines = cache[name]
            heading, marked = context(lines, f)
            i += 1
            out.append(
                f"## {i} | {name} | {f['line']}:{f['column']} | {rule} | n={len(pool)}\n"
                f"text: {flagged(lines, f)!r}\nmsg: {f['message'][:200]}\n"
                f"fix: {(f.get('fix') or '')[:120]}\nhead: {heading}\nline: {marked}\n"
            )
    Path(args.out).write_text("\n".join(out), encoding="utf-8")
    print(f"{i} findings sampled from {len(findings)}")


if __name__ == "__main__":
    main()
