"""Style guide pages, the rule catalogue and the terminology table.

All three are generated from data the checks themselves use
(``styleguide/*.yml``, the rule registry), so the portal cannot drift from
what ``xdocs check`` enforces. The guide's own prose pages (``styleguide/*.md``)
are project content and are published as they are.
"""

from __future__ import annotations

import html
from collections import defaultdict
from pathlib import Path
from typing import Any

from xdocs.document import parse_yaml
from xdocs.portal.card_page import front_matter


def _load_yaml(path: Path) -> Any:
    if not path.is_file():
        return None
    data, err = parse_yaml(path.read_text(encoding="utf-8"), str(path))
    if err is not None:
        raise ValueError(f"{path}:{err.line}: {err.message}")
    return data


def _cell(value: Any) -> str:
    """Trusted project text for a Markdown table cell (no HTML, no pipe, one line)."""
    text = "" if value is None else str(value)
    return html.escape(" ".join(text.split())).replace("|", "\\|")


def _code(value: Any) -> str:
    """Trusted project text as an inline code span in a table cell."""
    text = " ".join(str(value).split()).replace("`", "ʻ").replace("|", "¦")
    return f"`{text}`"


def styleguide_pages(styleguide_dir: Path) -> dict[str, str]:
    """``styleguide/index.md`` (sections and checklist) plus the guide's own pages."""
    pages: dict[str, str] = {}
    own = sorted(p for p in styleguide_dir.glob("*.md") if p.name.lower() != "readme.md")
    out = [front_matter("Style guide", None, []), "", "# Style guide", ""]
    out.append(
        "How a Xalura model card is written. Every rule below is checked by `xdocs check`; "
        "the data behind these pages lives in `styleguide/`."
    )
    if own:
        out += ["", "## Guide pages", ""]
        for p in own:
            title = _md_title(p)
            out.append(f"- [{_cell(title)}]({p.stem}.md)")
            pages[f"styleguide/{p.name}"] = p.read_text(encoding="utf-8")
    out += ["", "- [Rule catalogue](../rules.md)", "- [Terminology](../terminology.md)"]
    sections = _load_yaml(styleguide_dir / "sections.yml")
    if isinstance(sections, dict) and isinstance(sections.get("sections"), dict):
        out += ["", "## Canonical sections", ""]
        out += ["| Id | Title | Required | What it holds |", "| --- | --- | --- | --- |"]
        for sid, spec in sections["sections"].items():
            spec = spec if isinstance(spec, dict) else {}
            out.append(
                f"| `{_cell(sid)}` | {_cell(spec.get('title'))} | "
                f"{'yes' if spec.get('required') else 'no'} | {_cell(spec.get('description'))} |"
            )
    checklist = _load_yaml(styleguide_dir / "checklist.yml")
    if isinstance(checklist, dict):
        items = checklist.get("sections") or []
        if items:
            out += ["", "## Intake checklist", ""]
            out += ["| Item | Section | How to fix |", "| --- | --- | --- |"]
            for item in items:
                if isinstance(item, dict):
                    out.append(
                        f"| {_cell(item.get('label'))} | `{_cell(item.get('id'))}` | "
                        f"{_cell(item.get('fix'))} |"
                    )
    pages["styleguide/index.md"] = "\n".join(out) + "\n"
    return pages


def _md_title(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem.replace("-", " ").capitalize()


def rules_page(rules: list[Any], problem: str | None = None) -> str:
    """The rule catalogue: every rule id with summary, severity, rationale, example, fix."""
    by_ns: dict[str, list[Any]] = defaultdict(list)
    for rule in sorted(rules, key=lambda r: r.id):
        by_ns[rule.id.split("/", 1)[0]].append(rule)
    out = [front_matter("Rule catalogue", None, []), "", "# Rule catalogue", ""]
    out.append(
        f"{len(rules)} rules in {len(by_ns)} namespaces, generated from the rule registry "
        "(`xdocs rules` prints the same list). Severity is the default; `xdocs.yml` may "
        "override it."
    )
    if problem:
        out += ["", '!!! warning "Rule catalogue incomplete"', "", f"    {_cell(problem)}"]
    out += ["", "| Rule | Severity | Summary |", "| --- | --- | --- |"]
    for rule in sorted(rules, key=lambda r: r.id):
        out.append(f"| `{_cell(rule.id)}` | {_cell(rule.severity)} | {_cell(rule.summary)} |")
    for ns, items in sorted(by_ns.items()):
        out += ["", f"## {_cell(ns)}", ""]
        for rule in items:
            out += [
                f"### `{_cell(rule.id)}`",
                "",
                f"**{_cell(rule.severity)}**: {_cell(rule.summary)}",
            ]
            if rule.rationale:
                out += ["", f"*Why:* {_cell(rule.rationale)}"]
            if rule.example:
                out += ["", "*Example:*", "", "```text", *_fence_safe(rule.example), "```"]
            if rule.fix:
                out += ["", f"*Fix:* {_cell(rule.fix)}"]
    return "\n".join(out) + "\n"


def _fence_safe(text: str) -> list[str]:
    return [line.replace("```", "ʻʻʻ") for line in str(text).splitlines()]


def terminology_page(path: Path) -> str:
    """The terminology table from ``styleguide/terminology.yml`` (terms and vocabulary)."""
    data = _load_yaml(path)
    terms = _terms(data)
    out = [front_matter("Terminology", None, []), "", "# Terminology", ""]
    out.append(
        f"{len(terms)} terms from `styleguide/terminology.yml`, the one source of the "
        "terminology check (`terminology/...` rules) and of the Vale vocabulary."
    )
    out += ["", "| Write | Not | Severity | Why |", "| --- | --- | --- | --- |"]
    for term in terms:
        avoid = ", ".join(_code(a) for a in term["avoid"])
        use, severity, note = (_cell(term[k]) for k in ("use", "severity", "note"))
        out.append(f"| {use} | {avoid} | {severity} | {note} |")
    vocabulary = data.get("vocabulary") if isinstance(data, dict) else None
    if vocabulary:
        out += ["", "## Accepted vocabulary", ""]
        out.append("Spelled as written; spelling checks accept them:")
        out += ["", ", ".join(_code(v) for v in vocabulary)]
    return "\n".join(out) + "\n"


def _terms(data: Any) -> list[dict[str, Any]]:
    """Terminology entries as ``use``, ``avoid`` (list), ``severity``, ``note``."""
    items = data.get("terms") if isinstance(data, dict) else None
    out = []
    for item in items or []:
        if not isinstance(item, dict):
            continue
        avoid = item.get("reject") or []
        if isinstance(avoid, str):
            avoid = [avoid]
        out.append(
            {
                "use": item.get("term") or "",
                "avoid": [str(a).replace("`", "ʻ") for a in avoid],
                "severity": item.get("severity") or "warning",
                "note": item.get("note") or "",
            }
        )
    return sorted(out, key=lambda t: str(t["use"]).lower())


def guide_pages(root: Path) -> dict[str, str]:
    """Style guide, rule catalogue and terminology pages for the project at ``root``."""
    from xdocs.config import load_config

    config = load_config(root)
    styleguide = config.data_file("sections", "styleguide/sections.yml").parent
    pages = styleguide_pages(styleguide)
    rules, problem = _all_rules(config)
    pages["rules.md"] = rules_page(rules, problem)
    pages["terminology.md"] = terminology_page(
        config.data_file("terminology", "styleguide/terminology.yml")
    )
    return pages


def _all_rules(config: Any) -> tuple[list[Any], str | None]:
    """The registry's rules, or why they are unavailable (a pass not installed)."""
    try:
        from xdocs.lint.registry import all_rules

        return list(all_rules(config)), None
    except ImportError as exc:  # a lint pass (issue 7) is missing from this tree
        return [], f"The rule registry could not be loaded ({exc}); the catalogue is empty."
