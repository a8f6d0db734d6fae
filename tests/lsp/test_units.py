"""The language server's parts, without a server: positions, moving findings through
edits, the vocabulary edit, the YAML context, section insertion, safe-fix choice,
rule links, which documents are linted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lsprotocol import types

from xdocs.findings import Finding, Severity
from xdocs.lsp.convert import finding_span, from_position, split_lines, to_position
from xdocs.lsp.documents import DocState, Placed, snippet, text_at

from .conftest import CARD_HEAD, LIMITATIONS, make_project


class Utf16:
    """The position codec a client that speaks UTF-16 (the default) gets."""

    @staticmethod
    def client_num_units(text: str) -> int:
        return sum(2 if ord(c) > 0xFFFF else 1 for c in text)


# -- positions -------------------------------------------------------------------------
line_text = st.text(alphabet=st.sampled_from("ab é😀\t#-:"), min_size=0, max_size=12)


@given(st.lists(line_text, min_size=1, max_size=6), st.data())
def test_positions_round_trip_in_utf16(lines: list[str], data: st.DataObject) -> None:
    line = data.draw(st.integers(1, len(lines)))
    col = data.draw(st.integers(1, len(lines[line - 1]) + 1))
    pos = to_position(lines, line, col, Utf16())
    prefix = lines[line - 1][: col - 1]
    assert pos.character == sum(2 if ord(c) > 0xFFFF else 1 for c in prefix)
    assert from_position(lines, pos, Utf16()) == (line, col)


def test_positions_are_clamped() -> None:
    lines = ["abc", "de"]
    assert to_position(lines, 99, 99, None) == types.Position(line=1, character=2)
    assert to_position(lines, 0, 0, None) == types.Position(line=0, character=0)
    assert from_position(lines, types.Position(line=50, character=50), None) == (2, 3)
    assert from_position([], types.Position(line=3, character=1), None) == (1, 1)


def test_spans_of_findings_without_an_end() -> None:
    lines = ["first line", "  word here", ""]
    f = Finding("x.md", 2, 3, "r/x", Severity.WARNING, "m")
    assert finding_span(f, lines) == (2, 3, 2, 7)  # the word it starts at
    whole = Finding("x.md", 2, 1, "r/x", Severity.WARNING, "m")
    assert finding_span(whole, lines) == (2, 1, 2, 12)  # a line-level finding
    file_level = Finding("x.md", 0, 0, "r/x", Severity.WARNING, "m")
    assert finding_span(file_level, lines) == (1, 1, 1, 11)


# -- moving findings through edits -----------------------------------------------------
class _Project:
    def display_path(self, path: Path) -> str:
        return str(path)


edit_strategy = st.tuples(
    st.integers(0, 12), st.integers(0, 3), st.integers(0, 3), st.integers(0, 4)
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(alphabet="abc xy", min_size=1, max_size=8), min_size=1, max_size=12),
    st.lists(edit_strategy, min_size=0, max_size=5),
)
def test_findings_move_with_the_text_around_them(lines: list[str], edits: list) -> None:
    """Every finding kept after a series of ranged edits still covers the text it was
    found on; only findings on edited lines are dropped."""
    text = "\n".join(lines)
    found = [
        Finding("x.md", i + 1, 1, "r/x", Severity.WARNING, "m", i + 1, len(line) + 1)
        for i, line in enumerate(lines)
    ]
    state = DocState("file:///x.md", None, _Project(), "card", 1, text)
    state.results["fast"] = __import__("xdocs.lsp.documents").lsp.documents.GroupResult(
        1, [Placed(f, snippet(f, lines)) for f in found]
    )
    version = 1
    current = text
    for start, length, tail, added in edits:
        cur_lines = current.split("\n")
        start = min(start, len(cur_lines) - 1)
        end = min(start + length, len(cur_lines) - 1)
        a = sum(len(x) + 1 for x in cur_lines[:start]) + min(tail, len(cur_lines[start]))
        b = sum(len(x) + 1 for x in cur_lines[:end]) + min(tail, len(cur_lines[end]))
        a, b = min(a, b), max(a, b)
        new = "\n".join(["new"] * added)
        version += 1
        state.log_edit(version, current.count("\n", 0, a), current.count("\n", 0, b), new)
        current = current[:a] + new + current[b:]
    state.text = current
    now = current.split("\n")
    for p in state.current("fast"):
        span = finding_span(p.finding, now)
        assert text_at(now, span) == p.snippet


def test_a_full_replacement_drops_older_findings() -> None:
    f = Finding("x.md", 1, 1, "r/x", Severity.WARNING, "m", 1, 2)
    state = DocState("file:///x.md", None, _Project(), "card", 1, "a")
    from xdocs.lsp.documents import GroupResult

    state.results["slow"] = GroupResult(1, [Placed(f, "a")])
    state.log_full(2)
    assert state.current("slow") == []


# -- the vocabulary edit ---------------------------------------------------------------
words = st.from_regex(r"[A-Za-z][A-Za-z0-9-]{0,10}", fullmatch=True)


@st.composite
def terminology_files(draw: st.DrawFn) -> str:
    lines = ["# House terminology", ""]
    if draw(st.booleans()):
        lines += ["terms:", "  - term: model card", "    reject: [modelcard]", ""]
    style = draw(st.sampled_from(["block", "indentless", "none", "empty"]))
    vocab = draw(st.lists(words, max_size=4, unique=True))
    if style == "block":
        lines.append("vocabulary:  # words spelling checkers accept")
        for w in vocab:
            lines.append(f"  - {w}")
            if draw(st.booleans()):
                lines.append("  # a comment between items")
    elif style == "indentless":
        lines.append("vocabulary:")
        lines += [f"- {w}" for w in vocab]
    elif style == "empty":
        lines.append("vocabulary:")
    if draw(st.booleans()):
        lines += ["", "other:", "  - x"]
    return "\n".join(lines) + ("\n" if draw(st.booleans()) else "")


@settings(max_examples=150, deadline=None)
@given(terminology_files(), words)
def test_add_word_appends_to_the_vocabulary_and_nothing_else(text: str, word: str) -> None:
    from xdocs.document import parse_yaml
    from xdocs.lsp.vocabulary import add_word

    before, err = parse_yaml(text, "t.yml", fast=True)
    assert err is None
    before = before or {}
    lines = split_lines(text)
    ins = add_word(lines, word)
    assert ins is not None
    if ins.line >= len(lines):
        new = text + ins.text
    else:
        new = "\n".join(lines[: ins.line]) + ("\n" if ins.line else "") + ins.text
        new += "\n".join(lines[ins.line :])
    after, err = parse_yaml(new, "t.yml", fast=True)
    assert err is None, new
    assert after["vocabulary"] == [*(before.get("vocabulary") or []), word]
    assert {k: v for k, v in after.items() if k != "vocabulary"} == {
        k: v for k, v in before.items() if k != "vocabulary"
    }
    assert len(split_lines(new)) - len(lines) in (1, 2, 3)


def test_add_word_quotes_yaml_specials_and_refuses_flow_lists() -> None:
    from xdocs.lsp.vocabulary import add_word, yaml_word

    assert yaml_word("yes") == '"yes"' and yaml_word("don't") == '"don\'t"'
    assert yaml_word("Xalura") == "Xalura"
    assert add_word(["vocabulary: [a, b]"], "word") is None
    assert add_word(["vocabulary:", "  - a"], "two words") is None


# -- the YAML context at the cursor ----------------------------------------------------
keys = st.from_regex(r"[a-z][a-z_]{0,6}", fullmatch=True)
scalars = st.from_regex(r"[a-z0-9]{1,6}", fullmatch=True)
values = st.recursive(
    scalars,
    lambda inner: (
        st.dictionaries(keys, inner, min_size=1, max_size=3)
        | st.lists(st.dictionaries(keys, inner, min_size=1, max_size=3), min_size=1, max_size=2)
        | st.lists(scalars, min_size=1, max_size=2)
    ),
    max_leaves=8,
)


def emit(
    data: dict, indent: int, path: tuple, out: list, dash_style: bool, first: str | None = None
) -> None:
    """Block YAML lines of a mapping whose keys sit at ``indent`` (the first one after
    ``first``, a list item's "- "), each value line recorded with its key path."""
    for i, (key, value) in enumerate(data.items()):
        lead = first if first is not None and i == 0 else " " * indent
        if isinstance(value, dict):
            out.append((f"{lead}{key}:", None))
            emit(value, indent + 2, (*path, key), out, dash_style)
        elif isinstance(value, list):
            out.append((f"{lead}{key}:", None))
            dash = indent if dash_style else indent + 2
            for item in value:
                if isinstance(item, dict):
                    prefix = " " * dash + "- "
                    emit(item, dash + 2, (*path, key, "[]"), out, dash_style, prefix)
                else:
                    out.append((f"{' ' * dash}- {item}", (*path, key, "[]")))
        else:
            out.append((f"{lead}{key}: {value}", (*path, key)))


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(keys, values, min_size=1, max_size=4), st.booleans())
def test_context_names_the_key_path_of_every_value(data: dict, dash_style: bool) -> None:
    from xdocs.lsp.frontmatter import context_at

    out: list = []
    emit(data, 0, (), out, dash_style)
    lines = ["---", *[line for line, _ in out], "---", "", "# Body"]
    for i, (line, path) in enumerate(out, start=2):
        if path is None:
            continue
        ctx = context_at(lines, i, len(line) + 1)
        assert ctx is not None, line
        assert ctx.path == path, (line, lines)
        assert ctx.kind == ("key" if path[-1] == "[]" else "value")


def test_context_outside_the_front_matter() -> None:
    from xdocs.lsp.frontmatter import context_at

    lines = ["---", "name: x", "---", "name: not yaml"]
    assert context_at(lines, 4, 5) is None
    assert context_at(lines, 1, 1) is None
    assert context_at(["name: x"], 1, 5) is None  # no front-matter at all
    assert context_at(["name: x"], 1, 8, structured=True).path == ("name",)


# -- inserting a missing section -------------------------------------------------------
@pytest.mark.parametrize(
    "section",
    # (not "evaluation": the card's front-matter metrics count as that section)
    ["intended_use", "out_of_scope", "limitations", "ethical_considerations", "training_data",
     "deployment"],
)  # fmt: skip
def test_insert_each_required_section_in_canonical_order(section: str) -> None:
    from xdocs.card.canonical import section_map, section_title
    from xdocs.card.model import SectionStatus
    from xdocs.lsp.sections import insertion_for, load_card_text, section_id_from_message

    full = CARD_HEAD.replace("## Ethical", LIMITATIONS + "## Ethical")
    title = section_title(section)
    lines = full.split("\n")
    start = lines.index(f"## {title}")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    text = "\n".join(lines[:start] + lines[end:])
    card = load_card_text(text, "cards/x.md")
    assert card.section(section).status is SectionStatus.ABSENT
    assert section_id_from_message(f"missing required section '{title}' (x)") == section
    ins = insertion_for(card, section)
    assert ins is not None
    lines = text.split("\n")
    new = "\n".join(lines[: ins.line]) + "\n" + ins.text + "\n".join(lines[ins.line :])
    card = load_card_text(new, "cards/x.md")
    assert card.section(section).status is SectionStatus.PLACEHOLDER
    body = card.document.body_start_line
    order = [s for s in section_map().ids if (card.section(s).line or 0) >= body]
    assert order == sorted(order, key=lambda s: card.section(s).line)


def test_insert_at_the_end_without_a_final_newline() -> None:
    from xdocs.lsp.sections import insertion_for, load_card_text

    text = CARD_HEAD.rsplit("## Deployment", 1)[0].rstrip("\n")
    card = load_card_text(text, "cards/x.md")
    ins = insertion_for(card, "deployment")
    assert ins is not None and ins.line == len(text.split("\n"))
    assert ins.text.startswith("\n\n## Deployment considerations\n\n<!-- ")


# -- choosing safe fixes as `xdocs fix` does ---------------------------------------------
@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.text(alphabet="ab c", min_size=0, max_size=10), min_size=1, max_size=5),
    st.lists(
        st.tuples(
            st.integers(1, 5), st.integers(1, 11), st.integers(0, 4), st.text("xyz", max_size=3)
        ),
        max_size=6,
    ),
)
def test_chosen_fixes_give_what_xdocs_fix_gives(lines: list[str], raw: list) -> None:
    from xdocs.document import Document
    from xdocs.lint.fix import apply_fixes
    from xdocs.lsp.actions import choose_fixes

    text = "\n".join(lines)
    findings = []
    for line, col, length, repl in raw:
        line = min(line, len(lines))
        col = min(col, len(lines[line - 1]) + 1)
        end = min(col + length, len(lines[line - 1]) + 1)
        findings.append(Finding("x.md", line, col, "r/x", Severity.WARNING, repl, line, end,
                                replacement=repl))  # fmt: skip
    # `xdocs fix` gets the runner's findings sorted by place, rule and message (stable)
    ordered = sorted(findings, key=lambda f: (f.line, f.column, f.rule, f.message))
    expected, _applied, _refused = apply_fixes(Document.from_text(text), ordered)
    chosen = choose_fixes(findings, lines)
    out = text
    offsets = [sum(len(x) + 1 for x in lines[: f.line - 1]) for f in chosen]
    for f, base in sorted(zip(chosen, offsets, strict=True), key=lambda t: -(t[1] + t[0].column)):
        a, b = base + f.column - 1, base + (f.end_column or 0) - 1
        out = out[:a] + (f.replacement or "") + out[b:]
    assert out == expected


def test_an_unsafe_fix_is_never_offered() -> None:
    """The fix that ate a link on main (Harper's RepeatedWords across ``](…)``) and one
    inside a version string are offered neither as a quick fix nor in "fix all"."""
    from xdocs.lsp.actions import choose_fixes, is_safe_alone

    lines = [
        "# Card",
        "",
        "On the [intent-dataset](https://x.test/intent-dataset) dataset.",
        "Pytorch 1.10.0+cpu, on cpu.",
    ]
    a = lines[2].index("dataset](") + 1
    b = lines[2].index("dataset.") + len("dataset") + 1
    link = Finding("x.md", 3, a, "grammar/harper/RepeatedWords", Severity.WARNING, "m", 3, b,
                   replacement="dataset")  # fmt: skip
    c = lines[3].index("cpu,") + 1
    version = Finding("x.md", 4, c, "vale/X", Severity.WARNING, "m", 4, c + 3, replacement="CPU")
    d = lines[3].index("cpu.") + 1
    word = Finding("x.md", 4, d, "vale/X", Severity.WARNING, "m", 4, d + 3, replacement="CPU")
    assert not is_safe_alone(link, lines) and not is_safe_alone(version, lines)
    assert is_safe_alone(word, lines)
    assert choose_fixes([link, version, word], lines) == [word]


# -- links to the rule catalogue -------------------------------------------------------
def test_rule_links_point_at_headings_of_the_portal_catalogue() -> None:
    import markdown

    from xdocs.config import load_config
    from xdocs.lsp.links import anchor
    from xdocs.lsp.linting import RuleBook
    from xdocs.portal.guide import guide_pages

    root = Path(__file__).resolve().parents[2]
    config = load_config(root)
    book = RuleBook(config)
    md = markdown.Markdown(extensions=["toc", "fenced_code", "tables", "attr_list", "admonition",
                                       "md_in_html"])  # fmt: skip
    # the portal's rule index (rules/): one row per rule, its id the heading slug
    html = md.convert(guide_pages(root)["rules/index.md"])
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    for rule_id in (
        "structure/missing-section",
        "terminology/Dataset",
        "grammar/harper/SpellCheck",
        "vale/Xalura.Hype",
        "workflow/stale-approval",
    ):
        assert anchor(book.anchor_id(rule_id)) in ids, rule_id
    assert html


def test_site_url_of_mkdocs_yml_is_the_base(tmp_path: Path) -> None:
    from xdocs.lsp.links import site_base

    assert site_base(str(tmp_path), 1).endswith("/site/rules/index.html")
    (tmp_path / "mkdocs.yml").write_text("site_url: https://docs.example/models/\n")
    assert site_base(str(tmp_path), 2) == "https://docs.example/models/rules/"
    (tmp_path / "mkdocs.yml").write_text("site_url: javascript:alert(1)\n")
    assert site_base(str(tmp_path), 3).startswith("file://")  # only web and file links


# -- which documents are linted ----------------------------------------------------------
def test_classify(tmp_path: Path) -> None:
    from xdocs.lsp.documents import classify
    from xdocs.lsp.project import Project

    root = make_project(tmp_path)
    project = Project(root)
    card = root / "cards" / "a.md"
    assert classify(card, "markdown", "# A card\n", project) == "card"
    assert classify(root / "README.md", "markdown", "# Read me\n", project) == ""
    assert classify(root / "notes.md", "markdown", "---\nname: x\n---\n# X\n", project) == "card"
    guide = "---\nkind: guide\ntitle: Style\n---\n# Style\n"
    assert classify(root / "docs" / "style.md", "markdown", guide, project) == "page"
    assert classify(root / "site" / "a.md", "markdown", "---\nname: x\n---\n", project) == ""
    assert classify(root / "styleguide" / "sections.yml", "yaml", "sections:\n  a: 1\n",
                    project) == ""  # fmt: skip
    assert classify(card.with_suffix(".yaml"), "yaml", "name: x\nowners: [a]\n", project) == "card"
    assert classify(None, "markdown", "# Untitled\n", project) == "card"
    assert classify(root / "x.json", "json", '{"model_details": {}}', project) == "card"
    assert classify(root / "x.json", "json", '{"a": 1}', project) == ""


def test_vocabulary_edits_stay_inside_the_project(tmp_path: Path) -> None:
    from xdocs.lsp.actions import _inside

    root = tmp_path / "project"
    (root / "styleguide").mkdir(parents=True)
    outside = tmp_path / "elsewhere.yml"
    outside.write_text("vocabulary: []\n")
    link = root / "styleguide" / "terminology.yml"
    link.symlink_to(outside)
    assert _inside(link, root) is None  # a symlink out of the tree is refused
    inner = root / "styleguide" / "sections.yml"
    inner.write_text("x: 1\n")
    assert _inside(inner, root) == inner
    assert _inside(root / ".." / "elsewhere.yml", root) is None
