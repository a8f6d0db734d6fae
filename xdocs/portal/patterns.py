"""Regular expressions said in words, for readers of the terminology page.

``styleguide/terminology.yml`` may reject a variant by pattern
(``/\\b[Oo]pen source(?= (?:models?|software)\\b)/``). Readers should see the
words it catches and where, not the regex: :func:`describe_pattern` lists the
texts the pattern matches (a few, with every choice of letter case) and what
must follow or precede them, or says plainly that it is a pattern when it
cannot be put in words.
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+: the parser lives in re._parser (sre_parse warns on import)
    from re import _constants as _c  # type: ignore[attr-defined]
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

#: how many texts to list for one pattern or one context.
LIMIT = 6


def _expand(nodes: Any, limit: int = 24) -> list[str] | None:
    """Texts matched by the consuming part of ``nodes``, or None when unbounded."""
    out = [""]
    for op, av in nodes:
        if op is _c.LITERAL:
            choices = [chr(av)]
        elif op is _c.IN:
            choices = []
            for kind, value in av:
                if kind is _c.LITERAL:
                    choices.append(chr(value))
                elif kind is _c.RANGE:
                    choices.append(chr(value[0]))
                else:
                    return None
        elif op is _c.BRANCH:
            choices = []
            for branch in av[1]:
                sub = _expand(branch, limit)
                if sub is None:
                    return None
                choices += sub
        elif op is _c.SUBPATTERN:
            sub = _expand(av[-1], limit)
            if sub is None:
                return None
            choices = sub
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
            low, high, body = av
            sub = _expand(body, limit)
            if sub is None or low > 3:
                return None
            if low == 0 and high == 1:
                choices = ["", *sub]
            elif low >= 1 and high == low:
                choices = [s * low for s in sub]
            else:
                return None
        elif op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
            continue
        else:
            return None
        out = [a + b for a in out for b in choices][:limit]
    return out


def _contexts(nodes: Any) -> list[tuple[bool, list[str] | None]]:
    """(ahead, texts) of each lookaround at the top level (``texts`` None: unbounded)."""
    found = []
    for op, av in nodes:
        if op is _c.ASSERT:
            direction, body = av
            found.append((direction > 0, _expand(body)))
    return found


def _quote(texts: list[str]) -> str:
    shown = [f"“{t}”" for t in dict.fromkeys(texts) if t][:LIMIT]
    more = len(set(texts)) - len(shown)
    return ", ".join(shown) + (" …" if more > 0 else "")


def describe_pattern(pattern: str) -> str:
    """A pattern in words: what it catches and where (plain text, no regex)."""
    try:
        parsed = _p.parse(pattern)
    except re.error:
        return "a pattern (see styleguide/terminology.yml)"
    texts = _expand(parsed)
    if not texts:
        return "a pattern (see styleguide/terminology.yml)"
    words = _quote([t.strip() for t in texts])
    where = []
    for ahead, context in _contexts(parsed):
        if context is None:
            continue
        cleaned = [c.strip() for c in context]
        if all(not c or not any(ch.isalnum() for ch in c) for c in cleaned):
            where.append("at the end of a phrase (before punctuation or a line end)")
        else:
            listed = _quote([c for c in cleaned if c])
            where.append(f"{'before' if ahead else 'after'} {listed}")
    return words + (f" ({'; '.join(where)})" if where else "")


def is_pattern(text: str) -> bool:
    """``/…/`` marks a pattern in terminology.yml; anything else is literal text."""
    return len(text) > 2 and text.startswith("/") and text.endswith("/")
