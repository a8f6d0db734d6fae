"""pygls' protocol, made to answer every request, even one it cannot read.

pygls logs a request whose parameters do not fit the LSP types and drops it: the
client then waits for an answer forever. Here such a request gets the JSON-RPC
error it deserves (``InvalidParams``, or ``InternalError``), and the message is
then ignored like an unknown ``$/`` notification. Changes and closes of documents
that were never opened are ignored (pygls raises on them).
"""

from __future__ import annotations

from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pygls.protocol import LanguageServerProtocol
from pygls.protocol.json_rpc import JsonRPCNotification
from pygls.protocol.language_server import lsp_method

IGNORED = "$/xdocs/unreadableMessage"


class XdocsProtocol(LanguageServerProtocol):
    def structure_message(self, data: dict[str, Any]) -> Any:
        try:
            return super().structure_message(data)
        except JsonRpcException as error:
            msg_id = data.get("id") if isinstance(data, dict) else None
            is_request = isinstance(data, dict) and "method" in data and "error" not in data
            if is_request and isinstance(msg_id, int | str) and not isinstance(msg_id, bool):
                self._send_response(msg_id, None, error.to_response_error())
            return JsonRPCNotification(method=IGNORED, jsonrpc="2.0", params=None)

    # pygls updates its workspace before our handlers run, and raises KeyError for a
    # document the client never opened: ignore those changes and closes instead
    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams) -> Any:
        if params.text_document.uri in self.workspace.text_documents:
            yield from super().lsp_text_document__did_change(params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams) -> Any:
        if params.text_document.uri in self.workspace.text_documents:
            yield from super().lsp_text_document__did_close(params)
