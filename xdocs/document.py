"""Document: a card file decoded once, with every position traceable to its source.

Every later stage (section detection, lint passes, the Vale engine, workflow
digests) reads the file through a :class:`Document`, so the file is decoded
and parsed exactly once and line numbers mean the same thing everywhere.

Decisions, and why:

* Bytes are decoded as UTF-8 (a BOM is dropped). Invalid bytes do not stop
  the read: they become U+FFFD and an ``input/encoding`` error finding that
  names the byte offset, so a writer sees every other problem too.
* ``\\n``, ``\\r\\n``, a bare ``\\r`` and the ``\\r\\r\\n`` that double
  conversions leave in real cards each end *one* line. ``text`` uses ``\\n``
  only; ``newline`` remembers the file's own ending so writers keep it.
* Front-matter is YAML between a first line ``---`` and the next ``---`` or
  ``...`` line, parsed lazily with ruamel.yaml in round-trip mode (comments,
  key order and quoting survive a write). Anchors/aliases that would expand
  past :data:`MAX_YAML_NODES` nodes are refused (the "billion laughs").
* The body is parsed once with markdown-it-py (CommonMark + tables +
  front-matter-free), and token line maps are shifted to file lines.
  ``#`` lines inside code blocks or front-matter are therefore never headings.
"""

from __future__ import annotations

import bisect
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from xdocs.findings import Finding, Severity
from xdocs.yamlpos import BlockYamlIndex

#: Expanded YAML node budget: a real 90 KB front-matter has ~20,000 nodes.
MAX_YAML_NODES = 2_000_000

_LINE_BREAK = re.compile(r"\r\r\n|\r\n|\r|\n")
_FM_OPEN = "---"
_FM_CLOSE = ("---", "...")
_TAG = re.compile(r"<[^>]*>")
_TOP_KEY = re.compile(r"""^(?:"([^"]+)"|'([^']+)'|([^\s#'"\-?:][^:#]*?))\s*:(?:\s|$)""")
_MD = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")


class ReadError(Exception):
    """A file that cannot be read at all (missing, a directory, unreadable), or that
    xdocs refuses to read (a symbolic link, a FIFO or device, a file over the size
    limit): ``rule`` and ``severity`` say how a linter reports it."""

    def __init__(
        self,
        path: str,
        message: str,
        rule: str = "input/unreadable",
        severity: Severity = Severity.ERROR,
    ) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.rule = rule
        self.severity = severity

    def finding(self) -> Finding:
        """This refusal as the one finding a linter reports for the file."""
        fix = {
            "input/symlink": "replace the link with the card itself, or remove it",
            "input/special-file": "remove it: a card is a regular file",
            "input/too-large": "split the card, or raise input.max_card_bytes",
        }.get(self.rule, "check the path")
        return Finding(self.path, 0, 0, self.rule, self.severity, self.message, fix=fix)


def read_error(shown: str, exc: OSError) -> ReadError:
    """An ``OSError`` from :func:`xdocs.fileio.read_regular_file` as a :class:`ReadError`."""
    from xdocs.fileio import UnsafeFile

    if isinstance(exc, UnsafeFile):
        severity = Severity.ERROR if exc.kind == "too-large" else Severity.WARNING
        return ReadError(shown, exc.message, exc.rule, severity)
    if isinstance(exc, FileNotFoundError):
        return ReadError(shown, "no such file: check the path")
    if isinstance(exc, IsADirectoryError):
        return ReadError(shown, "is a directory, expected a card file")
    return ReadError(shown, f"cannot read file: {exc.strerror or exc}")


@dataclass
class Heading:
    """A heading as a reader sees it: text without markup, level, file line."""

    text: str
    level: int
    line: int
    #: "atx", "setext", "html" (an <h2> in an HTML block) or "label"
    #: (a bold pseudo-heading such as ``**Out-of-scope:**`` on its own line).
    kind: str = "atx"
    #: raw source of the heading line(s), kept for faithful re-rendering.
    raw: str = ""


@dataclass
class Block:
    """A top-level Markdown block with its file line span (inclusive, 1-based)."""

    kind: str  # heading, paragraph, list, table, code, html, blockquote, hr
    start_line: int
    end_line: int
    heading: Heading | None = None


@dataclass
class Document:
    """A decoded card file. Build with :meth:`from_path` or :meth:`from_bytes`."""

    path: str
    text: str
    newline: str = "\n"
    had_bom: bool = False
    findings: list[Finding] = field(default_factory=list)
    raw_bytes: bytes = b""

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
        findings: list[Finding] = []
        had_bom = data.startswith(b"\xef\xbb\xbf")
        body = data[3:] if had_bom else data
        if b"\x00" in body[:8192]:
            findings.append(
                Finding(
                    path,
                    0,
                    0,
                    "input/binary",
                    Severity.ERROR,
                    "binary file (NUL bytes), not a text model card",
                    fix="submit the card as UTF-8 Markdown, JSON or YAML",
                )
            )
            return cls(path, "", "\n", had_bom, findings, data)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            offset = exc.start + (3 if had_bom else 0)
            text = body.decode("utf-8", errors="replace")
            line = body[: exc.start].count(b"\n") + 1
            findings.append(
                Finding(
                    path,
                    line,
                    1,
                    "input/encoding",
                    Severity.ERROR,
                    f"invalid UTF-8 at byte offset {offset} "
                    f"(byte 0x{body[exc.start]:02x}); invalid bytes were replaced",
                    fix="re-save the file as UTF-8",
                )
            )
        newline = _dominant_newline(text)
        text = _LINE_BREAK.sub("\n", text)
        return cls(path, text, newline, had_bom, findings, data)

    @classmethod
    def from_text(cls, text: str, path: str = "<memory>") -> Document:
        """Build from already-decoded text (tests, generated cards)."""
        return cls.from_bytes(text.encode("utf-8"), path)

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

    # -- front-matter -----------------------------------------------------------------
    @cached_property
    def _front_matter_span(self) -> tuple[int, int] | None:
        """(first, last) 1-based lines of the YAML between the fences, or None.

        ``last`` is the closing fence line. A file whose first line is ``---``
        but has no closing fence has no front-matter (it is a thematic break).
        """
        lines = self.lines
        if not lines or lines[0].rstrip() != _FM_OPEN:
            return None
        for i in range(1, len(lines)):
            if lines[i].rstrip() in _FM_CLOSE:
                return (2, i + 1)
        return None

    @property
    def has_front_matter(self) -> bool:
        return self._front_matter_span is not None

    @property
    def front_matter_text(self) -> str:
        """The YAML source between the fences ('' when there is none)."""
        span = self._front_matter_span
        if span is None:
            return ""
        return "\n".join(self.lines[span[0] - 1 : span[1] - 1]) + "\n"

    @property
    def front_matter_end_line(self) -> int:
        """Line of the closing fence (0 when there is no front-matter)."""
        span = self._front_matter_span
        return span[1] if span else 0

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
        if not self.has_front_matter:
            return None, None
        data, err = parse_yaml(self.front_matter_text, self.path, line_offset=1, fast=fast)
        if err is None and data is not None and not hasattr(data, "keys"):
            err = Finding(
                self.path,
                2,
                1,
                "metadata/yaml",
                Severity.ERROR,
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

    def key_line(self, *keys: str | int) -> int:
        """File line of a front-matter key path (``key_line("approvals", 2, "by")``).

        Falls back to the nearest ancestor that has a position, then to the
        front-matter's first line, so findings always point somewhere useful.
        """
        best = 2 if self.has_front_matter else 1
        if len(keys) == 1 and isinstance(keys[0], str):
            line = self._top_level_key_lines.get(keys[0])
            if line is not None:
                return line
        if self.has_front_matter and keys:
            found = self._yaml_index.line(keys)
            if found is not None:
                return found + 2
        node = self.front_matter
        for key in keys:
            lc = getattr(node, "lc", None)
            try:
                if lc is not None:
                    best = lc.item(key)[0] + 2 if isinstance(key, int) else lc.key(key)[0] + 2
                node = node[key]
            except (KeyError, IndexError, TypeError, AttributeError):
                break
        return best

    @cached_property
    def _yaml_index(self) -> BlockYamlIndex:
        return BlockYamlIndex(self.lines[1 : self.front_matter_end_line - 1])

    @cached_property
    def _top_level_key_lines(self) -> dict[str, int]:
        """Lines of top-level front-matter keys, found without a round-trip parse."""
        out: dict[str, int] = {}
        if not self.has_front_matter:
            return out
        start = 2
        for i, line in enumerate(self.lines[start - 1 : self.front_matter_end_line - 1]):
            m = _TOP_KEY.match(line)
            if m:
                key = m.group(1) or m.group(2) or m.group(3)
                out.setdefault(key, start + i)
        return out

    # -- markdown ---------------------------------------------------------------------
    @cached_property
    def tokens(self) -> list[Token]:
        """markdown-it tokens of the body, with ``map`` shifted to 0-based file lines."""
        if self.findings and any(f.rule == "input/binary" for f in self.findings):
            return []
        tokens = _MD.parse(self.body)
        shift = self.front_matter_end_line
        if shift:
            for tok in _walk(tokens):
                if tok.map:
                    tok.map = [tok.map[0] + shift, tok.map[1] + shift]
        return tokens

    @cached_property
    def blocks(self) -> list[Block]:
        """Top-level blocks (depth 0) with 1-based inclusive line spans."""
        out: list[Block] = []
        tokens = self.tokens
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok.level != 0 or tok.map is None or tok.nesting == -1:
                i += 1
                continue
            start, end = tok.map[0] + 1, tok.map[1]
            kind = _BLOCK_KINDS.get(tok.type, tok.type)
            heading = None
            if tok.type == "heading_open":
                heading = self._heading_from(tok, tokens[i + 1])
            out.append(Block(kind, start, max(start, end), heading))
            i += 1
        return out

    @cached_property
    def headings(self) -> list[Heading]:
        """Every real heading (ATX, setext, and ``<hN>`` in HTML blocks), in order."""
        out: list[Heading] = []
        tokens = self.tokens
        for i, tok in enumerate(tokens):
            if tok.type == "heading_open" and tok.map:
                out.append(self._heading_from(tok, tokens[i + 1]))
            elif tok.type == "html_block" and tok.map:
                out.extend(_html_headings(tok.content, tok.map[0] + 1))
        return out

    def _heading_from(self, tok: Token, inline: Token) -> Heading:
        line = tok.map[0] + 1 if tok.map else 0
        kind = "atx" if tok.markup.startswith("#") else "setext"
        raw_end = tok.map[1] if tok.map else line
        raw = "\n".join(self.lines[line - 1 : raw_end])
        return Heading(inline_text(inline), int(tok.tag[1]), line, kind, raw)

    def slice_lines(self, start: int, end: int) -> str:
        """Source text of lines ``start``..``end`` inclusive (1-based)."""
        return "\n".join(self.lines[start - 1 : end])

    # -- identity ---------------------------------------------------------------------
    @cached_property
    def sha256(self) -> str:
        """Digest of the decoded, newline-normalized text."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


_BLOCK_KINDS = {
    "heading_open": "heading",
    "paragraph_open": "paragraph",
    "bullet_list_open": "list",
    "ordered_list_open": "list",
    "table_open": "table",
    "fence": "code",
    "code_block": "code",
    "html_block": "html",
    "blockquote_open": "blockquote",
    "hr": "hr",
}


def _walk(tokens: list[Token]) -> Iterator[Token]:
    for tok in tokens:
        yield tok
        if tok.children:
            yield from _walk(tok.children)


def inline_text(inline: Token | None) -> str:
    """Plain text of an inline token: markup, HTML tags and images' syntax dropped."""
    if inline is None or not inline.children:
        return _clean_heading(inline.content if inline else "")
    parts: list[str] = []
    for child in inline.children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
        elif child.type == "html_inline":
            continue
    return _clean_heading("".join(parts))


def _clean_heading(text: str) -> str:
    text = _TAG.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.I | re.S)


def _html_headings(html: str, first_line: int) -> list[Heading]:
    """``<hN>`` headings of an HTML block that holds nothing but markup and headings.

    An HTML block runs to the next blank line, so text after ``</h2>`` on the
    following lines is raw HTML, not Markdown: treating the heading as a
    section would move that text out of its block and change its meaning.
    """
    matches = list(_HTML_HEADING.finditer(html))
    # text after the first heading (between headings too, not only after the last)
    rest = _HTML_HEADING.sub("", html[matches[0].start() :]) if matches else ""
    if _TAG.sub("", re.sub(r"<!--.*?-->", "", rest, flags=re.S)).strip():
        return []
    out = []
    for m in _HTML_HEADING.finditer(html):
        text = _clean_heading(m.group(2))
        if text:
            line = first_line + html.count("\n", 0, m.start())
            out.append(Heading(text, int(m.group(1)), line, "html", m.group(0)))
    return out


def _dominant_newline(text: str) -> str:
    crlf = text.count("\r\n")
    bare_lf = text.count("\n") - crlf
    bare_cr = text.count("\r") - crlf
    if crlf >= bare_lf and crlf >= bare_cr and crlf:
        return "\r\n"
    if bare_cr > bare_lf:
        return "\r"
    return "\n"


# -- YAML -------------------------------------------------------------------------------
def make_yaml() -> Any:
    """A ruamel.yaml round-trip instance configured to keep the user's formatting."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _fast_yaml() -> Any:
    """A safe loader backed by libyaml (ruamel.yaml.clib) when it is installed."""
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=False)


def parse_yaml(
    text: str, path: str, line_offset: int = 0, *, fast: bool = False
) -> tuple[Any, Finding | None]:
    """Parse YAML; return (data, None) or (None, finding).

    Round-trip by default (comments and formatting kept, for edits); ``fast``
    gives plain Python data for reading. ``line_offset`` is added to YAML's
    0-based line so the finding points at the file line (front-matter starts
    at file line 2, so pass 1).
    """
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = _fast_yaml() if fast else make_yaml()
    try:
        data = yaml.load(io.StringIO(text))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 1 + line_offset) if mark else line_offset + 1
        col = (mark.column + 1) if mark else 1
        problem = exc.problem or exc.context or "invalid YAML"
        return None, Finding(
            path,
            line,
            col,
            "metadata/yaml",
            Severity.ERROR,
            f"invalid YAML: {problem}",
            fix="fix the YAML syntax at this line (quote values that contain ': ' or '#')",
        )
    except (YAMLError, ValueError, TypeError, RecursionError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return None, Finding(
            path,
            line_offset + 1,
            1,
            "metadata/yaml",
            Severity.ERROR,
            f"invalid YAML: {first}",
            fix="fix the YAML syntax",
        )
    if _expanded_size(data) > MAX_YAML_NODES:
        return None, Finding(
            path,
            line_offset + 1,
            1,
            "metadata/yaml",
            Severity.ERROR,
            f"YAML aliases expand to more than {MAX_YAML_NODES:,} nodes (an alias bomb?)",
            fix="write the values out instead of nesting anchors and aliases",
        )
    return data, None


def _expanded_size(data: Any) -> int:
    """Nodes the data would have with every alias expanded, computed in linear time."""
    memo: dict[int, int] = {}
    on_stack: set[int] = set()

    def size(obj: Any) -> int:
        if isinstance(obj, dict):
            children: Any = list(obj.keys()) + list(obj.values())
        elif isinstance(obj, list):
            children = obj
        else:
            return 1
        key = id(obj)
        if key in memo:
            return memo[key]
        if key in on_stack:  # recursive alias: infinite when expanded
            return MAX_YAML_NODES + 1
        on_stack.add(key)
        total = 1
        for child in children:
            total += size(child)
            if total > MAX_YAML_NODES:
                break
        on_stack.discard(key)
        memo[key] = total
        return total

    try:
        return size(data)
    except RecursionError:
        return MAX_YAML_NODES + 1
