"""The canonical model card, its readers and exporters.

Public entry points: :func:`load_card` (a path → ModelCard), :func:`load_card_from_document`
and :func:`iter_card_files` (walk directories for card files).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from xdocs.card.model import Metric, ModelCard, Section, SectionStatus, Segment
from xdocs.document import Document, ReadError
from xdocs.document.rules import R
from xdocs.fileio import special_message, symlink_message
from xdocs.findings import Finding, Severity

CARD_SUFFIXES = (".md", ".markdown", ".json", ".yaml", ".yml")
#: folders never walked for cards (virtualenvs, caches, build output, VCS).
SKIP_DIRS = {".git", ".venv", "venv", "node_modules", "__pycache__", "site", ".xdocs-cache"}

__all__ = [
    "Metric",
    "ModelCard",
    "ReadError",
    "Section",
    "SectionStatus",
    "Segment",
    "SkippedPath",
    "iter_card_files",
    "load_card",
    "load_card_from_document",
]


def load_card(path: str | Path, display_path: str | None = None) -> ModelCard:
    """Read and understand one card. Raises :class:`ReadError` only when the
    path is missing, a directory or unreadable; everything else is a finding."""
    return load_card_from_document(Document.from_path(path, display_path))


def load_card_from_document(doc: Document) -> ModelCard:
    """Understand an already-decoded document."""
    from xdocs.card.readers import read_document

    return read_document(doc)


@dataclass(frozen=True)
class SkippedPath:
    """A path card discovery did not yield, and why (a link, a FIFO, a device)."""

    path: Path
    #: the lint rule that reports it: ``input/symlink`` or ``input/special-file``.
    rule: str
    message: str

    def finding(self, display: str | None = None) -> Finding:
        fix = (
            "replace the link with the card itself, or remove it"
            if self.rule == "input/symlink"
            else "remove it: a card is a regular file"
        )
        shown = display or str(self.path)
        return R[self.rule].finding(shown, 0, 0, self.message, severity=Severity.WARNING, fix=fix)


def iter_card_files(
    paths: Iterable[str | Path], skipped: list[SkippedPath] | None = None
) -> Iterator[Path]:
    """Card files under ``paths``, sorted, directories walked recursively.

    A path that is a regular file is yielded as given (whatever its suffix: the
    user named it). A missing path is yielded too, so the caller reports it.
    Hidden folders, virtualenvs and build output are skipped, as are files
    under a folder named ``artifacts`` (model files, predictions) unless named,
    and JSON/YAML files that are not model cards (:func:`looks_like_card`).

    Only regular files inside the given paths are yielded. A symbolic link
    (named or met in a walk, to a file or a folder) is not followed unless
    ``input.follow_symlinks`` allows it and its target stays inside the project;
    a FIFO, socket or device is never yielded. Each is appended to ``skipped``
    when a list is given, else logged as one warning naming it (and the link's
    target), so a caller that cannot report findings still says what it skipped.
    """
    report = skipped.append if skipped is not None else _log_skipped
    for raw in paths:
        path = Path(raw)
        refused = _refusal(path)
        if refused is not None:
            report(refused)
            continue
        if not path.is_dir() or path.is_symlink():
            yield path
            continue
        found: list[Path] = []
        for root, dirs, files in os.walk(path):
            kept = []
            for d in sorted(dirs):
                if d in SKIP_DIRS or d.startswith(".") or d == "artifacts":
                    continue
                if os.path.islink(os.path.join(root, d)):  # never walked: loops, escapes
                    report(
                        SkippedPath(
                            Path(root) / d,
                            "input/symlink",
                            symlink_message(Path(root) / d).replace(
                                "; not followed", "; folder not walked"
                            ),
                        )
                    )
                    continue
                kept.append(d)
            dirs[:] = kept
            for name in files:
                if name.lower().endswith(CARD_SUFFIXES) and not name.startswith("."):
                    file = Path(root) / name
                    refused = _refusal(file)
                    if refused is not None:
                        report(refused)
                    elif name.lower().endswith((".md", ".markdown")) or looks_like_card(file):
                        found.append(file)
        yield from sorted(found)


def _refusal(path: Path) -> SkippedPath | None:
    """Why ``path`` is not a file discovery may yield (None: a regular file, a folder,
    a link the read policy follows, or missing: the reader reports that)."""
    from xdocs.fileio import file_kind, followable_link

    try:
        kind = file_kind(os.lstat(path))
    except OSError:
        return None
    if kind == "symlink":
        target = followable_link(path)
        if target is None:
            return SkippedPath(path, "input/symlink", symlink_message(path))
        try:
            kind = file_kind(os.lstat(target))
        except OSError:
            return None
        if kind == "directory":
            return SkippedPath(
                path, "input/symlink", symlink_message(path).replace("; not followed",
                "; folder not walked")
            )  # fmt: skip
    if kind in ("regular", "directory", "symlink"):
        return None
    return SkippedPath(path, "input/special-file", special_message(kind))


def _log_skipped(item: SkippedPath) -> None:
    logging.getLogger("xdocs").warning("xdocs: warning: %s: %s", item.path, item.message)


def looks_like_card(path: Path) -> bool:
    """For JSON/YAML files met while walking a folder: is this a model card?

    Folders such as ``styleguide/`` hold YAML data files (sections.yml,
    checklist.yml) next to pages; a walk must not report them as broken
    cards. A file named explicitly is always checked. A file that cannot be
    parsed counts as a card, so its error is reported rather than hidden.
    """
    from xdocs.card.canonical import section_map
    from xdocs.card.readers import HOUSE_KEYS, MCT_KEYS, SAGEMAKER_KEYS
    from xdocs.card.readers.structured import parse_json
    from xdocs.document import parse_yaml
    from xdocs.fileio import read_regular_file

    try:
        text = read_regular_file(path).decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return True
    if path.suffix.lower() == ".json":
        data, err, _ = parse_json(text)
        if err is not None:
            return True
        return isinstance(data, dict) and bool((MCT_KEYS | SAGEMAKER_KEYS) & data.keys())
    data, err = parse_yaml(text, str(path), fast=True)
    if err is not None:
        return True
    if not isinstance(data, dict):
        return False
    keys = {str(k) for k in data}
    if HOUSE_KEYS & keys:
        return True
    smap = section_map()
    # a key holding "/" is a path or a rule id (``terminology/OpenSourceNoun`` in
    # styleguide/rule-examples.yml), never a section: its first part must not pass for
    # a heading ("terminology" is a glossary's)
    sections = [k for k in keys if "/" not in k and (smap.match_key(k) or smap.match_heading(k))]
    return len(sections) >= 2
