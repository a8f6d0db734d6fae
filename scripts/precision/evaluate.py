"""Compare `xdocs check` with the hand-labelled findings of tests/lint/labels/.

    python scripts/precision/evaluate.py --run [--update]
    python scripts/precision/evaluate.py ALL_ON.json DEFAULT.json [--update]

``--run`` lints the labelled cards twice: once with every labelled rule turned on
(how each rule's precision is measured) and once with the default rules (which
true findings are still reported). Prints the precision per family and per rule
(labelled findings still reported, and how many of those were judged true), every
true finding whose spot the default run no longer reports, and the ``MEASURED``
table for xdocs/lint/precision.py. ``--update`` writes the ``reported`` field of
the labels from the all-on run (tests/lint/test_precision.py checks both).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from tests.lint.labelled import (  # noqa: E402
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("reports", nargs="*", help="ALL_ON.json DEFAULT.json")
    ap.add_argument("--run", action="store_true", help="lint the labelled cards now")
    ap.add_argument("--update", action="store_true")
    ap.add_argument("--save", help="folder to save the two reports in")
    args = ap.parse_args()
    if args.run:
        from xdocs.config import load_config

        config = load_config(root=REPO)
        all_on, default = run_labelled(config, True), run_labelled(config, False)
        if args.save:
            Path(args.save, "all_on.json").write_text(json.dumps(all_on), encoding="utf-8")
            Path(args.save, "default.json").write_text(json.dumps(default), encoding="utf-8")
    else:
        all_on, default = (json.loads(Path(p).read_text(encoding="utf-8")) for p in args.reports)
    labels = load_labels()
    found, found_default = index(all_on), index(default)
    for lab in labels:
        lab.reported = is_reported(lab, found)
    lost = [lab for lab in labels if lab.verdict and not spot_reported(lab, found_default)]
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
    print(f"\n== true findings whose spot the default rules no longer report: {len(lost)}")
    for lab in lost:
        print(f"  {lab.card}:{lab.line}:{lab.column} {lab.rule} {lab.text!r} ({lab.note})")
    from xdocs.lint.precision import THRESHOLD

    print("\n== MEASURED (for xdocs/lint/precision.py)")
    for rule, (p, n, on) in measured_table(labels, THRESHOLD).items():
        print(f'    "{rule}": Measured({p}, {n}, {on}),')
    if args.update:
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
        print("labels updated")


if __name__ == "__main__":
    main()
