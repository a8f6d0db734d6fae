"""Bytes → text: the first seam of a :class:`~xdocs.document.Document`.

* Bytes are decoded as UTF-8 (a BOM is dropped). Invalid bytes do not stop
  the read: they become U+FFFD and an ``input/encoding`` error finding that
  names the byte offset, so a writer sees every other problem too.
* ``\\n``, ``\\r\\n``, a bare ``\\r`` and the ``\\r\\r\\n`` that double
  conversions leave in real cards each end *one* line. The text uses ``\\n``
  only; the file's own ending is remembered so writers keep it.
* A file with NUL bytes near its start is binary: no text, one finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from xdocs.document.rules import R
from xdocs.findings import Finding, Severity

#: every line ending a real card uses, longest first (``\r\r\n`` is one ending).
LINE_BREAK = re.compile(r"\r\r\n|\r\n|\r|\n")
BOM = b"\xef\xbb\xbf"


class ReadError(Exception):
    """A file that cannot be read at all (missing, a directory, unreadable), or that
    xdocs refuses to read (a symbolic link, a FIFO or device, a file over the size
    limit): ``rule`` and ``severity`` say how a linter reports it."""

    def __init__(
        self,
        path: str,
        message: str,
        rule: str = "input/unreadable",
        severity: Severity = Severity.ERROR,
    ) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.rule = rule
        self.severity = severity

    def finding(self) -> Finding:
        """This refusal as the one finding a linter reports for the file."""
        fix = {
            "input/symlink": "replace the link with the card itself, or remove it",
            "input/special-file": "remove it: a card is a regular file",
            "input/too-large": "split the card, or raise input.max_card_bytes",
        }.get(self.rule, "check the path")
        return R[self.rule].finding(self.path, 0, 0, self.message, severity=self.severity, fix=fix)


def read_error(shown: str, exc: OSError) -> ReadError:
    """An ``OSError`` from :func:`xdocs.fileio.read_regular_file` as a :class:`ReadError`."""
    from xdocs.fileio import UnsafeFile

    if isinstance(exc, UnsafeFile):
        severity = Severity.ERROR if exc.kind == "too-large" else Severity.WARNING
        return ReadError(shown, exc.message, exc.rule, severity)
    if isinstance(exc, FileNotFoundError):
        return ReadError(shown, "no such file: check the path")
    if isinstance(exc, IsADirectoryError):
        return ReadError(shown, "is a directory, expected a card file")
    return ReadError(shown, f"cannot read file: {exc.strerror or exc}")


@dataclass
class Decoded:
    """What decoding made of the bytes."""

    text: str
    newline: str = "\n"
    had_bom: bool = False
    findings: list[Finding] = field(default_factory=list)


def decode(data: bytes, path: str) -> Decoded:
    """Decode a card's bytes. Never raises on content: problems become findings."""
    findings: list[Finding] = []
    had_bom = data.startswith(BOM)
    body = data[3:] if had_bom else data
    if b"\x00" in body[:8192]:
        findings.append(
            R["input/binary"].finding(
                path,
                0,
                0,
                "binary file (NUL bytes), not a text model card",
                fix="submit the card as UTF-8 Markdown, JSON or YAML",
            )
        )
        return Decoded("", "\n", had_bom, findings)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + (3 if had_bom else 0)
        text = body.decode("utf-8", errors="replace")
        line = body[: exc.start].count(b"\n") + 1
        findings.append(
            R["input/encoding"].finding(
                path,
                line,
                1,
                f"invalid UTF-8 at byte offset {offset} "
                f"(byte 0x{body[exc.start]:02x}); invalid bytes were replaced",
                fix="re-save the file as UTF-8",
            )
        )
    newline = dominant_newline(text)
    return Decoded(LINE_BREAK.sub("\n", text), newline, had_bom, findings)


def dominant_newline(text: str) -> str:
    """The line ending most of ``text`` uses (``\\n`` when there is none)."""
    crlf = text.count("\r\n")
    bare_lf = text.count("\n") - crlf
    bare_cr = text.count("\r") - crlf
    if crlf >= bare_lf and crlf >= bare_cr and crlf:
        return "\r\n"
    if bare_cr > bare_lf:
        return "\r"
    return "\n"
