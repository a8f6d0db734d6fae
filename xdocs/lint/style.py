"""Style pass: the house Vale style (``vale_styles/``, ``.vale.ini``) over each card.

The engine is :mod:`xdocs.vale`: the built-in engine in-process (rules
compiled once per worker, each rule under the engine's own time budget), or
the real ``vale`` binary when it is installed, run once per batch of files.
Alerts become findings ``vale/<Style>.<Rule>`` (``alerts_to_findings``); a
``replace`` action with exactly one suggestion becomes a safe machine fix.

Terminology has one source (``styleguide/terminology.yml``, the terminology
pass); Vale's generated ``Xalura.Terms`` rule and vocabulary checks
(``Vale.Terms``, ``Vale.Avoid``) say the same thing in editors, so their
alerts are dropped here rather than reported twice.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xdocs.findings import Finding, Severity
from xdocs.lint.style_filter import filter_findings
from xdocs.rules import LintContext, Rule

if TYPE_CHECKING:
    from xdocs.card.model import ModelCard

#: alerts the terminology pass already reports (generated from the same data)
DUPLICATE_CHECKS = {"Xalura.Terms", "Xalura.Products", "Vale.Terms", "Vale.Avoid"}
VALE_BUILTIN_RULES = {
    "Vale.Spelling": "A word is not in the dictionary or the accepted vocabulary.",
    "Vale.Repetition": "A word is repeated (the the).",
}


def vale_config_path(config: Any) -> Path:
    """``vale: {config: …}`` in xdocs.yml, else ``.vale.ini`` at the project root."""
    value = config.section("vale").get("config") or ".vale.ini"
    path = Path(str(value))
    return path if path.is_absolute() else config.root / path


def vale_text(doc: Any) -> str:
    """The card as Vale should read it; line numbers unchanged.

    Front-matter is metadata, not prose, and the inside of fenced code is never
    linted by Vale (code scope): both are blanked so the engine does not parse them.
    """
    lines = list(doc.lines)
    if doc.has_front_matter:
        for i in range(doc.front_matter_start_line - 1, doc.front_matter_end_line - 1):
            lines[i] = ""
    for tok in doc.tokens:
        if tok.type == "fence" and tok.map:
            a, b = tok.map
            for i in range(a + 1, min(b - 1, len(lines))):
                lines[i] = ""
    return "\n".join(lines)


def _finding(f: Finding, alert: Any) -> Finding:
    """Vale spans are inclusive; findings end exclusive. Add the safe fix."""
    params = (alert.action or {}).get("params") or []
    replacement = None
    if (alert.action or {}).get("name") == "replace" and len(params) == 1 and f.line == f.end_line:
        replacement = str(params[0])
    return replace(f, end_line=f.line, end_column=(f.end_column or f.column) + 1,
                   replacement=replacement)  # fmt: skip


class StylePass:
    """Vale rules of the house style."""

    name = "style"
    rules: tuple[Rule, ...] = ()

    def check_config(self, config: Any) -> None:
        """A Vale configuration or rule that cannot load is a configuration error (exit 2)."""
        from xdocs.config import ConfigError
        from xdocs.vale import load_linter
        from xdocs.vale.errors import ValeError

        try:
            load_linter(vale_config_path(config), cwd=config.root)
        except ValeError as exc:
            raise ConfigError(str(getattr(exc, "path", "") or vale_config_path(config)),
                              exc.message, int(getattr(exc, "line", 0) or 0)) from None  # fmt: skip

    def rules_for(self, config: Any) -> list[Rule]:
        """One rule per Vale rule file of the configured styles (plus Vale's own)."""
        from xdocs.vale.errors import ValeError

        try:
            from xdocs.vale import load_linter

            linter = load_linter(vale_config_path(config), cwd=config.root)
            styles_path = Path(linter.cfg.styles_path)
        except (ValeError, OSError, AttributeError):
            styles_path = config.root / "vale_styles"
        from xdocs.lint.examples import rule_examples

        examples = rule_examples(config)
        out = []
        for name, summary in VALE_BUILTIN_RULES.items():
            bad, good = examples.get(f"vale/{name}", ("", ""))
            out.append(
                Rule(f"vale/{name}", summary, "Built into Vale.", bad, Severity.ERROR, good=good)
            )
        for rule_file in sorted(styles_path.glob("*/*.yml")):
            style = rule_file.parent.name
            if style == "config":
                continue
            out.append(_rule_doc(style, rule_file, examples))
        return out

    def run_batch(self, cards: list[ModelCard], ctx: LintContext) -> dict[str, list[Finding]]:
        """With the real ``vale`` installed, one process for the whole batch."""
        from xdocs.vale import alerts_to_findings
        from xdocs.vale.binary import find_binary, run_binary

        binary = find_binary()
        if binary is None:
            return {c.path: self.run(c, ctx) for c in cards}
        wanted = [c for c in cards if c.format in ("markdown", "hf") and c.document.text.strip()]
        by_real = {str(Path(c.path).resolve()): c.path for c in wanted}
        alerts = run_binary(
            binary, list(by_real), str(vale_config_path(ctx.config)), str(ctx.config.root)
        )
        out: dict[str, list[Finding]] = {c.path: [] for c in cards}
        for alert in alerts:
            if alert.check in DUPLICATE_CHECKS:
                continue
            shown = by_real.get(str((ctx.config.root / alert.path).resolve()))
            if shown is None:
                continue
            (f,) = alerts_to_findings([alert])
            out[shown].append(_finding(replace(f, path=shown), alert))
        by_path = {c.path: c for c in cards}
        return {path: filter_findings(by_path[path], fs, ctx.config) for path, fs in out.items()}

    def run(self, card: ModelCard, ctx: LintContext) -> list[Finding]:
        from xdocs.vale import alerts_to_findings, load_linter

        doc = card.document
        if not doc.text.strip() or card.format not in ("markdown", "hf", "page"):
            return []
        linter = load_linter(vale_config_path(ctx.config), cwd=ctx.config.root)
        name = card.path if card.path.endswith((".md", ".markdown", ".txt")) else card.path + ".md"
        text = vale_text(doc)
        alerts = [
            a for a in (linter.lint_text(text, name) or []) if a.check not in DUPLICATE_CHECKS
        ]
        linter.notes = []
        out = []
        for alert, f in zip(alerts, alerts_to_findings(alerts), strict=True):
            out.append(_finding(replace(f, path=card.path), alert))
        return filter_findings(card, out, ctx.config)


def _rule_doc(
    style: str, rule_file: Path, examples: dict[str, tuple[str, str]] | None = None
) -> Rule:
    """Document a Vale rule from its YAML (message, description, level) and its
    example from styleguide/rule-examples.yml (a pattern is not an example)."""
    from xdocs.document import parse_yaml

    try:
        data, _ = parse_yaml(rule_file.read_text(encoding="utf-8"), str(rule_file))
    except OSError:
        data = None
    data = data if isinstance(data, dict) else {}
    message = str(data.get("message") or "").replace("%s", "…")
    description = str(data.get("description") or "")
    extends = str(data.get("extends") or "existence")
    level = str(data.get("level") or "suggestion")
    swap = data.get("swap")
    rule_id = f"vale/{style}.{rule_file.stem}"
    example, good = (examples or {}).get(rule_id, ("", ""))
    try:
        severity = Severity.parse(level)
    except ValueError:
        severity = Severity.SUGGESTION
    return Rule(
        rule_id,
        description or message or f"Vale {extends} rule {style}.{rule_file.stem}.",
        (description + " " if description and message else "")
        + (f"Vale {extends} rule in {rule_file.parent.name}/{rule_file.name}."),
        example,
        severity,
        "Follow the message; `xdocs fix` applies single replacements." if swap else "",
        good=good,
        fixable="safe" if swap else "no",
    )
