"""The built-in engine: one file in, Vale alerts out (``lint/lint.go``).

:class:`Linter` holds a loaded configuration and its compiled rules and is
reused across files. Per file it builds the blocks (Markdown through
``markup.py``, plain text as one prose block), runs every rule whose scope,
level, style and comment switches allow it, and locates each hit with
``locate.py``. Each rule gets a time budget per file; a rule that runs out is
stopped for that file and named in the notes.
"""

from __future__ import annotations

import re
from pathlib import Path

from xdocs.vale import markup, nlp
from xdocs.vale.config import LEVELS, Config
from xdocs.vale.locate import (
    anchor,
    assign_loc,
    byte_loc,
    find_loc,
    rebase,
    resolve_offset,
    substitute,
)  # fmt: skip
from xdocs.vale.plan import Plan
from xdocs.vale.regexes import Budget, RegexTimeout, compile_vale
from xdocs.vale.rules import RuleSet
from xdocs.vale.state import Alert, FileState

MARKDOWN_EXTS = {"md", "markdown", "mdown", "mkd", "mkdn", "mdwn"}
TEXT_EXTS = {"txt", "text"}
HTML_EXTS = {"html", "htm", "xhtml"}
_MATH = re.compile(r"(?ms)^[ \t]*\$\$.*?\$\$[ \t]*$")
_FRONT = re.compile(r"\A(---|\+\+\+)[ \t]*\n(.*?\n)?(---|\.\.\.|\+\+\+)[ \t]*(\n|\Z)", re.S)


def sanitize(raw: str) -> str:
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    return raw.replace("\r\n", "\n").replace("\r", "\n")


def file_kind(path: str, cfg: Config) -> str | None:
    ext = Path(path).suffix.lstrip(".").lower()
    ext = cfg.formats.get(ext, ext)
    if ext in MARKDOWN_EXTS:
        return "md"
    if ext in TEXT_EXTS:
        return "txt"
    if ext in HTML_EXTS:
        return "html"
    return None


class Linter:
    """Lint files with one configuration; compiled rules are reused across files."""

    def __init__(self, cfg: Config, rules: RuleSet | None = None, budget: float = 2.0) -> None:
        self.cfg = cfg
        self.rules = rules or RuleSet(cfg)
        self.budget = budget
        self.need_paragraph = self.rules.needs("paragraph")
        self.need_sentence = self.rules.needs("sentence")
        self.notes: list[str] = []
        self._ignores: dict[tuple, tuple] = {}
        self._plans: dict[tuple, Plan] = {}

    # -- entry points -----------------------------------------------------------------
    def lint_text(
        self, text: str, path: str, *, ext: str | None = None, simple: bool = False
    ) -> list[Alert] | None:
        """Lint in-memory text as if it were ``path``; ``None`` if the format is not supported.

        ``ext`` overrides the format (Vale's ``--ext``); ``simple`` lints the text
        as plain lines without parsing markup (``--ignore-syntax``).
        """
        kind = file_kind("x" + ext if ext else path, self.cfg)
        if kind is None and not simple:
            return None
        content = sanitize(text)
        state = FileState(path, content, self.cfg.styles_for(path), self.cfg.checks_for(path))
        if not state.styles and not state.checks and not self.cfg.global_checks:
            return []
        ext = "." + Path(path).suffix.lstrip(".") if Path(path).suffix else ""
        if simple:
            n = len(state.lines)
            self._lint_block(state, content, content, "text" + ext, -1, n, True, 0, [])
        elif kind == "md":
            state.markup = True
            self._lint_markdown(state, ext)
        elif kind == "html":
            state.markup = True
            self._lint_html(state, ext)
        else:
            self._lint_prose(state, content, content, "text" + ext, -1, len(state.lines), 0, [])
        raw = "".join(state.lines)
        self._lint_block(state, raw, raw, "raw" + ext, -1, len(state.lines), True, 0, [])
        for name in state.timed_out:
            self.notes.append(f"{path}: rule {name} exceeded its time budget and was stopped")
        return state.alerts

    # -- formats ----------------------------------------------------------------------
    def _patterns(self, path: str) -> tuple[list, list]:
        blocks, tokens = self.cfg.patterns_for(path)
        key = (tuple(blocks), tuple(tokens))
        if key not in self._ignores:
            self._ignores[key] = (
                [compile_vale(b) for b in blocks],
                [compile_vale(t) for t in tokens],
            )
        return self._ignores[key]

    def _lint_markdown(self, state: FileState, ext: str) -> None:
        content = state.content
        body = content
        fm = _FRONT.match(content)
        if fm:
            body = "\n" * content.count("\n", 0, fm.end()) + content[fm.end() :]
        body = _MATH.sub(lambda m: "\n" * m.group(0).count("\n"), body)
        blocks, tokens = self._patterns(state.path)
        for rx in blocks:
            body = rx.sub(lambda m: "\n```\n" + m.group(0) + "\n```\n", body)
        for rx in tokens:
            body = rx.sub(lambda m: "`" + m.group(0) + "`", body)
        html = markup.render_html(body)
        walker = markup.Walker(markup.prep_markdown(content), len(state.lines))
        if fm:
            self._lint_front_matter(state, fm, walker, ext)
        self._walk_html(state, html, walker, ext)

    def _lint_html(self, state: FileState, ext: str) -> None:
        """HTML is walked as is (Vale's ``lintHTML``): no conversion, ``class`` masked too."""
        walker = markup.Walker(state.content, len(state.lines), mask_class=True)
        self._walk_html(state, state.content, walker, ext)

    def _walk_html(self, state: FileState, html: str, walker: markup.Walker, ext: str) -> None:
        def on_block(text: str, w: markup.Walker, scope: str | None, runs: list) -> None:
            if scope is None:
                scope = markup.scope_for(w.history)
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

        markup.walk(markup.html_tokens(html), walker, on_block, state.update_comments, self.cfg)
        state.reset_comments()
        summary = "".join(state.summary)
        if summary.strip():
            self._lint_block(
                state, summary, walker.ctx, "summary" + ext, 0, len(state.lines), True, -1, []
            )

    def _lint_front_matter(self, state: FileState, fm: re.Match[str], walker, ext: str) -> None:
        """YAML front matter: each top-level string value is a ``text.frontmatter.<key>`` block."""
        if fm.group(1) != "---":
            return
        lines = (fm.group(2) or "").split("\n")
        base = fm.start(2)
        i = 0
        while i < len(lines):
            line = lines[i]
            at_line = sum(len(x) + 1 for x in lines[:i]) + base
            i += 1
            m = re.match(r"^([A-Za-z_][\w-]*):[ \t]*(.*?)\s*$", line)
            if not m:
                continue
            key, value = m.group(1), m.group(2)
            scope = f"text.frontmatter.{key}{ext}"
            if value in ("|", ">", "|-", ">-", "|+", ">+"):
                body = []
                while i < len(lines) and (lines[i].startswith((" ", "\t")) or not lines[i].strip()):
                    body.append(lines[i].strip())
                    i += 1
                text = "\n".join(b for b in body if b)
                if text:
                    self._lint_block(state, text, walker.ctx, scope, 0, walker.lines, True, -1, [])
                continue
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            if not value or value[0] in "[{|>&*!#":
                continue
            at = at_line + line.find(value)
            self._lint_block(state, value, walker.ctx, scope, i, walker.lines, False, at, [])

    def _lint_prose(self, state, text, ctx, scope, line, nlines, offset, runs) -> None:
        blocks: list[tuple[str, str, int, list]] = []

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

    # -- rules ------------------------------------------------------------------------
    def _should_run(self, state: FileState, name: str, rule, scope: str) -> bool:
        """Vale's ``shouldRun`` minus the comment switches (checked per block)."""
        if LEVELS[rule.level] < self.cfg.min_alert_level:
            return False
        if not rule.scope.matches(scope):
            return False
        if name in state.checks:
            return state.checks[name]
        if name in self.cfg.global_checks:
            return self.cfg.global_checks[name]
        return name.split(".", 1)[0] in state.styles

    def _plan(self, state: FileState, scope: str) -> Plan:
        """The rules for a block scope; shared by files with the same section settings."""
        plan = state.plans.get(scope)
        if plan is not None:
            return plan
        key = (state.plan_key, self.cfg.min_alert_level, scope)
        plan = self._plans.get(key)
        if plan is None:
            if len(self._plans) > 4096:
                self._plans.clear()
            plan = self._plans[key] = Plan([
                (name, rule)
                for name, rule in self.rules.rules.items()
                if rule.supported and self._should_run(state, name, rule, scope)
            ])  # fmt: skip
        state.plans[scope] = plan
        return plan

    def _lint_block(self, state, text, ctx, scope, line, nlines, lookup, offset, runs) -> None:
        state.chk_to_ctx = {}
        switched = any(state.comments.values())
        plan = self._plan(state, scope)
        memo = plan.memo_for(text)
        passing, known, active = memo
        complete = active is None
        for name, rule in plan.rules if active is None else active:
            if name in state.timed_out or (switched and state.query(name)):
                complete = False
                continue
            if rule.prefilter is not None and name not in passing:
                continue
            hits = known.get(name)
            if hits is None:
                budget = state.budgets.get(name)
                if budget is None:
                    budget = state.budgets[name] = Budget(self.budget)
                try:
                    hits = rule.run(text, state, budget)
                except RegexTimeout:
                    state.timed_out.append(name)
                    complete = False
                    continue
                if not rule.needs_file_state:
                    known[name] = hits
            for h in hits:
                if switched and state.query(f"{name}[{h.match}]"):
                    continue
                absolute = None
                if getattr(rule, "anchors", False):
                    absolute = anchor(h.start, h.end, text, ctx, offset, runs)
                self._add_alert(state, rule, name, h, text, ctx, line, nlines, lookup, absolute)
        if complete:
            memo[2] = plan.active(passing, known)

    def _add_alert(self, state, rule, name, h, text, ctx, line, nlines, lookup, absolute) -> None:
        check = h.check or name
        ctx = state.chk_to_ctx.get(check, ctx)
        match = h.match
        span: tuple[int, int] = (h.start, h.end)
        ln = -1
        if absolute is not None:
            ln, span = byte_loc(state.content, absolute[0], absolute[1])
        else:
            offsets: list[str] = []
            if (
                len(ctx) < 1000
                and (ctx.count(match) > 1 if match else True)
                and len(ctx.encode()) < 1000
            ):
                offsets = ctx[0 : h.start].split()
            if not lookup:
                ln, span = assign_loc(ctx, text, line, 0, match, span, offsets)
            if (not lookup and span[0] < 0) or lookup:
                lines = state.lines if state.markup else None
                ln, span = find_loc(ctx, text, 0, nlines, match, offsets, lines)
        if span[0] <= 0:
            return
        state.chk_to_ctx[check] = substitute(ctx, match, "#")
        entry = (ln, span[0], check)
        if entry in state.history:
            return
        limit = rule.limit
        if limit and state.limits.get(check, 0) >= limit:
            return
        state.history.add(entry)
        if limit:
            state.limits[check] = state.limits.get(check, 0) + 1
        state.alerts.append(Alert(
            path=state.path, line=ln, span=span, check=check,
            message=re.sub(r"[\n\r\t]", " ", h.message), severity=rule.level, match=match,
            action=dict(h.action) if h.action else {"name": "", "params": []}, link=rule.link,
            description=rule.description))  # fmt: skip


def split_after_sep(s: str, sep: str) -> list[str]:
    parts = s.split(sep)
    return [p + sep for p in parts[:-1]] + [parts[-1]]
