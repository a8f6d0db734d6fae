"""The digest: v2 hashes what the card says; v1 (text without the approvals
block) still verifies old records, but only on layouts where it is sound."""

from __future__ import annotations

import hashlib

from hypothesis import given, settings
from hypothesis import strategies as st

from xdocs.document import Document
from xdocs.workflow.digest import (
    DigestMatcher,
    card_digest,
    card_digest_v1,
    digest_text_v1,
    normalize_digest,
    v1_is_sound,
    v1_key_block,
)

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


def doc(text: str, path: str = "card.md") -> Document:
    return Document.from_text(text, path)


def digest(text: str, path: str = "card.md") -> str:
    return card_digest(doc(text, path))


# -- v2 -------------------------------------------------------------------------------------
def test_v2_prefix_and_shape():
    value = digest(CARD)
    assert value.startswith("sha256v2:") and len(value) == len("sha256v2:") + 64
    assert normalize_digest(value) == value


def test_appending_or_removing_records_keeps_the_digest():
    more = CARD.replace("    by: max\n", "    by: max\n  - stage: evaluation\n    by: walt\n")
    none = CARD.replace(CARD[CARD.index("approvals:") : CARD.index("# introduces")], "")
    assert digest(CARD) == digest(more) == digest(none)


def test_any_edit_of_what_the_card_says_changes_the_digest():
    base = digest(CARD)
    for old, new in [
        ("Body.", "Body!"),
        ("name: X", "name: Y"),
        ("tags: [a]", "tags: [a, b]"),
        ("tags: [a]", "tags: ['1']\nextra: 1"),
        ("\n# X\n", "\n# X\n\n"),
    ]:
        assert digest(CARD.replace(old, new)) != base, (old, new)


def test_types_are_part_of_the_value():
    a = "---\nversion: 1\n---\nB\n"
    assert digest(a) != digest(a.replace("1", "'1'"))
    assert digest("---\nd: 2026-01-01\n---\nB\n") != digest("---\nd: '2026-01-01'\n---\nB\n")


def test_layout_comments_and_line_endings_do_not_count():
    base = digest(CARD)
    assert digest(CARD.replace("# introduces tags", "# introduces the tags")) == base
    assert digest(CARD.replace("tags: [a]", "tags:\n  - a")) == base
    assert card_digest(Document.from_bytes(CARD.replace("\n", "\r\n").encode(), "c.md")) == base
    assert card_digest(Document.from_bytes(b"\xef\xbb\xbf" + CARD.encode(), "c.md")) == base
    assert digest(CARD.rstrip("\n")) == base


ANCHOR = """\
---
name: X
approvals:
  - stage: intake
    by: wendy
    extra: &m
      - {name: accuracy, value: 0.91}
metrics: *m
---
Body
"""


def test_an_alias_into_the_approvals_block_is_covered():
    """Break 4: a value defined in approvals and aliased outside it changes the
    digest when it changes (v1 did not see it)."""
    edited = ANCHOR.replace("0.91", "0.99")
    assert digest(ANCHOR) != digest(edited)
    # v1 was fooled: the hashed text is the same...
    assert card_digest_v1(doc(ANCHOR)) == card_digest_v1(doc(edited))
    # ...so v1 refuses to vouch for this layout
    assert not v1_is_sound(doc(ANCHOR))
    matcher = DigestMatcher(doc(edited))
    assert not matcher.matches(card_digest_v1(doc(ANCHOR)))


INDENTED = """\
---
  approvals:
    - stage: intake
      by: wendy
  license: apache-2.0
  metrics:
    - {name: accuracy, value: 0.91}
---
Body
"""


def test_indented_front_matter_does_not_swallow_later_keys():
    """Break 4: with `approvals:` first in an indented front-matter, v1's block
    ran to the end; v2 sees the licence and metrics."""
    edited = INDENTED.replace("apache-2.0", "proprietary").replace("0.91", "0.5")
    assert digest(INDENTED) != digest(edited)
    assert card_digest_v1(doc(INDENTED)) == card_digest_v1(doc(edited))
    assert not v1_is_sound(doc(INDENTED))


def test_recursive_alias_cannot_be_hashed_but_does_not_crash():
    text = "---\na: &x [1, *x]\n---\nB\n"
    d = doc(text)
    # the front-matter loader refuses recursive aliases (an alias bomb), so the
    # digest covers the raw text instead
    assert d.front_matter_error is not None
    assert digest(text).startswith("sha256v2:")


def test_json_and_yaml_cards():
    a = '{"name": "X", "approvals": [{"by": "w"}], "v": 1}'
    b = '{\n  "v": 1,\n  "name": "X"\n}'
    assert digest(a, "c.json") == digest(b, "c.json")
    assert digest(a, "c.json") != digest(a.replace('"X"', '"Y"'), "c.json")
    y = "name: X\napprovals:\n  - by: w\nowners: [a]\n"
    assert digest(y, "c.yaml") == digest("name: X\nowners: [a]\n", "c.yaml")


# -- v1 -------------------------------------------------------------------------------------
def test_v1_block_span_and_hashed_text():
    d = doc(CARD)
    block = v1_key_block(d, "approvals")
    assert (block.start, block.end) == (3, 9)
    assert digest_text_v1(d) == (
        "---\nname: X\n# introduces tags: not part of the block\ntags: [a]\n---\n\n# X\n\nBody.\n"
    )
    expected = hashlib.sha256(digest_text_v1(d).encode()).hexdigest()
    assert card_digest_v1(d) == "sha256:" + expected
    assert v1_is_sound(d)
    assert DigestMatcher(d).matches("sha256:" + expected)


def test_v1_approvals_text_in_a_block_scalar_is_not_the_key():
    text = "---\nname: X\nabout: |\n  approvals:\n    - fake\nowners: [a]\n---\nBody\n"
    d = doc(text)
    assert not v1_key_block(d, "approvals").present
    assert digest_text_v1(d) == text


def test_normalize_digest():
    h = "ab" * 32
    assert normalize_digest(h) == normalize_digest("SHA256:" + h.upper()) == "sha256:" + h
    assert normalize_digest("sha256v2:" + h) == "sha256v2:" + h
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
    assert card_digest_v1(doc(text)) == card_digest_v1(doc(without))
    edited = text + "x\n"
    assert digest(edited) != digest(text)
