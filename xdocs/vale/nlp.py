"""Sentence segmentation and word tokens, close to what Vale's prose library does.

Vale splits blocks into sentences with a Punkt model (jdkato/prose). We use
rules instead of a trained model: a sentence ends at ``.``, ``!`` or ``?``
(plus closing quotes and brackets) followed by white space and a capital,
digit or opening quote, unless the word before is a known abbreviation or a
single initial. It agrees with Punkt on ordinary prose, which is what
``scope: sentence`` rules and the repetition check need.
"""

from __future__ import annotations

import regex

# The abbreviations of the English Punkt model Vale's segmenter loads (and the
# four twine adds: sgt, gov, no, mt). Punkt does not know "eg", "ie", "etc",
# "cf", "fig", ...: after those a capital starts a new sentence. Dotted forms
# ("e.g.", "U.S.") are recognised by their shape, like twine's multi-period rule.
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "inc", "ltd", "co", "corp",
    "jan", "feb", "mar", "aug", "sep", "sept", "oct", "nov", "dec", "mt", "ft", "gen", "col",
    "lt", "sgt", "gov", "no", "u.s", "u.k", "a.m", "p.m", "ph.d", "e.g", "i.e",
}  # fmt: skip

_BOUNDARY = regex.compile(r"""([.!?…]+)(['"’”)\]]*)(\s+)(?=[\p{Lu}\p{N}'"“‘(\[*@`_-])""")
_WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’._-]*|[^\s\p{L}\p{N}]")


def segment(text: str) -> list[str]:
    """Split ``text`` into sentences (the pieces keep their own spacing)."""
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.start(3)
        before = text[start : m.start(1)]
        word = before.rsplit(None, 1)[-1] if before.strip() else ""
        w = word.lower().strip("(\"'")
        if m.group(1) == "." and (
            w in ABBREVIATIONS or (len(w) == 1 and w.isalpha()) or regex.fullmatch(r"(\w\.)+\w", w)
        ):
            continue
        piece = text[start:end]
        if piece.strip():
            out.append(piece)
        start = m.end(3)
    rest = text[start:]
    if rest.strip() or not out:
        out.append(rest)
    return out


def words(text: str) -> list[str]:
    """Word tokens (used to guess a location when a match cannot be found verbatim)."""
    return _WORD.findall(text)
