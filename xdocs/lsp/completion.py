"""Completion in a card's front-matter: keys and values from the JSON Schema,
people from the roster.

Keys come from ``xdocs/schemas/model-card.schema.json`` (the schema
``xdocs check`` validates with): the properties of the mapping at the cursor
that it does not hold yet, each with its description. Values: the schema's
``enum`` (``risk_rating``, an approval's ``stage``, ``role``, ``decision``),
``true``/``false`` for booleans, and roster ids for the fields that name
people (``by``, ``owners``, ``submitted_by``, ``assignee``), active people
first, each with their name and roles.
"""

from __future__ import annotations

import asyncio
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from lsprotocol import types

from xdocs.lsp.convert import from_position, to_position
from xdocs.lsp.documents import DocState
from xdocs.lsp.frontmatter import YamlContext, context_at

SCHEMA = Path(__file__).resolve().parent.parent / "schemas" / "model-card.schema.json"
#: keys whose values are roster ids
PEOPLE_KEYS = {"by", "owners", "submitted_by", "assignee"}
EMPTY = types.CompletionList(is_incomplete=False, items=[])


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def _alternatives(node: Any) -> list[dict[str, Any]]:
    """A schema node with its ``oneOf``/``anyOf`` branches spread out."""
    if not isinstance(node, dict):
        return []
    out = [node]
    for key in ("oneOf", "anyOf"):
        for branch in node.get(key) or []:
            out.extend(_alternatives(branch))
    return out


def schemas_at(path: tuple[str, ...]) -> list[dict[str, Any]]:
    """Every schema that may describe the value at ``path``."""
    nodes = _alternatives(schema())
    for step in path:
        nxt: list[dict[str, Any]] = []
        for node in nodes:
            if step == "[]":
                nxt.extend(_alternatives(node.get("items")))
            else:
                nxt.extend(_alternatives((node.get("properties") or {}).get(step)))
        nodes = nxt
    return nodes


def _types(node: dict[str, Any]) -> set[str]:
    t = node.get("type")
    return set(t) if isinstance(t, list) else {t} if isinstance(t, str) else set()


def key_items(ctx: YamlContext) -> list[tuple[str, str, str]]:
    """(key, detail, documentation) for the mapping at ``ctx.path``."""
    out: dict[str, tuple[str, str, str]] = {}
    for node in schemas_at(ctx.path):
        for key, spec in (node.get("properties") or {}).items():
            if key in ctx.siblings or key in out:
                continue
            kinds = set()
            for alt in _alternatives(spec):
                kinds |= _types(alt) | ({"enum"} if "enum" in alt else set())
            detail = " | ".join(sorted(kinds)) or "value"
            out[key] = (key, detail, str(spec.get("description") or ""))
    return list(out.values())


def value_items(ctx: YamlContext, roster: Any) -> list[tuple[str, str, str]]:
    """(value, detail, documentation) for the value at ``ctx.path``."""
    key = next((p for p in reversed(ctx.path) if p != "[]"), "")
    out: dict[str, tuple[str, str, str]] = {}
    if key in PEOPLE_KEYS and roster is not None:
        people = sorted(roster.people.values(), key=lambda p: (not p.active, p.id))
        for person in people:
            detail = person.name + ("" if person.active else " (inactive)")
            out[person.id] = (person.id, detail, ", ".join(person.roles))
    for node in schemas_at(ctx.path):
        for value in node.get("enum") or []:
            out.setdefault(str(value), (str(value), "enum", str(node.get("description") or "")))
        if "boolean" in _types(node):
            for value in ("true", "false"):
                out.setdefault(value, (value, "boolean", ""))
    return list(out.values())


async def complete(ls: Any, state: DocState, position: types.Position) -> types.CompletionList:
    lines = state.lines
    codec = ls.codec()
    line, col = from_position(lines, position, codec)
    structured = state.path is not None and state.path.suffix.lower() in (".yaml", ".yml")
    ctx = context_at(lines, line, col, structured=structured)
    if ctx is None:
        return EMPTY
    start = to_position(lines, line, ctx.start_col, codec)
    end = to_position(lines, line, col, codec)
    replace = types.Range(start=start, end=end)
    if ctx.kind == "key":
        scalar_list = ctx.path[-1:] == ("[]",) and not any(
            n.get("properties") for n in schemas_at(ctx.path)
        )
        if scalar_list:  # "owners:\n  - al|": a value, not a key
            ctx = YamlContext("value", ctx.path, ctx.prefix, ctx.start_col)
    roster = await asyncio.to_thread(state.project.roster) if ctx.kind == "value" else None
    items = []
    if ctx.kind == "key":
        for key, detail, doc in key_items(ctx):
            items.append(_item(key, f"{key}: ", detail, doc, types.CompletionItemKind.Property,
                               replace))  # fmt: skip
    else:
        for value, detail, doc in value_items(ctx, roster):
            items.append(_item(value, value, detail, doc, types.CompletionItemKind.Value, replace))
    return types.CompletionList(is_incomplete=False, items=items)


def _item(
    label: str, text: str, detail: str, doc: str, kind: types.CompletionItemKind, rng: types.Range
) -> types.CompletionItem:
    return types.CompletionItem(
        label=label,
        kind=kind,
        detail=detail or None,
        documentation=doc or None,
        text_edit=types.TextEdit(range=rng, new_text=text),
        filter_text=label,
    )
