"""The built-in engine: one file in, Vale alerts out (``lint/lint.go``).

:class:`Linter` holds a loaded configuration and its compiled rules and is
reused across files. Per file it builds the blocks (the readers in
``formats/``), runs every rule whose scope,
level, style and comment switches allow it, and locates each hit with
``locate.py``. Each rule gets a time budget per file; a rule that runs out is
stopped for that file and named in the notes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from xdocs.vale import formats
from xdocs.vale.base import Hit, Rule
from xdocs.vale.config import LEVELS, Config
from xdocs.vale.formats.convert import ConversionFailed, ConverterMissing
from xdocs.vale.formats.readers import FormatReaders, Runs
from xdocs.vale.locate import anchor, assign_loc, byte_loc, find_loc, substitute
from xdocs.vale.plan import Plan
from xdocs.vale.regexes import Budget, RegexTimeout
from xdocs.vale.rules import RuleSet
from xdocs.vale.state import Alert, FileState


def sanitize(raw: str) -> str:
    """Vale's ``Sanitize``: no byte-order mark, ``\\n`` line ends."""
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    return raw.replace("\r\n", "\n").replace("\r", "\n")


def file_kind(path: str, cfg: Config) -> str | None:
    """How the engine reads ``path`` (``None``: a format it does not read)."""
    kind = formats.file_kind(path, cfg)
    return kind if formats.is_read(kind) else None


@dataclass
class FileResult:
    """One file's alerts, and whether it was checked (``reason`` says why not)."""

    alerts: list[Alert] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    checked: bool = True
    reason: str = ""


class Linter(FormatReaders):
    """Lint files with one configuration; compiled rules are reused across files.

    A linter holds no per-run settings: ``MinAlertLevel`` overrides, notes and
    everything else that depends on one call live in that call's
    :class:`FileState` and :class:`FileResult`, so a cached linter can be
    shared by callers with different options.
    """

    def __init__(self, cfg: Config, rules: RuleSet | None = None, budget: float = 2.0) -> None:
        self.cfg = cfg
        self.rules = rules or RuleSet(cfg)
        self.budget = budget
        self.need_paragraph = self.rules.needs("paragraph")
        self.need_sentence = self.rules.needs("sentence")
        self._ignores = {}
        self._plans: dict[tuple, Plan] = {}

    # -- entry points -----------------------------------------------------------------
    def lint(
        self,
        text: str,
        path: str,
        *,
        ext: str | None = None,
        simple: bool = False,
        min_level: int | None = None,
    ) -> FileResult:
        """Lint in-memory text as if it were ``path``.

        ``ext`` overrides the format (Vale's ``--ext``), ``simple`` lints the
        text as plain lines without parsing markup (``--ignore-syntax``),
        ``min_level`` overrides ``MinAlertLevel`` for this call only.
        """
        kind = formats.file_kind("x" + ext if ext else path, self.cfg)
        if not formats.is_read(kind) and not simple:
            why = formats.WHY_NOT.get(kind, "this format is not read")
            return FileResult(checked=False, reason=why)
        content = sanitize(text)
        state = FileState(path, content, self.cfg.styles_for(path), self.cfg.checks_for(path))
        state.min_level = self.cfg.min_alert_level if min_level is None else min_level
        if not state.styles and not state.checks and not self.cfg.global_checks:
            return FileResult()
        suffix = "." + Path(path).suffix.lstrip(".") if Path(path).suffix else ""
        try:
            self._read(state, kind, suffix, simple)
        except (ConverterMissing, ConversionFailed) as exc:
            return FileResult(checked=False, reason=str(exc))
        raw = "".join(state.lines)
        self._lint_block(state, raw, raw, "raw" + suffix, -1, len(state.lines), True, 0, [])
        notes = [
            f"{path}: rule {n} exceeded its time budget and was stopped" for n in state.timed_out
        ]
        return FileResult(alerts=state.alerts, notes=notes)

    def lint_text(
        self, text: str, path: str, *, ext: str | None = None, simple: bool = False
    ) -> list[Alert] | None:
        """The alerts of :meth:`lint`; ``None`` when the file could not be checked."""
        result = self.lint(text, path, ext=ext, simple=simple)
        return result.alerts if result.checked else None

    def _read(self, state: FileState, kind: str, ext: str, simple: bool) -> None:
        n = len(state.lines)
        content = state.content
        if simple or kind == formats.LINES:
            self._lint_block(state, content, content, "text" + ext, -1, n, True, 0, [])
        elif kind == formats.MARKDOWN:
            state.markup = True
            self._read_markdown(state, ext)
        elif kind == formats.HTML:
            state.markup = True
            self._read_html(state, ext)
        elif kind == formats.ASCIIDOC:
            state.markup = True
            self._read_asciidoc(state, ext)
        elif kind == formats.RST:
            state.markup = True
            self._read_rst(state, ext)
        else:
            self._lint_prose(state, content, content, "text" + ext, -1, n, 0, [])

    # -- rules ------------------------------------------------------------------------
    def _should_run(self, state: FileState, name: str, rule: Rule, scope: str) -> bool:
        """Vale's ``shouldRun`` minus the comment switches (checked per block)."""
        if LEVELS[rule.level] < state.min_level:
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
        key = (state.plan_key, state.min_level, scope)
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

    def _lint_block(
        self, state: FileState, text: str, ctx: str, scope: str, line: int, nlines: int,
        lookup: bool, offset: int, runs: Runs,
    ) -> None:  # fmt: skip
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

    def _add_alert(
        self, state: FileState, rule: Rule, name: str, h: Hit, text: str, ctx: str, line: int,
        nlines: int, lookup: bool, absolute: tuple[int, int] | None,
    ) -> None:  # fmt: skip
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
