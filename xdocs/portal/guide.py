"""Style guide pages, the rule catalogue and the terminology table.

All three are generated from data the checks themselves use
(``styleguide/*.yml``, the rule registry), so the portal cannot drift from
what ``xdocs check`` enforces. The guide's own prose pages (``styleguide/*.md``)
are project content and are published as they are.
"""

from __future__ import annotations

import html
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


#: the generated page of canonical sections and the intake checklist.
REFERENCE_PAGE = "styleguide/reference.md"


def styleguide_pages(styleguide_dir: Path) -> dict[str, str]:
    """The guide's own pages from ``styleguide/*.md`` as they are (its ``index.md`` is
    the guide's front page), plus a generated reference page (canonical sections
    and the intake checklist). Without an ``index.md`` of its own the guide gets a
    generated front page listing its pages."""
    pages: dict[str, str] = {}
    own = sorted(p for p in styleguide_dir.glob("*.md") if p.name.lower() != "readme.md")
    for p in own:
        pages[f"styleguide/{p.name}"] = p.read_text(encoding="utf-8")
    pages[REFERENCE_PAGE] = _reference_page(styleguide_dir)
    if "styleguide/index.md" not in pages:
        out = [front_matter("Style guide", None, []), "", "# Style guide", ""]
        out.append(
            "How a Xalura model card is written. Every rule is checked by `xdocs check`; "
            "the data behind these pages lives in `styleguide/`."
        )
        out += ["", "- [Sections and intake checklist](reference.md)"]
        for p in own:
            out.append(f"- [{_cell(_md_title(p))}]({p.stem}.md)")
        out += ["- [Rule catalogue](../rules/index.md)", "- [Terminology](../terminology.md)"]
        pages["styleguide/index.md"] = "\n".join(out) + "\n"
    return pages


def _reference_page(styleguide_dir: Path) -> str:
    out = [front_matter("Sections and checklist", None, []), "", "# Sections and checklist", ""]
    out.append(
        "Generated from `styleguide/sections.yml` and `styleguide/checklist.yml`, the data "
        "`xdocs check` and `xdocs intake` use. See also the [rule catalogue](../rules/index.md) "
        "and the [terminology](../terminology.md)."
    )
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
    return "\n".join(out) + "\n"


def _md_title(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem.replace("-", " ").capitalize()


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
        avoid = ", ".join(_avoid(a) for a in term["avoid"])
        use, severity, note = (_cell(term[k]) for k in ("use", "severity", "note"))
        out.append(f"| {use} | {avoid} | {severity} | {note} |")
    vocabulary = data.get("vocabulary") if isinstance(data, dict) else None
    if vocabulary:
        out += ["", "## Accepted vocabulary", ""]
        out.append("Spelled as written; spelling checks accept them:")
        out += ["", ", ".join(_code(v) for v in vocabulary)]
    return "\n".join(out) + "\n"


def _avoid(text: str) -> str:
    """A rejected variant for the table: literal text as code, a pattern in words."""
    from xdocs.portal.patterns import describe_pattern, is_pattern

    if is_pattern(text):
        return _cell(describe_pattern(text[1:-1]))
    return _code(text)


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
                "avoid": [str(a) for a in avoid],
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
    from xdocs.portal.rule_pages import rules_pages
    from xdocs.portal.rulebook import load_rules

    views, problem = load_rules(config)
    pages.update(rules_pages(views, problem))
    pages["terminology.md"] = terminology_page(
        config.data_file("terminology", "styleguide/terminology.yml")
    )
    return pages
