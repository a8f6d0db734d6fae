"""Safe fixes are safe: a fix never touches links, code, HTML, front-matter or identifiers.

Reproduced first (measured on main over ../shared): Harper's RepeatedWords fix
turned ``[intent-dataset](https://…/intent-dataset) dataset.`` into
``[intent-dataset.``; terminology/CPU turned ``Pytorch 1.10.0+cpu`` into
``+CPU``; a Vale substitution turned ``*.onnx`` into ``*.ONNX``.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xdocs.document import Document
from xdocs.document.markdown import walk
from xdocs.findings import Finding, Severity
from xdocs.lint.fix import apply_fixes
from xdocs.lint.fixguard import Edit, apply_checked
from xdocs.lint.identifiers import inside_identifier, looks_like_identifier
from xdocs.lint.terminology import check_text, parse_terminology

INTENT = (
    "# Card\n\nThis model is a fine-tuned version of "
    "[facebook/wav2vec2-base](https://huggingface.co/facebook/wav2vec2-base) on the "
    "[intent-dataset](https://huggingface.co/datasets/MuhammadIqbalBazmi/intent-dataset) "
    "dataset.\n"
)


def finding_for(doc: Document, start: int, end: int, replacement: str, rule: str = "t/x"):
    line, col = doc.position(start)
    end_line, end_col = doc.position(end)
    return Finding(
        doc.path, line, col, rule, Severity.WARNING, "m", end_line, end_col, replacement=replacement
    )


def fix(text: str, old: str, new: str, occurrence: int = 0) -> tuple[str, int, list]:
    doc = Document.from_text(text)
    starts = [m.start() for m in re.finditer(re.escape(old), text)]
    start = starts[occurrence]
    return apply_fixes(doc, [finding_for(doc, start, start + len(old), new)])


# -- the measured failures --------------------------------------------------------------
def test_repeated_words_across_a_link_is_refused() -> None:
    """Harper's span ran from the link text's "dataset" to the word after the link."""
    start = INTENT.index("dataset](")
    end = INTENT.index("dataset.\n") + len("dataset")
    doc = Document.from_text(INTENT)
    text, applied, refused = apply_fixes(doc, [finding_for(doc, start, end, "dataset")])
    assert (text, applied) == (INTENT, 0)
    assert "Markdown" in refused[0].reason


def test_a_version_string_is_never_changed() -> None:
    text = "# T\n\n- Pytorch 1.10.0+cpu\n"
    new, applied, refused = fix(text, "cpu", "CPU")
    assert (new, applied) == (text, 0) and "1.10.0+cpu" in refused[0].reason
    new, applied, _ = fix(text, "Pytorch", "PyTorch")
    assert new == "# T\n\n- PyTorch 1.10.0+cpu\n" and applied == 1


def test_terminology_does_not_fire_inside_identifiers() -> None:
    terms = parse_terminology(
        "terms:\n  - term: CPU\n    reject: [cpu]\n  - term: ONNX\n    reject: [onnx]\n"
        "  - term: PyTorch\n    reject: [Pytorch, pytorch]\n",
        "t.yml",
    )
    masked = "Pytorch 1.10.0+cpu, our *.onnx file, pytorch_model.bin, cuda:cpu; runs on cpu."
    found = [(masked[s:e], r) for _t, s, e, r in check_text(terms, masked)]
    assert found == [("Pytorch", "PyTorch"), ("cpu", "CPU")]  # only the words


@pytest.mark.parametrize(
    ("text", "old", "new"),
    [
        ("Use `the the` here.\n", "the the", "the"),  # code span
        ("```\nthe the\n```\n", "the the", "the"),  # fenced code
        ("    the the\n", "the the", "the"),  # indented code
        ("See [docs](https://x.test/the-the) now.\n", "the-the", "the"),  # destination
        ('See [docs](https://x.test "the the") now.\n', "the the", "the"),  # link title
        ("An <b title='the the'>x</b>.\n", "the the", "the"),  # inline HTML
        ("<div>\nthe the\n</div>\n", "the the", "the"),  # HTML block
        ("![alt](the/the.png)\n", "the/the.png", "a.png"),  # image source
        ("See <https://x.test/the>.\n", "https://x.test/the", "x"),  # autolink
        ("[the]: https://x.test\n\nSee [the].\n", "[the]:", "[a]:"),  # reference label
        ("Say a *b* c.\n", "*b*", "b"),  # emphasis
        ("Escaped \\*star\\* here.\n", "\\*star", "*star"),  # an escape eaten
        ("Fish &amp; chips.\n", "&amp;", "&"),  # an entity
    ],
)
def test_edits_outside_prose_words_are_refused(text: str, old: str, new: str) -> None:
    fixed, applied, refused = fix("# T\n\n" + text, old, new)
    assert applied == 0 and fixed == "# T\n\n" + text and refused


def test_front_matter_is_never_edited() -> None:
    text = "\n---\nlicense: the the\n---\n# T\n\nthe the\n"
    fixed, applied, refused = fix(text, "the the", "the", 0)
    assert applied == 0 and refused[0].reason == "it is in the front-matter"
    fixed, applied, _ = fix(text, "the the", "the", 1)
    assert applied == 1 and fixed.endswith("# T\n\nthe\n")


def test_prose_edits_inside_emphasis_links_and_lists_are_applied() -> None:
    text = "# T\n\n- **Finetuned** on [the data](https://x.test) by Xalura tech.\n"
    fixed, applied, _ = fix(text, "Finetuned", "Fine-tuned")
    assert applied == 1 and "**Fine-tuned**" in fixed
    fixed, applied, _ = fix(text, "the data", "the dataset")
    assert applied == 1 and "[the dataset](https://x.test)" in fixed
    fixed, applied, _ = fix(text, "Xalura tech", "Xalura Tech")
    assert applied == 1


def test_two_safe_edits_cannot_combine_into_markup() -> None:
    text = "# T\n\nalpha beta gamma\n"
    doc = Document.from_text(text)
    a, b = text.index("alpha"), text.index("gamma")
    findings = [finding_for(doc, a, a + 5, "*alpha"), finding_for(doc, b, b + 5, "gamma*")]
    fixed, applied, refused = apply_fixes(doc, findings)
    assert applied <= 1 and "*alpha beta gamma*" not in fixed


@pytest.mark.parametrize(
    "run",
    ["1.10.0+cpu", "*.onnx", "pytorch_model.bin", "LunarLander-v2", "num_epochs", "cuda:0", "gpt2"],
)
def test_identifiers(run: str) -> None:
    assert looks_like_identifier(run)
    text = f"x {run} y"
    assert inside_identifier(text, text.index(run) + 1, text.index(run) + 2) == run


@pytest.mark.parametrize("word", ["e.g.", "i.e", "pre-trained", "Pytorch", "HuggingFace", "U.S."])
def test_words_are_not_identifiers(word: str) -> None:
    assert not looks_like_identifier(word.rstrip("."))


# -- property: an applied fix changes nothing but prose words ---------------------------
_BLOCKS = st.sampled_from(
    [
        "Plain words the the here.",
        "A [link text](https://x.test/a_b) and more words.",
        "Some `code span` and words.",
        "```python\nthe the = 1\n```",
        "<div>html the the</div>",
        "- item one\n- item **two** here",
        "| a | b |\n|---|---|\n| the | the |",
        "> quoted the words",
        "![alt words](img/x.png)",
        "Pytorch 1.10.0+cpu and *.onnx files.",
        "An &amp; entity and \\*escaped\\* stars.",
    ]
)
_WORDS = st.sampled_from(["the", "a", "an", "words", "X", "*", "`", "[", "](", "\n", "<b>", ""])


def _invariants(doc: Document) -> tuple:
    out = [doc.front_matter_text]
    for tok in walk(doc.tokens):
        if tok.type in ("code_inline", "fence", "code_block", "html_block", "html_inline"):
            out.append((tok.type, tok.content))
        if tok.attrs:
            out.append((tok.type, tuple(sorted(tok.attrs.items()))))
    return tuple(out)


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(_BLOCKS, min_size=1, max_size=5), st.data())
def test_an_accepted_edit_changes_only_prose(blocks: list[str], data) -> None:
    text = "---\nlicense: mit\n---\n# T\n\n" + "\n\n".join(blocks) + "\n"
    doc = Document.from_text(text)
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 30)))
    replacement = data.draw(_WORDS)
    f = finding_for(doc, start, end, replacement)
    new_doc, reason = apply_checked(doc, Edit(start, end, replacement, f))
    if new_doc is None:
        assert reason
        return
    assert _invariants(new_doc) == _invariants(doc)
    assert new_doc.text == text[:start] + replacement + text[end:]
    removed = text[start:end]
    for piece in re.split(r"\s+", removed + " " + replacement):
        assert not looks_like_identifier(piece.strip("().,;:!?[]\"'"))


# -- declared terms that hold a digit are still words -------------------------------------
def test_a_declared_term_with_a_digit_is_still_found_and_fixed() -> None:
    """``F1-score`` is a variant the house terminology lists: a word, not an identifier."""
    terms = parse_terminology(
        "terms:\n  - term: F1 score\n    reject: [F1-score, f1 score]\n", "t.yml"
    )
    masked = "The F1-score and the f1 score; eval_f1-score.json stays."
    found = [(masked[s:e], r) for _t, s, e, r in check_text(terms, masked)]
    assert found == [("F1-score", "F1 score"), ("f1 score", "F1 score")]
    text = "# T\n\nThe F1-score is high.\n"
    doc = Document.from_text(text)
    start = text.index("F1-score")
    f = finding_for(doc, start, start + 8, "F1 score", rule="terminology/F1-score")
    fixed, applied, _ = apply_fixes(doc, [f])
    assert applied == 1 and fixed == "# T\n\nThe F1 score is high.\n"


def test_an_undeclared_fix_of_a_whole_identifier_is_refused() -> None:
    """A grammar suggestion on ``v2`` (Harper: "vi") changes a name: refused."""
    text = "# T\n\nTrained with v2 weights.\n"
    doc = Document.from_text(text)
    start = text.index("v2")
    f = finding_for(doc, start, start + 2, "vi", rule="grammar/SpellCheck")
    fixed, applied, refused = apply_fixes(doc, [f])
    assert applied == 0 and fixed == text and "identifier" in refused[0].reason
