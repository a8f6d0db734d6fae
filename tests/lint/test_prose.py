"""Prose views of a card, and the proselint pass over them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from xdocs.card import load_card_from_document
from xdocs.document import Document
from xdocs.lint.prose import ProsePass
from xdocs.lint.prosetext import compact_prose, masked_text, prose_units
from xdocs.rules import LintContext

CARD = """\
---
name: demo
notes: very unique
---

# Demo

This model is very unique. Run `very unique --flag` or see https://example.com/very-unique.

```python
x = "very unique"
```

| metric | value |
| --- | --- |
| accuracy | 0.9 |

> - A quoted list item that is very unique.
"""


def test_masking_keeps_length_and_lines_and_hides_code() -> None:
    doc = Document.from_text(CARD)
    masked = masked_text(doc)
    assert len(masked) == len(doc.text)
    assert [i for i, c in enumerate(masked) if c == "\n"] == [
        i for i, c in enumerate(doc.text) if c == "\n"
    ]
    assert masked.count("very unique") == 2  # the paragraph and the quoted list item
    assert "example.com" not in masked and "--flag" not in masked and "name:" not in masked


def test_units_map_back_to_file_offsets() -> None:
    doc = Document.from_text(CARD)
    units = prose_units(doc)
    quoted = next(u for u in units if "quoted" in u.text)
    assert quoted.text.startswith("A quoted")
    off = quoted.file_offset(quoted.text.index("very"))
    assert doc.text[off : off + 11] == "very unique"
    assert [u.kind for u in units][0] == "heading"


def test_compact_prose_maps_back() -> None:
    doc = Document.from_text(CARD)
    compact = compact_prose(doc)
    assert "Demo." in compact.text  # headings end a sentence
    i = compact.text.index("very unique")
    off = compact.file_offset(i)
    assert doc.text[off : off + 11] == "very unique"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab #`*-_>|[]()\n:!.\t")), max_size=300))
def test_views_never_crash_and_stay_aligned(text: str) -> None:
    doc = Document.from_text(text)
    masked = masked_text(doc)
    assert len(masked) == len(doc.text)
    compact = compact_prose(doc)
    for local, file_off in compact.starts:
        assert 0 <= local <= len(compact.text) and 0 <= file_off <= len(doc.text)


def test_proselint_reads_prose_only(repo_config) -> None:  # noqa: ANN001
    doc = Document.from_text(CARD, "demo.md")
    found = ProsePass().run(
        load_card_from_document(doc), LintContext(repo_config, repo_config.root)
    )
    unique = [f for f in found if f.rule == "proselint/uncomparables"]
    assert [f.line for f in unique] == [8, 18]
    assert doc.lines[7][unique[0].column - 1 :].startswith("very unique")
    assert doc.lines[17][unique[1].column - 1 :].startswith("very unique")


def test_proselint_survives_empty_and_code_only_cards(repo_config) -> None:  # noqa: ANN001
    ctx = LintContext(repo_config, repo_config.root)
    for text in ("", "---\na: 1\n---\n", "```\ncode\n```\n"):
        card = load_card_from_document(Document.from_text(text, "e.md"))
        assert ProsePass().run(card, ctx) == []
