"""Markdown house rules (pymarkdownlnt on a skeleton) and the offline link check."""

from __future__ import annotations

from pathlib import Path

from xdocs.card import load_card, load_card_from_document
from xdocs.config import Config
from xdocs.document import Document
from xdocs.lint.links import LinkPass, slugify
from xdocs.lint.markdown import MarkdownPass, skeleton
from xdocs.lint.rules import LintContext

CARD = """\
---
name: demo
---

# Demo

Intro with a bare URL https://example.com/x here.

#### Too deep

```
no language
```

## Usage

- item

  ```python
  fine
  ```

## Usage

# Second title
"""


def _rules(found: list) -> list[tuple[str, int]]:
    return sorted((f.rule, f.line) for f in found)


def test_house_rules_at_file_lines(repo_config: Config) -> None:
    card = load_card_from_document(Document.from_text(CARD, "demo.md"))
    found = MarkdownPass().run(card, LintContext(repo_config, repo_config.root))
    assert _rules(found) == [
        ("markdown/MD001", 9),
        ("markdown/MD024", 23),
        ("markdown/MD025", 25),
        ("markdown/MD034", 7),
        ("markdown/MD040", 11),
    ]
    bare = next(f for f in found if f.rule == "markdown/MD034")
    assert CARD.split("\n")[6][bare.column - 1 :].startswith("https://")


def test_batch_equals_one_by_one(repo_config: Config, tmp_path: Path) -> None:
    ctx = LintContext(repo_config, repo_config.root)
    texts = [CARD, "# Only\n\nclean text\n", CARD.replace("#### Too deep", "### Fine")]
    cards = [
        load_card_from_document(Document.from_text(t, f"c{i}.md")) for i, t in enumerate(texts)
    ]
    batch = MarkdownPass().run_batch(cards, ctx)
    for card in cards:
        assert _rules(batch[card.path]) == _rules(MarkdownPass().run(card, ctx))
    assert batch["c1.md"] == []


def test_skeleton_keeps_only_what_rules_read() -> None:
    text, mapping = skeleton(Document.from_text(CARD))
    assert "no language" not in text and "item" not in text
    assert len(text.split("\n")) - 1 == len(mapping)


LINKS = """\
# Card

## Limitations

See [limits](#limitations), [bad](#limitation), [other](other.md#usage),
[wrong anchor](other.md#nope), [missing](missing.md) and ![img](img/x.png).
External [site](https://example.invalid/page) is not fetched by default.
"""


def test_relative_links_and_anchors(repo_config: Config, tmp_path: Path) -> None:
    (tmp_path / "other.md").write_text("# Other\n\n## Usage\n\ntext\n")
    card_path = tmp_path / "card.md"
    card_path.write_text(LINKS)
    deps: set[str] = set()
    ctx = LintContext(repo_config, repo_config.root, {"dependencies": deps})
    found = LinkPass().run(load_card(card_path), ctx)
    got = sorted((f.rule, f.message.split(":")[0].split(" ")[0]) for f in found)
    assert got == [
        ("markdown/broken-anchor", "#limitation"),
        ("markdown/broken-anchor", "other.md#nope"),
        ("markdown/broken-link", "img/x.png"),
        ("markdown/broken-link", "missing.md"),
    ]
    assert str(tmp_path / "other.md") in deps


def test_slugs_match_mkdocs() -> None:
    assert slugify("Bias, Risks, and Limitations") == "bias-risks-and-limitations"
    assert slugify("How to Get Started with the Model") == "how-to-get-started-with-the-model"


def test_check_urls_against_a_local_server(repo_config: Config, tmp_path: Path) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_HEAD(self) -> None:  # noqa: N802
            self.send_response(200 if self.path == "/ok" else 404)
            self.end_headers()

        do_GET = do_HEAD  # noqa: N815

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        path = tmp_path / "urls.md"
        path.write_text(f"# Urls\n\n[fine]({base}/ok) and [gone]({base}/gone).\n")
        card = load_card(path)
        offline = LinkPass().run(card, LintContext(repo_config, repo_config.root, {}))
        assert offline == [], "external URLs are not requested without --check-urls"
        online = LinkPass().run(
            card, LintContext(repo_config, repo_config.root, {"check_urls": True})
        )
    finally:
        server.shutdown()
        server.server_close()
    assert [(f.rule, f.line) for f in online] == [("markdown/broken-url", 3)]
    assert "/gone: HTTP 404" in online[0].message
