"""Identifiers in prose: the words a fix or a term rule must leave alone.

Model cards are technical writing: ``Pytorch 1.10.0+cpu``, ``*.onnx``,
``pytorch_model.bin``, ``LunarLander-v2`` and ``num_epochs`` name things. A
run of characters (up to whitespace, brackets and quotes) that holds a path
or code character, two word characters joined by ``.`` or ``:``, or a letter
next to a digit is an identifier; an abbreviation such as ``e.g.`` is not.
"""

from __future__ import annotations

import re

#: characters that end a run of "word" characters around an edit.
_RUN_STOP = frozenset(" \t\n()[]{}<>\"'`“”‘’«»,;!?")
#: a run holding one of these is an identifier (path, version, glob, code, handle…).
_ID_CHARS = re.compile(r"[_/\\+=@#~*$%^|&]")
_JOINED = re.compile(r"\w[.:]\w")  # model.bin, 1.10.0, torch.nn, cuda:0
_LETTER_DIGIT = re.compile(r"[A-Za-z]\d|\d[A-Za-z]")  # v2, gpt2, 512x512, 1e3
_ABBREVIATION = re.compile(r"(?:[A-Za-z]\.)+[A-Za-z]\.?")  # e.g. i.e. U.S.
_EXTENSION = re.compile(r"\.\w")  # .onnx, .bin
#: emphasis markers around a run are markup, not part of it (``**Finetuned**``).
_EMPHASIS = "*_~"
TRAILING = ".:"


def looks_like_identifier(run: str) -> bool:
    """Does this run of non-space characters name a thing rather than say a word?"""
    if not run or _ABBREVIATION.fullmatch(run):
        return False
    return bool(
        _ID_CHARS.search(run)
        or _JOINED.search(run)
        or _LETTER_DIGIT.search(run)
        or _EXTENSION.match(run)
    )


def word_run(text: str, start: int, end: int) -> tuple[int, int]:
    """The run of characters ``text[start:end]`` sits in: up to whitespace, brackets
    or quotes, without sentence punctuation at its end or emphasis markers around it."""
    lo, hi = start, end
    while lo > 0 and text[lo - 1] not in _RUN_STOP:
        lo -= 1
    while hi < len(text) and text[hi] not in _RUN_STOP:
        hi += 1
    while hi > end and text[hi - 1] in TRAILING:
        hi -= 1
    # emphasis markers (``**word**``) are markup, not part of the word they wrap
    inner = lo
    while inner < start and text[inner] in _EMPHASIS:
        inner += 1
    if inner > lo and inner < len(text) and text[inner].isalnum():
        lo = inner
    inner = hi
    while inner > end and text[inner - 1] in _EMPHASIS:
        inner -= 1
    if inner < hi and inner > 0 and (text[inner - 1].isalnum() or text[inner - 1] in TRAILING):
        hi = inner
        while hi > end and text[hi - 1] in TRAILING:
            hi -= 1
    return lo, hi


def inside_identifier(text: str, start: int, end: int) -> str | None:
    """The identifier ``text[start:end]`` is part of, when it is only part of one."""
    lo, hi = word_run(text, start, end)
    if (lo < start or hi > end) and looks_like_identifier(text[lo:hi]):
        return text[lo:hi]
    return None
