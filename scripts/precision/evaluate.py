"""Compare `xdocs check` with the hand-labelled findings of tests/lint/labels/.

    python scripts/precision/evaluate.py --run [--update] [--save DIR]
    python scripts/precision/evaluate.py ALL_ON.json DEFAULT.json

``--run`` lints the labelled cards of ../shared/corpus/hf-sample twice: once with
every labelled rule turned on (how each rule's precision is measured), and once
as `xdocs check` runs by default (which true findings are still reported). It
prints the precision per family and per rule (labelled findings still reported,
and how many of those were judged true), every true finding whose spot the
default run no longer reports, and the ``MEASURED`` table.

``--update`` writes the ``reported`` field of the labels from the all-on run and
the ``MEASURED`` table into xdocs/lint/precision.py *before* the default run, so
the default run uses the new table (tests/lint/test_precision.py checks that the
table, the labels and a real run agree).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.lint.labelled import (  # noqa: E402
    CORPUS,
    LABELS,
    dump_labels,
    index,
    is_reported,
    load_labels,
    measured_table,
    precision,
    run_labelled,
    spot_reported,
)

PRECISION_PY = REPO / "xdocs" / "lint" / "precision.py"
BLOCK = re.compile(r"(# --- MEASURED: generated[^\n]*\n)(.*?)(# --- end of MEASURED ---)", re.S)


def default_run(labels: list) -> list[dict]:
    """`xdocs check --format json` over the labelled cards, in a fresh process (so the
    MEASURED table just written is the one used)."""
    cards = [str(CORPUS / card) for card in sorted({lab.card for lab in labels})]
    out = subprocess.run(
        [sys.executable, "-m", "xdocs", "check", "--no-cache", "--format", "json", "-j", "2",
         *cards],
        cwd=REPO, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if out.returncode not in (0, 1):
        sys.exit(f"xdocs check failed ({out.returncode}): {out.stderr[-2000:]}")
    return json.loads(out.stdout)


def write_measured(table: dict[str, tuple[float, int, bool]]) -> None:
    rows = "".join(f'    "{r}": Measured({p}, {n}, {on}),\n' for r, (p, n, on) in table.items())
    body = "MEASURED: dict[str, Measured] = {\n" + rows + "}\n"
    text = PRECISION_PY.read_text(encoding="utf-8")
    new, count = BLOCK.subn(lambda m: m.group(1) + body + m.group(3), text)
    if count != 1:
        sys.exit(f"{PRECISION_PY}: the MEASURED markers are missing")
    PRECISION_PY.write_text(new, encoding="utf-8")


def write_labels(labels: list) -> None:
    by_sample: dict[str, list] = {}
    for lab in labels:
        by_sample.setdefault(lab.sample, []).append(lab)
    for sample, labs in by_sample.items():
        path = LABELS / f"{sample}.yml"
        header = "".join(
            line + "\n" for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith("#")
        )  # fmt: skip
        dump_labels(labs, path, header)


def print_precision(labels: list) -> None:
    for key in ("family", "rule"):
        print(f"\n== precision by {key} (true / still reported with the rule on; judged in all)")
        judged: dict[str, int] = {}
        for lab in labels:
            k = lab.rule if key == "rule" else lab.family
            judged[k] = judged.get(k, 0) + 1
        table = precision(labels, key)
        for k in sorted(judged):
            t, n = table.get(k, (0, 0))
            p = f"{t / n:.2f}" if n else "  - "
            print(f"{k:55} {p}  {t:3}/{n:<3}  of {judged[k]}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("reports", nargs="*", help="ALL_ON.json DEFAULT.json")
    ap.add_argument("--run", action="store_true", help="lint the labelled cards now")
    ap.add_argument("--update", action="store_true", help="write labels and MEASURED")
    ap.add_argument("--save", help="folder to save the two reports in")
    args = ap.parse_args()
    from xdocs.lint.precision import THRESHOLD

    labels = load_labels()
    if args.run:
        from xdocs.config import load_config

        all_on = run_labelled(load_config(root=REPO), True)
    else:
        all_on = json.loads(Path(args.reports[0]).read_text(encoding="utf-8"))
    found = index(all_on)
    for lab in labels:
        lab.reported = is_reported(lab, found)
    table = measured_table(labels, THRESHOLD)
    if args.update:
        write_labels(labels)
        write_measured(table)
        print("labels and MEASURED updated")
    print_precision(labels)
    print("\n== MEASURED (precision, judged, on by default)")
    for rule, (p, n, on) in table.items():
        print(f"    {rule:55} {p:.2f} {n:3} {'on' if on else 'OFF'}")
    if args.run:
        default = default_run(labels)
    else:
        default = json.loads(Path(args.reports[1]).read_text(encoding="utf-8"))
    if args.save:
        Path(args.save, "all_on.json").write_text(json.dumps(all_on), encoding="utf-8")
        Path(args.save, "default.json").write_text(json.dumps(default), encoding="utf-8")
    found_default = index(default)
    print("\n== precision by family as `xdocs check` runs by default (before tuning: main)")
    for fam in sorted({lab.family for lab in labels}):
        mine = [lab for lab in labels if lab.family == fam]
        now = [lab for lab in mine if is_reported(lab, found_default)]
        t0, t1 = sum(lab.verdict for lab in mine), sum(lab.verdict for lab in now)
        p1 = f"{t1 / len(now):.2f}" if now else "-"
        before = f"{t0 / len(mine):.2f} ({t0}/{len(mine)})"
        print(f"{fam:20} before {before}   now {p1} ({t1}/{len(now)})")
    lost = [lab for lab in labels if lab.verdict and not spot_reported(lab, found_default)]
    kept = sum(1 for lab in labels if lab.verdict) - len(lost)
    print(f"\n== true findings still reported by default: {kept} of {kept + len(lost)}")
    for lab in lost:
        print(f"  lost {lab.card}:{lab.line}:{lab.column} {lab.rule} {lab.text!r} ({lab.note})")


if __name__ == "__main__":
    main()
