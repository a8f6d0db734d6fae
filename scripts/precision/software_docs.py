"""Gather Markdown nobody here wrote, to measure a rule out of the corpus it was tuned on.

The real model cards of ../shared/corpus are where xdocs' rules were judged and tuned;
a rule designed after reading them needs text it has never seen. Every machine that
runs xdocs has some: the long descriptions of the installed Python packages (their
READMEs) and the Markdown under ``/usr/share/doc``. This script copies them into one
folder (files of at most :data:`MAX_BYTES`: the huge changelogs are lists of commit
titles), and with ``--rule`` lists one rule's findings from a report with the line
around each, for judging by hand::

    python scripts/precision/software_docs.py gather /tmp/software-docs
    xdocs check --no-cache --format json --output /tmp/software-docs.json /tmp/software-docs
    python scripts/precision/software_docs.py show /tmp/software-docs.json \\
        grammar/spelling/NotAWord

docs/lint.md records what was judged (the set depends on what the machine has
installed, so it is described there, not kept as labels).
"""

from __future__ import annotations

import gzip
import importlib.metadata
import json
import re
import sys
from pathlib import Path

MAX_BYTES = 200_000
MIN_BYTES = 500
DOC_ROOT = Path("/usr/share/doc")


def _save(folder: Path, name: str, text: str) -> bool:
    if not MIN_BYTES <= len(text.encode("utf-8", "replace")) <= MAX_BYTES:
        return False
    (folder / (re.sub(r"[^\w.-]", "_", name) + ".md")).write_text(text, encoding="utf-8")
    return True


def gather(folder: Path) -> int:
    """Copy package READMEs and system Markdown docs into ``folder``; return how many."""
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for dist in importlib.metadata.distributions():
        meta = dist.metadata
        kind = (meta.get("Description-Content-Type") or "").lower()
        body = meta.get_payload() or meta.get("Description") or ""
        if "markdown" in kind and isinstance(body, str):
            count += _save(folder, f"pypi__{meta['Name']}", body)
    if DOC_ROOT.is_dir():
        for path in sorted(DOC_ROOT.rglob("*.md*")):
            if path.is_symlink() or not path.is_file() or path.suffix not in (".md", ".gz"):
                continue
            if path.suffix == ".gz" and not path.name.endswith(".md.gz"):
                continue
            if path.stat().st_size > MAX_BYTES:
                continue
            raw = path.read_bytes()
            if path.suffix == ".gz":
                try:
                    raw = gzip.decompress(raw)[: MAX_BYTES + 1]
                except (OSError, EOFError):
                    continue
            name = "__".join(path.relative_to(DOC_ROOT).parts).removesuffix(".gz")
            count += _save(folder, name.removesuffix(".md"), raw.decode("utf-8", "replace"))
    return count


def show(report: Path, rule: str) -> None:
    """Print each finding of ``rule`` with the text around it."""
    findings = [f for f in json.loads(report.read_text(encoding="utf-8")) if f["rule"] == rule]
    for f in findings:
        lines = Path(f["path"]).read_text(encoding="utf-8", errors="replace").split("\n")
        line = lines[f["line"] - 1] if f["line"] <= len(lines) else ""
        col = f["column"] - 1
        around = line[max(0, col - 60) : col + 50]
        print(f"{Path(f['path']).name}:{f['line']}:{f['column']} {f['message']}\n    {around}")
    print(f"{len(findings)} findings of {rule}")


def main(argv: list[str]) -> None:
    if len(argv) == 2 and argv[0] == "gather":
        print(f"{gather(Path(argv[1]))} files in {argv[1]}")
    elif len(argv) == 3 and argv[0] == "show":
        show(Path(argv[1]), argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
