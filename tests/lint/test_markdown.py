"""Markdown house rules (small functions over the shared tokens) and the offline link check."""

from __future__ import annotations

from pathlib import Path

from xdocs.card import load_card, load_card_from_document
from xdocs.config import Config
from xdocs.document import Document
from xdocs.lint.links import LinkPass
from xdocs.lint.markdown import MarkdownPass, markdown_findings
from xdocs.rules import LintContext, LintOptions
from xdocs.slugs import heading_anchor

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


def _hits(text: str) -> list[tuple[str, int, int]]:
    return sorted(
        (f.rule[9:], f.line, f.column) for f in markdown_findings(Document.from_text(text), "c.md")
    )


def test_md001_heading_increment_first_heading_may_be_any_level() -> None:
    assert _hits("### Start\n\n#### Fine\n\n###### Jump\n") == [("MD001", 5, 1)]
    assert _hits("Title\n=====\n\n### Jump\n") == [("MD001", 4, 1)]


def test_md024_siblings_only() -> None:
    text = "# A\n\n## Usage\n\n### Notes\n\n## Data\n\n### Notes\n\n## Usage\n"
    # the two "Notes" have different parents; the second "Usage" is a sibling of the first
    assert _hits(text) == [("MD024", 11, 1)]


def test_md025_one_top_level_heading() -> None:
    assert _hits("# A\n\ntext\n\nB\n=\n") == [("MD025", 5, 1)]
    assert _hits("## A\n\n## B\n") == []


def test_md034_bare_urls_outside_links_and_code() -> None:
    text = (
        "See https://a.example/x and <https://b.example> and [c](https://c.example)\n"
        "`https://d.example` and xhttps://e.example and ftp://f.example/y\n"
    )
    assert _hits(text) == [("MD034", 1, 5), ("MD034", 2, 48)]


def test_md040_fenced_code_names_its_language() -> None:
    assert _hits("```\nx\n```\n\n```python\ny\n```\n\n- item\n\n  ~~~\n  z\n  ~~~\n") == [
        ("MD040", 1, 1),
        ("MD040", 11, 3),
    ]


def test_md042_empty_links_also_in_table_cells() -> None:
    text = "[a]() and [b](#) and [c](x.md)\n\n| k | v |\n| - | - |\n| Author | [n/a]() |\n"
    assert _hits(text) == [("MD042", 1, 1), ("MD042", 1, 11), ("MD042", 5, 12)]


def test_code_and_html_are_not_read() -> None:
    text = (
        "```text\n# not a heading\nhttps://bare.example\n```\n\n<div>\nhttps://x.example\n</div>\n"
    )
    assert _hits(text) == []


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
    ctx = LintContext(repo_config, repo_config.root, dependencies=deps)
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
    assert heading_anchor("Bias, Risks, and Limitations") == "bias-risks-and-limitations"
    started = "how-to-get-started-with-the-model"
    assert heading_anchor("How to Get Started with the Model") == started


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
        offline = LinkPass().run(card, LintContext(repo_config, repo_config.root))
        assert offline == [], "external URLs are not requested without --check-urls"
        online = LinkPass().run(
            card, LintContext(repo_config, repo_config.root, LintOptions(check_urls=True))
        )
    finally:
        server.shutdown()
        server.server_close()
    assert [(f.rule, f.line) for f in online] == [("markdown/broken-url", 3)]
    assert "/gone: HTTP 404" in online[0].message
