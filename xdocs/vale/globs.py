"""Vale's section globs (``[*.md]``, ``[*.{md,txt}]``, ``[docs/**/*.md]``).

Vale compiles section names with gobwas/glob without path separators, so
``*`` matches any run of characters, ``/`` included. A pattern with ``**``
goes to doublestar instead (Vale's ``glob.Match``): there ``*`` and ``?``
stop at ``/`` and ``**/`` matches any number of folders, none included. We
translate the glob to an anchored regular expression once and reuse it.
"""

from __future__ import annotations

import re
from functools import lru_cache


def _translate(pattern: str) -> str:
    out: list[str] = []
    i, n = 0, len(pattern)
    depth = 0
    double = "**" in pattern
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if c == "*":
            stars = 1
            while i + 1 < n and pattern[i + 1] == "*":
                i += 1
                stars += 1
            if not double:
                out.append(".*")
            elif stars == 1:
                out.append("[^/]*")
            elif i + 1 < n and pattern[i + 1] == "/":
                out.append("(?:.*/)?")
                i += 1
            else:
                out.append(".*")
        elif c == "?":
            out.append("[^/]" if double else ".")
        elif c == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                raise ValueError(f"unclosed '[' in glob {pattern!r}")
            body = pattern[i + 1 : end]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end
        elif c == "{":
            depth += 1
            out.append("(?:")
        elif c == "}" and depth:
            depth -= 1
            out.append(")")
        elif c == "," and depth:
            out.append("|")
        else:
            out.append(re.escape(c))
        i += 1
    if depth:
        raise ValueError(f"unclosed '{{' in glob {pattern!r}")
    return "".join(out)


@lru_cache(maxsize=256)
def compile_glob(pattern: str) -> re.Pattern[str]:
    """Compile a Vale section glob; raises ValueError when it is malformed."""
    return re.compile(r"(?s:" + _translate(pattern) + r")\Z")


def glob_matches(pattern: str, path: str) -> bool:
    """True when ``path`` (or its base name, like Vale's relative matching) matches."""
    rx = compile_glob(pattern)
    path = path.replace("\\", "/")
    if rx.match(path):
        return True
    stripped = path[2:] if path.startswith("./") else path
    return bool(rx.match(stripped))
