"""End to end: hovers (a finding, an approval record) and front-matter completion."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from .conftest import (
    CARD_HEAD,
    LIMITATIONS,
    client_test,
    codes,
    open_doc,
    position_of,
    wait_diagnostics,
)

FULL = CARD_HEAD.replace("## Ethical", LIMITATIONS + "## Ethical")


async def _hover(client, uri: str, pos: types.Position) -> types.Hover | None:  # type: ignore[no-untyped-def]
    return await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos)
    )


async def _complete(client, uri: str, pos: types.Position) -> list[types.CompletionItem]:  # type: ignore[no-untyped-def]
    result = await client.text_document_completion_async(
        types.CompletionParams(text_document=types.TextDocumentIdentifier(uri=uri), position=pos)
    )
    return list(result.items if isinstance(result, types.CompletionList) else result or [])


def _line_end(text: str, line_text: str) -> types.Position:
    line = text.split("\n").index(line_text)
    return types.Position(line=line, character=len(line_text))


def _end_of(text: str, needle: str) -> types.Position:
    pos = position_of(text, needle)
    return types.Position(line=pos.line, character=pos.character + len(needle))


@client_test
async def test_hover_on_a_finding_shows_the_rule(client, project: Path) -> None:
    path = project / "cards" / "hover.md"
    text = FULL.replace("a held-out test split", "a held-out data set split")
    uri = open_doc(client, path, text)
    await wait_diagnostics(client, uri, lambda ds: "terminology/Dataset" in codes(ds))
    inside = position_of(text, "data set")
    hover = await _hover(
        client, uri, types.Position(line=inside.line, character=inside.character + 2)
    )
    assert hover is not None
    assert hover.contents.kind == types.MarkupKind.Markdown
    body = hover.contents.value
    assert "terminology/Dataset" in body
    assert "*Why:*" in body and "*Fix:*" in body
    assert "#terminologydataset" in body  # the link to the rule catalogue
    assert hover.range is not None and hover.range.start == inside
    # off any finding, in the body: nothing to say
    assert await _hover(client, uri, position_of(text, "Routing English")) is None


@client_test
async def test_hover_on_an_approval_record(client, project: Path) -> None:
    path = project / "cards" / "record.md"
    uri = open_doc(client, path, FULL)
    await wait_diagnostics(client, uri, lambda ds: len(ds) > 0)
    hover = await _hover(client, uri, position_of(FULL, "by: priya.raman"))
    assert hover is not None
    body = hover.contents.value
    assert "**Approval record**: intake approved by `priya.raman`, Priya Raman" in body
    assert "- role: publishing-worker" in body
    # its digest is not this card's: stale, so it counts for nothing
    assert "- stale: **yes**" in body
    # the project requires signed approvals and this record is typed, not signed
    assert "- verified: **no**" in body and "is not signed" in body


@client_test
async def test_completion_of_keys_and_values(client, project: Path) -> None:
    path = project / "cards" / "complete.md"
    text = FULL.replace("risk_rating: low\n", "risk_rating: l\nta\n").replace(
        "    by: priya.raman\n", "    by: pr\n"
    )
    uri = open_doc(client, path, text)

    items = await _complete(client, uri, _end_of(text, "risk_rating: l"))
    assert {i.label for i in items} == {"high", "medium", "low", "unknown"}
    edit = next(i for i in items if i.label == "low").text_edit
    assert edit.new_text == "low"
    assert edit.range.start == _end_of(text, "risk_rating: ")  # replaces what was typed

    keys = await _complete(client, uri, _line_end(text, "ta"))
    labels = {i.label for i in keys}
    assert {"tags", "datasets", "artifacts", "flags"} <= labels
    assert "owners" not in labels and "risk_rating" not in labels  # already there
    tags = next(i for i in keys if i.label == "tags")
    assert tags.text_edit.new_text == "tags: "

    people = await _complete(client, uri, _end_of(text, "    by: pr"))
    by_label = {i.label: i for i in people}
    assert "priya.raman" in by_label and by_label["priya.raman"].detail == "Priya Raman"
    assert "kwame.mensah" in by_label
    # an inactive person is offered last, and says so
    assert people[-1].label == "jonah.petrescu" and "inactive" in (people[-1].detail or "")

    record_keys = await _complete(
        client, uri, types.Position(line=_end_of(text, "    by: pr").line + 1, character=4)
    )
    # the line after "by:" is "decision: ..." (a key of the same record): keys of a record
    assert "note" in {i.label for i in record_keys}


@client_test
async def test_completion_in_flow_list_and_outside(client, project: Path) -> None:
    path = project / "cards" / "flow.md"
    text = FULL.replace("owners: [grace.liu]", "owners: [grace.liu, pri")
    uri = open_doc(client, path, text)
    items = await _complete(client, uri, _end_of(text, "owners: [grace.liu, pri"))
    assert "priya.raman" in {i.label for i in items}
    # in the body there is nothing to complete
    assert await _complete(client, uri, _end_of(text, "Routing English")) == []
