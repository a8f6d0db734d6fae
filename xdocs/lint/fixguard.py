"""Is a fix safe? Every edit is checked before ``xdocs fix`` writes it.

A fix replaces words of prose. It must never touch a link destination, code
(spans, blocks), HTML, the front-matter or an identifier (a version such as
``1.10.0+cpu``, a file name, a path, a glob, ``snake_case``, ``LunarLander-v2``).
Three checks, each of which can refuse an edit:

1. **Front-matter**: an edit inside the front-matter block is refused.
2. **Identifiers**: the run of characters around the edit (up to whitespace,
   brackets and quotes) is read; when it looks like an identifier and the
   edit changes part of it, the edit is refused. When the replaced or the
   inserted text is itself an identifier (``v2`` → ``vi``), the edit is
   refused too, unless it comes from the project's terminology file: a
   variant listed there (``F1-score`` → ``F1 score``) is a word by
   declaration.
3. **Re-parse**: the card is parsed again with the edit applied. The
   Markdown token stream must be identical, except the content of prose text
   tokens (same block and inline structure, same link destinations and
   titles, same code, same HTML, same line map), and the prose text must
   differ by exactly the replaced words (so no escape, entity or markup was
   eaten or made).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from xdocs.document import Document
from xdocs.document.markdown import walk
from xdocs.findings import Finding
from xdocs.lint.identifiers import TRAILING, looks_like_identifier, word_run


@dataclass(frozen=True)
class Edit:
    """One replacement in a document's text: ``text[start:end]`` → ``replacement``."""

    start: int
    end: int
    replacement: str
    finding: Finding


def partial_identifier(text: str, edit: Edit) -> str | None:
    """Why the edit starts or ends inside an identifier (``1.10.0+cpu``, ``*.onnx``)."""
    for at in (edit.start, edit.end):
        lo, hi = word_run(text, at, at)
        if (lo < edit.start or hi > edit.end) and looks_like_identifier(text[lo:hi]):
            return f"it would change part of the identifier `{text[lo:hi]}`"
    return None


def identifier_pieces(text: str, edit: Edit) -> str | None:
    """Why the replaced or the inserted text holds an identifier (a URL, a version)."""
    for piece in (text[edit.start : edit.end], edit.replacement):
        for run in re.split(r"[\s()\[\]{}<>\"'`“”‘’«»,;!?]+", piece):
            run = run.rstrip(TRAILING)
            if looks_like_identifier(run):
                return f"`{run}` is an identifier, not a word"
    return None


def structure(doc: Document) -> tuple[list[tuple[Any, ...]], str]:
    """(Markdown structure without prose text, the prose text) of a document.

    The structure lists every token with everything that is not prose: type,
    tag, nesting, markup, info string, attributes (link destinations, titles,
    image sources), line map, and the content of code, HTML and other
    non-text tokens. The prose is the content of the text tokens, one per
    line of the list, in order.
    """
    shape: list[tuple[Any, ...]] = [("front-matter", doc.front_matter_text)]
    prose: list[str] = []
    for tok in walk(doc.tokens):
        attrs = tuple(sorted((str(k), str(v)) for k, v in (tok.attrs or {}).items()))
        keep = tok.type not in ("text", "inline", "image")
        shape.append(
            (
                tok.type,
                tok.tag,
                tok.nesting,
                tok.markup,
                tok.info,
                attrs,
                tuple(tok.map) if tok.map else None,
                tok.content if keep else "",
            )
        )
        if tok.type == "text":
            prose.append(tok.content)
    return shape, "\x00".join(prose)


def _diff(a: str, b: str) -> tuple[str, str]:
    """(removed, inserted): the one stretch where ``a`` and ``b`` differ."""
    n = min(len(a), len(b))
    p = 0
    while p < n and a[p] == b[p]:
        p += 1
    s = 0
    while s < n - p and a[len(a) - 1 - s] == b[len(b) - 1 - s]:
        s += 1
    return a[p : len(a) - s], b[p : len(b) - s]


def apply_checked(doc: Document, edit: Edit) -> tuple[Document | None, str | None]:
    """``doc`` with ``edit`` applied, or (None, why it is not safe)."""
    text = doc.text
    if not 0 <= edit.start <= edit.end <= len(text):
        return None, "its position is outside the file"
    if doc.has_front_matter and edit.start < doc.offset(doc.body_start_line):
        return None, "it is in the front-matter"
    reason = partial_identifier(text, edit)
    if reason:
        return None, reason
    new_text = text[: edit.start] + edit.replacement + text[edit.end :]
    new_doc = Document.from_text(new_text, doc.path)
    old_shape, old_prose = doc.view(_VIEW, structure)
    new_shape, new_prose = new_doc.view(_VIEW, structure)
    if new_shape != old_shape:
        return None, "it would change the Markdown around the words (a link, code, HTML or markup)"
    if _diff(old_prose, new_prose) != _diff(text, new_text):
        return None, "it would change more than the words it replaces"
    reason = None if _declared(edit.finding) else identifier_pieces(text, edit)
    if reason:
        return None, reason
    return new_doc, None


def _declared(finding: Finding) -> bool:
    """Does the edit replace a variant the project's terminology file lists?"""
    return finding.rule.startswith("terminology/")


_VIEW = "lint.fix-structure"
