"""Front-matter is found exactly where the Hugging Face hub finds it.

``tests/card/frontmatter/`` holds one small card per shape met in real cards
(byte-exact: BOMs and ``\\r\\r\\n`` endings are kept by ``.gitattributes``).
The hub's rule, read from ``huggingface_hub/repocard.py`` (the server uses the
same): optional whitespace-only lines and whitespace before an opening
``---`` that ends its line; the YAML runs to the first later line that is
``---`` at column 0 with optional trailing spaces or tabs, and not the line
right after the opener; ``...`` does not close.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xdocs.card import load_card
from xdocs.document import Document
from xdocs.document.frontmatter import JS_SPACE

HERE = Path(__file__).parent / "frontmatter"
DATA = {"license": "mit", "datasets": ["imdb"]}

#: file -> (front-matter data or None when not recognised, first body line, warning line)
EXPECTED: dict[str, tuple[dict | None, str, int | None]] = {
    "plain.md": (DATA, "# Title", None),
    "leading-blank-line.md": (DATA, "# Title", None),
    "leading-whitespace-lines.md": (DATA, "# Title", None),
    "blank-line-before-closing-fence.md": (DATA, "# Title", None),
    "blank-lines-around.md": (DATA, "# Title", None),
    "bom.md": (DATA, "# Title", None),
    "bom-and-leading-blank-line.md": (DATA, "# Title", None),
    "crlf.md": (DATA, "# Title", None),
    "cr-cr-lf.md": (DATA, "# Title", None),
    "cr-cr-lf-leading-blank-line.md": (DATA, "# Title", None),
    "bare-cr.md": (DATA, "# Title", None),
    "indented-opening-fence.md": (DATA, "# Title", None),
    "closing-fence-trailing-spaces.md": (DATA, "# Title", None),
    "no-final-newline.md": (DATA, "", None),
    # the hub reads on to the next fence; YAML reads the second `---` as a document start
    "two-opening-fences.md": (DATA, "# Title", None),
    "empty-block.md": ({}, "# Title", None),
    "closed-by-dots.md": (None, "---", 4),
    "opening-fence-trailing-space.md": (None, "--- ", 1),
    "indented-closing-fence.md": (None, "---", 4),
    "no-closing-fence.md": (None, "---", None),
    "text-before-fence.md": (None, "# Title", None),
    "fence-at-end-of-file.md": (None, "", None),
}


def test_every_fixture_has_an_expectation() -> None:
    assert sorted(p.name for p in HERE.glob("*.md")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_front_matter_shapes(name: str) -> None:
    data, body_first, warning = EXPECTED[name]
    doc = Document.from_path(HERE / name)
    if data is None:
        assert not doc.has_front_matter
        assert doc.body == doc.text
    else:
        assert doc.has_front_matter
        assert doc.front_matter_error is None
        assert (doc.front_matter_data or {}) == data
        assert dict(doc.front_matter or {}) == data
        first_body = next((ln for ln in doc.body.split("\n") if ln.strip()), "")
        assert first_body == body_first or (body_first == "" and not first_body)
        # positions agree with the file: the license key is on its own line
        assert (
            not data or doc.line_text(doc.key_line("license")).lstrip("-\ufeff ") == "license: mit"
        )
        assert doc.front_matter_start_line == doc.front_matter_span.open_line + 1
    if data is None and body_first:
        first = next(ln for ln in doc.lines if ln.strip())
        assert first == body_first
    miss = doc.front_matter_near_miss
    assert (miss.line if miss else None) == warning
    if miss:
        assert miss.rule == "metadata/front-matter-not-read"


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if e[0] == DATA))
def test_recognised_front_matter_feeds_the_checklist(name: str) -> None:
    """The licence and datasets a card declares are seen, and the YAML is not prose."""
    card = load_card(HERE / name)
    assert card.metadata["license"] == "mit"
    assert card.metadata["datasets"] == ["imdb"]
    assert card.section("license").status == "present"
    assert card.title == "Title" or name == "no-final-newline.md"
    assert all(h.line > card.document.front_matter_end_line for h in card.document.headings)


def test_near_miss_is_reported_by_the_reader(tmp_path: Path) -> None:
    card = load_card(HERE / "closed-by-dots.md")
    found = [f for f in card.findings if f.rule == "metadata/front-matter-not-read"]
    assert len(found) == 1 and found[0].line == 4 and "`...`" in found[0].message


def test_rule_is_registered() -> None:
    from xdocs.lint.metadata import RULES

    assert "metadata/front-matter-not-read" in {r.id for r in RULES}


# -- the line model agrees with the hub's rule on raw text ------------------------------
def hub_reference(text: str) -> tuple[str, str] | None:
    """The hub's rule on raw ``\\n``-only text, written as a scanner: (yaml, rest)."""
    i = 0
    while i < len(text) and text[i] in JS_SPACE:
        i += 1
    if not text.startswith("---\n", i):
        return None
    start = i + 4
    j = start
    while True:
        j = text.find("\n---", j)
        if j == -1:
            return None
        k = j + 4
        while k < len(text) and text[k] in " \t":
            k += 1
        if k == len(text) or text[k] == "\n":
            return text[start:j], text[k + 1 :]
        j += 1


_LINE = st.sampled_from(
    ["", " ", "\t", "---", "--- ", " ---", "---\t", "...", "a: 1", "b: [x]", "# T", "\ufeff", "x"]
)


@given(st.lists(_LINE, max_size=9), st.booleans())
def test_line_model_matches_the_hub_rule(lines: list[str], final_newline: bool) -> None:
    text = "\n".join(lines) + ("\n" if final_newline and lines else "")
    doc = Document.from_text(text)
    ref = hub_reference(text)
    assert doc.has_front_matter == (ref is not None)
    if ref is not None:
        yaml, rest = ref
        assert doc.front_matter_text == yaml + "\n"
        assert doc.body == rest


# -- a front-matter recognised now keeps approve and the digest working -----------------
APPROVABLE = (
    "\n\n---\nname: Fraud Sentinel\nversion: '2.1'\nowners: [olga]\nsubmitted_by: sam\n"
    "license: apache-2.0\n\n---\n\n# Fraud Sentinel\n\n## Intended Use\n\nScores fraud.\n"
)


@pytest.mark.parametrize("newline", ["\n", "\r\r\n"])
def test_approve_and_digest_on_a_leading_blank_line_card(tmp_path: Path, newline: str) -> None:
    import datetime as dt

    from tests.workflow.conftest import ROSTER_YML
    from xdocs.workflow.approve import ApproveRequest, approve
    from xdocs.workflow.digest import card_digest
    from xdocs.workflow.roster import load_roster

    (tmp_path / "roster.yml").write_text(ROSTER_YML)
    roster = load_roster(tmp_path / "roster.yml")
    path = tmp_path / "card.md"
    path.write_bytes(APPROVABLE.replace("\n", newline).encode())
    old = path.read_bytes()
    digest = card_digest(Document.from_path(path))
    approve(
        path,
        ApproveRequest("intake", "wendy", at=dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)),
        roster,
    )
    mid = path.read_bytes()
    # one insertion, inside the front-matter, the leading blank lines and body untouched
    i = next(k for k in range(len(old)) if old[k] != mid[k])
    inserted = len(mid) - len(old)
    assert mid[i + inserted :] == old[i:] and mid[:i] == old[:i]
    assert mid.startswith((newline * 2 + "---").encode())
    doc = Document.from_path(path)
    assert doc.front_matter_span.open_line == 3
    assert [r["by"] for r in doc.front_matter_data["approvals"]] == ["wendy"]
    assert card_digest(doc) == digest  # appending a record keeps the digest
    result = approve(
        path,
        ApproveRequest(
            "intake", "max", assignee="walt", at=dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)
        ),
        roster,
    )
    assert result.state.status == "intake-passed"
    doc = Document.from_path(path)
    assert card_digest(doc) == digest
    assert doc.body.split("\n")[:3] == ["", "# Fraud Sentinel", ""]
    # an edit to the body makes the digest change (the approvals would go stale)
    path.write_bytes(path.read_bytes().replace(b"Scores fraud.", b"Scores more fraud."))
    assert card_digest(Document.from_path(path)) != digest


# -- real cards (../shared) -------------------------------------------------------------
def _old_rule(lines: list[str]) -> bool:
    """How xdocs read front-matter before: line 1 ``---``, closed by ``---`` or ``...``."""
    if not lines or lines[0].rstrip() != "---":
        return False
    return any(line.rstrip() in ("---", "...") for line in lines[1:])


@pytest.mark.corpus
def test_real_cards_front_matter_is_where_the_hub_finds_it(shared_dir: Path) -> None:
    from tests.card.test_normalize import corpus_files

    newly: list[str] = []
    disagree: list[str] = []
    missed_license: list[str] = []
    for path in corpus_files(shared_dir):
        if path.suffix != ".md":
            continue
        doc = Document.from_path(path)
        ref = hub_reference(doc.text)
        if doc.has_front_matter != (ref is not None) or (
            ref is not None and doc.front_matter_text != ref[0] + "\n"
        ):
            disagree.append(path.name)
        if doc.has_front_matter and not _old_rule(doc.lines):
            newly.append(path.name)
            data = doc.front_matter_data or {}
            if data.get("license") and not load_card(path).metadata.get("license"):
                missed_license.append(path.name)
    assert disagree == []
    assert missed_license == []
    # 50 of the 1,000 Hub cards (5%) open with a blank line: read as prose before
    assert len(newly) == 50, newly
