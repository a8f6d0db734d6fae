"""Document: a card file decoded once, with every position traceable to its source.

Every later stage (section detection, lint passes, the Vale engine, workflow
digests) reads the file through a :class:`Document`, so the file is decoded
and parsed exactly once and line numbers mean the same thing everywhere.

The seams, one module each:

* :mod:`~xdocs.document.decode`: bytes → text (UTF-8, BOM, every line ending);
* :mod:`~xdocs.document.frontmatter`: where the front-matter is, exactly as
  the Hugging Face hub finds it (leading blank lines, a blank line before the
  closing fence, a BOM, ``\\r\\r\\n``);
* :mod:`~xdocs.document.yamlload`: YAML parsed round-trip (for edits) or
  fast (for reading), alias bombs refused;
* :mod:`~xdocs.document.markdown`: markdown-it tokens of the body with file
  line maps, blocks and headings;
* :mod:`xdocs.positions`: the line of any front-matter key path.

Derived views that other layers compute from a document (prose units,
sections, suppression regions, …) are cached on it by name with
:meth:`Document.view`, so each is built once however many passes ask.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from markdown_it.token import Token

from xdocs.document import markdown as _markdown
from xdocs.document.decode import ReadError, decode, read_error
from xdocs.document.frontmatter import FrontMatterSpan, find_front_matter, near_miss
from xdocs.document.markdown import Block, Heading, inline_text
from xdocs.document.rules import R
from xdocs.document.yamlload import MAX_YAML_NODES, make_yaml, parse_yaml
from xdocs.findings import Finding
from xdocs.positions import JsonPositions, KeyPositions, YamlPositions

__all__ = [
    "MAX_YAML_NODES",
    "Block",
    "Document",
    "Heading",
    "ReadError",
    "inline_text",
    "make_yaml",
    "parse_yaml",
    "read_error",
]

T = TypeVar("T")


@dataclass
class Document:
    """A decoded card file. Build with :meth:`from_path` or :meth:`from_bytes`."""

    path: str
    text: str
    newline: str = "\n"
    had_bom: bool = False
    findings: list[Finding] = field(default_factory=list)
    raw_bytes: bytes = b""
    _views: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    # -- construction -----------------------------------------------------------------
    @classmethod
    def from_path(cls, path: str | Path, display_path: str | None = None) -> Document:
        """Read a file; raise :class:`ReadError` with a one-line reason if impossible.

        Only a regular file is read, and at most the size limit
        (:func:`xdocs.fileio.read_regular_file`): a symbolic link, a FIFO, a device
        or a file over ``input.max_card_bytes`` is refused, never opened or followed.
        """
        from xdocs.fileio import read_regular_file

        shown = display_path or str(path)
        try:
            data = read_regular_file(path)
        except OSError as exc:
            raise read_error(shown, exc) from None
        return cls.from_bytes(data, shown)

    @classmethod
    def from_bytes(cls, data: bytes, path: str = "<memory>") -> Document:
        """Decode bytes. Never raises on content: problems become findings."""
        d = decode(data, path)
        return cls(path, d.text, d.newline, d.had_bom, d.findings, data)

    @classmethod
    def from_text(cls, text: str, path: str = "<memory>") -> Document:
        """Build from already-decoded text (tests, generated cards)."""
        return cls.from_bytes(text.encode("utf-8"), path)

    # -- derived views ----------------------------------------------------------------
    def view(self, name: str, build: Callable[[Document], T]) -> T:
        """The derived view ``name``, built by ``build(self)`` the first time it is asked.

        Views are what other layers compute from the document (prose units,
        sections, masked text…). Name them by their module (``"lint.prose-units"``)
        so two layers never share a name by accident.
        """
        try:
            return self._views[name]  # type: ignore[no-any-return]
        except KeyError:
            value = self._views[name] = build(self)
            return value

    # -- lines and positions ----------------------------------------------------------
    @cached_property
    def lines(self) -> list[str]:
        """The file's lines without line endings (index 0 is line 1)."""
        return self.text.split("\n")

    @property
    def line_count(self) -> int:
        """Number of lines a reader would count (no phantom line after a final newline)."""
        n = len(self.lines)
        return n - 1 if self.text.endswith("\n") else n

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        starts.extend(m.end() for m in re.finditer("\n", self.text))
        return starts

    def position(self, offset: int) -> tuple[int, int]:
        """Character offset in :attr:`text` → (line, column), both 1-based."""
        offset = max(0, min(offset, len(self.text)))
        idx = bisect.bisect_right(self._line_starts, offset) - 1
        return idx + 1, offset - self._line_starts[idx] + 1

    def offset(self, line: int, column: int = 1) -> int:
        """(line, column) → character offset in :attr:`text`."""
        line = max(1, min(line, len(self._line_starts)))
        return self._line_starts[line - 1] + column - 1

    def line_text(self, line: int) -> str:
        """Text of one 1-based line ('' when out of range)."""
        return self.lines[line - 1] if 1 <= line <= len(self.lines) else ""

    def slice_lines(self, start: int, end: int) -> str:
        """Source text of lines ``start``..``end`` inclusive (1-based)."""
        return "\n".join(self.lines[start - 1 : end])

    # -- front-matter -----------------------------------------------------------------
    @cached_property
    def front_matter_span(self) -> FrontMatterSpan | None:
        """Where the front-matter block is (None when the file has none)."""
        if any(f.rule == "input/binary" for f in self.findings):
            return None
        return find_front_matter(self.lines)

    @property
    def has_front_matter(self) -> bool:
        return self.front_matter_span is not None

    @property
    def front_matter_start_line(self) -> int:
        """File line of the first YAML line (0 when there is no front-matter)."""
        span = self.front_matter_span
        return span.first_yaml_line if span else 0

    @property
    def front_matter_end_line(self) -> int:
        """Line of the closing fence (0 when there is no front-matter)."""
        span = self.front_matter_span
        return span.close_line if span else 0

    @property
    def front_matter_lines(self) -> list[str]:
        """The YAML lines between the fences ([] when there is none)."""
        span = self.front_matter_span
        return self.lines[span.open_line : span.close_line - 1] if span else []

    @property
    def front_matter_text(self) -> str:
        """The YAML source between the fences ('' when there is none)."""
        return "\n".join(self.front_matter_lines) + "\n" if self.has_front_matter else ""

    @cached_property
    def front_matter_near_miss(self) -> Finding | None:
        """A warning when the file starts with a block the hub does not read as metadata."""
        if self.has_front_matter:
            return None
        miss = near_miss(self.lines)
        if miss is None:
            return None
        line, reason = miss
        return R["metadata/front-matter-not-read"].finding(
            self.path,
            line,
            1,
            f"this looks like front-matter, but it is not read as metadata: {reason}",
            fix="open and close the block with a line that is exactly `---`",
        )

    @property
    def body_start_line(self) -> int:
        """First file line of the Markdown body."""
        return self.front_matter_end_line + 1

    @property
    def body(self) -> str:
        """The Markdown after the front-matter."""
        if not self.has_front_matter:
            return self.text
        return "\n".join(self.lines[self.front_matter_end_line :])

    @cached_property
    def _front_matter(self) -> tuple[Any, Finding | None]:
        return self._parse_front_matter(fast=False)

    @cached_property
    def _front_matter_fast(self) -> tuple[Any, Finding | None]:
        return self._parse_front_matter(fast=True)

    def _parse_front_matter(self, fast: bool) -> tuple[Any, Finding | None]:
        span = self.front_matter_span
        if span is None:
            return None, None
        data, err = parse_yaml(self.front_matter_text, self.path, span.open_line, fast=fast)
        if err is None and data is not None and not hasattr(data, "keys"):
            err = R["metadata/yaml"].finding(
                self.path,
                span.first_yaml_line,
                1,
                f"front-matter must be a YAML mapping (key: value), got {type(data).__name__}",
                fix="write the front-matter as `key: value` lines",
            )
            data = None
        return data, err

    @property
    def front_matter(self) -> Any:
        """The front-matter parsed round-trip (a ruamel CommentedMap), or None.

        Use this to *edit* the front-matter (comments, order and quoting are
        kept); readers use :attr:`front_matter_data`, which is ~6x faster.
        """
        return self._front_matter[0]

    @property
    def front_matter_data(self) -> Any:
        """The front-matter as plain Python data (libyaml-backed safe load), or None."""
        return self._front_matter_fast[0]

    @property
    def front_matter_error(self) -> Finding | None:
        """The YAML problem that stopped front-matter parsing, if any."""
        return self._front_matter_fast[1]

    @cached_property
    def positions(self) -> KeyPositions:
        """Lines of key paths in the card's data: its front-matter, or the whole
        file for a JSON or YAML card."""
        if self.has_front_matter:
            return YamlPositions(
                self.front_matter_lines, self.front_matter_start_line, lambda: self.front_matter
            )
        if self.text.lstrip().startswith(("{", "[")):
            return JsonPositions(self.text)
        return YamlPositions(self.lines, 1, self._whole_file_yaml)

    def _whole_file_yaml(self) -> Any:
        return self.view("document.yaml-roundtrip", lambda d: parse_yaml(d.text, d.path)[0])

    def key_line(self, *keys: str | int) -> int:
        """File line of a front-matter key path (``key_line("approvals", 2, "by")``).

        Falls back to the nearest ancestor that has a position, then to the
        front-matter's first line, so findings always point somewhere useful.
        Without front-matter it is line 1.
        """
        if not self.has_front_matter:
            return 1
        return self.positions.nearest(tuple(keys))

    # -- markdown ---------------------------------------------------------------------
    @cached_property
    def tokens(self) -> list[Token]:
        """markdown-it tokens of the body, with ``map`` shifted to 0-based file lines."""
        if any(f.rule == "input/binary" for f in self.findings):
            return []
        return _markdown.parse(self.body, self.front_matter_end_line, self._markdown_env)

    @cached_property
    def _markdown_env(self) -> dict[str, Any]:
        return {}

    @property
    def markdown_env(self) -> dict[str, Any]:
        """markdown-it's environment of the body's one parse: the link reference
        definitions (``references``) that resolve reference links anywhere in the body.
        Renderers of the tokens need it; do not change it."""
        _ = self.tokens  # the parse fills it
        return self._markdown_env

    @cached_property
    def blocks(self) -> list[Block]:
        """Top-level blocks (depth 0) with 1-based inclusive line spans."""
        return _markdown.blocks(self.tokens, self.lines)

    @cached_property
    def headings(self) -> list[Heading]:
        """Every real heading (ATX, setext, and ``<hN>`` in HTML blocks), in order."""
        return _markdown.headings(self.tokens, self.lines)

    # -- identity ---------------------------------------------------------------------
    @cached_property
    def sha256(self) -> str:
        """Digest of the decoded, newline-normalized text."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()
