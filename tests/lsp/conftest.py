"""Fixtures for the language server tests: a project on disk, a real client.

The client is pytest-lsp's: it starts ``xdocs lsp`` as a subprocess and speaks
LSP to it over pipes, as an editor does. One server per test module (starting
one costs its lint workers' imports); each test opens its own documents. Tests
are ``@client_test async def test_x(client, ...)``: they run on the client's
own event loop thread (see :class:`ClientLoop`).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import inspect
import os
import shutil
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lsprotocol import types
from pytest_lsp import ClientServerConfig

REPO = Path(__file__).resolve().parents[2]
#: generous bound for one lint round trip on a loaded CI machine (not a timing test)
WAIT = 90.0

#: a card with every required section but "Limitations". Sections are judged by substance
#: (docs/intake.md): "Tickets may contain personal data" under its ethics heading was read
#: as a limitation ("may" phrasing; tests/card/test_section_substance.py keeps that case)
CARD_HEAD = """---
id: demo-model
name: Demo Model
version: "1.0"
owners: [grace.liu]
submitted_by: grace.liu
license: apache-2.0
model_format: safetensors
risk_rating: low
risk_rationale: A demo model for the language server tests.
metrics:
  - name: accuracy
    value: 0.9
    dataset: Demo Set
    split: test
approvals:
  - stage: intake
    role: publishing-worker
    by: priya.raman
    decision: approved
    at: '2026-10-05T10:00:00Z'
    digest: sha256:0000000000000000000000000000000000000000000000000000000000000000
---

# Demo Model

Demo Model sorts support tickets into queues for the help desk.

## Intended use

Routing English support tickets to one of twelve queues.

## Out-of-scope use

Anything that decides about people, such as hiring or credit.

## Ethical considerations

Tickets contain customers' personal data; the model never stores them.

## Training data

Twelve thousand support tickets from 2025, labelled by the help desk.

## Evaluation

Accuracy on a held-out test split of two thousand tickets.

## Deployment considerations

Runs on one CPU core; monitor the share of tickets moved by hand.
"""
LIMITATIONS = (
    "## Limitations\n\nShort tickets with no verb are often routed to the wrong queue.\n\n"
)


def server_command() -> list[str]:
    """``xdocs lsp`` as installed next to this interpreter (the console script)."""
    script = Path(sys.executable).parent / "xdocs"
    if script.is_file():
        return [str(script), "lsp"]
    return [sys.executable, "-c", "from xdocs.cli import main; main()", "lsp"]


def make_project(folder: Path) -> Path:
    """A project like the repository: its configuration and style guide, no cards."""
    for name in ("site_config", "styleguide", "templates", "vale_styles"):
        shutil.copytree(REPO / name, folder / name)
    shutil.copy(REPO / ".vale.ini", folder / ".vale.ini")
    (folder / "cards").mkdir()
    return folder


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("project"))


def server_env(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["XDOCS_CACHE_DIR"] = str(cache)
    env.pop("XDOCS_LANGUAGETOOL_URL", None)
    env.pop("XDOCS_PROJECT_ROOT", None)
    return env


def init_params(root: Path, **options: Any) -> types.InitializeParams:
    return types.InitializeParams(
        capabilities=types.ClientCapabilities(
            text_document=types.TextDocumentClientCapabilities(
                hover=types.HoverClientCapabilities(
                    content_format=[types.MarkupKind.Markdown, types.MarkupKind.PlainText]
                ),
            ),
        ),
        root_uri=root.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)],
        initialization_options=options or None,
    )


async def wait_diagnostics(
    client: Any,
    uri: str,
    predicate: Callable[[list[types.Diagnostic]], bool],
    timeout: float = WAIT,
) -> list[types.Diagnostic]:
    """Wait until the diagnostics published for ``uri`` satisfy ``predicate``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        current = list(client.diagnostics.get(uri, []))
        if uri in client.diagnostics and predicate(current):
            return current
        left = deadline - loop.time()
        if left <= 0:
            codes = [(d.code, d.range.start.line, d.message[:60]) for d in current]
            raise AssertionError(f"no matching diagnostics for {uri} in {timeout} s: {codes}")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(
                client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), left
            )


def codes(diagnostics: list[types.Diagnostic]) -> set[str]:
    return {str(d.code) for d in diagnostics if d.code}


def open_doc(client: Any, path: Path, text: str, version: int = 1) -> str:
    uri = path.as_uri()
    language = "markdown" if path.suffix == ".md" else path.suffix.lstrip(".")
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=uri, language_id=language, version=version, text=text
            )
        )
    )
    return uri


def change(client: Any, uri: str, version: int, edits: list[types.TextEdit]) -> None:
    """Send edits as incremental changes (applied in order, as an editor sends them)."""
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[
                types.TextDocumentContentChangePartial(range=e.range, text=e.new_text)
                for e in edits
            ],
        )
    )


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """What a client does with a WorkspaceEdit's TextEdits (UTF-16 positions)."""
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)

    def offset(pos: types.Position) -> int:
        if pos.line >= len(lines):
            return len(text)
        line = lines[pos.line]
        units = i = 0
        while i < len(line) and units < pos.character:
            units += 2 if ord(line[i]) > 0xFFFF else 1
            i += 1
        return starts[pos.line] + i

    spans = sorted(((offset(e.range.start), offset(e.range.end), e.new_text) for e in edits),
                   reverse=True)  # fmt: skip
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def position_of(text: str, needle: str, nth: int = 0) -> types.Position:
    """The LSP position (UTF-16) of the ``nth`` occurrence of ``needle``."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index)
    col_start = text.rfind("\n", 0, index) + 1
    units = sum(2 if ord(c) > 0xFFFF else 1 for c in text[col_start:index])
    return types.Position(line=line, character=units)


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The lint cache of the module's server (XDOCS_CACHE_DIR)."""
    return tmp_path_factory.mktemp("cache")


class ClientLoop:
    """An event loop on its own thread, for the LSP client.

    The tests are plain functions that run their coroutine here: another module's
    session fixture (Playwright's sync API) may keep an event loop running on the main
    thread for the whole session, where pytest-asyncio could not start one.
    """

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.client: Any = None

    def run(self, coro: Any, timeout: float = 600) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(30)
        self.loop.close()


@pytest.fixture(scope="module")
def lsp(project: Path, cache_dir: Path) -> Any:
    """A real client talking to ``xdocs lsp`` (a subprocess) about ``project``."""

    async def start() -> Any:
        config = ClientServerConfig(server_command(), server_env=server_env(cache_dir))
        client = await config.start()
        await client.initialize_session(init_params(project))
        return client

    async def stop(client: Any) -> None:
        await client.shutdown_session()
        await client.stop()

    loop = ClientLoop()
    loop.client = loop.run(start())
    yield loop
    loop.run(stop(loop.client))
    loop.close()


def client_test(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``async def test_x(client, fixture...)`` as a plain test run on the client's loop."""

    @functools.wraps(fn)
    def test(lsp: Any, *args: Any, **kwargs: Any) -> Any:
        return lsp.run(fn(lsp.client, *args, **kwargs))

    sig = inspect.signature(fn)
    params = [inspect.Parameter("lsp", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
    params += [p for name, p in sig.parameters.items() if name != "client"]
    test.__signature__ = sig.replace(parameters=params)  # type: ignore[attr-defined]
    return test
