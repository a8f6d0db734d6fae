"""Vale for xdocs: the real binary when present, a built-in engine everywhere else.

The house style lives in Vale's own format (``vale_styles/`` + ``.vale.ini``)
so editors running Vale see the same rules. Vale is a Go binary that the
package registries cannot install, so when it is absent xdocs runs the rule
files itself.

Public interface::

    run_vale(paths, config=None, *, prefer_binary=True, cwd=None) -> ValeResult
    lint_text(text, path, config=None) -> list[Alert]      # in-memory document
    alerts_to_findings(result_or_alerts) -> list[Finding]  # rule id "vale/<Check>"
    load_linter(config=None, cwd=None) -> Linter           # cached per config file

``ValeResult`` has ``alerts`` (:class:`Alert`: path, line, span, check,
message, severity, match, action, link), ``backend`` (``"vale-binary"`` or
``"builtin"``), ``skipped_rules`` (rules of types the built-in engine does not
run: spelling, metric, sequence, script, readability), ``unsupported_files``
(files in formats it does not parse: only Markdown and plain text are) and
``notes`` (one line each: binary missing, rule timed out, …).

Configuration and compiled rules are cached per config file (its
modification time and size, and those of the rule and vocabulary files it
loads), so linting 1,000 files loads the style once and an edited rule is
picked up by the next call. Importing
this package has no side effects. Errors in a config or rule raise
:class:`ValeError` (file, line, what to do); the CLI prints them in one line
and exits 2 like Vale.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from xdocs.vale.errors import ValeError

if TYPE_CHECKING:
    from xdocs.findings import Finding
    from xdocs.vale.config import Config
    from xdocs.vale.engine import Linter
    from xdocs.vale.state import Alert

__all__ = [
    "ValeError", "ValeResult", "run_vale", "lint_text", "alerts_to_findings", "load_linter",
]  # fmt: skip

_CACHE: dict[tuple, tuple[Linter, tuple]] = {}


@dataclass
class ValeResult:
    """What a Vale run produced, and which backend produced it."""

    alerts: list[Alert] = field(default_factory=list)
    backend: str = "builtin"
    skipped_rules: list[str] = field(default_factory=list)
    unsupported_files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def load_linter(config: str | os.PathLike[str] | None = None, cwd: Path | None = None) -> Linter:
    """A :class:`Linter` for ``config`` (discovered from ``cwd`` when ``None``), cached."""
    from xdocs.vale.config import find_config, load_config
    from xdocs.vale.engine import Linter

    path = Path(config) if config is not None else find_config(cwd)
    key: tuple = ("<none>", str(cwd or Path.cwd()))
    if path is not None and path.is_file():
        st = path.stat()
        key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
    cached = _CACHE.get(key)
    if cached is not None and cached[1] == style_fingerprint(cached[0].cfg):
        return cached[0]
    linter = Linter(load_config(path, cwd=cwd))
    if len(_CACHE) > 32:
        _CACHE.clear()
    _CACHE[key] = (linter, style_fingerprint(linter.cfg))
    return linter


def style_fingerprint(cfg: Config) -> tuple:
    """Names, mtimes and sizes of the rule and vocabulary files a config loads.

    Part of the linter cache key with the ``.vale.ini`` itself, so that a
    long-running process (``mkdocs serve``) picks up an edited, added or
    removed rule file without a restart.
    """
    sp = cfg.styles_path
    if sp is None:
        return ()
    dirs = {sp / s for s in cfg.all_styles() if s != "Vale"}
    dirs |= {sp / n.partition(".")[0] for n in cfg.all_rule_names() if "." in n}
    for name in cfg.vocab:
        dirs |= {sp / "config" / "vocabularies" / name, sp / "Vocab" / name}
    out: list[tuple] = []
    for d in sorted(dirs):
        try:
            with os.scandir(d) as entries:
                for e in entries:
                    if e.name.endswith((".yml", ".yaml", ".txt")) and e.is_file():
                        st = e.stat()
                        out.append((e.path, st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((str(d), None, None))
    return tuple(sorted(out))


def lint_text(text: str, path: str, config: str | os.PathLike[str] | None = None) -> list[Alert]:
    """Lint an in-memory document as if it were the file ``path`` (built-in engine)."""
    linter = load_linter(config)
    return linter.lint_text(text, path) or []


def run_vale(
    paths: list[str | os.PathLike[str]],
    config: str | os.PathLike[str] | None = None,
    *,
    prefer_binary: bool = True,
    cwd: str | os.PathLike[str] | None = None,
) -> ValeResult:
    """Lint ``paths`` with the real ``vale`` when found (and preferred), else built in."""
    from xdocs.vale.binary import find_binary, run_binary

    notes: list[str] = []
    if prefer_binary:
        binary = find_binary()
        if binary:
            cfg_arg = str(config) if config else None
            cwd_arg = str(cwd) if cwd else None
            alerts = run_binary(binary, [str(p) for p in paths], cfg_arg, cwd_arg)
            return ValeResult(alerts=alerts, backend="vale-binary", notes=[f"ran {binary}"])
        notes.append("vale binary not found on PATH: used the built-in Vale engine")
    return run_builtin([str(p) for p in paths], config, cwd=cwd, notes=notes)


def run_builtin(
    paths: list[str],
    config: str | os.PathLike[str] | None = None,
    *,
    cwd: str | os.PathLike[str] | None = None,
    notes: list[str] | None = None,
    min_level: int | None = None,
    glob: str | None = None,
    ext: str | None = None,
    simple: bool = False,
    stdin: str | None = None,
) -> ValeResult:
    """The built-in engine over files and folders (Vale's CLI semantics).

    ``glob`` filters the files found (``!`` negates), ``ext`` sets the format
    of stdin, strings and files (``--ext``), ``simple`` skips markup parsing
    (``--ignore-syntax``), ``stdin`` is text read from standard input. A path
    that is neither a file nor a folder is linted as text, as Vale does.
    ``min_level`` overrides ``MinAlertLevel`` for this run only: the cached
    linter is shared and never changed.

    A file the engine cannot check (a format it does not read, a converter
    that is missing or fails, an unreadable file) is listed in
    ``unsupported_files`` with one note naming it and the reason.
    """
    from xdocs.vale import formats
    from xdocs.vale.files import collect

    base = Path(cwd) if cwd else Path.cwd()
    if config is None:
        from xdocs.vale.config import find_config

        if find_config(base) is None:
            raise ValeError(
                "[.vale.ini not found] Runtime error: no .vale.ini in this folder or its "
                "parents; create one or pass --config",
                code="E100",
            )
    linter = load_linter(config, cwd=base)
    cfg = linter.cfg
    result = ValeResult(notes=list(notes or []) + list(cfg.notes))
    in_ext = ext if ext and ext.startswith(".") else (f".{ext}" if ext else None)
    # Vale's --ext defaults to .txt, which for a file means "its own extension".
    file_ext = in_ext if in_ext and in_ext != ".txt" else None

    def lint_one(text: str, shown: str, forced: str | None) -> None:
        res = linter.lint(text, shown, ext=forced, simple=simple, min_level=min_level)
        result.notes += res.notes
        if not res.checked:
            result.unsupported_files.append(shown)
            result.notes.append(f"{shown}: not checked: {res.reason}")
            return
        result.files.append(shown)
        result.alerts += res.alerts

    texts = [stdin] if stdin is not None else []
    texts += [p for p in paths if not os.path.lexists(base / p)]
    for text in texts:
        lint_one(text, "stdin" + (in_ext or ".txt"), in_ext)
    resolved = [str(base / p) for p in paths if os.path.exists(base / p)]
    for p in paths:  # named, but not a folder or a file: a path to report, not text to lint
        why = _not_a_file(base / p)
        if why and os.path.lexists(base / p):
            result.unsupported_files.append(p)
            result.notes.append(f"{p}: not checked: {why}")
    for fp in collect(resolved, cfg):
        shown = os.path.relpath(fp, base) if not os.path.isabs(paths[0]) else fp
        if glob and not _glob_ok(glob, os.path.relpath(fp, base)):
            continue
        kind = formats.file_kind("x" + file_ext if file_ext else fp, cfg)
        if not formats.is_read(kind) and not simple:
            result.unsupported_files.append(shown)
            why = formats.WHY_NOT.get(kind, "this format is not read")
            result.notes.append(f"{shown}: not checked: {why}")
            continue
        try:
            if _not_a_file(Path(fp)):  # a FIFO met in a folder would block the run forever
                raise OSError(0, _not_a_file(Path(fp)))
            with open(fp, encoding="utf-8", errors="replace") as fh:
                text = fh.read()
        except OSError as exc:
            result.unsupported_files.append(shown)
            result.notes.append(f"{shown}: not checked: cannot read ({exc.strerror})")
            continue
        lint_one(text, shown, file_ext)
    result.skipped_rules = [n for n in linter.rules.skipped if _enabled(cfg, n)]
    for name in result.skipped_rules:
        result.notes.append(f"{name}: not run: {linter.rules.rules[name].unsupported_reason}")
    for name, rule in linter.rules.rules.items():  # e.g. a fallback spelling dictionary
        note = getattr(rule, "dictionary_note", "")
        if note and name not in linter.rules.skipped and _enabled(cfg, name):
            result.notes.append(f"{name}: {note}")
    return result


def _not_a_file(path: Path) -> str | None:
    """Why ``path`` is not a file to read (a FIFO, socket or device; a broken or
    looping symlink), or None for a regular file or a folder."""
    if os.path.lexists(path) and not os.path.exists(path):
        return "a broken or looping symlink"
    if os.path.exists(path) and not os.path.isdir(path) and not os.path.isfile(path):
        return "not a regular file (a FIFO, socket or device)"
    return None


def _enabled(cfg: Config, name: str) -> bool:
    """Can any file of this configuration run the rule (its style or a switch turns it on)?"""
    if name in cfg.global_checks:
        return cfg.global_checks[name] or any(s.checks.get(name) for s in cfg.sections)
    if any(s.checks.get(name) for s in cfg.sections):
        return True
    return name.partition(".")[0] in cfg.all_styles()


def _glob_ok(pattern: str, path: str) -> bool:
    from xdocs.vale.globs import glob_matches

    if pattern.startswith("!"):
        return not glob_matches(pattern[1:], path)
    return glob_matches(pattern, path)


def alerts_to_findings(result: ValeResult | list[Alert]) -> list[Finding]:
    """Vale alerts as xdocs findings (rule id ``vale/<Check>``)."""
    from xdocs.findings import Severity
    from xdocs.rules import NO_FIX
    from xdocs.vale.family import VALE_FAMILY

    alerts = result.alerts if isinstance(result, ValeResult) else result
    source = result.backend if isinstance(result, ValeResult) else "builtin"
    out = []
    for a in alerts:
        params = a.action.get("params") or []
        out.append(VALE_FAMILY.finding(
            a.path, a.line, a.span[0], a.message, rule_id=f"vale/{a.check}",
            severity=Severity.parse(a.severity), end_line=a.line, end_column=a.span[1],
            fix=(f"replace with {params[0]!r}" if a.action.get("name") == "replace" and params
                 else NO_FIX),
            source=source))  # fmt: skip
    return out
