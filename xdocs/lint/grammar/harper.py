"""Harper backend: offline grammar through harper-py, one Linter per process.

Building a ``harper.Linter`` loads its dictionary (about a second), so each
process builds one, lazily, and keeps it. The house vocabulary (terminology
words and ``grammar.words``) and the technical dictionary are imported into it;
its title-case rule is off when the style guide asks for sentence-case headings,
and rules measured below the precision threshold (:mod:`xdocs.lint.precision`)
are off unless xdocs.yml turns them on.

Harper reads only the prose units of a card
(:func:`~xdocs.lint.prosetext.prose_units`: paragraphs and headings), and not
the units that are not prose (:mod:`xdocs.lint.nonprose`: configuration dumps,
``key: value`` lists, tables of values, command lines). Model cards repeat
template paragraphs across files, so lints are memoized per unit text in this
process. Units not seen yet are cut into pieces of at most :data:`PIECE_CHARS`
characters (at a sentence end, else at a space) and the pieces of one unit
joined into chunks of at most :data:`CHUNK_CHARS`: one Harper call per chunk, so
no native call ever gets more than a bounded amount of text, whatever the input,
and the budget is checked between calls. A chunk never mixes two units: Harper
resolves overlapping lints differently with text beside them ("jpn jpn" is one
RepeatedWords alone and two SpellCheck after another paragraph), and a card's
findings must depend on that card only (the cache, ``--shard`` and merged
reports rely on it). Batching many units per call was 1.4x faster and wrong.

A lint is reported only where the text is the writer's prose: not on code-like
tokens, quoted text, masked markup or non-prose lines, and SpellCheck only for
what :mod:`.spelling` judges a real typo.
"""

from __future__ import annotations

import contextlib
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

from xdocs.findings import Finding, Severity
from xdocs.lint.budget import Budget, BudgetExceeded
from xdocs.lint.prosetext import split_points
from xdocs.rules import LintContext

if TYPE_CHECKING:
    from xdocs.card.model import ModelCard
    from xdocs.lint.prosetext import ProseUnit

#: the most text one Harper call receives (a bounded native call: about 0.5 s)
CHUNK_CHARS = 6_000
#: the longest piece of one paragraph linted as a whole; longer ones are cut
PIECE_CHARS = 3_000
SEPARATOR = "\n\n"
#: Harper lint kinds reported as warnings; every other kind is a suggestion.
WARNING_KINDS = {"Grammar", "Agreement", "Repetition", "Typo", "Spelling", "Usage", "WordChoice"}
#: rules whose single suggestion is safe to apply unattended.
SAFE_RULES = {"RepeatedWords", "AnA"}
#: Harper rules that judge heading case (off when the house uses sentence case).
TITLE_CASE_RULES = ("UseTitleCase",)
MEMO_LIMIT = 50_000
#: words spell-checked in one Harper call (a bounded native call)
SPELLING_BATCH = 1_000

_LINTER: dict[str, Any] = {}

#: (rule, start, end, kind, message, replacement or None, safe) relative to a unit
Hit = tuple[str, int, int, str, str, "str | None", bool]


def _disabled_rules(config: Any, names: list[str]) -> list[str]:
    from xdocs.lint.precision import rule_on

    return [name for name in names if not rule_on(config, f"grammar/harper/{name}")]


def _linter(config: Any) -> Any:
    """This process's Linter for this configuration (built once)."""
    from xdocs.lint.grammar.spelling import technical_words
    from xdocs.lint.precision import turned_on
    from xdocs.lint.terminology import terminology_for

    section = config.section("grammar")
    dialect = str(section.get("dialect") or "american").upper()
    heading_case = str(section.get("heading_case") or "sentence").lower()
    words = tuple(terminology_for(config).words()) + tuple(
        str(w) for w in section.get("words") or ()
    )
    key = f"{dialect}|{heading_case}|{hash(words)}|{sorted(turned_on(config))}"
    if _LINTER.get("key") == key:
        return _LINTER["linter"]
    import harper

    try:
        linter = harper.Linter(harper.Dialect[dialect])
    except KeyError:
        raise ValueError(
            f"grammar.dialect {dialect.lower()!r}: use american, british, australian, "
            "canadian or indian"
        ) from None
    linter.import_words(sorted({*words, *technical_words()}))
    lint_config = linter.get_lint_config()
    off = set(_disabled_rules(config, list(lint_config)))
    if heading_case == "sentence":
        off.update(r for r in TITLE_CASE_RULES if r in lint_config)
    for rule in off:
        lint_config[rule] = False
    linter.set_lint_config(lint_config)
    _LINTER.clear()
    _LINTER.update(key=key, linter=linter, memo={}, words={w.lower() for w in words})
    return linter


def spelling_suggestions(config: Any, words: list[str]) -> dict[str, tuple[str, ...]]:
    """Harper's SpellCheck on ``words`` (one per paragraph) with this configuration's
    linter, the one the grammar pass already built, so no second dictionary is loaded:
    each word it flags, with its suggestions. SpellCheck alone runs for the call and the
    linter's rules are restored after it."""
    linter = _linter(config)
    saved = linter.get_lint_config()
    out: dict[str, tuple[str, ...]] = {}
    linter.set_lint_config({rule: rule == "SpellCheck" for rule in saved})
    try:
        for i in range(0, len(words), SPELLING_BATCH):
            text = SEPARATOR.join(words[i : i + SPELLING_BATCH])
            for lint in linter.lint(text, language="plaintext"):
                out[lint.problem_text] = tuple(s.replacement_text for s in lint.suggestions)
    finally:
        linter.set_lint_config(saved)
    return out


def linter_key(config: Any) -> str:
    """The key of this configuration's linter (built if need be): memos of what the
    linter says are valid while it stays the same."""
    _linter(config)
    return str(_LINTER["key"])


def _to_hits(organized: dict[str, list[Any]]) -> list[tuple[int, Hit]]:
    import harper

    out = []
    for rule, lints in organized.items():
        for lint in lints:
            span = lint.span
            suggestions = lint.suggestions
            replacement = None
            if suggestions:
                s = suggestions[0]
                if s.kind == harper.SuggestionKind.REMOVE:
                    replacement = ""
                elif s.kind == harper.SuggestionKind.INSERT_AFTER:
                    replacement = lint.problem_text + s.replacement_text
                else:
                    replacement = s.replacement_text
            safe = rule in SAFE_RULES and len(suggestions) == 1
            out.append(
                (
                    span.start,
                    (rule, span.start, span.end, lint.lint_kind, lint.message, replacement, safe),
                )
            )
    return out


def lint_units(
    linter: Any, memo: dict[str, list[Hit]], texts: list[str], budget: Budget
) -> dict[str, list[Hit]]:
    """Fill ``memo`` for every text not in it, one Harper call per bounded chunk.

    Returns the hits of texts only partly linted when the budget ran out (they
    are not memoized), so the caller still reports what was found.
    """
    pieces: list[tuple[str, int, str]] = []  # (unit text, offset in unit, piece)
    for text in dict.fromkeys(texts):
        if text in memo:
            continue
        cuts = split_points(text, PIECE_CHARS)
        for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True):
            pieces.append((text, a, text[a:b]))
    found: dict[str, list[Hit]] = defaultdict(list)
    remaining = Counter(text for text, _, _ in pieces)
    i = 0
    while i < len(pieces):
        if budget.expired():
            raise _Partial({t: h for t, h in found.items() if t not in memo})
        chunk: list[tuple[str, int, str]] = []
        size = 0
        while i < len(pieces) and (
            not chunk or (pieces[i][0] == chunk[0][0] and size + len(pieces[i][2]) <= CHUNK_CHARS)
        ):
            chunk.append(pieces[i])
            size += len(pieces[i][2]) + len(SEPARATOR)
            i += 1
        joined = SEPARATOR.join(piece for _, _, piece in chunk)
        starts = []
        pos = 0
        for _, _, piece in chunk:
            starts.append(pos)
            pos += len(piece) + len(SEPARATOR)
        hits = _to_hits(linter.organized_lints(joined))
        for start, hit in hits:
            lo, hi = 0, len(starts) - 1
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if starts[mid] <= start:
                    lo = mid
                else:
                    hi = mid - 1
            text, offset, piece = chunk[lo]
            rel_start = hit[1] - starts[lo]
            rel_end = hit[2] - starts[lo]
            if rel_end > len(piece):
                continue  # spans two pieces
            found[text].append((hit[0], rel_start + offset, rel_end + offset, *hit[3:]))
        for text, _, _ in chunk:
            remaining[text] -= 1
            if remaining[text] == 0:
                if len(memo) > MEMO_LIMIT:
                    memo.clear()
                memo[text] = found.pop(text, [])
    return {}


#: characters of Markdown syntax: a fix whose span holds one would rewrite markup
_MARKUP = frozenset("[]()*_`<>#|\\\n")


def _plain(text: str) -> bool:
    """Whether a fix may replace ``text``: plain words on one line, no Markdown syntax
    (``the [The New York Times …](…)``: replacing "the [The" would break the link)."""
    return not any(c in _MARKUP for c in text)


class _Partial(BudgetExceeded):
    """The budget ran out; ``hits`` holds what was found in unfinished texts."""

    def __init__(self, hits: dict[str, list[Hit]]) -> None:
        super().__init__("budget")
        self.hits = hits


def harper_units(doc: Any) -> list[ProseUnit]:
    """The units Harper reads: prose paragraphs and headings, not whole non-prose units."""
    from xdocs.lint.nonprose import nonprose
    from xdocs.lint.prosetext import prose_units

    spans = nonprose(doc).blocks
    return [u for u in prose_units(doc) if not spans.covers(u.line_map[0][1], u.end)]


class HarperBackend:
    name = "harper"

    def prefill(self, texts: list[str], ctx: LintContext, budget: Budget) -> None:
        """Lint every text not yet in this process's memo (a batch of cards at once)."""
        linter = _linter(ctx.config)
        with contextlib.suppress(_Partial):
            lint_units(linter, _LINTER["memo"], texts, budget)

    def check(self, card: ModelCard, ctx: LintContext, budget: Budget) -> list[Finding]:
        from xdocs.lint.grammar import RULES
        from xdocs.lint.grammar.report import filter_hits
        from xdocs.lint.registry import RUNNER
        from xdocs.rules import NO_FIX

        doc = card.document
        units = harper_units(doc)
        if not units:
            return []
        linter = _linter(ctx.config)
        memo = _LINTER["memo"]
        out: list[Finding] = []
        partial: dict[str, list[Hit]] = {}
        try:
            lint_units(linter, memo, [u.text for u in units], budget)
        except _Partial as stop:
            partial = stop.hits
            out.append(
                RUNNER["engine/timeout"].finding(
                    card.path,
                    0,
                    0,
                    f"grammar: Harper stopped after its {budget.seconds:g} s time budget; "
                    "findings are incomplete",
                    source="harper",
                    fix=NO_FIX,
                )
            )
        family = RULES[0]
        placed: list[tuple[Hit, int, int]] = []
        for unit in units:
            hits = memo.get(unit.text)
            if hits is None:
                hits = partial.get(unit.text, ())
            for hit in hits:
                a = unit.file_offset(hit[1])
                b = unit.file_offset(hit[2]) if hit[2] > hit[1] else a
                placed.append((hit, a, b))
        for (rule, _s, _e, kind, message, replacement, safe), a, b in filter_hits(
            card, ctx, placed, _LINTER.get("words", set())
        ):
            line, col = doc.position(a)
            end_line, end_col = doc.position(b)
            severity = Severity.WARNING if kind in WARNING_KINDS else Severity.SUGGESTION
            fix = f"replace with '{replacement}'" if replacement else None
            out.append(
                family.finding(
                    card.path,
                    line,
                    col,
                    message,
                    rule_id=f"grammar/harper/{rule}",
                    severity=severity,
                    end_line=end_line,
                    end_column=end_col,
                    fix=fix,
                    replacement=replacement if safe and _plain(doc.text[a:b]) else None,
                    source="harper",
                )
            )
        return out


def rule_description(rule: str) -> str | None:
    """Harper's own Markdown description of a rule (for ``xdocs rules``)."""
    import harper

    return harper.Linter().get_lint_descriptions().get(rule)
