"""The hand-labelled findings of tests/lint/labels/ and what they say about a report.

Each label is one finding that `xdocs check` reported on a real card of
../shared/corpus/hf-sample, judged by a person: ``verdict: true`` when a careful
editor applying the house style guide would make the change at that spot,
``false`` otherwise (docs/lint.md, "Precision", says how). ``reported`` records
whether the current code still reports it (the corpus test checks that field
against a real run, so it cannot drift).

A labelled finding is *reported* when the report has a finding of the same rule
on the same line whose span overlaps the labelled span; its *spot is reported*
when any rule's finding there overlaps it (one finding per spot: the rule that
won folds the others in).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LABELS = Path(__file__).parent / "labels"
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "hf-sample"


@dataclass
class Label:
    card: str
    line: int
    column: int
    end_line: int
    end_column: int
    rule: str
    text: str
    verdict: bool
    note: str = ""
    reported: bool = True
    sample: str = ""

    @property
    def name(self) -> str:
        """The card's file name (``card`` may be ``../cards/NAME``: a card of
        ../shared/corpus/cards, relative to hf-sample)."""
        return Path(self.card).name

    @property
    def family(self) -> str:
        parts = self.rule.split("/")
        return "/".join(parts[:2]) if parts[0] == "grammar" else parts[0]


def load_labels(folder: Path = LABELS) -> list[Label]:
    """Every label of every ``*.yml`` file in ``folder`` (the file stem is the sample)."""
    from ruamel.yaml import YAML

    out = []
    for path in sorted(folder.glob("*.yml")):
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8")) or []
        for row in data:
            out.append(Label(**{**row, "sample": path.stem}))
    return out


def _span(f: dict[str, Any]) -> tuple[int, int]:
    end = f.get("end_column", f["column"]) if f.get("end_line", f["line"]) == f["line"] else 10**9
    return f["column"], max(end, f["column"] + 1)


def index(findings: list[dict[str, Any]]) -> dict[tuple[str, int], list[dict[str, Any]]]:
    """Findings by (card file name, line)."""
    out: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
    for f in findings:
        out[(Path(f["path"]).name, f["line"])].append(f)
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def is_reported(label: Label, found: dict[tuple[str, int], list[dict[str, Any]]]) -> bool:
    """Reported under its own rule, or folded into the finding that won its spot."""
    span = _span(label.__dict__)
    return any(
        _overlap(span, _span(f))
        and (f["rule"] == label.rule or f"also {label.rule}" in f["message"]
             or f", {label.rule}" in f["message"])
        for f in found.get((label.name, label.line), ())
    )  # fmt: skip


def spot_reported(label: Label, found: dict[tuple[str, int], list[dict[str, Any]]]) -> bool:
    span = _span(label.__dict__)
    return any(_overlap(span, _span(f)) for f in found.get((label.name, label.line), ()))


def precision(labels: list[Label], key: str = "rule") -> dict[str, tuple[int, int]]:
    """(true, judged) among the labels still reported, by rule (or by family)."""
    out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for label in labels:
        if not label.reported:
            continue
        k = label.rule if key == "rule" else label.family
        out[k][0] += label.verdict
        out[k][1] += 1
    return {k: (t, n) for k, (t, n) in out.items()}


def dump_labels(labels: list[Label], path: Path, header: str) -> None:
    """Write labels as one YAML flow mapping per line (reviewable in a diff)."""
    lines = [header.rstrip("\n"), ""]
    for lab in labels:
        fields = {k: v for k, v in lab.__dict__.items() if k != "sample"}
        body = ", ".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in fields.items())
        lines.append(f"- {{{body}}}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_labelled(
    config: Any, all_on: bool, jobs: int = 2, cards: list[str] | None = None
) -> list[dict[str, Any]]:
    """`xdocs check` over the labelled cards (or ``cards`` of them): with the default
    rules, or (``all_on``) with every labelled rule turned on, which is how each rule's
    precision is measured."""
    from xdocs.config import Config
    from xdocs.lint.runner import CheckOptions, run_check

    labels = load_labels()
    names = cards if cards is not None else sorted({lab.card for lab in labels})
    paths = [CORPUS / card for card in names]
    if all_on:
        rules = dict(config.data.get("rules") or {})
        rules.update({lab.rule: "on" for lab in labels})
        config = Config(root=config.root, path=config.path, data={**config.data, "rules": rules})
    result = run_check(paths, config, CheckOptions(no_cache=True, jobs=jobs))
    return [f.to_dict() for f in result.findings]


def measured_table(labels: list[Label], threshold: float) -> dict[str, tuple[float, int, bool]]:
    """Each labelled rule's (precision, findings judged, on by default).

    The precision is measured among the rule's labelled findings the current code
    still reports (after tuning). When it reports none of them, the figure before
    tuning stands: nothing shows the tuning made the rule trustworthy, so with at
    least :data:`MIN_JUDGED` findings judged it decides; with fewer the rule keeps
    running (too little evidence to turn a rule off).
    """
    out = {}
    for rule in sorted({lab.rule for lab in labels}):
        mine = [lab for lab in labels if lab.rule == rule]
        now = [lab for lab in mine if lab.reported]
        judged = now or mine
        p = round(sum(lab.verdict for lab in judged) / len(judged), 2)
        on = p >= threshold or (not now and len(mine) < MIN_JUDGED)
        out[rule] = (p, len(judged), on)
    return out


#: findings judged below which a rule no longer reported on its labels stays on
MIN_JUDGED = 3
