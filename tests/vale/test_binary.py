"""The real-Vale subprocess adapter.

The fake ``vale`` below replays JSON in the shape real Vale prints for
``vale --output=JSON`` (``{path: [{Action, Span, Check, Description, Link,
Message, Severity, Match, Line}]}``, as documented by Vale and produced by
``core.Alert``'s JSON tags). It was constructed from that documented format,
not captured from a run: no Vale binary is available here.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys

import pytest

from xdocs.vale import alerts_to_findings, run_vale
from xdocs.vale.errors import ValeError

RECORDED = {
    "docs/card.md": [
        {
            "Action": {"Name": "replace", "Params": ["Hugging Face"]},
            "Span": [12, 22],
            "Check": "Xalura.Products",
            "Description": "",
            "Link": "",
            "Message": "Use 'Hugging Face' instead of 'huggingface'.",
            "Severity": "error",
            "Match": "huggingface",
            "Line": 3,
        },
        {
            "Action": {"Name": "", "Params": None},
            "Span": [1, 6],
            "Check": "Xalura.Simplicity",
            "Description": "",
            "Link": "https://example.org/style",
            "Message": "Avoid 'simply': what is simple for you may not be for the reader.",
            "Severity": "warning",
            "Match": "simply",
            "Line": 1,
        },
    ]
}


def _fake_vale(tmp_path, payload: str, code: int, monkeypatch) -> None:
    script = tmp_path / "bin" / "vale"
    script.parent.mkdir()
    script.write_text(
        f"#!{sys.executable}\nimport sys\nsys.stdout.write({payload!r})\n"
        f"open({str(tmp_path / 'args.txt')!r}, 'w').write(' '.join(sys.argv[1:]))\n"
        f"sys.exit({code})\n"
    )
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.delenv("XDOCS_VALE", raising=False)
    monkeypatch.setenv("PATH", f"{script.parent}{os.pathsep}{os.environ['PATH']}")


def test_fake_binary_json_is_mapped(tmp_path, monkeypatch):
    _fake_vale(tmp_path, json.dumps(RECORDED), 1, monkeypatch)
    result = run_vale(["docs/card.md"], config=".vale.ini")
    assert result.backend == "vale-binary"
    assert [(a.line, a.span, a.check) for a in result.alerts] == [
        (1, (1, 6), "Xalura.Simplicity"),
        (3, (12, 22), "Xalura.Products"),
    ]
    assert "--output=JSON" in (tmp_path / "args.txt").read_text()
    findings = alerts_to_findings(result)
    assert findings[1].rule == "vale/Xalura.Products"
    assert str(findings[1].severity) == "error" and findings[1].column == 12
    assert findings[1].end_column == 22 and findings[0].source == "vale-binary"


def test_fake_binary_exit_2_is_an_error(tmp_path, monkeypatch):
    _fake_vale(tmp_path, json.dumps({"Code": "E100", "Text": "bad config"}), 2, monkeypatch)
    with pytest.raises(ValeError, match="bad config"):
        run_vale(["x.md"])


def test_missing_binary_falls_back_and_says_so(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("XDOCS_VALE", raising=False)
    (tmp_path / ".vale.ini").write_text("[*.md]\nBasedOnStyles = Vale\n")
    (tmp_path / "a.md").write_text("This is is a test.\n")
    result = run_vale(["a.md"], cwd=tmp_path)
    assert result.backend == "builtin"
    assert any("not found" in n for n in result.notes)
    assert [(a.line, a.span[0], a.check) for a in result.alerts] == [(1, 6, "Vale.Repetition")]


@pytest.mark.skipif(shutil.which("vale") is None, reason="no vale binary on PATH")
def test_real_binary_matches_builtin(tmp_path):
    (tmp_path / ".vale.ini").write_text(
        "MinAlertLevel = suggestion\n[*.md]\nBasedOnStyles = Vale\n"
    )
    (tmp_path / "a.md").write_text("This is is a test.\n")
    real = run_vale(["a.md"], config=tmp_path / ".vale.ini", cwd=tmp_path)
    built = run_vale(["a.md"], config=tmp_path / ".vale.ini", cwd=tmp_path, prefer_binary=False)
    assert real.backend == "vale-binary"
    assert [(a.line, a.span[0], a.check) for a in real.alerts] == [
        (a.line, a.span[0], a.check) for a in built.alerts
    ]
