"""Loading styles: rule YAML files into compiled rules, once per config.

``load_rules(cfg)`` reads every style named in ``BasedOnStyles`` (and every
rule switched on by name) from ``StylesPath``, validates each file the way
Vale does (``extends`` and ``message`` required, known keys only, valid
regular expressions) and adds Vale's built-in ``Vale`` style: ``Repetition``,
``Terms`` and ``Avoid`` from the vocabulary, and ``Spelling`` (Hunspell,
loaded only when the Vale style or the rule is switched on). YAML is read as
YAML 1.2 (ruamel), like Vale's yaml.v3, so ``yes`` and ``no`` stay strings in
a ``swap`` map; a file with several documents gives its first.
"""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from xdocs.vale.base import Rule
from xdocs.vale.checks import (
    Capitalization,
    Conditional,
    Consistency,
    Existence,
    Occurrence,
    Repetition,
    Substitution,
    Unsupported,
)  # fmt: skip
from xdocs.vale.checks.spelling import Spelling
from xdocs.vale.config import Config
from xdocs.vale.errors import ValeError

TYPES: dict[str, type[Rule]] = {
    "existence": Existence,
    "substitution": Substitution,
    "occurrence": Occurrence,
    "repetition": Repetition,
    "consistency": Consistency,
    "conditional": Conditional,
    "capitalization": Capitalization,
    "spelling": Spelling,
    "metric": Unsupported,
    "sequence": Unsupported,
    "script": Unsupported,
    "readability": Unsupported,
}
UNSUPPORTED_TYPES = {k for k, v in TYPES.items() if v is Unsupported}

BUILTIN: dict[str, dict[str, Any]] = {
    "Repetition": {
        "extends": "repetition", "message": "'%s' is repeated!", "level": "error",
        "scope": "text", "ignorecase": True, "alpha": True, "tokens": [r"[^\s.!?]+"],
        "action": {"name": "edit", "params": ["truncate", " "]},
    },
    "Spelling": {
        "extends": "spelling", "message": "Did you really mean '%s'?", "level": "error",
        "scope": "text", "action": {"name": "suggest", "params": ["spellings"]},
    },
}  # fmt: skip


def _yaml() -> YAML:
    y = YAML(typ="safe", pure=True)
    y.allow_duplicate_keys = True
    return y


def _first_document(text: str) -> Any:
    """The first YAML document of a stream, as yaml.v3's ``Unmarshal`` reads it.

    ``load_all`` is lazy: documents after the first are never parsed, so an
    error there does not reject the rule (Vale ignores them too).
    """
    return next(iter(_yaml().load_all(StringIO(text))), None)


def parse_rule_file(path: Path) -> dict[str, Any]:
    """Read one rule file; errors carry the file and line."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValeError(f"cannot read rule: {exc}", str(path)) from None
    try:
        try:
            data = _first_document(text)
        except MarkedYAMLError as first:
            # yaml.v3 (Vale) accepts \' inside double quotes; YAML 1.2 does not.
            if "\\'" not in text:
                raise first from None
            data = _first_document(text.replace("\\'", "'"))
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        raise ValeError(f"invalid YAML: {problem}: fix the rule file", str(path), line) from None
    except YAMLError as exc:
        raise ValeError(f"invalid YAML: {exc}", str(path)) from None
    if not isinstance(data, dict):
        raise ValeError("a rule file must be a YAML mapping with 'extends' and 'message'",
                        str(path), 1)  # fmt: skip
    return {str(k).lower(): v for k, v in data.items()}


def _validate(spec: dict[str, Any], path: str) -> None:
    ext = spec.get("extends")
    if not ext:
        raise ValeError("Missing the required 'extends' key.", path, 1)
    if str(ext) not in TYPES and "." not in str(ext):
        raise ValeError(
            f"'extends' key must be one of {sorted(TYPES)} (got '{ext}')",
            path,
            _line_of(path, "extends"),
        )
    if "message" not in spec and "." not in str(ext):
        raise ValeError("Missing the required 'message' key.", path, 1)
    if spec.get("code"):
        raise ValeError("`code` is deprecated; please use `scope: raw` instead.", path)


def _line_of(path: str, key: str) -> int | None:
    try:
        for i, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith(key + ":"):
                return i
    except OSError:
        return None
    return None


class RuleSet:
    """Compiled rules for one configuration, keyed by ``Style.Rule``."""

    def __init__(self, cfg: Config) -> None:
        self.cfg = cfg
        self.rules: dict[str, Rule] = {}
        self.skipped: list[str] = []
        self._specs: dict[str, tuple[dict[str, Any], str]] = {}
        self._load()

    # -- loading ------------------------------------------------------------------
    def _style_dir(self, style: str) -> Path | None:
        sp = self.cfg.styles_path
        if sp is None:
            return None
        d = sp / style
        return d if d.is_dir() else None

    def _load(self) -> None:
        styles = self.cfg.all_styles()
        for style in styles:
            if style == "Vale":
                continue
            d = self._style_dir(style)
            if d is None:
                where = self.cfg.styles_path or "(no StylesPath set)"
                raise ValeError(
                    f"[loadStyles] Runtime error: style '{style}' does not exist on StylesPath "
                    f"{where}: add it there or remove it from BasedOnStyles",
                    str(self.cfg.path) if self.cfg.path else None, code="E100")  # fmt: skip
            for f in sorted(d.glob("*.yml")) + sorted(d.glob("*.yaml")):
                self._add(f"{style}.{f.stem}", f)
        for name in sorted(self.cfg.all_rule_names()):
            style, _, rule = name.partition(".")
            if name in self.rules or style == "Vale" or not rule:
                continue
            d = self._style_dir(style)
            if d is None:
                continue
            for ext in (".yml", ".yaml"):
                if (d / (rule + ext)).is_file():
                    self._add(name, d / (rule + ext))
        self._builtins()
        for name, rule in self.rules.items():
            if not rule.supported and name not in self.skipped:
                self.skipped.append(name)

    def _resolve(self, name: str, path: Path, seen: tuple[str, ...] = ()) -> dict[str, Any]:
        spec = parse_rule_file(path)
        _validate(spec, str(path))
        ext = str(spec["extends"])
        if "." in ext and ext not in TYPES:
            if ext in seen:
                raise ValeError(f"rule inheritance cycle through '{ext}'", str(path))
            style, _, rule = ext.partition(".")
            d = self._style_dir(style)
            base_file = d / f"{rule}.yml" if d else None
            if base_file is None or not base_file.is_file():
                raise ValeError(f"'extends: {ext}' names a rule that does not exist", str(path))
            base = self._resolve(ext, base_file, (*seen, name))
            merged = dict(base)
            merged.update({k: v for k, v in spec.items() if k != "extends"})
            merged["extends"] = base["extends"]
            return merged
        return spec

    def _add(self, name: str, path: Path) -> None:
        spec = self._resolve(name, path)
        self._build(name, spec, str(path))

    def _build(self, name: str, spec: dict[str, Any], path: str) -> None:
        level = self.cfg.global_levels.get(name)
        for sec in self.cfg.sections:
            level = sec.levels.get(name, level)
        if level:
            spec = dict(spec, level=level)
        cls = TYPES[str(spec["extends"])]
        self.rules[name] = cls(name, spec, path, self.cfg)

    def _builtins(self) -> None:
        for short, spec in BUILTIN.items():
            name = f"Vale.{short}"
            if short == "Spelling" and not self._vale_rule_used(name):
                continue  # loading a dictionary takes 0.1-1 s: only when it can run
            self._build(name, dict(spec), "internal")
        if self.cfg.accepted:
            swap = {(t.lower() if _is_phrase(t) else t): t for t in self.cfg.accepted}
            self._build("Vale.Terms", {
                "extends": "substitution", "message": "Use '%s' instead of '%s'.",
                "level": "error", "scope": "text", "ignorecase": True, "swap": swap,
                "vocab": False}, "internal")  # fmt: skip
        if self.cfg.rejected:
            self._build("Vale.Avoid", {
                "extends": "existence", "message": "Avoid using '%s'.", "level": "error",
                "scope": "text", "ignorecase": False, "tokens": list(self.cfg.rejected),
                "vocab": False}, "internal")  # fmt: skip

    def _vale_rule_used(self, name: str) -> bool:
        """Can some file run this built-in rule (its style on and it not switched off)?"""
        cfg = self.cfg
        if cfg.global_checks.get(name) or any(sec.checks.get(name) for sec in cfg.sections):
            return True
        if cfg.global_checks.get(name) is False:
            return False
        if "Vale" in cfg.global_styles:
            return True
        return any(
            sec.styles and "Vale" in sec.styles and sec.checks.get(name) is not False
            for sec in cfg.sections
        )

    # -- queries ------------------------------------------------------------------
    def needs(self, section: str) -> bool:
        return any(r.scope.needs(section) for r in self.rules.values() if r.supported)


def _is_phrase(term: str) -> bool:
    import regex

    return bool(regex.fullmatch(r"[\p{L}\p{N}\s'’.-]+", term)) and "." not in term.rstrip(".")
