"""Terminology: house terms from ``styleguide/terminology.yml``, the one source.

Each entry names the preferred term, the variants to reject (literal text, or
a regular expression written between slashes) and a note saying why. The pass
reports every rejected variant in the card's prose with the preferred term as
a safe fix (``xdocs fix`` applies it). Vale's substitution rule and the
vocabulary files are generated from the same data (:mod:`xdocs.lint.termsync`),
so writers using Vale in an editor see the same terms.

Matching runs over :func:`~xdocs.lint.prosetext.masked_text`: code, URLs and
front-matter are never "corrected", and neither is a variant inside an
identifier (``Pytorch 1.10.0+cpu`` keeps its ``cpu``, ``*.onnx`` its ``onnx``:
:mod:`xdocs.lint.identifiers`); a variant the file lists is a word even when it
holds a digit (``F1-score``). Literal variants match whole words and
case-sensitively (``Xalura tech`` is wrong, ``Xalura Tech`` is right); a
regex decides for itself. A match that is already the preferred term is never
reported, so a case-insensitive regex can be written without exceptions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xdocs.config import ConfigError
from xdocs.findings import Finding, Severity
from xdocs.lint.identifiers import inside_identifier
from xdocs.rules import LintContext, Rule

if TYPE_CHECKING:
    from xdocs.card.model import ModelCard

DEFAULT_PATH = "styleguide/terminology.yml"


@dataclass(frozen=True)
class Variant:
    """One rejected spelling: its source text and compiled pattern."""

    source: str
    pattern: re.Pattern[str]
    is_regex: bool


@dataclass(frozen=True)
class Term:
    """A preferred term and everything said about it."""

    id: str
    term: str
    variants: tuple[Variant, ...]
    note: str = ""
    severity: Severity = Severity.WARNING
    line: int = 0
    #: ``product`` for product and project names (Vale's Xalura.Products), else ``term``
    kind: str = "term"

    @property
    def rule_id(self) -> str:
        return f"terminology/{self.id}"


@dataclass(frozen=True)
class Terminology:
    """All house terms, plus words that are correct as written (the vocabulary)."""

    path: str
    terms: tuple[Term, ...] = ()
    vocabulary: tuple[str, ...] = field(default_factory=tuple)

    def words(self) -> list[str]:
        """Every word a spelling checker must accept: vocabulary and preferred terms."""
        out: list[str] = []
        seen: set[str] = set()
        for text in (*self.vocabulary, *(t.term for t in self.terms)):
            for word in re.findall(r"[A-Za-z][A-Za-z0-9'’-]*", text):
                if word not in seen:
                    seen.add(word)
                    out.append(word)
        return out


def term_id(term: str) -> str:
    """A stable rule id from a term: ``Xalura Tech`` → ``XaluraTech``."""
    parts = re.findall(r"[A-Za-z0-9]+", term)
    return "".join(p[:1].upper() + p[1:] for p in parts) or "Term"


def _compile_variant(raw: str, path: str, line: int) -> Variant:
    if len(raw) > 2 and raw.startswith("/") and raw.endswith("/"):
        body = raw[1:-1]
        try:
            return Variant(raw, re.compile(body), True)
        except re.error as exc:
            raise ConfigError(
                path,
                f"invalid regular expression {raw}: {exc}; fix or quote it as literal text",
                line,
            ) from None
    left = r"(?<![\w-])" if raw[:1].isalnum() else ""
    right = r"(?![\w-])" if raw[-1:].isalnum() else ""
    return Variant(raw, re.compile(left + re.escape(raw) + right), False)


def parse_terminology(text: str, path: str) -> Terminology:
    """Parse and validate terminology YAML; every problem is a ConfigError with a line."""
    from xdocs.document import parse_yaml

    data, err = parse_yaml(text, path)
    if err is not None:
        raise ConfigError(path, err.message, err.line)
    if data is None:
        return Terminology(path)
    if not isinstance(data, dict):
        raise ConfigError(path, "terminology must be a mapping with a 'terms:' list", 1)
    entries = data.get("terms") or []
    if not isinstance(entries, list):
        raise ConfigError(path, "'terms' must be a list of entries", _line(data, "terms"))
    terms: list[Term] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(entries):
        line = _item_line(entries, index)
        if not isinstance(entry, dict) or not str(entry.get("term") or "").strip():
            raise ConfigError(path, "each terms entry needs 'term: <preferred term>'", line)
        term = str(entry["term"]).strip()
        rid = str(entry.get("id") or term_id(term))
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", rid):
            raise ConfigError(
                path, f"term id {rid!r} must be letters, digits, '.', '_' or '-'", line
            )
        if rid in seen:
            raise ConfigError(path, f"duplicate term id {rid!r} (also on line {seen[rid]})", line)
        seen[rid] = line
        reject = entry.get("reject") or []
        if isinstance(reject, str):
            reject = [reject]
        if not isinstance(reject, list) or not reject:
            raise ConfigError(
                path, f"term {term!r} needs 'reject:' with at least one variant", line
            )
        variants = tuple(_compile_variant(str(v), path, line) for v in reject)
        try:
            severity = Severity.parse(entry.get("severity", "warning"))
        except ValueError as exc:
            raise ConfigError(path, str(exc), line) from None
        note = " ".join(str(entry.get("note") or "").split())
        kind = str(entry.get("kind") or "term")
        if kind not in ("term", "product"):
            raise ConfigError(path, f"term {term!r}: kind must be term or product", line)
        terms.append(Term(rid, term, variants, note, severity, line, kind))
    vocab = data.get("vocabulary") or []
    if not isinstance(vocab, list):
        raise ConfigError(path, "'vocabulary' must be a list of words", _line(data, "vocabulary"))
    return Terminology(path, tuple(terms), tuple(str(v) for v in vocab))


def _line(data: Any, key: str) -> int:
    from xdocs.positions import node_line

    return node_line(data, (key,)) or 1


def _item_line(seq: Any, index: int) -> int:
    from xdocs.positions import node_line

    return node_line(seq, (index,)) or 1


@lru_cache(maxsize=8)
def _load_cached(path: str, mtime_ns: int, size: int) -> Terminology:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, f"cannot read terminology: {exc}") from None
    return parse_terminology(text, path)


def load_terminology(path: str | Path) -> Terminology:
    """Load (cached per file version) and validate a terminology file."""
    p = Path(path)
    if not p.is_file():
        raise ConfigError(str(p), "terminology file not found; create it or fix 'terminology:'")
    st = p.stat()
    return _load_cached(str(p), st.st_mtime_ns, st.st_size)


def terminology_for(config: Any) -> Terminology:
    """The project's terminology (``terminology:`` in xdocs.yml, else the bundled one)."""
    return load_terminology(config.data_file("terminology", DEFAULT_PATH))


def _match_case(found: str, term: str) -> str:
    """Keep a sentence-initial capital: 'Finetune the model' → 'Fine-tune the model'."""
    if found[:1].isupper() and term[:1].islower() and not any(c.isupper() for c in term):
        return term[:1].upper() + term[1:]
    return term


def check_text(terms: Terminology, masked: str) -> list[tuple[Term, int, int, str]]:
    """Every rejected variant in ``masked``: (term, start, end, replacement)."""
    hits: list[tuple[Term, int, int, str]] = []
    taken: list[tuple[int, int]] = []
    lower = masked.lower()
    for term in terms.terms:
        for variant in term.variants:
            if not variant.is_regex and variant.source.lower() not in lower:
                continue  # a cheap substring test skips almost every pattern
            for m in variant.pattern.finditer(masked):
                if m.end() <= m.start():
                    continue
                found = m.group(0)
                replacement = _match_case(found, term.term)
                if found == term.term or found == replacement:
                    continue
                if inside_identifier(masked, m.start(), m.end()):
                    continue  # `1.10.0+cpu`, `*.onnx`: part of a name, not a word
                if any(a < m.end() and m.start() < b for a, b in taken):
                    continue  # an earlier (more specific) entry already covers this text
                taken.append((m.start(), m.end()))
                hits.append((term, m.start(), m.end(), replacement))
    hits.sort(key=lambda h: h[1])
    return hits


FAMILY = Rule(
    "terminology/*",
    "A term is not written the house way (one rule per entry of styleguide/terminology.yml).",
    "Readers and search engines trust a catalogue that names things one way; the terminology "
    "file is the single source, shared with Vale so editors show the same advice.",
    "Xalura tech released the model. → Xalura Tech released the model.",
    Severity.WARNING,
    "Replace the variant with the preferred term (`xdocs fix` does it).",
)


class TerminologyPass:
    """Rejected term variants, with the preferred term as a safe fix."""

    name = "terminology"
    rules: tuple[Rule, ...] = (FAMILY,)

    def check_config(self, config: Any) -> None:
        """Raise ConfigError for an unusable terminology file (before any card is read)."""
        terminology_for(config)

    def rules_for(self, config: Any) -> list[Rule]:
        """One documented rule per term of this project's terminology file."""
        from xdocs.lint.examples import rule_examples
        from xdocs.lint.prose_docs import _literal

        hand = rule_examples(config)
        out = []
        for term in terminology_for(config).terms:
            variants = ", ".join(v.source for v in term.variants)
            first = term.variants[0]
            spelled = _literal(first.source[1:-1]) if first.is_regex else first.source
            bad, good = hand.get(term.rule_id) or (
                f"The card mentions {spelled} twice.",
                f"The card mentions {term.term} twice.",
            )
            out.append(
                Rule(
                    term.rule_id,
                    f"Write '{term.term}', not {variants}.",
                    term.note or FAMILY.rationale,
                    bad,
                    term.severity,
                    f"Replace with '{term.term}'.",
                    good=good,
                    fixable="safe",
                )
            )
        return out

    def run(self, card: ModelCard, ctx: LintContext) -> list[Finding]:
        from xdocs.lint.advice import cited_titles
        from xdocs.lint.prosetext import masked_text

        doc = card.document
        if not doc.text.strip():
            return []
        terms = terminology_for(ctx.config)
        hits = check_text(terms, masked_text(doc))
        titles = cited_titles(doc.text) if hits else []
        out = []
        for term, start, end, replacement in hits:
            if any(a <= start < b for a, b in titles):
                continue  # a cited work's title is quoted as its authors wrote it
            line, col = doc.position(start)
            end_line, end_col = doc.position(end)
            found = doc.text[start:end]
            message = f"Use '{replacement}' instead of '{found}'."
            if term.note:
                message += f" {term.note}"
            out.append(
                FAMILY.finding(
                    card.path,
                    line,
                    col,
                    message,
                    rule_id=term.rule_id,
                    severity=term.severity,
                    end_line=end_line,
                    end_column=end_col,
                    fix=f"replace with '{replacement}'",
                    replacement=replacement,
                    source="terminology",
                )
            )
        return out
