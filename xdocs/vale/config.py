"""``.vale.ini``: discovery, parsing and validation.

The format is go-ini as Vale reads it: core keys before the first section,
an optional ``[formats]`` section, then sections named by globs
(``[*.md]``) holding ``BasedOnStyles``, ``BlockIgnores``, ``TokenIgnores``
and per-rule switches (``Style.Rule = NO`` / ``YES`` / a level). Repeated
keys accumulate (go-ini "shadows") and list values split on commas.

Everything here is plain data; :mod:`xdocs.vale.rules` turns it into
compiled rules. Errors name the file and line and exit 2 like Vale.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from xdocs.vale.errors import ValeError
from xdocs.vale.globs import compile_glob

CONFIG_NAMES = (".vale.ini", "_vale.ini", ".vale", "_vale")
LEVELS = {"suggestion": 0, "warning": 1, "error": 2}

#: Core (global) keys Vale knows; unknown ones are kept as notes, not errors.
CORE_KEYS = {
    "stylespath", "minalertlevel", "vocab", "packages", "ignoredscopes", "skippedscopes",
    "ignoredclasses", "wordtemplate", "nlpendpoint", "lang", "ignore", "basedonstyles",
    "blockignores", "tokenignores", "transform", "commentdelimiters",
}  # fmt: skip
SECTION_KEYS = {"basedonstyles", "blockignores", "tokenignores", "transform", "lang", "view"}
SPECIAL_SECTIONS = {"formats", "asciidoctor"}
_SECTION_RE = re.compile(r"^\[(.*)\]\s*$")
_KEY_RE = re.compile(r"^([^=]+?)\s*=\s*(.*)$")


@dataclass
class Section:
    """One ``[glob]`` section."""

    glob: str
    styles: list[str] | None = None
    checks: dict[str, bool] = field(default_factory=dict)
    levels: dict[str, str] = field(default_factory=dict)
    block_ignores: list[str] = field(default_factory=list)
    token_ignores: list[str] = field(default_factory=list)

    def matches(self, path: str) -> bool:
        rx = compile_glob(self.glob)
        p = path.replace("\\", "/")
        return bool(rx.match(p) or rx.match(p[2:] if p.startswith("./") else p))


@dataclass
class Config:
    """A loaded ``.vale.ini`` (or the defaults when there is none)."""

    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    styles_path: Path | None = None
    min_alert_level: int = 0
    vocab: list[str] = field(default_factory=list)
    formats: dict[str, str] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    global_styles: list[str] = field(default_factory=list)
    global_checks: dict[str, bool] = field(default_factory=dict)
    global_levels: dict[str, str] = field(default_factory=dict)
    ignored_scopes: list[str] = field(default_factory=lambda: ["tt", "code", "kbd"])
    skipped_scopes: list[str] = field(default_factory=list)
    ignored_classes: list[str] = field(default_factory=list)
    word_template: str = ""
    accepted: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    asciidoctor: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def styles_for(self, path: str) -> list[str]:
        """BasedOnStyles for a file: the last matching section wins (Vale's rule)."""
        styles = list(self.global_styles)
        for sec in self.sections:
            if sec.styles is not None and sec.matches(path):
                styles = list(sec.styles)
        return styles

    def checks_for(self, path: str) -> dict[str, bool]:
        checks: dict[str, bool] = {}
        for sec in self.sections:
            if sec.matches(path):
                checks.update(sec.checks)
        return checks

    def patterns_for(self, path: str) -> tuple[list[str], list[str]]:
        blocks: list[str] = []
        tokens: list[str] = []
        for sec in self.sections:
            if sec.matches(path):
                blocks += sec.block_ignores
                tokens += sec.token_ignores
        return blocks, tokens

    def has_section_for(self, path: str) -> bool:
        return any(sec.matches(path) for sec in self.sections)

    def all_styles(self) -> list[str]:
        seen = list(self.global_styles)
        for sec in self.sections:
            for s in sec.styles or []:
                if s not in seen:
                    seen.append(s)
        return seen

    def all_rule_names(self) -> set[str]:
        names = set(self.global_checks) | set(self.global_levels)
        for sec in self.sections:
            names |= set(sec.checks) | set(sec.levels)
        return names


def find_config(start: Path | None = None) -> Path | None:
    """Vale's discovery: ``VALE_CONFIG_PATH``, then the folder and its parents."""
    env = os.environ.get("VALE_CONFIG_PATH")
    if env and Path(env).is_file():
        return Path(env)
    here = (start or Path.cwd()).absolute()
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            cand = folder / name
            if cand.is_file():
                return cand
    return None


def _split_list(value: str) -> list[str]:
    parts = re.split(r"(?<!\\),", value)
    return [p.replace("\\,", ",").strip() for p in parts if p.strip()]


def _unquote(value: str) -> str:
    v = value.strip()
    if len(v) >= 2 and v[0] == v[-1] and v[0] in "\"'`":
        return v[1:-1]
    return v


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Lines with go-ini's triple-quoted multi-line values joined."""
    out: list[tuple[int, str]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        raw = lines[i]
        start = i + 1
        m = _KEY_RE.match(raw.strip())
        if m and m.group(2).strip().startswith('"""') and m.group(2).strip().count('"""') == 1:
            buf = [m.group(2).strip()[3:]]
            i += 1
            while i < len(lines) and '"""' not in lines[i]:
                buf.append(lines[i])
                i += 1
            if i < len(lines):
                buf.append(lines[i].split('"""')[0])
            out.append((start, f"{m.group(1)} = " + "\n".join(buf).strip()))
        else:
            out.append((start, raw))
        i += 1
    return out


def parse_ini(text: str, path: Path) -> Config:
    """Parse ini text into a :class:`Config` (no file system access but vocab)."""
    cfg = Config(path=path, root=path.parent)
    section: Section | None = None
    special: str | None = None
    for lineno, raw in _logical_lines(text):
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        ms = _SECTION_RE.match(line)
        if ms:
            name = ms.group(1).strip()
            if not name:
                raise ValeError("empty section name '[]'", str(path), lineno)
            if name.lower() in SPECIAL_SECTIONS:
                special, section = name.lower(), None
                continue
            if not any(c in name for c in "*?[{./") or " " in name.strip():
                raise ValeError(
                    f"unknown section '[{name}]': use a file glob such as [*.md] or [formats]",
                    str(path), lineno)  # fmt: skip
            try:
                compile_glob(name)
            except ValueError as exc:
                raise ValeError(f"invalid section glob: {exc}", str(path), lineno) from None
            special = None
            section = Section(glob=name)
            cfg.sections.append(section)
            continue
        mk = _KEY_RE.match(line)
        if not mk:
            raise ValeError(
                f"cannot parse line {line!r}: expected 'Key = value'", str(path), lineno
            )
        key, value = mk.group(1).strip(), _unquote(mk.group(2))
        if special == "formats":
            cfg.formats[key.lstrip(".")] = value.lstrip(".")
            continue
        if special == "asciidoctor":
            cfg.asciidoctor[key] = value
            continue
        if special is not None:
            continue
        _apply_key(cfg, section, key, value, path, lineno)
    return cfg


def _apply_key(
    cfg: Config, section: Section | None, key: str, value: str, path: Path, lineno: int
) -> None:
    low = key.lower()
    if "." in key and low not in CORE_KEYS:
        _rule_switch(cfg, section, key, value, path, lineno)
        return
    if section is None:
        if low == "stylespath":
            sp = Path(value)
            cfg.styles_path = sp if sp.is_absolute() else (path.parent / sp)
        elif low == "minalertlevel":
            if value.lower() not in LEVELS:
                raise ValeError(
                    f"MinAlertLevel must be suggestion, warning or error (got {value!r})",
                    str(path), lineno)  # fmt: skip
            cfg.min_alert_level = LEVELS[value.lower()]
        elif low == "vocab":
            cfg.vocab += _split_list(value)
        elif low == "ignoredscopes":
            cfg.ignored_scopes = _split_list(value)
        elif low == "skippedscopes":
            cfg.skipped_scopes = _split_list(value)
        elif low == "ignoredclasses":
            cfg.ignored_classes += _split_list(value)
        elif low == "wordtemplate":
            cfg.word_template = value
        elif low == "basedonstyles":
            cfg.global_styles += _split_list(value)
        elif low == "packages":
            cfg.notes.append("Packages are not downloaded by the built-in engine (run 'vale sync')")
        elif low not in CORE_KEYS:
            cfg.notes.append(f"{path}:{lineno}: unknown core setting '{key}' ignored")
        return
    if low == "basedonstyles":
        section.styles = (section.styles or []) + _split_list(value)
    elif low in ("blockignores", "ignorepatterns"):
        section.block_ignores += _split_list(value)
    elif low == "tokenignores":
        section.token_ignores += _split_list(value)
    elif low in SECTION_KEYS:
        cfg.notes.append(f"{path}:{lineno}: '{key}' is not applied by the built-in engine")
    else:
        cfg.notes.append(f"{path}:{lineno}: unknown setting '{key}' ignored")


def _rule_switch(
    cfg: Config, section: Section | None, key: str, value: str, path: Path, lineno: int
) -> None:
    v = value.strip()
    checks = section.checks if section is not None else cfg.global_checks
    levels = section.levels if section is not None else cfg.global_levels
    if v.upper() in {"YES", "ON", "TRUE"}:
        checks[key] = True
    elif v.upper() in {"NO", "OFF", "FALSE"}:
        checks[key] = False
    elif v.lower() in LEVELS:
        checks[key] = True
        levels[key] = v.lower()
    else:
        raise ValeError(
            f"'{key}' must be YES, NO or a level (suggestion, warning, error), got {value!r}",
            str(path), lineno)  # fmt: skip


def load_config(path: str | os.PathLike[str] | None = None, cwd: Path | None = None) -> Config:
    """Load ``path`` (or discover one from ``cwd``); defaults when none exists."""
    if path is None:
        found = find_config(cwd)
        if found is None:
            return Config(root=(cwd or Path.cwd()))
        path = found
    p = Path(path)
    if not p.is_file():
        raise ValeError("config file not found: pass an existing .vale.ini", str(p), code="E100")
    try:
        text = p.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValeError(f"cannot read config: {exc}", str(p), code="E100") from None
    cfg = parse_ini(text, p)
    if cfg.styles_path is not None and not cfg.styles_path.is_dir():
        raise ValeError(
            f"StylesPath '{cfg.styles_path}' does not exist: create it or fix StylesPath",
            str(p), code="E100")  # fmt: skip
    _load_vocab(cfg)
    return cfg


def _read_terms(file: Path) -> list[str]:
    out = []
    for line in file.read_text(encoding="utf-8-sig").splitlines():
        s = line.strip()
        if s and not s.startswith("#"):
            out.append(s)
    return out


def _load_vocab(cfg: Config) -> None:
    for name in cfg.vocab:
        found = False
        if cfg.styles_path is not None:
            for base in (
                cfg.styles_path / "config" / "vocabularies" / name,
                cfg.styles_path / "Vocab" / name,
            ):
                if base.is_dir():
                    found = True
                    for fname, target in (
                        ("accept.txt", cfg.accepted),
                        ("reject.txt", cfg.rejected),
                    ):
                        if (base / fname).is_file():
                            target += _read_terms(base / fname)
        if not found:
            cfg.notes.append(
                f"Vocab '{name}' not found under {{StylesPath}}/config/vocabularies/{name}/: "
                "no accepted/rejected terms loaded"
            )
