"""Sentence-case headings that respect names: ``Citing ESPnet`` is sentence case.

The house writes headings in sentence case (``Training data``, not ``Training
Data``). A checker that knows only "first word capitalized, the rest lower case"
flags every heading that names something: ``Usage (with Stable-baselines3)``,
``Citing ESPnet``, ``Usage (HuggingFace Transformers)``, a heading that is a
model id or a file name. :func:`sentence_case_problem` accepts a capitalized word
after the first when it is:

* code-like or an acronym (``ESPnet``, ``ML-Agents``, ``v2``, ``GPU``);
* the start of a new sentence (after a colon, a full stop or a dash);
* a proper noun: in the house vocabulary and terminology, a name of the
  technical dictionary (``Transformers``, ``PyTorch``), or a word this card's own
  prose capitalizes in mid-sentence (``Stable Diffusion``, ``Common Voice``);

and it never judges a heading of one word or one token.
"""

from __future__ import annotations

import contextlib
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xdocs.document import Document

_WORD_EDGE = re.compile(r"^[\"'“‘(\[*_]+|[\"'”’)\],.;:!?*_]+$")
_TITLE_WORD = re.compile(r"^[A-Z][a-z]+(?:'s)?$")
_SENTENCE_BREAK = (":", ".", "!", "?", "—", "–", "-", "|")


def proper_nouns(doc: Document) -> set[str]:
    """Words the card's prose capitalizes in mid-sentence (not at a sentence start,
    not after a colon or a bracket, not in a link text or a non-prose line)."""
    cached = getattr(doc, "_xdocs_proper", None)
    if cached is not None:
        return cached
    from xdocs.lint.nonprose import nonprose
    from xdocs.lint.prosetext import masked_text, prose_units

    spans = nonprose(doc)
    masked = masked_text(doc)
    links = [(m.start(1), m.end(1)) for m in re.finditer(r"\[([^\[\]\n]{1,200})\]\(", doc.text)]
    link_spans = sorted(links)
    out: set[str] = set()
    for unit in prose_units(doc):
        if unit.kind != "paragraph":
            continue
        start = unit.line_map[0][1]
        text = masked[start : unit.end]
        previous = "."
        for m in re.finditer(r"\S+", text):
            token = m.group()
            a = start + m.start()
            word = _WORD_EDGE.sub("", token)
            mid = not previous.endswith((".", "!", "?", ":", ";")) and token[0] not in "([\"'“‘"
            if (
                mid
                and _TITLE_WORD.match(word)
                and not spans.blocks.overlaps(a, a + len(token))
                and not any(x <= a < y for x, y in link_spans)
            ):
                out.add(word.removesuffix("'s"))
            previous = token
    with contextlib.suppress(AttributeError):
        doc._xdocs_proper = out  # type: ignore[attr-defined]
    return out


def sentence_case_problem(text: str, proper: set[str], names: set[str]) -> str | None:
    """The first word that breaks sentence case in heading ``text`` (None: it is fine).

    ``proper`` holds proper nouns as written (``Diffusion``), ``names`` lower-case
    names (``transformers``, ``pytorch``)."""
    from xdocs.lint.nonprose import is_code_like

    tokens = text.split()
    # the heading starts at its first Latin word: "引用 Citation", "🔥 Model details"
    first = next((i for i, t in enumerate(tokens) if re.search(r"[A-Za-z]", t)), len(tokens))
    tokens = tokens[first:]
    if len(tokens) < 2:
        return None
    previous = tokens[0]
    for token in tokens[1:]:
        word = _WORD_EDGE.sub("", token)
        after_break = previous.endswith(_SENTENCE_BREAK) or previous in _SENTENCE_BREAK
        previous = token
        if not word or not word[0].isupper() or after_break:
            continue
        if is_code_like(token) or word.isupper() or word == "I":
            continue
        if word in proper or word.removesuffix("'s") in proper:
            continue
        if (
            word.lower() in names
            or "-" in word
            and all(part[:1].isupper() or part.lower() in names for part in word.split("-"))
        ):
            continue
        return word
    return None
