"""From a file's text to linted blocks, one reader per format (Vale's ``lint*`` functions).

Markdown is rendered to HTML, AsciiDoc and reStructuredText are converted
(``convert.py``), HTML is used as is; all of them are then walked the same
way (``html.py``) with the source, masked as Vale masks it, as the context
that places each block on its lines. Plain text is one prose block, cut into
paragraphs and sentences when a rule asks for them.

:class:`FormatReaders` is mixed into :class:`~xdocs.vale.engine.Linter`,
which provides ``_lint_block`` (run the rules on one block).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import regex

from xdocs.vale import nlp
from xdocs.vale.formats import convert, html, markdown
from xdocs.vale.formats.ignores import apply_ignores
from xdocs.vale.formats.walker import Walker
from xdocs.vale.locate import rebase, resolve_offset
from xdocs.vale.regexes import compile_vale
from xdocs.vale.state import FileState

if TYPE_CHECKING:
    from xdocs.vale.config import Config

Runs = list[tuple[int, int, int]]
METADATA = re.compile(
    r"\A(---|\+\+\+|;;;)[ \t]*\n(.*?\n)?(---|\.\.\.|\+\+\+|;;;)[ \t]*(\n|\Z)", re.S
)
_YAML_KEY = re.compile(r"^([A-Za-z_][\w-]*):[ \t]*(.*?)\s*$")
_TOML_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*=[ \t]*(.*?)\s*$")
_JSON_KEY = re.compile(r'^[ \t]*"([^"\\]+)"[ \t]*:[ \t]*(".*?")[ \t]*,?[ \t]*$')
_BLOCK_SCALAR = ("|", ">", "|-", ">-", "|+", ">+")


def front_matter_strings(fm: re.Match[str]) -> list[tuple[str, str, int, bool]]:
    """(key, value, offset of the value in the file, folded?) for top-level strings.

    A folded value (a YAML block scalar) has no single offset: its lines are
    joined and located by search.
    """
    out: list[tuple[str, str, int, bool]] = []
    lines = (fm.group(2) or "").split("\n")
    kind = fm.group(1)
    at_line = fm.start(2) if fm.group(2) else fm.end()
    i = 0
    while i < len(lines):
        line, start = lines[i], at_line
        at_line += len(line) + 1
        i += 1
        if kind == "+++" and line.startswith("["):
            break  # a TOML table: what follows is not top level
        rx = {"---": _YAML_KEY, "+++": _TOML_KEY, ";;;": _JSON_KEY}[kind]
        m = rx.match(line)
        if not m:
            continue
        key, value = m.group(1), m.group(2)
        if kind == "---" and value in _BLOCK_SCALAR:
            body = []
            while i < len(lines) and (lines[i].startswith((" ", "\t")) or not lines[i].strip()):
                body.append(lines[i].strip())
                at_line += len(lines[i]) + 1
                i += 1
            text = "\n".join(b for b in body if b)
            if text:
                out.append((key, text, -1, True))
            continue
        quoted = len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'"
        if quoted:
            value = value[1:-1]
        elif kind != "---":
            continue  # TOML and JSON strings are always quoted
        if not value or value[0] in "[{|>&*!#":
            continue
        out.append((key, value, start + line.find(value, m.start(2)), False))
    return out


class FormatReaders:
    """The per-format half of the linter: builds blocks and hands them to ``_lint_block``."""

    cfg: Config
    need_paragraph: bool
    need_sentence: bool
    _ignores: dict[tuple[tuple[str, ...], tuple[str, ...]], tuple[list, list]]

    def _lint_block(
        self, state: FileState, text: str, ctx: str, scope: str, line: int, nlines: int,
        lookup: bool, offset: int, runs: Runs,
    ) -> None:  # fmt: skip
        raise NotImplementedError  # pragma: no cover - provided by Linter

    def _patterns(self, path: str) -> tuple[list[regex.Pattern[str]], list[regex.Pattern[str]]]:
        """The compiled ``BlockIgnores`` and ``TokenIgnores`` for a file."""
        blocks, tokens = self.cfg.patterns_for(path)
        key = (tuple(blocks), tuple(tokens))
        if key not in self._ignores:
            self._ignores[key] = (
                [compile_vale(b) for b in blocks],
                [compile_vale(t) for t in tokens],
            )
        return self._ignores[key]

    # -- formats ----------------------------------------------------------------------
    def _read_markdown(self, state: FileState, ext: str) -> None:
        content = state.content
        body = content
        fm = markdown.FRONT_MATTER.match(content)
        if fm:
            body = "\n" * content.count("\n", 0, fm.end()) + content[fm.end() :]
        body = markdown.MATH.sub(lambda m: "\n" * m.group(0).count("\n"), body)
        blocks, tokens = self._patterns(state.path)
        for rx in blocks:
            body = rx.sub(lambda m: "\n```\n" + m.group(0) + "\n```\n", body)
        for rx in tokens:
            body = rx.sub(lambda m: "`" + m.group(0) + "`", body)
        rendered = markdown.render_html(body)
        walker = Walker(markdown.prep_markdown(content), len(state.lines))
        self._lint_front_matter(state, walker, ext)
        self._walk_html(state, rendered, walker, ext, "md")

    def _read_html(self, state: FileState, ext: str) -> None:
        """HTML is walked as is (Vale's ``lintHTML``): no conversion, ``class`` masked too."""
        walker = Walker(state.content, len(state.lines), mask_class=True)
        self._walk_html(state, state.content, walker, ext, "html")

    def _read_asciidoc(self, state: FileState, ext: str) -> None:
        """``lintADoc``: front matter, ignores, ``asciidoctor``, then the HTML walk."""
        content = state.content
        blocks, tokens = self._patterns(state.path)
        source = apply_ignores(content, "adoc", blocks, tokens)
        rendered = convert.asciidoc_to_html(source, self.cfg.asciidoctor)
        walker = Walker(convert.asciidoc_context(content), len(state.lines))
        self._lint_front_matter(state, walker, ext)
        self._walk_html(state, rendered, walker, ext, "adoc")

    def _read_rst(self, state: FileState, ext: str) -> None:
        """``lintRST``: front matter, ignores, docutils (``rst2html``), then the HTML walk."""
        content = state.content
        blocks, tokens = self._patterns(state.path)
        rendered = convert.rst_to_html(apply_ignores(content, "rst", blocks, tokens))
        walker = Walker(content, len(state.lines))
        self._lint_front_matter(state, walker, ext)
        self._walk_html(state, rendered, walker, ext, "rst")

    def _walk_html(
        self, state: FileState, source: str, walker: Walker, ext: str, kind: str
    ) -> None:
        def on_block(text: str, w: Walker, scope: str | None, runs: Runs) -> None:
            if scope is None:
                scope = html.scope_for(w.history)
                if scope is None:
                    state.summary.append(text + "\n\n")
                    line = w.block_line(text)
                    offset = resolve_offset(w.ctx, text)
                    self._lint_prose(state, text, w.ctx, "text" + ext, line, w.lines, offset, runs)
                    return
                if scope in ("text.blockquote", "text.list"):
                    state.summary.append(text + "\n\n")
                cut = len(text) - len(text.lstrip(" "))
                text = text[cut:]
                runs = [(at - cut, src, n) for at, src, n in runs if at >= cut]
                scope = scope + ext
            line = w.block_line(text)
            self._lint_block(state, text, w.ctx, scope, line, w.lines, False, -1, runs)

        tokens = html.html_tokens(source)
        html.walk(tokens, walker, on_block, state.update_comments, self.cfg, kind)
        state.reset_comments()
        summary = "".join(state.summary)
        if summary.strip():
            self._lint_block(
                state, summary, walker.ctx, "summary" + ext, 0, len(state.lines), True, -1, []
            )

    def _lint_front_matter(self, state: FileState, walker: Walker, ext: str) -> None:
        """Vale's ``lintMetadata``: each top-level string of the front matter (YAML
        ``---``, TOML ``+++`` or JSON ``;;;``) is a ``text.frontmatter.<key>`` block."""
        fm = METADATA.match(state.content)
        if fm is None:
            return
        for key, value, at, folded in front_matter_strings(fm):
            scope = f"text.frontmatter.{key}{ext}"
            if folded:
                self._lint_block(state, value, walker.ctx, scope, 0, walker.lines, True, -1, [])
            else:
                line = state.content.count("\n", 0, at)
                self._lint_block(state, value, walker.ctx, scope, line, walker.lines, False, at, [])

    def _lint_prose(
        self, state: FileState, text: str, ctx: str, scope: str, line: int, nlines: int,
        offset: int, runs: Runs,
    ) -> None:  # fmt: skip
        """A prose block, and its paragraphs and sentences when some rule wants them."""
        blocks: list[tuple[str, str, int, Runs]] = []

        def child(piece: str, sel: str, cursor: int) -> int:
            i = text.find(piece, cursor)
            if i < 0:
                blocks.append((piece, sel, -1, []))
                return cursor
            sub = rebase(runs, i, len(piece))
            blocks.append((piece, sel, offset + i if offset >= 0 else -1, sub))
            return i + len(piece)

        if self.need_paragraph:
            cur = 0
            for p in split_after_sep(text, "\n\n"):
                cur = child(p, "paragraph." + scope, cur)
        if self.need_sentence:
            cur = 0
            for s in nlp.segment(text):
                s = s.strip()
                if s:
                    cur = child(s, "sentence." + scope, cur)
        blocks.append((text, scope, offset, runs))
        lookup = "\n" in text
        for b_text, b_scope, b_off, b_runs in blocks:
            self._lint_block(state, b_text, ctx, b_scope, line, nlines, lookup, b_off, b_runs)


def split_after_sep(s: str, sep: str) -> list[str]:
    """Go's ``strings.SplitAfter``: the pieces keep their separator."""
    parts = s.split(sep)
    return [p + sep for p in parts[:-1]] + [parts[-1]]
