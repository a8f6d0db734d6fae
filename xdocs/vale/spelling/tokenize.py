"""Vale's word tokenizer for spelling (``nlp.IterTokenizer`` with its defaults).

Text is cut at white space; each piece loses leading ``$ ( " [ '`` and
trailing ``, ) " ] ! ; . ? : '`` one character at a time, unless it is
"special" (an emoticon, an abbreviation such as ``e.g.`` or ``Mr.``), and a
piece without a letter is dropped. Curly quotes count as straight ones.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"^(?:[A-Za-z]\.){2,}$|^[A-Z][a-z]{1,2}\.$")
_QUOTES = str.maketrans({"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"})
_PREFIXES = ("$", "(", '"', "[", "'")
_SUFFIXES = (",", ")", '"', "]", "!", ";", ".", "?", ":", "'")
_EMOTICONS = frozenset(
    [
        "(-8",
        "(-;",
        "(-_-)",
        "(._.)",
        "(:",
        "(=",
        "(o:",
        "(¬_¬)",
        "(ಠ_ಠ)",
        "-__-",
        "8-)",
        "8-D",
        "8D",
        ":(",
        ":((",
        ":(((",
        ":()",
        ":)))",
        ":-)",
        ":-))",
        ":-)))",
        ":-*",
        ":-/",
        ":-X",
        ":-]",
        ":-o",
        ":-p",
        ":-x",
        ":-|",
        ":-}",
        ":0",
        ":3",
        ":P",
        ":]",
        ":`(",
        ":`)",
        ":`-(",
        ":o",
        ":o)",
        "=(",
        "=)",
        "=D",
        "=|",
        "@_@",
        "O.o",
        "O_o",
        "V_V",
        "XDD",
        "[-:",
        "^___^",
        "o_0",
        "o_O",
        "o_o",
        "v_v",
        "xD",
        "xDD",
    ]
) | {"(╯°□°）╯︵┻━┻", "¯\\(ツ)/¯"}


def _has_letter(s: str) -> bool:
    return any(c.isalpha() for c in s)


def _split(token: str) -> list[str]:
    out: list[str] = []
    last = -1
    while token and len(token) != last:
        if token in _EMOTICONS or _SPECIAL.search(token):
            if _has_letter(token):
                out.append(token)
            break
        last = len(token)
        if len(token) > 1 and token.startswith(_PREFIXES):
            token = token[1:]
        elif len(token) > 1 and token.endswith(_SUFFIXES):
            token = token[:-1]
        elif _has_letter(token):
            out.append(token)
    return out


def word_tokens(text: str) -> list[str]:
    """The words Vale's spelling rule checks, in order (repeats kept)."""
    clean = text.replace("&rsquo;", "'").translate(_QUOTES)
    out: list[str] = []
    for piece in clean.split():
        out += _split(piece)
    return out
