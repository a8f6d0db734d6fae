"""Where a card's text is not prose, so the prose engines stay out of it.

Real model cards are full of text that sits in paragraphs and list items but is
not prose: hyperparameter lists (``- learning_rate: 2e-05``), generated
``key: value`` lists (``* download original weights: [opus-2020-01-20.zip](…)``),
optimizer configurations dumped as Python dicts, scikit-learn's HTML model
printouts, aligned tables of values (``False    False``), comma lists of
language codes or prompt tags, command lines and unfenced Python imports, and
code-like tokens inside
sentences (``num_epochs``, ``LunarLander-v2``, ``spm32k``, ``*.onnx``,
``tokenizer.eos_token``). Harper, proselint and Vale read all of it as English
and report "misspellings", "repeated words" and "64-word sentences".

:func:`nonprose` finds, once per Document, four kinds of span (file offsets):

* ``blocks``: lines and units that are not prose (the kinds above);
* ``tokens``: code-like tokens (identifiers, versions, file names, paths, flags,
  hashes, numbers with units);
* ``quoted``: text in quotation marks (a prompt to type, a quoted passage, a
  title) and an image's alternative text (a badge's label, "Buy me a coffee"):
  style and typography advice does not apply to someone else's words or a label;
* ``masked``: characters :func:`~xdocs.lint.prosetext.masked_text` blanked
  (code spans, HTML tags, URLs, link targets): a finding that touches them is an
  artefact of masking (``.<br>`` read as "two spaces after a period").

A bibliographic entry (``Author: Title, Journal, Vol.3, pp.1-8.``) is prose
although its author and numbers make it look like a ``key: value`` line: its
page range is the writer's to style.

Each pass asks :meth:`NonProse.covers` whether a finding's span touches a kind it
must skip. Detection is by the shape of the text only, in one linear scan.
"""

from __future__ import annotations

import bisect
import contextlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xdocs.document import Document

#: markup and punctuation around a token (``**v2**,`` → ``v2``)
_EDGE = re.compile(r"^[\s*_~\"'“”‘’(\[{<«]+|[\s*_~\"'“”‘’)\]}>»,;:!?.]+$")
#: an abbreviation written with periods (e.g., i.e., U.S., a.m.)
_ABBREVIATION = re.compile(r"^(?:[A-Za-z]{1,2}\.){2,}$")
#: a page reference (pp.1-8, p.12)
_PAGES = re.compile(r"^pp?\.\d")
_SHORTHAND = re.compile(r"^w/o?$", re.I)
#: a hyphenated word in capitals: words of four letters or more, or a prefix and such
#: words (PRE-PROCESSING, NON-COMMERCIAL); not a label or a name (I-ORG, SST-2, GPT-J)
_SHOUTING = re.compile(
    r"^(?:(?:PRE|NON|RE|CO|SUB|ANTI|POST|SEMI|SELF|MULTI|INTER|OVER|UNDER)-)?"
    r"[A-Z]{4,}(?:-[A-Z]{4,})*$"
)
_CODE_CHARS = re.compile(r"[_/\\=<>{}@#~$|^`+]|%[0-9A-Fa-f]{2}")
_DOTTED = re.compile(r"\w\.\w")
_MIXED_CASE = re.compile(r"[a-z][A-Z]|^[A-Z]{2,}[a-z]{2,}")
_DIGIT = re.compile(r"\d")
_ALNUM = re.compile(r"[A-Za-z0-9]")
_ALNUM_ANY = re.compile(r"[^\W_]")
_LETTER = re.compile(r"[A-Za-z]")
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th|s)$")
#: a plain word, possibly with markup or punctuation around it
_PLAIN_WORD = re.compile(r"^[(\[\"'“‘*_]*[^\W\d_][^\W\d_'’-]*[)\]\"'”’*_,.;:!?]*$")
_KEY_VALUE = re.compile(
    r"^[*_]{0,3}(?P<key>[^:=\n]{1,48}?)[*_]{0,3}\s*(?::|=)[*_]{0,3}\s*(?P<value>.*)$"
)
_ALIGNED = re.compile(r"\S {3,}\S")
_TIGHT_COMMA = re.compile(r"[A-Za-z)\]'\"],(?=[A-Za-z(\['\"])")
_COMMAND = re.compile(
    r"^(?:\$ |>>> |!|%)|^(?:python3?|pip3?|conda|git|bash|sh|wget|curl|cd|export|docker|"
    r"accelerate|torchrun|deepspeed|huggingface-cli|npm|make|mkdir|apt(?:-get)?|sudo|"
    r"mlagents-\w+|CUDA_VISIBLE_DEVICES=\S*)\s"
    r"|^(?:from\s+[\w.]+\s+import|import)\s+[\w.]+"  # a Python import statement
)
#: a bibliographic reference's volume, number or pages (Vol.3, No.7, pp.1-8)
_CITATION = re.compile(r"\b(?:pp?|Vol|No)\.\s?\d")
_QUOTED = re.compile(r"\"[^\"\n]{1,400}\"|“[^”\n]{1,400}”|(?<![\w'])'[^'\n]{1,200}'(?![\w'])")
_VISIBLE = re.compile(r"[^ \t\n]")
_SENTENCE_END = re.compile(r"[.!?][\"')\]*_]*$")


def is_code_like(token: str) -> bool:
    """Whether a whitespace-delimited token is code, a name or a number, not a word.

    ``num_epochs``, ``LunarLander-v2``, ``wav2vec2``, ``SentencePiece``, ``RoBERTa``,
    ``opus-2020-01-20.zip``, ``*.onnx``, ``--config``, ``1.10.0+cpu``, ``512x512``,
    ``16GB``, ``a0966db6``: yes. ``e.g.``, ``pp.1-8``, ``2011-2018``, ``80-90%``,
    ``1990s``, ``pre-trained``: no.
    """
    core = _EDGE.sub("", token)
    if not _ALNUM.search(core):
        return False
    dotted = token.strip("*_~\"'“”‘’()[]{}<>«»,;:!?")
    if _ABBREVIATION.match(dotted) or _PAGES.match(core) or _ORDINAL.match(core):
        return False
    if _SHORTHAND.match(core):
        return False  # w/, w/o
    parts = core.split("-")
    shouting = _SHOUTING.match(core) is not None  # PRE-PROCESSING, MULTI-TASK: words
    if len(parts) > 1 and not shouting and any(len(p) >= 2 and p.isupper() for p in parts):
        return True  # I-ORG, ML-Agents, SST-2: a label or a name
    if core.startswith("-") and len(core) > 1 and (core[1] == "-" or core[1].islower()):
        return True  # --flag, -v
    if core.startswith(".") and len(core) > 1 and core[1].isalpha():
        return True  # .onnx
    if "*" in core and _LETTER.search(core):
        return True  # *.onnx (a glob)
    if _CODE_CHARS.search(core) or _DOTTED.search(core) or _MIXED_CASE.search(core):
        return True
    return bool(_DIGIT.search(core) and _LETTER.search(core))


def _prose_ratio(tokens: list[str]) -> float:
    """The share of tokens that are plain words (punctuation alone does not count)."""
    tokens = [t for t in tokens if _ALNUM_ANY.search(t)]
    if not tokens:
        return 1.0
    return sum(1 for t in tokens if _PLAIN_WORD.match(t) and not is_code_like(t)) / len(tokens)


def line_kind(line: str, raw: str | None = None) -> str | None:
    """Why one line of a paragraph or list item is not prose (None: it is prose).

    ``line`` is the masked line (code spans, URLs and tags blanked), ``raw`` the
    line as written (alignment and command lines are judged on it)."""
    text = line.strip()
    raw = (raw if raw is not None else line).strip()
    if not text:
        return None
    tokens = text.split()
    raw_tokens = raw.split()
    if _COMMAND.match(raw) and (
        len(raw_tokens) == 1 or any(is_code_like(t) for t in raw_tokens[1:])
    ):
        return "command"
    if _ALIGNED.search(raw) and len(raw_tokens) <= 16 and not _SENTENCE_END.search(raw):
        return "values"
    if len(_TIGHT_COMMA.findall(text)) >= 3:
        return "list"
    if is_citation(text):
        return None  # a bibliographic entry: "Author: Title, Journal, Vol.3, pp.1-8."
    m = _KEY_VALUE.match(text)
    if m:
        key, value = m.group("key").strip(), m.group("value").strip()
        key_words = key.split()
        value_tokens = value.split()
        if (
            key_words
            and value_tokens
            and len(key_words) <= 6
            and "://" not in key
            and not _SENTENCE_END.search(key)
            and (
                len(value_tokens) <= 8
                and not _SENTENCE_END.search(value)
                or _prose_ratio(value_tokens) < 0.5
            )
        ):
            return "key-value"
    if len(tokens) >= 4 and _prose_ratio(tokens) < 0.45:
        return "dump"
    return None


def is_citation(text: str) -> bool:
    """Whether ``text`` (a line or a paragraph) is a bibliographic entry: it gives a
    volume, a number or pages and ends as a sentence does."""
    return bool(_CITATION.search(text)) and bool(_SENTENCE_END.search(text.rstrip()))


def unit_kind(text: str) -> str | None:
    """Why a whole paragraph is not prose: mostly symbols, markup and numbers (a
    citation is judged line by line, as prose)."""
    tokens = text.split()
    if is_citation(text):
        return None
    if len(tokens) >= 6 and _prose_ratio(tokens) < 0.45:
        return "dump"
    symbols = sum(1 for c in text if c in "{}[]<>=|\\'\"")
    if len(text) >= 80 and symbols / len(text) > 0.08:
        return "dump"
    return None


class Intervals:
    """Sorted, merged ``[start, end)`` spans with an overlap query in O(log n)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for a, b in sorted(s for s in spans if s[1] > s[0]):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self.starts = [a for a, _ in merged]
        self.ends = [b for _, b in merged]

    def __len__(self) -> int:
        return len(self.starts)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` (an empty span: the character at ``start``) touches a span."""
        end = max(end, start + 1)
        i = bisect.bisect_right(self.starts, end - 1) - 1
        return i >= 0 and self.ends[i] > start

    def covers(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` lies inside one span."""
        i = bisect.bisect_right(self.starts, start) - 1
        return i >= 0 and self.ends[i] >= max(end, start + 1)


@dataclass
class NonProse:
    """The non-prose spans of one document (file offsets)."""

    blocks: Intervals
    tokens: Intervals
    quoted: Intervals
    masked: Intervals

    def covers(self, start: int, end: int, kinds: tuple[str, ...] = ("blocks", "tokens",
               "quoted", "masked")) -> bool:  # fmt: skip
        """Whether ``[start, end)`` touches a span of any of ``kinds``."""
        return any(getattr(self, kind).overlaps(start, end) for kind in kinds)


#: what prose rules skip by default: everything that is not the writer's own prose
ALL = ("blocks", "tokens", "quoted", "masked")
#: an image's alternative text: ``![group 1](``
_IMAGE_ALT = re.compile(r"!\[([^\[\]\n]{1,300})\]\(")


def nonprose(doc: Document) -> NonProse:
    """The non-prose spans of ``doc`` (cached on the document)."""
    cached = getattr(doc, "_xdocs_nonprose", None)
    if cached is not None:
        return cached
    from xdocs.lint.prosetext import masked_text, prose_units

    text = doc.text
    masked = masked_text(doc)
    blanked: list[tuple[int, int]] = []
    for run in re.finditer(r" +", masked):
        inner = _VISIBLE.search(text, run.start(), run.end())
        if inner is not None:
            last = text[run.start() : run.end()].rstrip(" \t")
            blanked.append((inner.start(), run.start() + len(last)))

    tokens = [(m.start(), m.end()) for m in re.finditer(r"\S+", masked) if is_code_like(m.group())]
    quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(masked)]
    quoted += [(m.start(1), m.end(1)) for m in _IMAGE_ALT.finditer(text)]

    blocks: list[tuple[int, int]] = []
    for unit in prose_units(doc):
        if unit.kind != "paragraph":
            continue
        first = unit.line_map[0][1]
        last_local, last_file = unit.line_map[-1]
        end = last_file + (len(unit.text) - last_local)
        if unit_kind(masked[first:end]) is not None:
            blocks.append((first, end))
            continue
        pieces = unit.text.split("\n")
        lines = [
            (file_off, file_off + len(piece))
            for (_, file_off), piece in zip(unit.line_map, pieces, strict=False)
        ]
        flagged = [s for s in lines if line_kind(masked[s[0] : s[1]], text[s[0] : s[1]])]
        if len(flagged) == len(lines):
            blocks.append((first, end))
        else:
            blocks.extend(flagged)
    result = NonProse(Intervals(blocks), Intervals(tokens), Intervals(quoted), Intervals(blanked))
    with contextlib.suppress(AttributeError):
        doc._xdocs_nonprose = result  # type: ignore[attr-defined]
    return result
