"""End to end: code actions a real client applies.

Safe fixes are offered exactly as ``xdocs fix`` applies them (the test compares
the client's result with the command's on the same file); the missing section
goes in with its template guidance; a misspelt word joins the vocabulary and its
finding goes away.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from lsprotocol import types

from .conftest import (
    CARD_HEAD,
    LIMITATIONS,
    apply_edits,
    change,
    client_test,
    codes,
    open_doc,
    server_command,
    wait_diagnostics,
)

FULL = CARD_HEAD.replace("## Ethical", LIMITATIONS + "## Ethical")


def _whole(text: str) -> types.Range:
    lines = text.split("\n")
    return types.Range(
        start=types.Position(line=0, character=0),
        end=types.Position(line=len(lines) - 1, character=len(lines[-1])),
    )


async def _actions(client, uri: str, rng: types.Range, only=None):  # type: ignore[no-untyped-def]
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=rng,
            context=types.CodeActionContext(diagnostics=[], only=only),
        )
    )


def _xdocs(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = server_command()[:-1]  # the xdocs entry point, without "lsp"
    return subprocess.run(
        [*cmd, *args], cwd=project, capture_output=True, text=True, timeout=300, check=False
    )


@client_test
async def test_safe_fix_quick_fix_applies_and_clears(client, project: Path) -> None:
    path = project / "cards" / "fix-one.md"
    text = FULL.replace("a held-out test split", "a held-out data set split")
    uri = open_doc(client, path, text)
    diags = await wait_diagnostics(client, uri, lambda ds: "terminology/Dataset" in codes(ds))
    (diag,) = [d for d in diags if d.code == "terminology/Dataset"]

    actions = await _actions(client, uri, diag.range)
    fixes = [a for a in actions if a.kind == types.CodeActionKind.QuickFix and a.is_preferred]
    assert [a.title for a in fixes] == ["Replace 'data set' with 'dataset' (terminology/Dataset)"]
    edits = fixes[0].edit.changes[uri]
    fixed = apply_edits(text, edits)
    assert "a held-out dataset split" in fixed
    change(client, uri, 2, edits)
    diags = await wait_diagnostics(client, uri, lambda ds: "terminology/Dataset" not in codes(ds))
    assert "terminology/Dataset" not in codes(diags)


@client_test
async def test_fix_all_matches_xdocs_fix(client, project: Path) -> None:
    """Terminology (fast) and Harper's safe repeated-word fix (slow) together."""
    path = project / "cards" / "fix-all.md"
    text = FULL.replace("a held-out test split", "a held-out data set split").replace(
        "Routing English support", "Routing the the English support"
    )
    path.write_text(text, encoding="utf-8")
    uri = open_doc(client, path, text)
    await wait_diagnostics(
        client,
        uri,
        lambda ds: {"terminology/Dataset", "grammar/harper/RepeatedWords"} <= codes(ds),
    )
    actions = await _actions(client, uri, _whole(text), only=["source.fixAll"])
    (fix_all,) = actions
    assert fix_all.kind == "source.fixAll.xdocs"
    ours = apply_edits(text, fix_all.edit.changes[uri])

    done = _xdocs(project, "fix", "--no-cache", str(path.relative_to(project)))
    assert done.returncode == 0, done.stderr
    assert ours == path.read_text(encoding="utf-8")
    assert "data set" not in ours and "the the" not in ours


@client_test
async def test_insert_missing_section(client, project: Path) -> None:
    path = project / "cards" / "insert.md"
    text = CARD_HEAD
    uri = open_doc(client, path, text)
    diags = await wait_diagnostics(client, uri, lambda ds: "structure/missing-section" in codes(ds))
    (diag,) = [d for d in diags if d.code == "structure/missing-section"]
    actions = await _actions(client, uri, diag.range)
    (insert,) = [a for a in actions if a.title.startswith("Insert the missing section")]
    assert insert.title == "Insert the missing section 'Limitations'"
    new = apply_edits(text, insert.edit.changes[uri])
    # in canonical order (after Out-of-scope use, before Ethical considerations), with
    # the template's guidance comment
    expected = "## Limitations\n\n<!-- Known limitations, caveats and failure modes. -->\n\n"
    assert expected + "## Ethical considerations" in new
    assert new.index("## Out-of-scope use") < new.index("## Limitations")
    change(client, uri, 2, insert.edit.changes[uri])
    diags = await wait_diagnostics(
        client,
        uri,
        lambda ds: (
            "structure/missing-section" not in codes(ds)
            and "structure/placeholder-section" in codes(ds)
        ),
    )
    (filler,) = [d for d in diags if d.code == "structure/placeholder-section"]
    assert "Limitations" in filler.message


@client_test
async def test_add_to_vocabulary(client, project: Path) -> None:
    path = project / "cards" / "vocab.md"
    text = FULL.replace("sorts support tickets", "sorts suport tickets")
    # spelling is off by default (measured precision, docs/lint.md): this project turns it on
    config = project / "site_config" / "xdocs.yml"
    saved = config.read_text(encoding="utf-8")
    config.write_text(
        saved.replace("\nrules:\n", "\nrules:\n  grammar/harper/SpellCheck: on\n", 1), "utf-8"
    )
    _changed(client, config)
    try:
        uri = open_doc(client, path, text)

        def spelled(ds: list[types.Diagnostic]) -> list[types.Diagnostic]:
            return [
                d for d in ds if d.code == "grammar/harper/SpellCheck" and "suport" in d.message
            ]

        diags = await wait_diagnostics(client, uri, lambda ds: bool(spelled(ds)))
        actions = await _actions(client, uri, spelled(diags)[0].range)
        (add,) = [a for a in actions if a.title.startswith("Add 'suport'")]
        assert add.title == "Add 'suport' to the vocabulary (styleguide/terminology.yml)"
        terminology = project / "styleguide" / "terminology.yml"
        accept = project / "vale_styles" / "config" / "vocabularies" / "Xalura" / "accept.txt"
        assert set(add.edit.changes) == {terminology.as_uri(), accept.as_uri()}
        before = terminology.read_text(encoding="utf-8")
        # the client applies the edit to both files (the server writes nothing)
        for target in (terminology, accept):
            old = target.read_text(encoding="utf-8")
            target.write_text(apply_edits(old, add.edit.changes[target.as_uri()]), "utf-8")
        after = terminology.read_text(encoding="utf-8")
        assert after.replace("  - suport\n", "", 1) == before  # one line added, nothing else
        assert "suport" in accept.read_text(encoding="utf-8").split("\n")
        sync = _xdocs(project, "styleguide", "sync", "--check")
        assert sync.returncode == 0, sync.stdout + sync.stderr

        _changed(client, terminology)
        await wait_diagnostics(client, uri, lambda ds: not spelled(ds))
    finally:
        config.write_text(saved, "utf-8")
        _changed(client, config)


def _changed(client, path: Path) -> None:  # type: ignore[no-untyped-def]
    client.workspace_did_change_watched_files(
        types.DidChangeWatchedFilesParams(
            changes=[types.FileEvent(uri=path.as_uri(), type=types.FileChangeType.Changed)]
        )
    )
