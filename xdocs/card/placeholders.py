"""Template filler, from its one source: ``styleguide/placeholders.yml``.

Two consumers read the same facts. The section judge counts a line that is only
filler (``TODO``, ``[More Information Needed]``, a template's guidance sentence)
as a placeholder, and the house Vale style flags filler wherever it appears in
prose (``vale_styles/Xalura/Placeholders.yml``). The Vale rule is *generated*
from this file by ``xdocs styleguide sync`` (:mod:`xdocs.lint.termsync`), so a
word added for one is never missing from the other.

The file holds words and sentences; the *shapes* of filler (a line that starts
with ``TODO``, ``{{ variable }}``, ``[optional]``, ``insert … here``) are
patterns, kept here in code beside the words they wrap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

#: where the words live, relative to the package root
SOURCE = "styleguide/placeholders.yml"

#: shapes of a line that is only filler, whatever the words
_SHAPES = r"""
      \[?\s*(?:more\s+)?information\s+needed\s*\]?\s*\.?
    | \[?\s*more\s+info(?:rmation)?\s+(?:needed|required|coming\s+soon|to\s+come)\s*\]?\.?
    | \[?\s*needs?\s+more\s+information\s*\]?\.?
    | (?:todo|tbd|fixme)\b.*
    | \[?\s*(?:coming\s+soon|to\s+be\s+(?:added|determined|announced|completed|updated))\s*\]?\.?
    | \[?\s*(?:placeholder|insert\s+.*|add\s+.*\s+here|describe\s+.*\s+here
            |your\s+.*\s+here)\s*\]?\.?
    | \{\{[^}]*\}\}
    | \{[a-z_0-9]+\}
    | \[\s*optional\s*\]
    | \[[^\]]{0,80}\]\s*(?:\(\s*\))?
"""


@dataclass(frozen=True)
class Placeholders:
    """The filler vocabulary.

    ``filler``: regexes (Vale token syntax, matched ignoring case) for filler
    that is wrong anywhere in prose; ``line_filler``: words that are filler only
    when they are all a line says ("None" is a fine word in a sentence);
    ``template_sentences``: guidance sentences of well-known card templates.
    """

    filler: tuple[str, ...]
    line_filler: tuple[str, ...]
    template_sentences: frozenset[str]

    def is_filler_line(self, text: str) -> bool:
        """Whether a line is nothing but filler (bracketed or not, with end punctuation)."""
        text = text.strip()
        return bool(text) and bool(
            _words_pattern(self.filler + self.line_filler).match(text) or _SHAPE_LINE.match(text)
        )


_SHAPE_LINE = re.compile(rf"^(?:{_SHAPES})$", re.I | re.X)


@lru_cache(maxsize=4)
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # not re.X: tokens are written as Vale reads them, where a space is a space
    alternatives = "|".join(f"(?:{w})" for w in words)
    return re.compile(rf"^\[?\s*(?:{alternatives})\s*\]?[.:!]?$", re.I)


def parse_placeholders(text: str, path: str) -> Placeholders:
    """Read placeholders.yml; raises ValueError naming the file for a malformed one."""
    from xdocs.document import parse_yaml

    data, err = parse_yaml(text, path)
    if err is not None or not isinstance(data, dict):
        raise ValueError(f"{path}: {err.message if err else 'expected a mapping'}")

    def strings(key: str) -> list[str]:
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise ValueError(f"{path}: `{key}` must be a list of strings")
        return value

    filler, line_filler = strings("filler"), strings("line_filler")
    for token in (*filler, *line_filler):
        try:
            re.compile(token)
        except re.error as exc:
            raise ValueError(f"{path}: filler {token!r} is not a valid regex ({exc})") from None
    sentences = frozenset(
        re.sub(r"\s+", " ", s).strip().lower() for s in strings("template_sentences")
    )
    return Placeholders(tuple(filler), tuple(line_filler), sentences)


@lru_cache(maxsize=1)
def house_placeholders() -> Placeholders:
    """The bundled styleguide/placeholders.yml (read once per process)."""
    from xdocs.config import package_root

    path = package_root() / SOURCE
    return parse_placeholders(Path(path).read_text(encoding="utf-8"), str(path))
