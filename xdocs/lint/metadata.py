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
from xdocs.findings import Finding, Severity
from xdocs.lint.rules import LintContext, Rule
from xdocs.lint.structure import checklist_for

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
    Rule(
        "metadata/yaml",
        "The front-matter is not valid YAML.",
        "Nothing in the card's metadata can be read until the YAML parses.",
        "name: Foo: bar   # an unquoted ': ' inside a value",
        Severity.ERROR,
        "Fix the YAML at the reported line.",
    ),
    Rule(
        "metadata/front-matter-not-read",
        "The card starts with a block that looks like front-matter but is not read as such.",
        "The Hugging Face hub (and xdocs, which reads front-matter the way the hub does) only "
        "reads a block opened by a line that is exactly `---` and closed by a `---` line at "
        "the start of a line; a block closed by `...` or a fence with extra characters leaves "
        "the card without metadata, and its YAML is read as prose.",
        "---\nlicense: mit\n...   (closed by `...`: the hub shows no licence)",
        Severity.WARNING,
        "Open and close the block with a line that is exactly `---`.",
    ),
)


@lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


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
        checklist = checklist_for(ctx)
        for item in checklist.get("metadata", []):
            key = item["key"]
            keys = [key, *item.get("alternatives", [])]
            if any(self._has(card, k) for k in keys):
                continue
            out.append(
                Finding(
                    card.path,
                    1,
                    1,
                    "metadata/missing-field",
                    Severity.ERROR,
                    f"missing {item.get('label', key)} (`{key}`)",
                    fix=item.get("fix"),
                )
            )
        if card.format in ("markdown", "yaml") and isinstance(card.raw, dict):
            out.extend(self._schema(card))
        return out

    @staticmethod
    def _has(card: ModelCard, key: str) -> bool:
        if key == "metrics":
            return bool(card.metrics)
        value = card.metadata.get(key)
        return value not in (None, "", [], {})

    def _schema(self, card: ModelCard) -> list[Finding]:
        out = []
        data = plain(card.raw)
        for error in sorted(_validator().iter_errors(data), key=lambda e: list(e.path)):
            path = [p for p in error.absolute_path]
            line = (
                card.document.key_line(*path)
                if card.format == "markdown"
                else card.line_of(str(path[0]) if path else "")
            )
            where = ".".join(str(p) for p in path) or "front-matter"
            out.append(
                Finding(
                    card.path,
                    line,
                    1,
                    "metadata/schema",
                    Severity.ERROR,
                    f"{where}: {_short(error.message)}",
                    fix="see xdocs/schemas/model-card.schema.json for the allowed values",
                )
            )
        return out


def _short(message: str) -> str:
    return message if len(message) <= 160 else message[:157] + "..."
