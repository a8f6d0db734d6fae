"""The records the lint runner and its workers exchange.

``xdocs check`` reads each file once in the parent process and hands the bytes to
worker processes (:mod:`xdocs.lint.runner`); each worker loads the cards and runs
every pass over them (:mod:`xdocs.lint.engine`), then sends one result per file
back. Three records, instead of positional tuples:

- :class:`LintItem`: one file the runner read, with its bytes (parent → worker);
- :class:`LoadedCard`: a card already loaded in this process (the language server
  and ``xdocs fix`` hold the text in memory; it never crosses a process boundary,
  it holds a :class:`~xdocs.card.model.ModelCard`);
- :class:`CardResult`: one file's findings, the files the passes read besides it
  (cache dependencies) and its cache key, in this process;
- :class:`PlainCardResult`: the same result as it crosses back from a worker.

What crosses a process boundary is plain data, on purpose: a worker's answer is
unpickled by the parent, and the house rule is that no object graph of arbitrary
classes travels that way (a pickle can run code; a worker that mis-behaves must not
make the parent build anything but strings, numbers and lists). So a
:class:`PlainCardResult` holds only ``str`` and tuples of JSON-shaped dicts (the
findings' :meth:`~xdocs.findings.Finding.to_dict` form, the lint cache's and
``--format json``'s contract), and the parent checks every field's type before it
rebuilds findings through the one deserializer, :meth:`Finding.from_dict`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from xdocs.findings import Finding

if TYPE_CHECKING:
    from xdocs.card.model import ModelCard


@dataclass(frozen=True)
class LintItem:
    """One file the runner read (once) and hands to a worker with its bytes."""

    #: the path as found (for messages that need the real file)
    path: str
    #: the path as the report shows it (relative to the working folder when inside it)
    display: str
    #: the cache key of (bytes, display path)
    key: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class LoadedCard:
    """A card loaded in this process, to lint without reading it again.

    ``key`` is its cache key ("" when the caller keeps no cache: the language
    server's in-memory text, ``xdocs fix``'s relint).
    """

    display: str
    key: str
    card: ModelCard


@dataclass(frozen=True)
class CardResult:
    """One file's lint outcome: findings after suppressions (before per-rule settings
    and baselines, which the runner applies on every run), the files the passes read
    besides the card (sorted; a change to one invalidates the cache entry) and the
    cache key the result is stored under."""

    display: str
    findings: tuple[Finding, ...]
    dependencies: tuple[str, ...]
    key: str

    def to_plain(self) -> PlainCardResult:
        """The result as plain data, to send across a process boundary."""
        return PlainCardResult(
            self.display,
            tuple(f.to_dict() for f in self.findings),
            self.dependencies,
            self.key,
        )


class BadResult(ValueError):
    """A worker's answer that is not a :class:`PlainCardResult` of plain data."""


@dataclass(frozen=True)
class PlainCardResult:
    """A :class:`CardResult` as a worker returns it: strings and JSON-shaped dicts
    only (see the module docstring for why)."""

    display: str
    findings: tuple[dict[str, Any], ...]
    dependencies: tuple[str, ...]
    key: str

    def to_result(self, registered: Callable[[str], bool] | None = None) -> CardResult:
        """Check every field and rebuild the findings (``registered``: refuse rule ids
        it does not know). Raises :class:`BadResult` naming what is wrong."""
        if not isinstance(self.display, str) or not isinstance(self.key, str):
            raise BadResult("a lint result's path or key is not a string")
        deps = _strings(self.dependencies, "dependencies")
        if not isinstance(self.findings, tuple | list):
            raise BadResult(f"{self.display}: findings are not a list")
        findings = []
        for number, item in enumerate(self.findings, start=1):
            if not isinstance(item, dict):
                raise BadResult(f"{self.display}: finding {number} is not a mapping")
            try:
                findings.append(Finding.from_dict(item, registered=registered))
            except (KeyError, TypeError, ValueError) as exc:
                raise BadResult(f"{self.display}: finding {number}: {exc}") from None
        return CardResult(self.display, tuple(findings), deps, self.key)


def _strings(values: Iterable[Any], what: str) -> tuple[str, ...]:
    if not isinstance(values, tuple | list) or not all(isinstance(v, str) for v in values):
        raise BadResult(f"a lint result's {what} are not a list of strings")
    return tuple(values)
