"""Documentation of proselint's checks: an example from each check's own data
and the advice its source module gives.

proselint's checks are data (phrases to avoid, preferred forms, term pairs),
so a real example is one of those phrases in a sentence, and the fix is the
preferred form; regular expressions are sampled to their shortest match. A
test runs proselint on every example and requires the check to fire.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from functools import lru_cache
from typing import Any

_TEMPLATE = "We note that {} here."
_REGEXY = re.compile(r"[\\\[\](){}?*+|^$]")


def check_example(check: Any) -> tuple[str, str] | None:
    """(sentence the check flags, the sentence with the preferred form) or None."""
    kind = type(check.check_type).__name__
    data = check.check_type
    if kind == "Existence" and data.items:
        plain = [i for i in data.items if not _REGEXY.search(i)]
        return _TEMPLATE.format(plain[0] if plain else _literal(data.items[0])), ""
    if kind == "ExistenceSimple":
        return _TEMPLATE.format(_literal(data.pattern)), ""
    if kind.startswith("PreferredForms") and data.items:
        bad, good = next(iter(data.items.items()))
        if _REGEXY.search(bad):
            return _TEMPLATE.format(_literal(bad)), ""
        return _TEMPLATE.format(bad), _TEMPLATE.format(good)
    if kind == "Consistency" and data.term_pairs:
        a, b = data.term_pairs[0]
        return f"We use {_literal(a)} here and {_literal(b)} there.", ""
    return None


def _literal(pattern: str) -> str:
    """A short text a pattern matches (a literal is itself)."""
    if not _REGEXY.search(pattern):
        return pattern
    try:
        import re._constants as C  # noqa: N812
        import re._parser as sre_parse
    except ImportError:  # pragma: no cover - older Pythons
        import sre_constants as C  # noqa: N812
        import sre_parse
    cat = {
        C.CATEGORY_DIGIT: "1",
        C.CATEGORY_SPACE: " ",
        C.CATEGORY_WORD: "a",
        C.CATEGORY_NOT_SPACE: "a",
        C.CATEGORY_NOT_DIGIT: "a",
        C.CATEGORY_NOT_WORD: " ",
    }

    def gen(items: Any) -> str:
        out = ""
        for op, av in items:
            if op is C.LITERAL:
                out += chr(av)
            elif op is C.NOT_LITERAL:
                out += "y" if chr(av) == "x" else "x"
            elif op is C.IN:
                if any(o is C.NEGATE for o, _ in av):
                    out += "x"
                    continue
                o, a = av[0]
                out += chr(a) if o is C.LITERAL else chr(a[0]) if o is C.RANGE else cat.get(a, "a")
            elif op is C.ANY:
                out += "a"
            elif op is C.BRANCH:
                out += gen(av[1][0])
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT) or str(op) == "POSSESSIVE_REPEAT":
                out += gen(av[2]) * av[0]
            elif op is C.SUBPATTERN:
                out += gen(av[-1])
            elif op is C.CATEGORY:
                out += cat.get(av, "a")
        return out

    try:
        return gen(sre_parse.parse(pattern))
    except Exception:  # noqa: BLE001 - a pattern in the regex module's own syntax
        return pattern


@lru_cache(maxsize=1)
def check_sources() -> dict[str, str]:
    """check path → the advice of the module that defines it (its docstring's
    summary and source), so each check has its own rationale."""
    import proselint.checks as package

    out: dict[str, str] = {}
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        try:
            module = importlib.import_module(info.name)
        except Exception:  # noqa: BLE001 - one odd module must not hide the others
            continue
        doc = module.__doc__ or ""
        summary = doc.strip().split("\n")[0].strip().rstrip(".")
        source = re.search(r"(?m)^source:\s*(.+)$", doc)
        words = summary + (f" (source: {source.group(1).strip()})" if source else "") + "."
        for check in getattr(module, "__register__", ()):
            path = getattr(check, "path", None)
            if path and summary and path not in out:
                out[path] = words
    return out
