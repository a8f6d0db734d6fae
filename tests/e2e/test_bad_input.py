"""Bad input through the real CLI: a clear line, a defined exit code, no
traceback, no hang, and the input file never changed.

Each bad input is written to its own ``tmp_path``; ``inspect`` must report the
problem (exit 0: inspecting is read-only, the problem is in the output) or
exit 2 for paths that are not files; ``normalize`` must exit non-zero, name the
file (and the YAML line where there is one) in one stderr line, and write
nothing, whether asked for stdout, ``-o OUT`` or ``--write``.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from .test_intake_cli import check_registered, run_xdocs


def alias_bomb() -> str:
    lines = ["---", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
        prev = name
    return "\n".join([*lines, "---", "# Bomb", "", "## Limitations", "", "x", ""])


@dataclass(frozen=True)
class Bad:
    name: str
    filename: str
    content: bytes
    rule: str
    line: int | None  # the line the finding must name (None: not checked)


BAD_INPUTS = [
    Bad(
        "invalid-yaml",
        "card.md",
        b"---\nname: x\nlicense: mit\nowners: [a, b\nversion: 1\n---\n# T\n\n## Limitations\n\nx\n",
        "metadata/yaml",
        5,
    ),
    Bad(
        "invalid-yaml-card",
        "card.yaml",
        b"name: x\nlicense: mit\nintended_use: [a, b\nlimitations: slow\n",
        "metadata/yaml",
        4,
    ),
    Bad("alias-bomb", "card.md", alias_bomb().encode(), "metadata/yaml", 2),
    Bad(
        "binary",
        "card.md",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4,
        "input/binary",
        None,
    ),
    Bad(
        "non-utf8",
        "card.md",
        "# Modèle\n\n## Limitations\n\nTrès lent.\n".encode("latin-1"),
        "input/encoding",
        1,
    ),
    Bad("empty", "card.md", b"", "input/empty", None),
    Bad(
        "json-not-a-card",
        "card.json",
        b'{"name": "x", "rows": [1, 2, 3]}\n',
        "input/not-a-model-card",
        1,
    ),
    Bad("invalid-json", "card.json", b'{\n  "model_details": {\n    "name": \n', "input/json", 4),
]
IDS = [b.name for b in BAD_INPUTS]


def place(tmp_path: Path, bad: Bad) -> tuple[Path, bytes, int]:
    path = tmp_path / bad.filename
    path.write_bytes(bad.content)
    return path, path.read_bytes(), path.stat().st_mtime_ns


def assert_unchanged(path: Path, data: bytes, mtime: int) -> None:
    assert path.read_bytes() == data
    assert path.stat().st_mtime_ns == mtime


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=IDS)
def test_inspect_reports_bad_input(tmp_path, bad: Bad) -> None:
    path, data, mtime = place(tmp_path, bad)
    start = time.monotonic()
    proc = run_xdocs("inspect", bad.filename, "--format", "json", cwd=tmp_path, timeout=60)
    assert time.monotonic() - start < 60
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    found = [f for f in report["findings"] if f["rule"] == bad.rule]
    assert found, report["findings"]
    if bad.line is not None:
        assert found[0]["line"] == bad.line, found[0]
    assert found[0]["path"] == bad.filename
    assert found[0].get("fix")
    assert set(report["sections"]) >= {"intended_use", "limitations", "license"}
    assert_unchanged(path, data, mtime)
    assert sorted(p.name for p in tmp_path.iterdir()) == [bad.filename]


@pytest.mark.parametrize("bad", BAD_INPUTS, ids=IDS)
def test_normalize_refuses_bad_input_and_writes_nothing(tmp_path, bad: Bad) -> None:
    path, data, mtime = place(tmp_path, bad)
    for extra in ([], ["-o", "out.md"], ["--write"]):
        proc = run_xdocs("normalize", bad.filename, *extra, cwd=tmp_path, timeout=60)
        assert proc.returncode != 0, (extra, proc.stdout[:200])
        assert proc.returncode in (1, 2)
        assert proc.stdout == ""
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1, proc.stderr
        assert bad.filename in lines[0]
        if bad.line is not None:
            assert f":{bad.line}:" in lines[0], lines[0]
        assert_unchanged(path, data, mtime)
        assert sorted(p.name for p in tmp_path.iterdir()) == [bad.filename]


def test_alias_bomb_does_not_hang(tmp_path) -> None:
    (tmp_path / "bomb.md").write_text(alias_bomb(), encoding="utf-8")
    start = time.monotonic()
    proc = run_xdocs("inspect", "bomb.md", cwd=tmp_path, timeout=30)
    assert time.monotonic() - start < 30
    assert proc.returncode == 0
    # the text view prints the finding as one file:line:col line
    assert "bomb.md:2:1 error metadata/yaml" in proc.stdout
    assert "alias" in proc.stdout


@pytest.mark.parametrize("command", ["inspect", "normalize"])
def test_missing_path_and_directory_exit_2(tmp_path, command: str) -> None:
    (tmp_path / "adir").mkdir()
    for target, words in (("missing.md", "no such file"), ("adir", "directory")):
        proc = run_xdocs(command, target, cwd=tmp_path, timeout=60)
        assert proc.returncode == 2, (target, proc.stderr)
        line = proc.stderr.strip()
        assert len(line.splitlines()) == 1
        assert target in line and words in line
        assert proc.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adir"]
    assert list((tmp_path / "adir").iterdir()) == []


def _big_card(size: int) -> str:
    para = "The model is slow on CPU and misreads sarcasm in long product reviews. " * 8
    chunks = ["---\nname: big\nlicense: mit\n---\n# Big\n\n"]
    total, i = 0, 0
    while total < size:
        chunk = f"## Section {i}\n\n{para}\n\n- item one\n- item two\n\n"
        chunks.append(chunk)
        total += len(chunk)
        i += 1
    chunks.append("## Limitations\n\nSlow.\n")
    return "".join(chunks)


def test_ten_megabyte_card_finishes(tmp_path) -> None:
    path = tmp_path / "big.md"
    path.write_text(_big_card(10 * 1024 * 1024), encoding="utf-8")
    data, mtime = path.read_bytes(), path.stat().st_mtime_ns
    assert len(data) >= 10 * 1024 * 1024
    # over the default 5 MB limit: one clear line, exit 2, nothing read
    refused = run_xdocs("inspect", "big.md", "--format", "json", cwd=tmp_path)
    assert refused.returncode == 2
    assert "over the 5,242,880-byte limit" in refused.stderr
    # with the limit raised in the project's xdocs.yml, it is read, in bounded time
    (tmp_path / "site_config").mkdir()
    (tmp_path / "site_config" / "xdocs.yml").write_text("input:\n  max_card_bytes: 20 MB\n")
    start = time.monotonic()
    proc = run_xdocs("inspect", "big.md", "--format", "json", cwd=tmp_path, timeout=180)
    elapsed = time.monotonic() - start
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["sections"]["limitations"]["status"] == "present"
    assert report["sections"]["limitations"]["line"] == len(data.splitlines()) - 2
    assert elapsed < 180
    assert_unchanged(path, data, mtime)


@pytest.mark.skipif(not check_registered(), reason="xdocs check is not registered yet")
def test_check_reports_every_bad_input_in_one_run(tmp_path) -> None:
    names = []
    for bad in BAD_INPUTS:
        folder = tmp_path / bad.name
        folder.mkdir()
        (folder / bad.filename).write_bytes(bad.content)
        names.append(f"{bad.name}/{bad.filename}")
    before = {n: (tmp_path / n).read_bytes() for n in names}
    proc = run_xdocs("check", "--no-cache", "--format", "json", *names, cwd=tmp_path, timeout=120)
    assert proc.returncode == 1, proc.stderr
    findings = json.loads(proc.stdout)
    for bad, name in zip(BAD_INPUTS, names, strict=True):
        rules = {f["rule"] for f in findings if f["path"] == name}
        assert bad.rule in rules, (name, rules)
    assert {n: (tmp_path / n).read_bytes() for n in names} == before
    # a path that does not exist is an input error before any work (docs/cli.md): exit 2
    missing = run_xdocs("check", "--no-cache", *names, "missing.md", cwd=tmp_path)
    assert missing.returncode == 2 and missing.stdout == ""
    assert missing.stderr == "xdocs: missing.md: no such file or folder: check the path\n"
