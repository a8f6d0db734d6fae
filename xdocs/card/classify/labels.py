"""Hand labels of real cards (``tests/card/labels/*.yml``): read and checked.

Each file judges one card of ``../shared/corpus`` section by section (see
``tests/card/labels/README.md``). They are the classifier's training and
evaluation data, and the agreement tests' ground truth.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from xdocs.config import package_root

LABEL_DIR = package_root() / "tests" / "card" / "labels"
#: the sections labelled on every card: the overview and the eight the intake requires
LABELLED_IDS = (
    "overview",
    "intended_use",
    "out_of_scope",
    "limitations",
    "ethical_considerations",
    "training_data",
    "evaluation",
    "deployment",
    "license",
)
STATUSES = ("present", "placeholder", "empty", "absent")
SPLITS = ("train", "heldout")


class LabelError(ValueError):
    """A label file that does not follow the format."""


@dataclass(frozen=True)
class SectionLabel:
    status: str
    lines: frozenset[int] = frozenset()
    why: str = ""


@dataclass(frozen=True)
class CardLabel:
    path: Path  # the label file
    card: str  # relative to the corpus folder: "cards/01_whisper.md"
    split: str
    sections: dict[str, SectionLabel] = field(default_factory=dict)

    def card_path(self, corpus: Path) -> Path:
        return corpus / self.card


def _lines(value: object, where: str) -> frozenset[int]:
    out: set[int] = set()
    for item in value or []:  # type: ignore[union-attr]
        text = str(item).strip()
        m = re.fullmatch(r"(\d+)(?:\s*-\s*(\d+))?", text)
        if not m:
            raise LabelError(f"{where}: bad line {text!r} (write 12 or 12-30)")
        lo = int(m.group(1))
        hi = int(m.group(2) or lo)
        if hi < lo or hi - lo > 100_000:
            raise LabelError(f"{where}: bad range {text!r}")
        out.update(range(lo, hi + 1))
    return frozenset(out)


def read_label(path: Path) -> CardLabel:
    """One label file, checked: every labelled id, known statuses, lines for present."""
    from xdocs.document import parse_yaml

    data, err = parse_yaml(path.read_text(encoding="utf-8"), str(path))
    if err is not None:
        raise LabelError(f"{path}:{err.line}: {err.message}")
    if not isinstance(data, dict) or not isinstance(data.get("sections"), dict):
        raise LabelError(f"{path}: expected card, split and sections")
    split = str(data.get("split", ""))
    if split not in SPLITS:
        raise LabelError(f"{path}: split must be one of {SPLITS}")
    sections: dict[str, SectionLabel] = {}
    for sid in LABELLED_IDS:
        raw = data["sections"].get(sid)
        if not isinstance(raw, dict) or raw.get("status") not in STATUSES:
            raise LabelError(f"{path}: {sid}: needs a status, one of {STATUSES}")
        lines = _lines(raw.get("lines"), f"{path}: {sid}")
        if raw["status"] == "present" and not lines:
            raise LabelError(f"{path}: {sid}: a present section needs the lines that say it")
        sections[sid] = SectionLabel(str(raw["status"]), lines, str(raw.get("why") or ""))
    extra = set(data["sections"]) - set(LABELLED_IDS)
    if extra:
        raise LabelError(f"{path}: unknown section ids {sorted(extra)}")
    return CardLabel(path, str(data.get("card", "")), split, sections)


def read_labels(folder: Path | None = None, split: str | None = None) -> list[CardLabel]:
    """Every label file in ``folder`` (sorted), optionally one split only."""
    folder = folder or LABEL_DIR
    labels = [read_label(p) for p in sorted(folder.glob("*.yml"))]
    return [lab for lab in labels if split is None or lab.split == split]
