"""The rule catalogue: a searchable index of every rule and one page per family.

Like ruff's rule list: ``rules/index.md`` is one table (id, family, severity,
summary) with a filter box (a script file, no inline script), and each family
(``proselint``, ``terminology``, ``workflow``…) has its own page, where a rule
shows its why, example, fix and whether this project turns it off. Proselint's
~100 checks share one rationale: it is said once at the top of the page and the
checks are grouped by their module, each with its own message; a why that every
rule of a group shares is said once for the group.
"""

from __future__ import annotations

import html
from collections import defaultdict

from xdocs.portal.card_page import front_matter, relative_link
from xdocs.portal.rulebook import RuleView
from xdocs.portal.templates import html_block

FAMILY_TITLES = {
    "proselint": "Proselint (usage)",
    "vale": "Vale (house style)",
    "terminology": "Terminology",
    "workflow": "Approval workflow",
    "evidence": "Evidence",
    "markdown": "Markdown structure",
    "structure": "Card structure",
    "metadata": "Metadata",
    "grammar": "Grammar",
    "input": "Input files",
    "risk": "Risk",
    "bias": "Bias reporting",
    "provenance": "Provenance",
    "compliance": "Compliance",
    "engine": "Engines",
}


def family_page(family: str) -> str:
    return f"rules/{family}.md"


def _family_title(family: str) -> str:
    return FAMILY_TITLES.get(family, family.replace("-", " ").capitalize())


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _id_html(rule_id: str) -> str:
    """A rule id that may wrap only after ``/`` or ``.`` (never mid-word) on a phone."""
    return _e(rule_id).replace("/", "/<wbr>").replace(".", ".<wbr>")


def _anchor(rule_id: str) -> str:
    return "r-" + "".join(c if c.isalnum() else "-" for c in rule_id.lower())


def _summary(v: RuleView) -> str:
    if v.unfit:
        return "(message withheld: wording unfit to publish; this rule is off by default)"
    return v.summary


def rules_pages(views: list[RuleView], problem: str | None = None) -> dict[str, str]:
    """``rules/index.md`` and ``rules/<family>.md`` for every family."""
    by_family: dict[str, list[RuleView]] = defaultdict(list)
    for v in views:
        by_family[v.family].append(v)
    pages = {"rules/index.md": _index(views, by_family, problem)}
    for family, items in by_family.items():
        pages[family_page(family)] = _family(family, items)
    return pages


def index_anchor(rule_id: str) -> str:
    """The id of a rule's row on ``rules/``: the slug MkDocs would give a heading of the
    rule id, so ``<site>/rules/#<slug>`` (the editor's link, :mod:`xdocs.lsp.links`)
    lands on the rule's row, which links to its family page."""
    from xdocs.slugs import heading_anchor

    return heading_anchor(rule_id)


def _index(views: list[RuleView], by_family: dict[str, list[RuleView]], problem: str | None) -> str:
    rows = []
    for v in views:
        href = f"{relative_link('rules/index.md', family_page(v.family))}#{_anchor(v.id)}"
        off = ' <span class="xd-off">off</span>' if v.off else ""
        rows.append(
            f'<tr id="{_e(index_anchor(v.id))}" data-family="{_e(v.family)}">'
            f'<td class="xd-rule-id"><a href="{href}">'
            f"<code>{_e(v.id)}</code></a>{off}</td><td>{_e(_family_title(v.family))}</td>"
            f'<td><span class="xd-sev xd-sev--{_e(v.severity)}">{_e(v.severity)}</span></td>'
            f"<td>{_e(_summary(v))}</td></tr>"
        )
    families = ", ".join(
        f"[{_family_title(f)}]({f}.md) ({len(items)})" for f, items in sorted(by_family.items())
    )
    out = [
        front_matter("Rule catalogue", None, []),
        "",
        "# Rule catalogue",
        "",
        f"{len(views)} rules in {len(by_family)} families, generated from the rule registry "
        "(`xdocs rules` prints the same list). Severity is the default; `xdocs.yml` may "
        "override it or turn a rule off.",
        "",
        f"Families: {families}.",
    ]
    if problem:
        out += ["", '!!! warning "Rule catalogue incomplete"', "", f"    {_e(problem)}"]
    table = (
        '<div class="xd-rule-filter"><label for="xd-rule-q">Filter rules</label> '
        '<input id="xd-rule-q" type="search" data-xd-filter="xd-rule-table" '
        'placeholder="rule id, family or words from the summary" autocomplete="off"></div>'
        '<div class="xd-table-wrap"><table id="xd-rule-table">'
        "<thead><tr><th>Rule</th><th>Family</th><th>Severity</th><th>Summary</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )
    out += ["", html_block(table), ""]
    return "\n".join(out)


def _family(family: str, items: list[RuleView]) -> str:
    title = _family_title(family)
    out = [front_matter(f"Rules: {title}", None, []), "", f"# Rules: {title}", ""]
    out.append(f"{len(items)} rules. [All rules](index.md)")
    whys = {v.why for v in items if v.why}
    shared = next(iter(whys)) if len(whys) == 1 and len(items) > 3 else ""
    if shared:
        out += ["", f"*Why these rules:* {_e(shared)}"]
    groups: dict[str, list[RuleView]] = defaultdict(list)
    for v in items:
        groups[v.group].append(v)
    grouped = len(groups) > 1 and len(items) > 12
    for group, members in sorted(groups.items()):
        said = shared
        if grouped:
            out += ["", f"## {_e(group or 'other')}", ""]
            whys = {v.why for v in members if v.why}
            if not shared and len(whys) == 1 and len(members) > 1:
                said = next(iter(whys))
                out += [f"*Why:* {_e(said)}"]
        for v in members:
            out += ["", html_block(_rule_block(v, said, "h3" if grouped else "h2"))]
    return "\n".join(out) + "\n"


def _rule_block(v: RuleView, shared_why: str, tag: str) -> str:
    parts = [
        f'<section class="xd-rule" id="{_anchor(v.id)}">',
        f'<{tag} class="xd-rule__id"><code>{_id_html(v.id)}</code></{tag}>',
        f'<p><span class="xd-sev xd-sev--{_e(v.severity)}">{_e(v.severity)}</span>'
        + (' <span class="xd-off">off in this project</span>' if v.off else "")
        + f" {_e(_summary(v))}</p>",
    ]
    if v.why and v.why != shared_why:
        parts.append(f"<p><em>Why:</em> {_e(v.why)}</p>")
    if v.example and not v.unfit:
        parts.append(f"<p><em>Example:</em></p><pre><code>{_e(v.example)}</code></pre>")
    if v.good:
        parts.append(f"<p><em>Instead:</em> {_e(v.good)}</p>")
    if v.fix and not v.unfit:
        parts.append(f"<p><em>Fix:</em> {_e(v.fix)}</p>")
    parts.append("</section>")
    return "".join(parts)
