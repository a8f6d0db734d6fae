"""``BlockIgnores`` and ``TokenIgnores`` before conversion (Vale's ``Transform``).

Vale hides what a pattern matches by turning it into the format's code:
a fenced or listing block for a block pattern, an inline literal for a token
pattern, so the converter keeps it out of the prose. Front matter at the
start of the file becomes such a block too. Markdown has its own version in
the engine (it also blanks front matter and math); this module serves
AsciiDoc and reStructuredText.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import regex

_FRONT_MATTER = re.compile(r"^(?:---|\+\+\+)\n(.+?)\n(?:---|\+\+\+)", re.S)


def _inner(m: regex.Match[str]) -> str:
    """``$1`` in Vale's templates: the first group, or the match when there is none."""
    return m.group(1) if m.re.groups else m.group(0)


def _indent(s: str, pad: str) -> str:
    """Vale's ``core.Indent``: every line padded, a final newline kept."""
    if not s:
        return s
    if s.endswith("\n"):
        return "".join(pad + line + "\n" for line in s[:-1].split("\n"))
    return "\n".join(pad + line for line in s.rstrip("\n").split("\n"))


def apply_ignores(
    content: str,
    kind: str,
    blocks: Sequence[regex.Pattern[str]],
    tokens: Sequence[regex.Pattern[str]],
) -> str:
    """``content`` with ignored blocks and tokens turned into code for ``kind`` (adoc, rst)."""
    if kind == "adoc":
        s = _FRONT_MATTER.sub(lambda m: "\n----\n" + m.group(1) + "\n----\n", content, count=1)
        for rx in blocks:
            s = rx.sub(lambda m: "\n----\n" + _inner(m) + "\n----\n", s)
        for rx in tokens:
            s = rx.sub(lambda m: "`" + _inner(m) + "`", s)
        return s
    s = _FRONT_MATTER.sub(lambda m: "\n::\n\n%s\n", content, count=1)
    for rx in blocks:
        # Vale pads each match into a literal block, one replacement per match.
        for m in list(rx.finditer(s)):
            s = s.replace(m.group(0), "\n::\n\n" + _indent(m.group(0), "    ") + "\n", 1)
    for rx in tokens:
        s = rx.sub(lambda m: "``" + _inner(m) + "``", s)
    return s
