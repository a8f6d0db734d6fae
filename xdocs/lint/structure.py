"""Structure pass: the intake checklist's required sections.

Which sections are required is one fact, ``required: true`` in
``styleguide/sections.yml``; ``styleguide/checklist.yml`` says how to name
each and how to fix it. A required section that is absent, empty or only
template filler is an error: the intake stage cannot start without it.
Optional sections that hold only filler are suggestions (delete them or fill
them in). A missing licence is reported once, by the metadata pass (the
licence is front-matter first).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from xdocs.card.canonical import REQUIRED_IDS, section_map, section_title
from xdocs.card.model import ModelCard, SectionStatus
from xdocs.findings import Finding, Severity
from xdocs.rules import LintContext, Rule, rule_index

RULES = (
    Rule(
        "structure/missing-section",
        "A section the intake checklist requires is missing.",
        "Reviewers cannot assess a model whose card does not say what it is for, where it "
        "fails, what data it learned from or how it was evaluated; the publishing checklist "
        "requires each of these before intake.",
        "A card with no 'Limitations' heading (nor a heading such as 'Bias, Risks, and "
        "Limitations' that covers it).",
        Severity.ERROR,
        "Add the section under its canonical heading (see `xdocs new` for the scaffold).",
    ),
    Rule(
        "structure/empty-section",
        "A required section has a heading but no content.",
        "An empty heading looks complete in a table of contents but tells the reader nothing.",
        "## Limitations\n\n## Evaluation",
        Severity.ERROR,
        "Write the section's content, or remove the heading and add the section properly.",
    ),
    Rule(
        "structure/placeholder-section",
        "A section holds only template filler.",
        "'[More Information Needed]', 'TODO', 'N/A' or guidance comments mean the section was "
        "never written; required sections must be filled in before review, optional ones "
        "filled in or removed.",
        "## Out-of-scope use\n\n[More Information Needed]",
        Severity.ERROR,
        "Replace the filler with real content.",
    ),
)


@lru_cache(maxsize=4)
def load_checklist(path: str) -> dict[str, Any]:
    """Read checklist.yml once per process."""
    from xdocs.card.metadata import plain
    from xdocs.document import parse_yaml

    file = Path(path)
    data, err = parse_yaml(file.read_text(encoding="utf-8"), str(file))
    if err is not None:
        from xdocs.config import ConfigError

        raise ConfigError(str(file), err.message, err.line)
    return plain(data) or {}


def checklist_for(ctx: LintContext) -> dict[str, Any]:
    return load_checklist(str(ctx.config.data_file("checklist", "styleguide/checklist.yml")))


R = rule_index(RULES)


def checklist_sections(ctx: LintContext) -> dict[str, dict[str, Any]]:
    """The required sections (which: ``required: true`` in sections.yml, the one
    source) with the checklist's label and fix for each (how to say it)."""
    checklist = checklist_for(ctx)
    words = {item["id"]: item for item in checklist.get("sections", [])}
    return {sid: words.get(sid, {}) for sid in REQUIRED_IDS}


def _fix(item: dict[str, Any], title: str, status: SectionStatus, heading: str | None) -> str:
    """A fix hint that fits what is wrong with the section."""
    what = item.get("fix") or f"Add '## {title}'."
    # the checklist's hint says where and what: "Add '## X': the purpose, …"
    detail = what.split(":", 1)[1].strip() if ":" in what else ""
    under = f"'{heading or title}'"
    if status is SectionStatus.PLACEHOLDER:
        return f"Replace the placeholder text under {under} with real content" + (
            f": {detail}" if detail else "."
        )
    if status is SectionStatus.EMPTY:
        return f"Write the content under {under}" + (f": {detail}" if detail else ".")
    return what


class StructurePass:
    """Required sections present and filled in."""

    name = "structure"
    rules = RULES

    def run(self, card: ModelCard, ctx: LintContext) -> list[Finding]:
        if card.format in ("unknown", "json", "page") or not card.document.text.strip():
            return []  # the reader already reported why this is not a card
        required = checklist_sections(ctx)
        first_line = (
            max(1, card.document.body_start_line) if card.format in ("markdown", "hf") else 1
        )
        out: list[Finding] = []
        for sid in section_map().ids:
            sec = card.section(sid)
            item = required.get(sid)
            title = section_title(sid)
            if item is not None and sec.status is SectionStatus.ABSENT:
                if sid == "license":
                    continue  # a missing licence is one finding: metadata/missing-field
                out.append(
                    R["structure/missing-section"].finding(
                        card.path,
                        first_line,
                        message=f"missing required section: {title}",
                        fix=_fix(item, title, sec.status, None),
                    )
                )
            elif item is not None and sec.status is SectionStatus.EMPTY:
                out.append(
                    R["structure/empty-section"].finding(
                        card.path,
                        sec.line or first_line,
                        message=f"section '{sec.heading or title}' has a heading but no content",
                        fix=_fix(item, title, sec.status, sec.heading),
                    )
                )
            elif sec.status is SectionStatus.PLACEHOLDER:
                severity = Severity.ERROR if item is not None else Severity.SUGGESTION
                out.append(
                    R["structure/placeholder-section"].finding(
                        card.path,
                        sec.line or first_line,
                        message=f"section '{sec.heading or title}' holds only template filler",
                        severity=severity,
                        fix=_fix(item or {}, title, sec.status, sec.heading)
                        if item is not None
                        else f"Fill in '{sec.heading or title}' or remove it.",
                    )
                )
        return out
