"""Card sections rendered from the Document's tokens (xdocs.portal.card_html).

The card is parsed once; a section that shows the card's own lines renders their
tokens. Output is what the section's own Markdown renders to, except two fixed drifts:
reference links resolve against definitions anywhere in the card, and blocks of two
card sections placed in one portal section are no longer merged (two lists stayed two
lists in the card and in ``xdocs normalize``, but showed as one loose list)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_portal_safe import PAYLOAD

from xdocs.card import load_card_from_document
from xdocs.document import Document
from xdocs.document.markdown import MARKDOWN
from xdocs.portal.card_html import _own_tokens, section_html
from xdocs.portal.content import sections_with_parts
from xdocs.portal.entries import entry_from_card
from xdocs.portal.safe import render_card_markdown
from xdocs.workflow.roster import Roster


def _sections(text: str, name: str = "card.md") -> dict[str, str]:
    card = load_card_from_document(Document.from_text(text, name))
    doc = card.document if card.format in ("markdown", "hf") else None
    return {s.heading: section_html(doc, parts) for s, parts in sections_with_parts(card)}


def test_a_section_renders_from_tokens_as_its_markdown_renders() -> None:
    text = (
        "# Model\n\nIntro *text*.\n\n## Intended Use\n\nFor triage.\n\n### Users\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nx = 1\n```\n"
    )
    card = load_card_from_document(Document.from_text(text))
    [(_s, overview), (section, parts)] = sections_with_parts(card)[:2]
    assert all(_own_tokens(card.document, p) is not None for p in (*overview, *parts))
    assert section_html(card.document, parts) == render_card_markdown(section.markdown)
    assert "<h3>Users</h3>" in section_html(card.document, parts)  # re-levelled from tokens


def test_a_reference_link_resolves_against_a_definition_elsewhere_in_the_card() -> None:
    html = _sections(
        "# M\n\n## Intended Use\n\nSee the [paper][P].\n\n## Citation\n\n[P]: https://ex.org/p\n"
    )
    assert '<a href="https://ex.org/p"' in html["Intended use"]


def test_two_lists_of_two_card_sections_stay_two_lists() -> None:
    html = _sections(
        "# M\n\n## Training Hyperparameters\n\n- lr: 1\n- seed: 2\n\n"
        "## Training Procedure\n\n- Transformers 4\n- Torch 2\n"
    )
    [training] = [h for k, h in html.items() if k.lower().startswith("training")]
    assert training.count("<ul>") == 2 and "<p>" not in training


def test_a_bold_label_and_a_json_card_are_parsed_with_the_shared_configuration(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    parsed: list[str] = []
    real = type(MARKDOWN).parse

    def spy(self, src, env=None):  # noqa: ANN001, ANN202
        assert self is MARKDOWN  # one configuration, not another instance
        parsed.append(src)
        return real(self, src, env)

    monkeypatch.setattr(type(MARKDOWN), "parse", spy)
    html = _sections(
        "# M\n\n## Uses\n\nScores claims.\n**Out-of-scope:** Fraud ~~decisions~~.\n", "label.md"
    )
    assert any("Out-of-scope" in t for t in parsed[1:])  # the label's lines, parsed alone
    assert "<s>decisions</s>" in "".join(html.values())
    json_card = '{"model_details": {"name": "J", "overview": "A *JSON* card."}}'
    html = _sections(json_card, "card.json")
    assert "<em>JSON</em>" in "".join(html.values())


def test_hostile_card_text_is_sanitized_on_the_token_path() -> None:
    text = f"---\nname: Evil\n---\n\n# Evil\n\n## Intended Use\n\n{PAYLOAD}\n## Limitations\n\nx\n"
    card = load_card_from_document(Document.from_text(text, "evil.md"))
    entry = entry_from_card(card, Roster())
    out = "".join(entry.sections_html).lower()
    for bad in ("<script", "onerror", "onload", "onclick", "<iframe", "<svg", "evil.example"):
        assert bad not in out, bad
    assert not re.search(r"(href|src)\s*=\s*[\"']?\s*(javascript|data):", out)


@pytest.mark.corpus
def test_real_cards_token_slices_render_as_their_text(shared_dir: Path) -> None:
    """Every part shown from tokens renders as its own text would (with the card's link
    definitions), on the real cards: the slice is exactly the card's blocks."""
    cards = sorted((shared_dir / "corpus" / "cards").glob("*.md"))
    cards += sorted((shared_dir / "corpus" / "hf-sample").glob("*.md"))[::10]
    checked = 0
    for path in cards:
        card = load_card_from_document(Document.from_path(path))
        doc = card.document
        refs = doc.markdown_env.get("references", {})
        for _section, parts in sections_with_parts(card):
            for part in parts:
                tokens = _own_tokens(doc, part)
                if tokens is None or part.level:
                    continue
                env = {"references": dict(refs)}
                want = MARKDOWN.render(part.markdown + "\n", env)
                got = MARKDOWN.renderer.render(tokens, MARKDOWN.options, env)
                # (a raw HTML block on the file's last line has no line break to keep)
                assert got.rstrip("\n") == want.rstrip("\n"), (path.name, part.lines)
                checked += 1
    assert checked > 500
