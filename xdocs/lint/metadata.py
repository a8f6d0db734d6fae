"""Metadata pass: checklist fields and the front-matter JSON Schema.

The schema (``xdocs/schemas/model-card.schema.json``) is the same file
editors use for completion, so an editor and ``xdocs check`` never disagree
about what a valid front-matter is.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from xdocs.card.metadata import plain
from xdocs.card.model import ModelCard
from xdocs.document.rules import FRONT_MATTER_RULES
from xdocs.findings import Finding, Severity
from xdocs.lint.structure import checklist_for
from xdocs.rules import LintContext, Rule, rule_index

SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schemas" / "model-card.schema.json"

RULES = (
    Rule(
        "metadata/missing-field",
        "A metadata field the intake checklist requires is missing.",
        "The portal, the workflow and the evidence checks read these fields; without a name, "
        "version, owners, licence, model format and a metric the card cannot be catalogued "
        "or reviewed.",
        "---\nname: Xalura Sentiment\n---   (no version, owners, license…)",
        Severity.ERROR,
        "Add the field to the front-matter.",
    ),
    Rule(
        "metadata/schema",
        "A front-matter value does not match the house schema.",
        "Typed metadata keeps every tool that reads it honest: a risk rating of 'hgih' or an "
        "approval without a date would otherwise pass silently.",
        "risk_rating: severe   # must be high, medium, low or unknown",
        Severity.ERROR,
        "Correct the value; editors can validate as you type with xdocs/schemas/.",
    ),
    *FRONT_MATTER_RULES,
)


@lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


R = rule_index(RULES)


class MetadataPass:
    """Checklist metadata and schema validation of house front-matter."""

    name = "metadata"
    rules = RULES

    def run(self, card: ModelCard, ctx: LintContext) -> list[Finding]:
        if card.format in ("unknown", "json", "page") or (
            card.raw is None and card.format != "markdown"
        ):
            return []
        if card.document.front_matter_error is not None:
            return []  # reported by the reader; fields cannot be judged
        out: list[Finding] = []
        missing_keys: set[str] = set()
        checklist = checklist_for(ctx)
        for item in checklist.get("metadata", []):
            key = item["key"]
            keys = [key, *item.get("alternatives", [])]
            if any(self._has(card, k) for k in keys):
                continue
            missing_keys.update(keys)
            what = item.get("missing") or f"no {str(item.get('label', key)).lower()}"
            out.append(
                R["metadata/missing-field"].finding(
                    card.path, 1, message=f"{what} (`{key}`)", fix=item.get("fix")
                )
            )
        if card.format in ("markdown", "yaml") and isinstance(card.raw, dict):
            out.extend(self._schema(card, missing_keys))
        return out

    @staticmethod
    def _has(card: ModelCard, key: str) -> bool:
        if key == "metrics":
            return bool(card.metrics)
        value = card.metadata.get(key)
        if key == "license" and value in (None, "", [], {}):
            # a licence stated in the card's own License section counts
            from xdocs.card.model import SectionStatus

            return card.section("license").status is SectionStatus.PRESENT
        return value not in (None, "", [], {})

    def _schema(self, card: ModelCard, missing: set[str]) -> list[Finding]:
        out = []
        data = plain(card.raw)
        for error in sorted(_validator().iter_errors(data), key=lambda e: list(e.path)):
            path = list(error.absolute_path)
            if path and str(path[0]) in missing:
                continue  # already one "missing" finding: an empty value is not two problems
            line = (
                card.document.key_line(*path)
                if card.format == "markdown"
                else card.line_of(str(path[0]) if path else "")
            )
            out.append(R["metadata/schema"].finding(card.path, line, message=explain(error, data)))
        return out


def explain(error: Any, data: Any) -> str:
    """A JSON Schema error in the house's words: which key, what it holds, what
    it must hold (never jsonschema's raw "is not valid under any of the given
    schemas")."""
    path = list(error.absolute_path)
    where = _where(path)
    value = error.instance
    shown = _show(value)
    schema = error.schema if isinstance(error.schema, dict) else {}
    kind = error.validator
    if kind == "enum":
        allowed = ", ".join(str(v) for v in schema.get("enum", []))
        return f"{where} is {shown}; it must be one of {allowed}"
    if kind == "required":
        missing = [
            name
            for name in schema.get("required", [])
            if isinstance(value, dict) and name not in value
        ]
        return f"{where} lacks {', '.join(f'`{m}`' for m in missing) or 'a required key'}"
    if kind == "type":
        return f"{where} is {shown}; it must be {_type_words(schema.get('type'))}"
    if kind in ("oneOf", "anyOf"):
        options = [_type_words(s.get("type")) for s in schema.get(kind, []) if isinstance(s, dict)]
        if value in ([], "", {}):
            return f"{where} is empty; give at least one value"
        if options and all(options):
            return f"{where} is {shown}; it must be {' or '.join(dict.fromkeys(options))}"
        return f"{where} is {shown}, which is not an allowed form (see the schema)"
    if kind == "minItems":
        return f"{where} is empty; list at least {schema.get('minItems', 1)}"
    if kind == "minLength":
        return f"{where} is empty; give a value"
    if kind == "pattern":
        return f"{where} is {shown}; it must match {schema.get('pattern')}"
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bound = schema.get(kind)
        words = {
            "minimum": "at least",
            "maximum": "at most",
            "exclusiveMinimum": "more than",
            "exclusiveMaximum": "less than",
        }[kind]
        return f"{where} is {shown}; it must be {words} {bound}"
    if kind == "additionalProperties":
        known = schema.get("properties", {})
        extra = sorted(str(k) for k in value if k not in known) if isinstance(value, dict) else []
        names = ", ".join(f"`{k}`" for k in extra) or "a key"
        allowed = ", ".join(sorted(known))
        return f"{where} has {names}, which the schema does not know; known keys: {allowed}"
    if kind == "format":
        return f"{where} is {shown}; it must be a {schema.get('format')}"
    return f"{where}: {_short(error.message)}"


def _where(path: list[Any]) -> str:
    if not path:
        return "the front-matter"
    out = str(path[0])
    for part in path[1:]:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return f"`{out}`"


def _show(value: Any) -> str:
    if value in ([], {}, ""):
        return "empty"
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "..."


def _type_words(kind: Any) -> str:
    names = {"string": "text", "array": "a list", "object": "a mapping (key: value)",
             "number": "a number", "integer": "a whole number", "boolean": "true or false",
             "null": "empty"}  # fmt: skip
    if isinstance(kind, list):
        return " or ".join(names.get(k, str(k)) for k in kind)
    return names.get(str(kind), str(kind)) if kind else ""


def _short(message: str) -> str:
    return message if len(message) <= 160 else message[:157] + "..."
