"""Every format Vale reads: AsciiDoc, reStructuredText, text, ``--ext``, unknown extensions.

AsciiDoc goes through the real ``asciidoctor`` (Debian package, installed by
.ci/run) and reStructuredText through docutils, with positions in the source.
A missing converter is one line on stderr and exit 2, never a silent pass.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from xdocs.cli import cli
from xdocs.vale import load_linter, run_builtin

WORD = "extends: existence\nmessage: \"Found '%s'.\"\nlevel: error\ntokens:\n  - foo\n"
needs_asciidoctor = pytest.mark.skipif(
    shutil.which("asciidoctor") is None,
    reason="asciidoctor not installed (Debian: apt-get install asciidoctor; .ci/run does it)",
)


def _project(tmp_path: Path, rules: dict[str, str] | None = None, glob: str = "*") -> Path:
    (tmp_path / "styles" / "T").mkdir(parents=True)
    for name, body in (rules or {"Word": WORD}).items():
        (tmp_path / "styles" / "T" / f"{name}.yml").write_text(body)
    ini = tmp_path / ".vale.ini"
    ini.write_text(f"StylesPath = styles\n[{glob}]\nBasedOnStyles = T\n")
    return ini


def _vale(tmp_path: Path, *args: str, stdin: str | None = None):
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        return CliRunner().invoke(cli, ["vale", *args], input=stdin)
    finally:
        os.chdir(old)


ADOC = """= Document title

A paragraph with foo in it.

[source,python]
----
foo = 1
----

// foo in a comment

* a list item with foo
"""


@needs_asciidoctor
def test_asciidoc_is_linted_with_source_positions(tmp_path):
    _project(tmp_path)
    (tmp_path / "doc.adoc").write_text(ADOC)
    res = _vale(tmp_path, "--output=line", "doc.adoc")
    assert res.stdout.splitlines() == [
        "doc.adoc:3:18:T.Word:Found 'foo'.",
        "doc.adoc:12:20:T.Word:Found 'foo'.",
    ]
    assert res.exit_code == 1


def test_asciidoc_without_asciidoctor_is_one_line_and_exit_2(tmp_path, monkeypatch):
    _project(tmp_path)
    (tmp_path / "doc.adoc").write_text(ADOC)
    (tmp_path / "ok.md").write_text("Nothing here.\n")
    empty = tmp_path / "no-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    for output in ("line", "JSON", "CLI"):
        res = _vale(tmp_path, f"--output={output}", ".")
        assert res.exit_code == 2, res.output
        lines = [x for x in res.stderr.splitlines() if "doc.adoc" in x]
        assert len(lines) == 1 and "asciidoctor not found" in lines[0]


RST = """Title
=====

A paragraph with foo in it and ``foo`` in code.

.. code-block:: python

   foo = 1

* an item with foo
"""


def test_rst_is_linted_with_source_positions(tmp_path):
    _project(tmp_path)
    (tmp_path / "doc.rst").write_text(RST)
    res = _vale(tmp_path, "--output=line", "doc.rst")
    assert res.stdout.splitlines() == [
        "doc.rst:4:18:T.Word:Found 'foo'.",
        "doc.rst:10:16:T.Word:Found 'foo'.",
    ]


def test_rst_without_docutils_is_one_line_and_exit_2(tmp_path, monkeypatch):
    _project(tmp_path)
    (tmp_path / "doc.rst").write_text(RST)
    monkeypatch.setitem(sys.modules, "docutils.core", None)
    res = _vale(tmp_path, "--output=JSON", "doc.rst")
    assert res.exit_code == 2
    assert json.loads(res.stdout) == {}
    assert [x for x in res.stderr.splitlines() if "doc.rst" in x] == [
        "note: doc.rst: not checked: docutils not found: install it (pip install docutils) "
        "to lint reStructuredText"
    ]


def test_rst_include_directive_reads_no_file(tmp_path):
    """``--no-file-insertion``: a hostile include cannot pull another file in."""
    _project(tmp_path)
    (tmp_path / "secret.txt").write_text("foo foo foo\n")
    (tmp_path / "doc.rst").write_text("Intro.\n\n.. include:: secret.txt\n")
    res = _vale(tmp_path, "--output=line", "doc.rst")
    assert "T.Word" not in res.stdout


def test_rst_front_matter_in_toml_is_linted(tmp_path):
    rule = WORD.replace("tokens:", "scope: text.frontmatter.title\ntokens:")
    _project(tmp_path, {"Title": rule})
    (tmp_path / "doc.rst").write_text('+++\ntitle = "A foo title"\n+++\n\nBody.\n')
    res = _vale(tmp_path, "--output=line", "doc.rst")
    assert res.stdout.splitlines() == ["doc.rst:2:12:T.Title:Found 'foo'."]


@pytest.mark.parametrize("output", ["line", "JSON", "CLI"])
def test_files_not_checked_and_rules_not_run_reach_stderr(tmp_path, output):
    seq = "extends: sequence\nmessage: x\ntokens:\n  - tag: NN\n"
    script = "extends: script\nmessage: x\nscript: x\n"
    _project(tmp_path, {"Word": WORD, "Seq": seq, "Script": script})
    (tmp_path / "a.md").write_text("no hits\n")
    (tmp_path / "b.py").write_text("# foo\n")
    res = _vale(tmp_path, f"--output={output}", ".")
    notes = res.stderr.splitlines()
    assert "note: b.py: not checked: source-code comments are not read (Vale uses tree-sitter)" in (
        notes
    )
    assert any(n.startswith("note: T.Seq: not run: 'sequence' rules") for n in notes)
    assert any(n.startswith("note: T.Script: not run: 'script' rules") for n in notes)
    assert not any("Vale.Spelling" in n for n in notes)  # the Vale style is not enabled
    assert res.exit_code == 2  # b.py was not checked


def test_unknown_extension_is_linted_as_lines(tmp_path):
    _project(tmp_path)
    (tmp_path / "notes.xyz").write_text("one\nfoo two\n")
    res = _vale(tmp_path, "--output=line", "notes.xyz")
    assert res.stdout.splitlines() == ["notes.xyz:2:1:T.Word:Found 'foo'."]
    assert res.exit_code == 1


def test_text_and_ext(tmp_path):
    _project(tmp_path)
    (tmp_path / "a.txt").write_text("A foo.\n")
    assert _vale(tmp_path, "--output=line", "a.txt").stdout == "a.txt:1:3:T.Word:Found 'foo'.\n"
    # --ext=.md reads stdin as Markdown: the code span is not prose.
    res = _vale(tmp_path, "--output=line", "--ext=.md", stdin="`foo` and foo\n")
    assert res.stdout == "stdin.md:1:11:T.Word:Found 'foo'.\n"
    # --ext=.txt (Vale's default) keeps a file's own format.
    (tmp_path / "b.md").write_text("`foo`\n")
    assert _vale(tmp_path, "--output=line", "--ext=.txt", "b.md").stdout == ""


def test_min_level_override_leaves_the_shared_linter_alone(tmp_path):
    ini = _project(tmp_path, {"Word": WORD.replace("level: error", "level: suggestion")})
    (tmp_path / "a.md").write_text("foo\n")
    linter = load_linter(ini, cwd=tmp_path)
    before = linter.cfg.min_alert_level
    assert run_builtin(["a.md"], ini, cwd=tmp_path, min_level=2).alerts == []
    assert linter.cfg.min_alert_level == before
    assert load_linter(ini, cwd=tmp_path) is linter
    assert [a.check for a in run_builtin(["a.md"], ini, cwd=tmp_path).alerts] == ["T.Word"]


@needs_asciidoctor
def test_asciidoc_include_reads_no_file(tmp_path):
    """Safe mode ``secure``: a hostile include directive cannot pull another file in."""
    _project(tmp_path)
    (tmp_path / "secret.adoc").write_text("foo foo foo\n")
    (tmp_path / "doc.adoc").write_text("Intro.\n\ninclude::secret.adoc[]\n")
    res = _vale(tmp_path, "--output=line", "doc.adoc")
    assert "doc.adoc" not in res.stdout
