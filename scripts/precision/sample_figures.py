"""Precision of one fresh labelled sample, per family and weighted by how often each rule fires.

    python scripts/precision/sample_figures.py tests/lint/labels/sample9.yml

The sample's header lists, on ``# pool:`` lines, how many findings of each rule the pool
it was drawn from held (scripts/precision/sample_findings.py prints them as ``n=N``). The
draw is stratified by rule, so a plain ratio over-weights rare rules; the weighted figure
gives each rule's precision in the sample the weight of its pool count.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.lint.labelled import load_labels  # noqa: E402

NAMES = {"vale": "vale (house style)"}


def pool_counts(sample: Path) -> dict[str, int]:
    """The ``# pool: rule=n, …`` lines of the sample's header."""
    out: dict[str, int] = {}
    for line in sample.read_text(encoding="utf-8").splitlines():
        if line.startswith("# pool:"):
            for rule, n in re.findall(r"(\S+)=(\d+)", line):
                out[rule] = int(n)
    return out


def table(sample: Path) -> list[str]:
    """The Markdown table docs/lint.md shows for the sample."""
    pool = pool_counts(sample)
    labels = [lab for lab in load_labels(sample.parent) if lab.sample == sample.stem]
    per_rule: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    families: dict[str, list[str]] = defaultdict(list)
    for lab in labels:
        per_rule[lab.rule][0] += lab.verdict
        per_rule[lab.rule][1] += 1
        if lab.rule not in families[lab.family]:
            families[lab.family].append(lab.rule)
    order = ["grammar/harper", "proselint", "vale", "terminology"]
    rows = [(f, families[f]) for f in order if f in families]
    rows += [(f, r) for f, r in sorted(families.items()) if f not in order]
    out = []
    for family, rules in [*rows, ("all", list(per_rule))]:
        t = sum(per_rule[r][0] for r in rules)
        n = sum(per_rule[r][1] for r in rules)
        weighted = sum(pool[r] * per_rule[r][0] / per_rule[r][1] for r in rules) / sum(
            pool[r] for r in rules
        )
        cells = f"{t / n:.2f} ({t}/{n}) | {weighted:.2f}"
        if family == "all":
            cells = f"**{t / n:.2f} ({t}/{n})** | **{weighted:.2f}**"
        out.append(f"| {NAMES.get(family, family)} | {cells} |")
    return out


if __name__ == "__main__":
    print("\n".join(table(Path(sys.argv[1]))))
