"""Document: decoding, line numbering, front-matter and heading detection.

Every later stage trusts ``Document`` line numbers, so these tests pin the
cases real cards contain: BOMs, four line-ending styles, invalid bytes, NULs,
front-matter comments, ``#`` lines that are not headings and every heading
spelling markdown-it accepts.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xdocs.document import MAX_YAML_NODES, Document, ReadError, parse_yaml

ENDINGS = {"lf": "\n", "crlf": "\r\n", "cr": "\r", "crcrlf": "\r\r\n"}

#: A card with front-matter (a comment and a ``#`` line), a fenced ``#`` line,
#: and headings at known 1-based lines.
CARD_LINES = [
    "---",  # 1
    "name: demo  # the model's name",  # 2
    "# a YAML comment, never a heading",  # 3
    "license: mit",  # 4
    "---",  # 5
    "",  # 6
    "# Demo model",  # 7
    "",  # 8
    "Intro paragraph.",  # 9
    "",  # 10
    "```python",  # 11
    "# a shell comment, never a heading",  # 12
    "```",  # 13
    "",  # 14
    "## Intended use ##",  # 15
    "",  # 16
    "Text.",  # 17
]


def _headings(doc: Document) -> list[tuple[str, int]]:
    return [(h.text, h.line) for h in doc.headings]


# -- decoding -------------------------------------------------------------------------
@pytest.mark.parametrize("ending", list(ENDINGS), ids=list(ENDINGS))
def test_line_numbers_are_file_lines_for_every_line_ending(ending: str) -> None:
    nl = ENDINGS[ending]
    data = nl.join(CARD_LINES).encode() + nl.encode()
    doc = Document.from_bytes(data, "card.md")
    assert _headings(doc) == [("Demo model", 7), ("Intended use", 15)]
    assert doc.line_count == len(CARD_LINES)
    assert doc.front_matter_end_line == 5
    assert doc.body_start_line == 6
    assert doc.key_line("license") == 4
    assert doc.line_text(17) == "Text."
    assert "\r" not in doc.text
    assert doc.findings == []


@pytest.mark.parametrize(
    ("ending", "expected"),
    [("lf", "\n"), ("crlf", "\r\n"), ("cr", "\r")],
)
def test_newline_remembers_the_files_own_ending(ending: str, expected: str) -> None:
    nl = ENDINGS[ending]
    doc = Document.from_bytes(f"# T{nl}{nl}text{nl}more{nl}".encode())
    assert doc.newline == expected


def test_mixed_line_endings_each_end_one_line() -> None:
    doc = Document.from_bytes(b"a\nb\r\nc\rd\r\r\n# Heading\n")
    assert doc.lines[:5] == ["a", "b", "c", "d", "# Heading"]
    assert _headings(doc) == [("Heading", 5)]


def test_bom_is_dropped_and_remembered() -> None:
    doc = Document.from_bytes(b"\xef\xbb\xbf---\nname: x\n---\n# Title\n")
    assert doc.had_bom
    assert not doc.text.startswith("\ufeff")
    assert doc.has_front_matter
    assert doc.front_matter["name"] == "x"
    assert _headings(doc) == [("Title", 4)]
    assert doc.findings == []


def test_no_bom_is_not_reported_as_one() -> None:
    assert not Document.from_bytes(b"# T\n").had_bom


def test_invalid_utf8_is_a_finding_with_the_byte_offset() -> None:
    data = b"# Title\n\nsome text \xff\xfe here\n## Limitations\n"
    doc = Document.from_bytes(data, "bad.md")
    rules = [f.rule for f in doc.findings]
    assert rules == ["input/encoding"]
    finding = doc.findings[0]
    offset = data.index(b"\xff")
    assert f"byte offset {offset}" in finding.message
    assert finding.line == 3
    assert finding.path == "bad.md"
    assert str(finding.severity) == "error"
    # the rest of the file is still read
    assert _headings(doc) == [("Title", 1), ("Limitations", 4)]
    assert "\ufffd" in doc.text


def test_invalid_utf8_offset_counts_the_bom() -> None:
    data = b"\xef\xbb\xbfab\x80\n"
    doc = Document.from_bytes(data)
    assert "byte offset 5" in doc.findings[0].message


def test_nul_bytes_mean_binary() -> None:
    doc = Document.from_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.md")
    assert [f.rule for f in doc.findings] == ["input/binary"]
    assert doc.headings == []
    assert doc.tokens == []


def test_from_path_raises_read_error_for_missing_and_directory(tmp_path) -> None:
    with pytest.raises(ReadError) as missing:
        Document.from_path(tmp_path / "nope.md")
    assert "no such file" in missing.value.message
    with pytest.raises(ReadError) as directory:
        Document.from_path(tmp_path)
    assert "directory" in directory.value.message


def test_from_path_keeps_raw_bytes_and_display_path(tmp_path) -> None:
    path = tmp_path / "c.md"
    data = b"# T\r\n\r\nx\r\n"
    path.write_bytes(data)
    doc = Document.from_path(path, display_path="cards/c.md")
    assert doc.raw_bytes == data
    assert doc.path == "cards/c.md"


# -- front-matter ---------------------------------------------------------------------
def test_front_matter_round_trip_keeps_comments_and_order() -> None:
    from io import StringIO

    from xdocs.document import make_yaml

    fm = (
        "# leading comment\n"
        "name: demo   # inline comment\n"
        "version: '1.0'\n"
        "owners:\n"
        "  - alice  # lead\n"
        "  - bob\n"
        "license: apache-2.0\n"
    )
    doc = Document.from_text(f"---\n{fm}---\n\n# Demo\n")
    assert doc.front_matter_text == fm
    data = doc.front_matter
    assert list(data) == ["name", "version", "owners", "license"]
    out = StringIO()
    make_yaml().dump(data, out)
    assert out.getvalue() == fm


def test_front_matter_hash_lines_are_not_headings() -> None:
    doc = Document.from_text("---\n# comment\nname: x\n# another\n---\n# Real\n")
    assert _headings(doc) == [("Real", 6)]


def test_unclosed_front_matter_fence_is_not_front_matter() -> None:
    doc = Document.from_text("---\nname: x\n# Heading\n")
    assert not doc.has_front_matter
    assert doc.front_matter is None
    assert doc.front_matter_error is None
    assert _headings(doc) == [("Heading", 3)]


def test_front_matter_closed_by_dots_is_not_read_as_the_hub_does_not() -> None:
    """``...`` ends a YAML document, but the Hugging Face hub only closes at ``---``:
    xdocs reads what the hub reads, and says why the block is not metadata."""
    doc = Document.from_text("---\nname: x\n...\n# H\n")
    assert not doc.has_front_matter
    assert doc.front_matter_near_miss is not None and doc.front_matter_near_miss.line == 3


def test_key_line_follows_nested_paths() -> None:
    text = (
        "---\n"  # 1
        "name: x\n"  # 2
        "approvals:\n"  # 3
        "  - stage: intake\n"  # 4
        "    by: alice\n"  # 5
        "  - stage: evaluation\n"  # 6
        "    by: bob\n"  # 7
        "  - stage: docs\n"  # 8
        "    note: pending\n"  # 9
        "    by: carol\n"  # 10
        "---\n"
    )
    doc = Document.from_text(text)
    assert doc.key_line("name") == 2
    assert doc.key_line("approvals") == 3
    assert doc.key_line("approvals", 1) == 6
    assert doc.key_line("approvals", 1, "by") == 7
    assert doc.key_line("approvals", 2, "by") == 10
    # unknown keys fall back to the nearest known ancestor
    assert doc.key_line("approvals", 2, "missing") == 8
    assert doc.key_line("nothing") == 2


def test_key_line_without_front_matter_is_line_one() -> None:
    assert Document.from_text("# T\n").key_line("name") == 1


@pytest.mark.parametrize("ending", list(ENDINGS), ids=list(ENDINGS))
def test_invalid_yaml_reports_the_file_line(ending: str) -> None:
    nl = ENDINGS[ending]
    text = nl.join(["---", "name: x", "license: mit", "bad: [1, 2", "other: 3", "---", "# T", ""])
    doc = Document.from_bytes(text.encode(), "c.md")
    err = doc.front_matter_error
    assert err is not None
    assert err.rule == "metadata/yaml"
    assert err.line in (4, 5)  # the open flow sequence, or where the parser noticed
    assert 2 <= err.line <= 5
    assert doc.front_matter is None


def test_invalid_yaml_mapping_value_points_at_its_line() -> None:
    doc = Document.from_text("---\nname: x\nversion: 1\nkey: value: other\n---\n# T\n")
    assert doc.front_matter_error.line == 4
    assert doc.front_matter_error.column > 1


def test_front_matter_that_is_not_a_mapping_is_an_error() -> None:
    doc = Document.from_text("---\n- a\n- b\n---\n# T\n")
    assert doc.front_matter_error.rule == "metadata/yaml"
    assert doc.front_matter is None


def _alias_bomb(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghijklm"[: levels - 1]:
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
        prev = name
    return "\n".join(lines) + "\n"


def test_yaml_alias_bomb_is_refused_fast() -> None:
    start = time.perf_counter()
    doc = Document.from_text(f"---\n{_alias_bomb()}---\n# T\n")
    err = doc.front_matter_error
    elapsed = time.perf_counter() - start
    assert err is not None and err.rule == "metadata/yaml"
    assert "alias" in err.message
    assert doc.front_matter is None
    assert elapsed < 5


def test_parse_yaml_accepts_modest_aliases() -> None:
    data, err = parse_yaml("base: &b {x: 1}\nuse: *b\nlist: [*b, *b]\n", "x.yml")
    assert err is None
    assert data["use"]["x"] == 1
    assert MAX_YAML_NODES > 1000


def test_parse_yaml_line_offset() -> None:
    _, err = parse_yaml("a: 1\nb: [\n", "x.yml", line_offset=10)
    assert err is not None and err.line > 10


# -- headings -------------------------------------------------------------------------
def test_atx_closing_hashes_trailing_punctuation_and_inline_html() -> None:
    text = (
        "# Title #\n"  # 1
        "\n"
        "## Limitations ###\n"  # 3
        "\n"
        "## Intended Use:\n"  # 5
        "\n"
        "## <a id='x'></a>Out-of-Scope <b>Use</b>\n"  # 7
        "\n"
        "### **Training** `data` [link](http://x)\n"  # 9
        "\n"
        "#NotAHeading\n"  # 11
        "\n"
        "    # indented code, not a heading\n"  # 13
    )
    doc = Document.from_text(text)
    assert [(h.text, h.line, h.level, h.kind) for h in doc.headings] == [
        ("Title", 1, 1, "atx"),
        ("Limitations", 3, 2, "atx"),
        ("Intended Use:", 5, 2, "atx"),
        ("Out-of-Scope Use", 7, 2, "atx"),
        ("Training data link", 9, 3, "atx"),
    ]
    assert doc.headings[1].raw == "## Limitations ###"


def test_setext_headings() -> None:
    doc = Document.from_text("Title\n=====\n\nText.\n\nLimitations\n-----------\n\nMore.\n")
    assert [(h.text, h.line, h.level, h.kind) for h in doc.headings] == [
        ("Title", 1, 1, "setext"),
        ("Limitations", 6, 2, "setext"),
    ]


def test_html_block_headings_are_found_at_their_line() -> None:
    doc = Document.from_text("<div>\n<p>x</p>\n<h2>Evaluation</h2>\n</div>\n")
    assert [(h.text, h.line, h.kind) for h in doc.headings] == [("Evaluation", 3, "html")]


def test_hash_lines_in_every_kind_of_code_block_are_not_headings() -> None:
    text = "# Real\n\n~~~\n# tilde\n~~~\n\n````\n```\n# nested\n```\n````\n\n## Also real\n"
    doc = Document.from_text(text)
    assert _headings(doc) == [("Real", 1), ("Also real", 13)]


def test_tokens_and_blocks_use_file_lines_after_front_matter() -> None:
    text = "---\na: 1\nb: 2\n---\n# T\n\npara\n\n- item\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    doc = Document.from_text(text)
    kinds = [(b.kind, b.start_line) for b in doc.blocks]
    assert kinds == [("heading", 5), ("paragraph", 7), ("list", 9), ("table", 11)]
    ends = {b.kind: b.end_line for b in doc.blocks}
    assert ends["heading"] == 5 and ends["paragraph"] == 7 and ends["table"] == 13
    assert ends["list"] in (9, 10)  # markdown-it counts the blank line after a list


def test_position_and_offset_are_inverse() -> None:
    doc = Document.from_text("ab\ncde\n\nf\n")
    for offset in range(len(doc.text)):
        line, col = doc.position(offset)
        assert doc.offset(line, col) == offset
    assert doc.position(3) == (2, 1)


def test_empty_document() -> None:
    doc = Document.from_bytes(b"")
    assert doc.headings == []
    assert not doc.has_front_matter
    assert doc.findings == []


# -- key_line's indentation scanner agrees with the round-trip parser ------------------
_yaml_keys = st.text(alphabet="abcdefghij_", min_size=1, max_size=6)
_yaml_leaf = st.one_of(st.integers(-5, 5), st.text(alphabet="xyz ", max_size=5), st.booleans())
_yaml_tree = st.recursive(
    _yaml_leaf,
    lambda children: st.one_of(
        st.lists(children, min_size=1, max_size=3),
        st.dictionaries(_yaml_keys, children, min_size=1, max_size=3),
    ),
    max_leaves=12,
)


def _paths(node, prefix=()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield (*prefix, k)
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield (*prefix, i)
            yield from _paths(v, (*prefix, i))


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(_yaml_keys, _yaml_tree, min_size=1, max_size=4), st.sampled_from([0, 2]))
def test_key_line_scanner_agrees_with_round_trip_lines(data, seq_indent) -> None:
    import io

    from ruamel.yaml import YAML

    from xdocs.yamlpos import BlockYamlIndex

    yaml = YAML()
    yaml.indent(mapping=2, sequence=seq_indent + 2, offset=seq_indent)
    buf = io.StringIO()
    yaml.dump(data, buf)
    doc = Document.from_text("---\n" + buf.getvalue() + "---\n# T\n")
    fm = doc.front_matter
    for path in _paths(fm):
        node = fm
        for key in path[:-1]:
            node = node[key]
        lc = node.lc
        try:
            exact = (lc.item(path[-1]) if isinstance(path[-1], int) else lc.key(path[-1]))[0] + 2
        except (KeyError, IndexError, TypeError):
            continue
        got = BlockYamlIndex(doc.lines[1 : doc.front_matter_end_line - 1]).line(path)
        assert got is None or got + 2 == exact, (path, got, exact, buf.getvalue())


def test_html_headings_with_text_between_them_are_raw_html() -> None:
    """Found by hypothesis: ``# Title`` between two ``<h2>`` lines of one HTML
    block is raw HTML text, so the block's headings are not sections (else
    normalize moved the text and the next run read it as a heading)."""
    doc = Document.from_text("<h2>Evaluation</h2>\n# Title\n<h2>Evaluation</h2>")
    assert doc.headings == []
