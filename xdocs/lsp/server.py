"""``xdocs lsp``: the language server, wired to pygls.

Handlers stay small: document events go to the :class:`~xdocs.lsp.scheduler.
Scheduler`, requests to one module each (:mod:`~xdocs.lsp.actions`,
:mod:`~xdocs.lsp.hover`, :mod:`~xdocs.lsp.completion`, :mod:`~xdocs.lsp.status`).
A request about a document the client never opened answers empty; a handler
that fails answers an LSP error (pygls turns the exception into one) and logs
the traceback on standard error, never on the protocol channel. The server
writes no file: fixes are edits the client applies.

``initializationOptions`` (all optional): ``{"statusHint": false}`` turns off the
first-line hint with the workflow status (the code lens stays).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from xdocs import __version__
from xdocs.lsp.documents import DocState, classify
from xdocs.lsp.project import Projects
from xdocs.lsp.protocol import XdocsProtocol
from xdocs.lsp.scheduler import Scheduler
from xdocs.lsp.workers import Workers

log = logging.getLogger("xdocs.lsp")

FIX_ALL = f"{types.CodeActionKind.SourceFixAll.value}.xdocs"
#: saving a file with one of these suffixes may change the configuration
CONFIG_SUFFIXES = (".yml", ".yaml", ".ini", ".txt")


class XdocsServer(LanguageServer):
    """The language server: open documents, projects and lint workers."""

    def __init__(self) -> None:
        super().__init__(
            "xdocs",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            protocol_cls=XdocsProtocol,
        )
        self.projects = Projects()
        self.workers = Workers()
        self.scheduler = Scheduler(
            self.workers,
            publish=self._publish,
            codec=self.codec,
            href=_rule_href,
            on_status=self._status_changed,
            on_config_error=self._config_error,
        )

    # -- helpers --------------------------------------------------------------------
    def codec(self) -> Any:
        try:
            return self.workspace.position_codec
        except RuntimeError:  # not initialized: UTF-16, the protocol's default
            from pygls.workspace import PositionCodec

            return PositionCodec()

    def state(self, uri: str) -> DocState | None:
        """The open document, or None for one the client never opened."""
        return self.scheduler.docs.get(uri)

    def _publish(self, uri: str, diagnostics: list[types.Diagnostic], version: int | None) -> None:
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    def _status_changed(self, state: DocState) -> None:
        caps = self.client_capabilities.workspace
        lens = caps.code_lens if caps is not None else None
        if lens is not None and lens.refresh_support:
            self.workspace_code_lens_refresh(None)

    def report_server_error(self, error: Exception, source: Any) -> None:
        """Unreadable input from the client is logged (standard error), not shown: the
        client sent it, the writer can do nothing about it. A failing handler is shown."""
        from pygls.exceptions import FeatureNotificationError

        log.error("%s: %s", getattr(source, "__name__", source), error)
        if source is FeatureNotificationError:
            super().report_server_error(error, source)

    def _config_error(self, message: str) -> None:
        self.window_show_message(
            types.ShowMessageParams(
                type=types.MessageType.Error,
                message=f"xdocs: {message} (findings may be missing until it is fixed)",
            )
        )


def _rule_href(project: Any, rule_id: str) -> str | None:
    from xdocs.lsp.links import rule_href

    return rule_href(project, rule_id)


def _path(uri: str) -> Path | None:
    """The file a ``file:`` URI names (None for ``untitled:`` and other schemes)."""
    if not uri.startswith("file:"):
        return None
    fs = to_fs_path(uri)
    return Path(fs) if fs else None


def initialize(ls: XdocsServer, params: types.InitializeParams) -> None:
    roots = [f.uri for f in params.workspace_folders or []]
    if params.root_uri:
        roots.append(params.root_uri)
    ls.projects.workspace_roots = [p for p in (_path(u) for u in roots) if p is not None]
    options = params.initialization_options
    if isinstance(options, dict) and options.get("statusHint") is False:
        ls.scheduler.status_hint = False


def initialized(ls: XdocsServer, params: types.InitializedParams) -> None:
    if ls.projects.workspace_roots:
        project = ls.projects.for_path(ls.projects.workspace_roots[0] / "warm-up.md")
        ls.workers.warm_up(str(project.root), project.generation)


def shutdown(ls: XdocsServer, params: Any = None) -> None:
    ls.scheduler.shutdown()
    ls.workers.close()


async def did_open(ls: XdocsServer, params: types.DidOpenTextDocumentParams) -> None:
    doc = params.text_document
    path = _path(doc.uri)
    project = ls.projects.for_path(path) if path is not None else ls.projects.default()
    kind = classify(path, doc.language_id or "", doc.text, project)
    state = DocState(doc.uri, path, project, kind, doc.version, doc.text, doc.language_id or "")
    await ls.scheduler.opened(state)


def did_change(ls: XdocsServer, params: types.DidChangeTextDocumentParams) -> None:
    state = ls.state(params.text_document.uri)
    if state is None:
        return
    version = params.text_document.version
    for change in params.content_changes:
        if isinstance(change, types.TextDocumentContentChangePartial):
            state.log_edit(version, change.range.start.line, change.range.end.line, change.text)
        else:
            state.log_full(version)
    state.version = version
    state.text = ls.workspace.get_text_document(state.uri).source
    ls.scheduler.changed(state)


async def did_save(ls: XdocsServer, params: types.DidSaveTextDocumentParams) -> None:
    state = ls.state(params.text_document.uri)
    if state is not None:
        ls.scheduler.saved(state)
    path = _path(params.text_document.uri)
    if path is not None and path.suffix.lower() in CONFIG_SUFFIXES:
        # the style guide, xdocs.yml or the roster, edited in the editor
        await ls.scheduler.config_changed(ls.projects.all())


async def did_change_watched_files(
    ls: XdocsServer, params: types.DidChangeWatchedFilesParams
) -> None:
    await ls.scheduler.config_changed(ls.projects.all())


def did_close(ls: XdocsServer, params: types.DidCloseTextDocumentParams) -> None:
    ls.scheduler.closed(params.text_document.uri)


async def code_action(
    ls: XdocsServer, params: types.CodeActionParams
) -> list[types.CodeAction] | None:
    from xdocs.lsp.actions import code_actions

    state = ls.state(params.text_document.uri)
    if state is None or not state.kind:
        return []
    return await code_actions(ls, state, params)


async def hover(ls: XdocsServer, params: types.HoverParams) -> types.Hover | None:
    from xdocs.lsp.hover import hover_at

    state = ls.state(params.text_document.uri)
    if state is None or not state.kind:
        return None
    return await hover_at(ls, state, params.position)


async def completion(ls: XdocsServer, params: types.CompletionParams) -> types.CompletionList:
    from xdocs.lsp.completion import complete

    state = ls.state(params.text_document.uri)
    if state is None or state.kind != "card":
        return types.CompletionList(is_incomplete=False, items=[])
    return await complete(ls, state, params.position)


def code_lens(ls: XdocsServer, params: types.CodeLensParams) -> list[types.CodeLens]:
    from xdocs.lsp.status import status_lenses

    state = ls.state(params.text_document.uri)
    if state is None or state.kind != "card":
        return []
    return status_lenses(state)


def build_server() -> XdocsServer:
    """A server with every feature registered (one per process: ``xdocs lsp``)."""
    ls = XdocsServer()
    features: list[tuple[str, Any, Any]] = [
        (types.INITIALIZE, None, initialize),
        (types.INITIALIZED, None, initialized),
        (types.SHUTDOWN, None, shutdown),
        (types.TEXT_DOCUMENT_DID_OPEN, None, did_open),
        (types.TEXT_DOCUMENT_DID_CHANGE, None, did_change),
        (types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False), did_save),
        (types.TEXT_DOCUMENT_DID_CLOSE, None, did_close),
        (
            types.TEXT_DOCUMENT_CODE_ACTION,
            types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL]),
            code_action,
        ),
        (types.TEXT_DOCUMENT_HOVER, None, hover),
        (
            types.TEXT_DOCUMENT_COMPLETION,
            types.CompletionOptions(trigger_characters=[" ", ":", "-", "["]),
            completion,
        ),
        (types.TEXT_DOCUMENT_CODE_LENS, types.CodeLensOptions(), code_lens),
        (types.WORKSPACE_DID_CHANGE_WATCHED_FILES, None, did_change_watched_files),
    ]
    for method, options, handler in features:
        ls.feature(method, options)(handler)
    return ls


def start() -> None:
    """Serve on standard input and output until the client says exit."""
    build_server().start_io()
