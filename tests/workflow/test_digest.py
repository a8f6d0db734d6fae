"""The digest: sha256 of the card without its approvals block."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from xdocs.document import Document
from xdocs.workflow.digest import approvals_block, card_digest, digest_text, normalize_digest

CARD = """\
---
name: X
approvals:
  # a comment inside the block
  - stage: intake
    by: wendy

  - stage: intake   # blank line above is inside the block
    by: max
# introduces tags: not part of the block
tags: [a]
---

# X

Body.
"""


def digest(text: str, path: str = "card.md") -> str:
    return card_digest(Document.from_text(text, path))


def test_block_span_and_hashed_text():
    doc = Document.from_text(CARD, "card.md")
    block = approvals_block(doc)
    assert (block.start, block.end) == (3, 9)
    assert digest_text(doc) == (
        "---\nname: X\n# introduces tags: not part of the block\ntags: [a]\n---\n\n# X\n\nBody.\n"
    )
    expected = hashlib.sha256(digest_text(doc).encode()).hexdigest()
    assert card_digest(doc) == "sha256:" + expected


def test_appending_or_removing_records_keeps_the_digest():
    more = CARD.replace("    by: max\n", "    by: max\n  - stage: evaluation\n    by: walt\n")
    none = CARD.replace(CARD[CARD.index("approvals:") : CARD.index("# introduces")], "")
    assert digest(CARD) == digest(more) == digest(none)


def test_any_other_edit_changes_the_digest():
    base = digest(CARD)
    for old, new in [
        ("Body.", "Body!"),
        ("name: X", "name: Y"),
        ("# introduces tags", "# introduces the tags"),
        ("tags: [a]", "tags: [a, b]"),
        ("\n# X\n", "\n# X\n\n"),
    ]:
        assert digest(CARD.replace(old, new)) != base, (old, new)


def test_line_endings_bom_and_final_newline_do_not_count():
    base = digest(CARD)
    assert card_digest(Document.from_bytes(CARD.replace("\n", "\r\n").encode(), "c.md")) == base
    assert card_digest(Document.from_bytes(b"\xef\xbb\xbf" + CARD.encode(), "c.md")) == base
    assert digest(CARD.rstrip("\n")) == base


def test_approvals_text_in_a_block_scalar_is_not_the_key():
    text = "---\nname: X\nabout: |\n  approvals:\n    - fake\nowners: [a]\n---\nBody\n"
    doc = Document.from_text(text, "c.md")
    assert not approvals_block(doc).present
    assert digest_text(doc) == text


def test_zero_indented_sequence_and_last_key():
    text = "---\nname: X\napprovals:\n- stage: intake\n  by: w\n---\nBody\n"
    doc = Document.from_text(text, "c.md")
    assert (approvals_block(doc).start, approvals_block(doc).end) == (3, 5)
    assert digest_text(doc) == "---\nname: X\n---\nBody\n"


def test_json_digest_ignores_formatting_and_approvals():
    a = '{"name": "X", "approvals": [{"by": "w"}], "v": 1}'
    b = '{\n  "v": 1,\n  "name": "X"\n}'
    assert digest(a, "c.json") == digest(b, "c.json")
    assert digest(a, "c.json") != digest(a.replace('"X"', '"Y"'), "c.json")


def test_yaml_card_digest():
    a = "name: X\napprovals:\n  - by: w\nowners: [a]\n"
    assert digest(a, "c.yaml") == digest("name: X\nowners: [a]\n", "c.yaml")


def test_normalize_digest():
    h = "ab" * 32
    assert normalize_digest(h) == normalize_digest("SHA256:" + h.upper()) == "sha256:" + h
    assert normalize_digest("sha256:xyz") is None
    assert normalize_digest(None) is None


_line = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\r\n\x00\x85\u2028\u2029"),
    max_size=30,
)
_value = st.from_regex(r"[a-z][a-z0-9 ]{0,12}", fullmatch=True)


@settings(max_examples=80, deadline=None)
@given(
    body=st.lists(_line, max_size=6),
    records=st.lists(st.tuples(_value, _value), max_size=4),
    extra=st.tuples(_value, _value),
)
def test_digest_depends_on_everything_but_the_approvals(body, records, extra):
    items = "".join(f"  - stage: {a}\n    note: {b}   # c\n" for a, b in records)
    head = f"---\nname: X\napprovals:\n{items}owners: [{extra[0].strip() or 'o'}]\n---\n"
    text = head + "\n".join(body) + "\n"
    without = f"---\nname: X\nowners: [{extra[0].strip() or 'o'}]\n---\n" + "\n".join(body) + "\n"
    assert digest(text) == digest(without)
    edited = text + "x\n"
    assert digest(edited) != digest(text)
