"""Grammar: Harper offline, LanguageTool against a local server replaying recorded answers."""

from __future__ import annotations

import json
import os
import socket
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from xdocs.card import load_card_from_document
from xdocs.config import Config
from xdocs.document import Document
from xdocs.lint.grammar import GrammarPass
from xdocs.rules import LintContext

FIXTURES = Path(__file__).parent / "fixtures" / "languagetool"
REAL_SERVER = os.environ.get("XDOCS_LANGUAGETOOL_URL")  # read before the autouse fixture clears it
LANGUAGES = [{"name": "English (US)", "code": "en", "longCode": "en-US"},
             {"name": "English", "code": "en", "longCode": "en"}]  # fmt: skip


def _card(text: str, name: str = "g.md"):  # noqa: ANN202
    return load_card_from_document(Document.from_text(text, name))


def _config(repo_config: Config, **grammar: object) -> Config:
    data = dict(repo_config.data)
    data["grammar"] = {**repo_config.section("grammar"), **grammar}
    return Config(root=repo_config.root, path=repo_config.path, data=data)


# -- Harper -----------------------------------------------------------------------------
def test_harper_finds_grammar_with_a_safe_fix(repo_config: Config) -> None:
    card = _card("---\nname: x\n---\n\n# Demo\n\nThis is an test of the the model.\n")
    found = GrammarPass().run(card, LintContext(repo_config, repo_config.root))
    by_rule = {f.rule: f for f in found}
    ana = by_rule["grammar/harper/AnA"]
    assert (ana.line, ana.column) == (7, 9)
    assert ana.replacement == "a"
    assert by_rule["grammar/harper/RepeatedWords"].replacement == "the"


def test_harper_sees_prose_only_and_knows_house_words(repo_config: Config) -> None:
    text = (
        "---\nnote: This is an test\n---\n\n# Xalura Tech models\n\n"
        "Xalura Tech fine-tunes models with safetensors.\n\n```\nThis is an test\n```\n"
    )
    found = GrammarPass().run(_card(text), LintContext(repo_config, repo_config.root))
    assert found == [], [f"{f.rule}:{f.line} {f.message}" for f in found]


def test_harper_heading_case_follows_the_style_guide(repo_config: Config) -> None:
    from xdocs.lint.grammar import harper

    text = "# Intended use of the model\n\nIt works.\n"
    sentence = GrammarPass().run(_card(text), LintContext(repo_config, repo_config.root))
    assert not any(f.rule == "grammar/harper/UseTitleCase" for f in sentence)
    title_config = _config(repo_config, heading_case="title")
    harper._LINTER.clear()
    try:
        title = GrammarPass().run(_card(text), LintContext(title_config, repo_config.root))
    finally:
        harper._LINTER.clear()
    assert any(f.rule == "grammar/harper/UseTitleCase" for f in title)


def test_harper_memo_gives_identical_results(repo_config: Config) -> None:
    text = "# A\n\nThis is an test.\n\n# B\n\nThis is an test.\n"
    ctx = LintContext(repo_config, repo_config.root)
    first = GrammarPass().run(_card(text), ctx)
    again = GrammarPass().run(_card(text), ctx)
    assert first == again
    assert [f.line for f in first if f.rule == "grammar/harper/AnA"] == [3, 7]


# -- LanguageTool (fake server) ---------------------------------------------------------
class _Handler(BaseHTTPRequestHandler):
    mode = "replay"
    recorded = json.loads((FIXTURES / "check_spelling.json").read_text(encoding="utf-8"))

    def log_message(self, *args: object) -> None:
        pass

    def _send(self, status: int, body: bytes, ctype: str = "application/json") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        if self.path.rstrip("/").endswith("/v2/languages"):
            self._send(200, json.dumps(LANGUAGES).encode())
        else:
            self._send(404, b"not found", "text/plain")

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        form = urllib.parse.parse_qs(self.rfile.read(length).decode("utf-8"))
        if not self.path.rstrip("/").endswith("/v2/check"):
            self._send(404, b"not found", "text/plain")
            return
        if self.mode == "garbage":
            self._send(200, b"<html><body>502 Bad Gateway</body></html>", "text/html")
            return
        text = form.get("text", [""])[0]
        answer = json.loads(json.dumps(self.recorded["response"]))
        where = text.find(self.recorded["request"]["text"])
        if where < 0:
            answer["matches"] = []
        for match in answer["matches"]:
            match["offset"] += where  # replay the recorded sentence where it sits in this text
        self._send(200, json.dumps(answer).encode())


@pytest.fixture
def lt_server() -> Iterator[tuple[str, type[_Handler]]]:
    handler = type("Handler", (_Handler,), {"mode": "replay"})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()


CARD = (
    "---\nname: x\n---\n\n# Demo\n\n"
    "`code here`: LanguageTool Extensin is the best onee there shud be.\n"
)


def test_languagetool_matches_become_findings(repo_config: Config, lt_server, monkeypatch) -> None:  # noqa: ANN001
    url, _ = lt_server
    monkeypatch.setenv("XDOCS_LANGUAGETOOL_URL", url)
    found = GrammarPass().run(
        _card(CARD), LintContext(_config(repo_config, backends=[]), repo_config.root)
    )
    lt = [f for f in found if f.rule.startswith("grammar/languagetool/")]
    assert [f.rule for f in lt] == ["grammar/languagetool/MORFOLOGIK_RULE_EN_US"] * 3
    line = CARD.split("\n")[6]
    assert [line[f.column - 1 : f.end_column - 1] for f in lt] == ["Extensin", "onee", "shud"]
    assert all(f.line == 7 for f in lt)
    assert "'Extension'" in lt[0].fix
    assert "(TYPOS)" in lt[0].message


def test_languagetool_garbage_is_one_clear_finding(
    repo_config: Config, lt_server, monkeypatch
) -> None:  # noqa: ANN001
    url, handler = lt_server
    handler.mode = "garbage"
    config = _config(repo_config, backends=[], languagetool_url=url)
    found = GrammarPass().run(_card(CARD), LintContext(config, repo_config.root))
    assert [f.rule for f in found] == ["grammar/languagetool-unavailable"]
    assert url in found[0].message and "docker run" in found[0].fix


def test_languagetool_down_is_one_clear_finding(repo_config: Config) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens here once the socket closes
    config = _config(repo_config, backends=[], languagetool_url=f"http://127.0.0.1:{port}")
    lint_pass = GrammarPass()
    ctx = LintContext(config, repo_config.root)
    for _ in range(2):  # the second card does not wait again: the backend remembers
        found = lint_pass.run(_card(CARD), ctx)
        assert [f.rule for f in found] == ["grammar/languagetool-unavailable"]
        assert f"127.0.0.1:{port}" in found[0].message


@pytest.mark.skipif(not REAL_SERVER, reason="set XDOCS_LANGUAGETOOL_URL to test a real server")
def test_real_languagetool_server(repo_config: Config, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("XDOCS_LANGUAGETOOL_URL", REAL_SERVER or "")
    config = _config(repo_config, backends=[])
    found = GrammarPass().run(
        _card("# Demo\n\nHe go to the office every days.\n"), LintContext(config, repo_config.root)
    )
    assert any(f.rule.startswith("grammar/languagetool/") for f in found)
