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
    under a folder named ``artifacts`` (model files, predictions) unless named.
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
                    found.append(Path(root) / name)
        yield from sorted(found)
