"""AsciiDoc and reStructuredText to HTML, called the way Vale calls them.

Vale converts ``.adoc`` with ``asciidoctor`` (``lint/adoc.go``) and ``.rst``
with ``rst2html`` (``lint/rst.go``), then walks the HTML with the source as
context. We run the same ``asciidoctor`` command line (same attributes, safe
mode ``secure``, input on stdin) and docutils in-process with the settings
``rst2html``'s flags select. A converter that is not installed raises
:class:`ConverterMissing` (the file is not checked, the run exits 2); one that
fails raises :class:`ConversionFailed`.
"""

from __future__ import annotations

import re
import shutil
import subprocess

ASCIIDOCTOR_TIMEOUT = 120.0
ASCIIDOCTOR_ARGS = (
    "-s", "-a", "notitle!", "-a", "attribute-missing=drop",
    # Section numbers and a table of contents are generated text, not prose.
    "-a", "sectnums!", "-a", "toc!",
)  # fmt: skip
#: rst2html's flags (Vale's rstArgs) as docutils settings
RST_SETTINGS = {
    "report_level": 5,  # --quiet, --report=5
    "halt_level": 5,  # --halt=5
    "embed_stylesheet": False,  # --link-stylesheet
    "file_insertion_enabled": False,  # --no-file-insertion
    "toc_backlinks": False,  # --no-toc-backlinks
    "footnote_backlinks": False,  # --no-footnote-backlinks
    "sectnum_xform": False,  # --no-section-numbering
    "output_encoding": "unicode",
    # Never read a docutils.conf from the linted tree: it could re-enable file insertion.
    "_disable_config": True,
}

# Asciidoctor turns "'" into "’"; Vale maps quotes both ways so text and source agree (#206).
_ADOC_QUOTES = re.compile("\u2018|\u2019|\u201c|\u201d|&#8217;|&rsquo;")
_ADOC_QUOTE_MAP = {
    "\u2018": "&apos;", "\u2019": "&apos;", "\u201c": "&#8220;", "\u201d": "&#8221;",
    "&#8217;": "&apos;", "&rsquo;": "&apos;",
}  # fmt: skip
_ADOC_SOURCE = re.compile(r"\[source,.+\]")
_ADOC_COMMENT = re.compile(r"// .+")
_RST_SPHINX = re.compile(r".. (?:glossary|contents)::")
_RST_CODE = re.compile(r"\.\. (?:raw|code(?:-block)?):: *(?:[\w-]+)?(?:\s+:\w+:.*)*")


class ConverterMissing(Exception):
    """The program or library a format needs is not installed (one line for the user)."""


class ConversionFailed(Exception):
    """The converter ran and failed on this file."""


def adoc_quotes(s: str) -> str:
    """Vale's ``adocSanitizer``."""
    return _ADOC_QUOTES.sub(lambda m: _ADOC_QUOTE_MAP[m.group(0)], s)


def asciidoctor_args(attributes: dict[str, str]) -> list[str]:
    """The command line: Vale's fixed attributes, then ``[asciidoctor]`` ones."""
    args = list(ASCIIDOCTOR_ARGS)
    for key, value in attributes.items():
        entry = f"{key}={value}"
        if value == "YES":
            entry = key
        elif value == "NO":
            entry = key + "!"
        args += ["-a", entry]
    return args + ["--safe-mode", "secure", "-"]


def asciidoc_to_html(text: str, attributes: dict[str, str]) -> str:
    """Run ``asciidoctor`` on ``text`` (stdin to stdout, never a file path)."""
    exe = shutil.which("asciidoctor")
    if exe is None:
        raise ConverterMissing(
            "asciidoctor not found: install it (Debian: apt-get install asciidoctor) "
            "to lint AsciiDoc"
        )
    try:
        done = subprocess.run(
            [exe, *asciidoctor_args(attributes)],
            input=adoc_quotes(text),
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=ASCIIDOCTOR_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ConversionFailed(f"asciidoctor did not finish: {exc}") from None
    if done.returncode != 0:
        first = (done.stderr.strip().splitlines() or ["no message"])[0]
        raise ConversionFailed(f"asciidoctor failed: {first}")
    return adoc_quotes(done.stdout)


def asciidoc_context(content: str) -> str:
    """The source as Vale searches it: block attributes and line comments masked."""

    def source(m: re.Match[str]) -> str:
        s, offset = m.group(0), 0
        if s.endswith(",]"):
            offset = 1
            s = s.replace(",]", "]", 1)
        size = len(s.split(",")[-1])
        return "[source, " + "*" * max(size - 2 + offset, 0) + "]"

    body = _ADOC_SOURCE.sub(source, content)
    return _ADOC_COMMENT.sub(lambda m: "// " + "*" * len(m.group(0)[3:]), body)


def rst_to_html(text: str) -> str:
    """reStructuredText to the HTML body ``rst2html`` prints (docutils' html4css1 writer)."""
    try:
        from docutils.core import publish_string
        from docutils.writers import html4css1
    except ImportError:
        raise ConverterMissing(
            "docutils not found: install it (pip install docutils) to lint reStructuredText"
        ) from None
    source = _RST_CODE.sub("::", _RST_SPHINX.sub(".. code::", text))
    try:
        # rst2html's "html" writer is html4css1 (until Docutils 2.0).
        html = publish_string(source, writer=html4css1.Writer(), settings_overrides=RST_SETTINGS)
    except Exception as exc:  # docutils raises many types on bad input
        raise ConversionFailed(f"docutils failed: {exc}") from None
    html = str(html).replace("\r", "")
    start = html.find("<body>\n")
    start = start + 7 if start >= 0 else 0
    end = html.find("\n</body>")
    if end < 0:
        end = max(len(html) - 1, 0)
    return html[start:end]
