"""Hostile and odd input: LSP errors or empty results, never a dead server.

Each test drives ``xdocs lsp`` over raw pipes (tests/lsp/rawclient.py), so it can
send what no well-behaved client sends, then checks the server still answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import CARD_HEAD, LIMITATIONS, make_project, server_command, server_env
from .rawclient import RawClient, frame

FULL = CARD_HEAD.replace("## Ethical", LIMITATIONS + "## Ethical")
NOWHERE = "file:///nowhere/card.md"


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[RawClient, Path]]:
    root = make_project(tmp_path_factory.mktemp("robust"))
    env = server_env(tmp_path_factory.mktemp("cache"))
    client = RawClient(server_command(), env, tmp_path_factory.mktemp("log") / "stderr.txt")
    client.initialize(root)
    yield client, root
    assert client.close() == 0, "the server must exit cleanly after shutdown and exit"


def _open(client: RawClient, uri: str, text: str, version: int = 1) -> None:
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "markdown", "version": version, "text": text}},
    )


def _pos(line: int, character: int) -> dict[str, int]:
    return {"line": line, "character": character}


def test_invalid_json_body(raw) -> None:  # type: ignore[no-untyped-def]
    client, _ = raw
    client.send_bytes(frame(b'{"jsonrpc": "2.0", "id": 7, "method": "textDocument/hov'))
    client.send_bytes(frame(b"\xff\xfe not json at all"))
    client.send_bytes(frame(b"[1, 2, 3]"))
    assert client.alive()


def test_broken_framing(raw) -> None:  # type: ignore[no-untyped-def]
    client, _ = raw
    client.send_bytes(b"Content-Type: text/plain\r\n\r\n")  # no Content-Length
    client.send_bytes(b"Content-Length: nope\r\n\r\n")
    assert client.alive()


def test_invalid_params_give_errors(raw) -> None:  # type: ignore[no-untyped-def]
    client, _ = raw
    response = client.request("textDocument/hover", {"textDocument": {}})
    assert "error" in response
    response = client.request("textDocument/completion", {"position": "here"})
    assert "error" in response
    response = client.request("textDocument/codeAction", None)
    assert "error" in response
    response = client.request("xdocs/noSuchMethod", {})
    assert response["error"]["code"] == -32601  # MethodNotFound
    assert client.alive()


def test_unknown_files_get_empty_answers(raw) -> None:  # type: ignore[no-untyped-def]
    client, _ = raw
    doc = {"textDocument": {"uri": NOWHERE}}
    assert client.request("textDocument/hover", {**doc, "position": _pos(3, 4)})["result"] is None
    completion = client.request("textDocument/completion", {**doc, "position": _pos(1, 1)})
    assert completion["result"]["items"] == []
    rng = {"start": _pos(0, 0), "end": _pos(5, 0)}
    action = client.request(
        "textDocument/codeAction", {**doc, "range": rng, "context": {"diagnostics": []}}
    )
    assert action["result"] == []
    assert client.request("textDocument/codeLens", doc)["result"] == []
    # changes, saves and closes of documents never opened are ignored
    client.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": NOWHERE, "version": 2}, "contentChanges": [{"text": "x"}]},
    )
    client.notify("textDocument/didSave", doc)
    client.notify("textDocument/didClose", doc)
    assert client.alive()
    assert client.error_messages() == []  # and no error popup in the editor


def test_positions_out_of_range(raw) -> None:  # type: ignore[no-untyped-def]
    client, root = raw
    uri = (root / "cards" / "range.md").as_uri()
    _open(client, uri, FULL)
    client.diagnostics(uri, lambda ds: True)
    far = {"textDocument": {"uri": uri}, "position": _pos(10_000, 10_000)}
    assert "result" in client.request("textDocument/hover", far)
    assert "result" in client.request("textDocument/completion", far)
    rng = {"start": _pos(9_000, 0), "end": _pos(10_000, 99)}
    assert "result" in client.request(
        "textDocument/codeAction",
        {"textDocument": {"uri": uri}, "range": rng, "context": {"diagnostics": []}},
    )
    assert client.alive()


def test_binary_content(raw) -> None:  # type: ignore[no-untyped-def]
    client, root = raw
    uri = (root / "cards" / "binary.md").as_uri()
    _open(client, uri, "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + "".join(map(chr, range(256))))
    diags = client.diagnostics(uri, lambda ds: any(d.get("code") == "input/binary" for d in ds))
    assert [d["code"] for d in diags if d.get("code")] == ["input/binary"]
    assert client.alive()


def test_lone_surrogate_and_odd_line_breaks(raw) -> None:  # type: ignore[no-untyped-def]
    client, root = raw
    uri = (root / "cards" / "odd.md").as_uri()
    odd = FULL.replace("Routing English", "Routing \ud800 English\r\r\n\u2028").replace(
        "\n", "\r\n"
    )
    _open(client, uri, odd)
    client.diagnostics(uri, lambda ds: True)
    assert client.alive()


def test_card_deleted_while_open(raw) -> None:  # type: ignore[no-untyped-def]
    client, root = raw
    path = root / "cards" / "deleted.md"
    path.write_text(CARD_HEAD, encoding="utf-8")
    uri = path.as_uri()
    _open(client, uri, CARD_HEAD)
    client.diagnostics(
        uri, lambda ds: any(d.get("code") == "structure/missing-section" for d in ds)
    )
    path.unlink()
    # the buffer is still open: edits are linted from memory, saves and hovers answer
    end = len(CARD_HEAD.split("\n")) - 1
    client.notify(
        "textDocument/didChange",
        {
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [
                {"range": {"start": _pos(end, 0), "end": _pos(end, 0)}, "text": LIMITATIONS}
            ],
        },
    )
    client.diagnostics(
        uri, lambda ds: not any(d.get("code") == "structure/missing-section" for d in ds)
    )
    client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    hover = client.request(
        "textDocument/hover", {"textDocument": {"uri": uri}, "position": _pos(2, 2)}
    )
    assert "result" in hover
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    cleared = client.diagnostics(uri, lambda ds: ds == [])
    assert cleared == []
    assert client.alive()


def test_too_large_to_lint_live(raw) -> None:  # type: ignore[no-untyped-def]
    client, root = raw
    uri = (root / "cards" / "huge.md").as_uri()
    _open(client, uri, CARD_HEAD + "A line of prose.\n" * 70_000)
    (diag,) = client.diagnostics(uri, lambda ds: len(ds) == 1)
    assert "too large to lint as you type" in diag["message"]
    assert diag["severity"] == 3  # information
    assert client.alive()


def test_untitled_document(raw) -> None:  # type: ignore[no-untyped-def]
    client, _ = raw
    uri = "untitled:Untitled-1"
    _open(client, uri, CARD_HEAD)
    client.diagnostics(
        uri, lambda ds: any(d.get("code") == "structure/missing-section" for d in ds)
    )
    assert client.alive()


def test_opened_twice_without_a_close(raw) -> None:  # type: ignore[no-untyped-def]
    client, root = raw
    uri = (root / "cards" / "twice.md").as_uri()
    _open(client, uri, CARD_HEAD)
    _open(client, uri, FULL, version=5)  # the second text wins
    client.diagnostics(
        uri, lambda ds: not any(d.get("code") == "structure/missing-section" for d in ds)
    )
    assert client.alive()
    client.error_messages()  # collects everything received so far into `seen`
    versions = {
        m["params"].get("version")
        for m in client.seen
        if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
    }
    assert versions <= {5}  # the first text's runs stopped when it was opened again
