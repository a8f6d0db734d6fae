"""Which format a file is, and how the built-in engine reads it (Vale's ``core/format.go``).

Vale maps a file's extension (after ``[formats]``) to a normalised
extension and a kind. The built-in engine reads Markdown, HTML, plain text,
AsciiDoc (through ``asciidoctor``) and reStructuredText (through docutils);
an extension Vale does not know is linted as plain lines, like Vale does.
Formats Vale parses with tools we do not have (source-code comments through
tree-sitter, data views, MDX, Org, DITA, XML) are *not checked*: the run
says so on stderr, one line per file, and exits 2.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Protocol

#: kinds the engine reads
MARKDOWN, HTML, TEXT, ASCIIDOC, RST, LINES = "md", "html", "txt", "adoc", "rst", "lines"

# Vale's FormatByExtension, reduced to what decides how we read a file.
_BY_EXTENSION: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), kind)
    for p, kind in [
        (r"\.(?:md|mdown|markdown|markdn|mkd|mkdn|mdwn)$", MARKDOWN),
        (r"\.(?:html|htm|shtml|xhtml)$", HTML),
        (r"\.(?:txt|text)$", TEXT),
        (r"\.(?:adoc|asciidoc|asc)$", ASCIIDOC),
        (r"\.(?:rst|rest)$", RST),
        (r"\.(?:mdx)$", "mdx"),
        (r"\.(?:org)$", "org"),
        (r"\.(?:dita)$", "dita"),
        (r"\.(?:xml|xsd)$", "xml"),
        (r"\.(?:yaml|yml|json|toml)$", "data"),
        (
            r"\.(?:[rc]?py[3w]?|[Ss][Cc]onstruct|clj|cljs|cljc|cljd|cpp|cc|c|cp|cxx|c\+\+|h|hpp"
            r"|h\+\+|css|cs|csx|go|hs|java|bsh|jl|js|jsx|lua|php|pl|pm|pod|proto|ps1|psm1|psd1"
            r"|rb|Gemfile|Rakefile|Brewfile|gemspec|rs|r|R|sass|less|scala|sbt|swift|ts|tsx)$",
            "code",
        ),
    ]
]
_MARKUP = frozenset({MARKDOWN, HTML, ASCIIDOC, RST, "mdx", "org", "dita", "xml"})
READ = frozenset({MARKDOWN, HTML, TEXT, ASCIIDOC, RST, LINES})
WHY_NOT: dict[str, str] = {
    "fragment": "markup in source-code comments is not read (Vale uses tree-sitter)",
    "code": "source-code comments are not read (Vale uses tree-sitter)",
    "data": "data files are read by Vale only through views, which are not supported",
    "mdx": "MDX is not read (Vale converts it with mdx2vast)",
    "org": "Org files are not read",
    "dita": "DITA is not read (Vale converts it with the DITA Open Toolkit)",
    "xml": "XML is not read (Vale transforms it with xsltproc)",
}


class HasFormats(Protocol):
    """What :func:`file_kind` needs from a configuration: its ``[formats]`` map."""

    formats: dict[str, str]


def kind_of_extension(ext: str) -> str:
    """The kind for an extension such as ``.md`` (``lines`` when Vale does not know it)."""
    for rx, kind in _BY_EXTENSION:
        if rx.search(ext):
            return kind
    return LINES


def file_kind(path: str, cfg: HasFormats) -> str:
    """How a file is read, after the ``[formats]`` associations (Vale's ``FormatFromExt``)."""
    ext = Path(path).suffix.lstrip(".")
    own = kind_of_extension("." + ext)
    mapped = cfg.formats.get(ext)
    if mapped is None:
        return own
    kind = kind_of_extension("." + mapped)
    if own in ("code", "data") and kind in _MARKUP:
        # Markup embedded in code comments or data values: Vale lints fragments.
        return "fragment" if own == "code" else "data"
    return kind


def is_read(kind: str) -> bool:
    """Does the built-in engine read files of this kind?"""
    return kind in READ
