"""End to end: ``xdocs lsp`` as a subprocess, a real LSP client, real lint passes.

Open a card missing a required section and get that diagnostic where
``xdocs check`` reports it; type the section and see it cleared; the rule id is
the code and links to the rule's entry in the portal's catalogue.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lsprotocol import types

from .conftest import (
    CARD_HEAD,
    LIMITATIONS,
    change,
    client_test,
    codes,
    open_doc,
    position_of,
    wait_diagnostics,
)


def _workflow(text: str, project: Path):  # type: ignore[no-untyped-def]
    from xdocs.card import load_card_from_document
    from xdocs.document import Document
    from xdocs.workflow.roster import load_roster
    from xdocs.workflow.state import workflow_state

    card = load_card_from_document(Document.from_text(text, "cards/status.md"))
    return workflow_state(card, load_roster(project / "site_config" / "roster.yml"))


def _missing(diags: list[types.Diagnostic]) -> list[types.Diagnostic]:
    return [d for d in diags if d.code == "structure/missing-section"]


@client_test
async def test_missing_section_reported_then_cleared(client, project: Path) -> None:
    path = project / "cards" / "missing.md"
    text = CARD_HEAD
    path.write_text(text, encoding="utf-8")
    uri = open_doc(client, path, text)

    diags = await wait_diagnostics(client, uri, lambda ds: bool(_missing(ds)))
    (missing,) = _missing(diags)
    assert "Limitations" in missing.message
    assert missing.severity == types.DiagnosticSeverity.Error
    assert missing.source == "xdocs"
    # xdocs check reports it on the first line after the front-matter, the whole line
    body_line = text.split("\n").index("---", 1) + 1
    assert missing.range.start == types.Position(line=body_line, character=0)
    assert missing.range.end.line == body_line
    assert missing.code_description is not None
    assert missing.code_description.href.endswith("#structuremissing-section")

    # type the section in, before "## Ethical considerations"
    at = position_of(text, "## Ethical considerations")
    change(client, uri, 2, [types.TextEdit(types.Range(start=at, end=at), LIMITATIONS)])
    diags = await wait_diagnostics(client, uri, lambda ds: not _missing(ds))
    assert "structure/missing-section" not in codes(diags)


@client_test
async def test_workflow_status_hint_and_lens(client, project: Path) -> None:
    path = project / "cards" / "status.md"
    text = CARD_HEAD.replace("## Ethical", LIMITATIONS + "## Ethical")
    uri = open_doc(client, path, text)
    diags = await wait_diagnostics(
        client, uri, lambda ds: any(d.severity == types.DiagnosticSeverity.Hint for d in ds)
    )
    (status,) = [d for d in diags if d.severity == types.DiagnosticSeverity.Hint]
    assert status.range.start.line == 0
    # what `xdocs status` derives for the same text: the intake review was given on
    # another version (its digest), so the intake stage waits for a worker again
    state = _workflow(text, project)
    assert state.status == "submitted" and state.next == {
        "stage": "intake",
        "role": "publishing-worker",
    }
    assert status.message == "Workflow: Submitted; next: intake, by a publishing-worker"
    lenses = await client.text_document_code_lens_async(
        types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    assert lenses and lenses[0].command.title == status.message


@client_test
async def test_terminology_finding_has_range_of_the_word(client, project: Path) -> None:
    path = project / "cards" / "terms.md"
    text = CARD_HEAD.replace("## Ethical", LIMITATIONS + "## Ethical").replace(
        "a held-out test split", "a held-out data set split"
    )
    uri = open_doc(client, path, text)
    diags = await wait_diagnostics(client, uri, lambda ds: "terminology/Dataset" in codes(ds))
    (term,) = [d for d in diags if d.code == "terminology/Dataset"]
    start = position_of(text, "data set")
    assert term.range.start == start
    assert term.range.end == types.Position(line=start.line, character=start.character + 8)
    assert term.severity == types.DiagnosticSeverity.Warning


SLOW = "grammar/harper/RepeatedWords"


def _check(project: Path, cache_dir: Path, rel: str, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """`xdocs check` (the library call) on one file, with the server's cache."""
    from xdocs.config import load_config
    from xdocs.lint.runner import run_check

    monkeypatch.setenv("XDOCS_CACHE_DIR", str(cache_dir))
    monkeypatch.chdir(project)
    return run_check([rel], load_config(project))


@client_test
async def test_lint_cache_shared_with_xdocs_check(
    client, project: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = CARD_HEAD.replace("Routing English", "Routing the the English")
    # 1. checked by `xdocs check` first: opening it shows every finding in one go
    checked = project / "cards" / "checked.md"
    checked.write_text(text, encoding="utf-8")
    result = _check(project, cache_dir, "cards/checked.md", monkeypatch)
    assert result.stats["files_linted"] == 1
    assert {"structure/missing-section", SLOW} <= {f.rule for f in result.findings}
    uri = open_doc(client, checked, text)
    first = await wait_diagnostics(client, uri, lambda ds: True)
    assert {"structure/missing-section", SLOW} <= codes(first)  # the first publish has both

    # 2. opened (unchanged) and saved in the editor: the next `xdocs check` is warm
    saved = project / "cards" / "saved.md"
    saved.write_text(text, encoding="utf-8")
    uri = open_doc(client, saved, text)
    await wait_diagnostics(client, uri, lambda ds: SLOW in codes(ds))
    client.text_document_did_save(
        types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri))
    )
    for _ in range(100):  # the entry is written once both pass groups have reported
        result = _check(project, cache_dir, "cards/saved.md", monkeypatch)
        if result.stats["files_cached"] == 1:
            break
        await asyncio.sleep(0.2)
    assert result.stats["files_cached"] == 1
    assert {"structure/missing-section", SLOW} <= {f.rule for f in result.findings}
