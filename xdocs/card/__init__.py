"""The canonical model card, its readers and exporters.

Public entry points: :func:`load_card` (a path → ModelCard), :func:`load_card_from_document`
and :func:`iter_card_files` (walk directories for card files).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from xdocs.card.model import Metric, ModelCard, Section, SectionStatus, Segment
from xdocs.document import Document, ReadError

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


def iter_card_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Card files under ``paths``, sorted, directories walked recursively.

    A path that is a file is yielded as given (whatever its suffix: the user
    named it). A missing path is yielded too, so the caller reports it.
    Hidden folders, virtualenvs and build output are skipped, as are files
    under a folder named ``artifacts`` (model files, predictions) unless named,
    and JSON/YAML files that are not model cards (:func:`looks_like_card`).
    """
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            yield path
            continue
        found: list[Path] = []
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(
                d for d in dirs if d not in SKIP_DIRS and not d.startswith(".") and d != "artifacts"
            )
            for name in files:
                if name.lower().endswith(CARD_SUFFIXES) and not name.startswith("."):
                    file = Path(root) / name
                    if name.lower().endswith((".md", ".markdown")) or looks_like_card(file):
                        found.append(file)
        yield from sorted(found)


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

    try:
        text = path.read_text(encoding="utf-8-sig")
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
    return sum(1 for k in keys if smap.match_key(k) or smap.match_heading(k)) >= 2
