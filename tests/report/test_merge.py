"""``xdocs merge-reports`` refuses what is not every shard of one run, and reads
hostile reports without crashing (xdocs/report/merge.py, xdocs/report/shard_report.py).

Each refusal is one ``xdocs: …`` line and exit 2 (docs/cli.md); the exactness of a
good merge is tests/report/test_merge_properties.py (any findings) and
tests/lint/test_shard_cli.py (real cards).
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
from pathlib import Path

import pytest

from tests.e2e.cli_harness import run_cli
from xdocs.findings import Finding, Severity
from xdocs.report import shard_report
from xdocs.report.merge import MergeError, merge
from xdocs.report.shard_report import (
    ShardHeader,
    ShardReportError,
    read_shard_report,
    write_shard_report,
)

ERROR = Finding("cards/a.md", 3, 1, "structure/missing-section", Severity.ERROR, "No limits")
WARNING = Finding("cards/b.md", 5, 2, "terminology/X", Severity.WARNING, "Say Y", 5, 3, "Y", "Y")


def _version() -> str:
    from xdocs import __version__

    return __version__


def header(index: int, count: int = 2, **changes) -> ShardHeader:
    files = {1: ("cards/a.md",), 2: ("cards/b.md",), 3: ("cards/c.md",)}.get(index, ())
    base = ShardHeader(
        schema=1,
        index=index,
        count=count,
        tool_version=_version(),
        config="cfg",
        fail_on="error",
        universe="all",
        plan="plan",
        names="n",
        entries=count,
        taken=1,
        cost=1,
        total_cost=count,
        files=files,
        notes=("vale binary not found",),
    )
    return dataclasses.replace(base, **changes)


def write(tmp: Path, name: str, head: ShardHeader, found=(), fmt="json") -> Path:
    stream = io.StringIO()
    write_shard_report(list(found), fmt, head, stream=stream)
    path = tmp / name
    path.write_text(stream.getvalue(), encoding="utf-8")
    return path


def pair(tmp: Path, fmt: str = "json", **second) -> list[Path]:
    return [
        write(tmp, f"s1.{fmt}", header(1), [ERROR], fmt),
        write(tmp, f"s2.{fmt}", dataclasses.replace(header(2), **second), [WARNING], fmt),
    ]


def test_two_good_shards_merge(tmp_path):
    merged = merge([read_shard_report(p) for p in pair(tmp_path)])
    assert [f.to_dict() for f in merged.findings] == [ERROR.to_dict(), WARNING.to_dict()]
    assert merged.files == ["cards/a.md", "cards/b.md"]
    assert merged.notes == ["vale binary not found"]


@pytest.mark.parametrize(
    ("change", "needle"),
    [
        ({"count": 3, "index": 2}, "another number of shards"),
        ({"config": "other"}, "another configuration"),
        ({"universe": "fewer"}, "over other files"),
        ({"names": "abs"}, "names the files differently"),
        ({"plan": "crlf"}, "other file sizes than .*: a checkout with other line endings"),
        ({"fail_on": "warning"}, "another --fail-on"),
        ({"index": 1}, "shard 1/2 is given twice"),
        ({"tool_version": "0.0.1"}, "written by xdocs 0.0.1"),
        ({"schema": 99}, "shard header version 99"),
        ({"files": ("cards/a.md",)}, "cards/a.md was checked by"),
        ({"taken": 5}, "took 6 of the run's 2"),
    ],
)
def test_reports_that_do_not_belong_together_are_refused(tmp_path, change, needle):
    with pytest.raises(MergeError, match=needle.replace("(", r"\(")):
        merge([read_shard_report(p) for p in pair(tmp_path, **change)])


def test_missing_shards_are_named(tmp_path):
    one = write(tmp_path, "s1.json", header(1, count=3))
    with pytest.raises(MergeError, match=r"shard 2/3, 3/3 missing: merge the reports of all 3"):
        merge([read_shard_report(one)])


def test_fail_on_given_to_the_merge_overrides_the_shards(tmp_path):
    reports = [read_shard_report(p) for p in pair(tmp_path, fail_on="warning")]
    assert merge(reports, "suggestion").fail_on == Severity.SUGGESTION


def test_formats_are_not_mixed(tmp_path):
    a = write(tmp_path, "s1.json", header(1), [ERROR])
    b = write(tmp_path, "s2.sarif", header(2), [WARNING], "sarif")
    with pytest.raises(MergeError, match="s2.sarif is sarif but .*s1.json is json"):
        merge([read_shard_report(a), read_shard_report(b)])


# -- hostile or foreign reports ---------------------------------------------------------------
NOT_SHARDS = {
    "whole.json": ("[]\n", "a whole report, not a shard's"),
    "garbage.json": ("{not json", "not a JSON document (line 1"),
    "binary.json": ("\x00\x01\x02", "not a JSON document"),
    "deep.json": ("[" * 100_000 + "]" * 100_000, "not a JSON document"),
    "object.json": ('{"a": 1}', "not an xdocs report"),
    "plain.sarif": (
        '{"version": "2.1.0", "runs": [{"properties": {"filesChecked": 1}, "results": []}]}',
        "a SARIF log without a shard header",
    ),
    "two-runs.sarif": ('{"version": "2.1.0", "runs": [{}, {}]}', "not a one-run SARIF"),
    "header-string.json": ('{"xdocs_shard": "1/2", "findings": []}', "not an object"),
}


@pytest.mark.parametrize("name", sorted(NOT_SHARDS))
def test_what_is_not_a_shard_report_says_so(tmp_path, name):
    text, needle = NOT_SHARDS[name]
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ShardReportError, match=needle.replace("(", r"\(")):
        read_shard_report(path)


def _tampered(tmp_path: Path, fmt: str, edit) -> Path:
    path = write(tmp_path, f"s1.{fmt}", header(1), [ERROR, WARNING], fmt)
    doc = json.loads(path.read_text(encoding="utf-8"))
    edit(doc)
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


BAD_FIELDS = [
    ("json", lambda d: d["xdocs_shard"].update(index=True), "no valid 'index'"),
    ("json", lambda d: d["xdocs_shard"].update(entries=-1), "no valid 'entries'"),
    ("json", lambda d: d["xdocs_shard"].update(files=[1, 2]), "no valid 'files'"),
    ("json", lambda d: d["xdocs_shard"].pop("config"), "no valid 'config'"),
    ("json", lambda d: d["xdocs_shard"].update(index=3), "says shard 3/2"),
    ("json", lambda d: d["xdocs_shard"].update(fail_on="fatal"), "fail_on 'fatal'"),
    ("json", lambda d: d.update(findings={"a": 1}), "'findings' is not a list"),
    ("json", lambda d: d["findings"][0].update(line="3"), "finding 1 is not a finding"),
    ("json", lambda d: d["findings"][1].update(path=["x"]), "finding 2 is not a finding"),
    ("json", lambda d: d["findings"][1].update(severity="fatal"), "finding 2 is not a finding"),
    ("json", lambda d: d["findings"][0].update(end_line=1.5), "finding 1 is not a finding"),
    ("sarif", lambda d: d["runs"][0].update(results={}), "no results or rule table"),
    ("sarif", lambda d: d["runs"][0]["results"][0].update(level="fatal"), "result 1 is not"),
    ("sarif", lambda d: d["runs"][0]["results"][1].pop("locations"), "result 2 is not"),
    (
        "sarif",
        lambda d: d["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"].update(
            startLine="3"
        ),
        "result 1 is not",
    ),
]


@pytest.mark.parametrize(("fmt", "edit", "needle"), BAD_FIELDS)
def test_malformed_fields_are_named_not_crashed_on(tmp_path, fmt, edit, needle):
    path = _tampered(tmp_path, fmt, edit)
    with pytest.raises(ShardReportError, match=needle):
        read_shard_report(path)


def test_a_sarif_shard_whose_rule_table_lacks_a_rule_is_refused(tmp_path):
    def drop_rules(doc):
        doc["runs"][0]["tool"]["driver"]["rules"] = []

    one = _tampered(tmp_path, "sarif", drop_rules)
    two = write(tmp_path, "s2.sarif", header(2), [], "sarif")
    with pytest.raises(MergeError, match="no entry for structure/missing-section"):
        merge([read_shard_report(one), read_shard_report(two)])


def test_a_report_over_the_size_limit_is_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(shard_report, "MAX_REPORT_BYTES", 1000)
    path = tmp_path / "big.json"
    path.write_text("[" + " " * 2000 + "]", encoding="utf-8")
    with pytest.raises(OSError, match="over the 1,000-byte limit"):
        read_shard_report(path)
    (line,) = cli([str(path)], tmp_path).failure_lines()
    assert (
        line == f"xdocs: {path}: is 2,002 bytes, over the 1,000-byte limit for a report; not read"
    )


# -- the command ------------------------------------------------------------------------------
def cli(args: list[str], cwd: Path):
    return run_cli(["merge-reports", *args], cwd)


def test_the_command_merges_and_exits_like_one_run(tmp_path):
    a, b = pair(tmp_path)
    run = cli([str(a), str(b)], tmp_path)
    assert run.code == 1  # ERROR is at the shards' --fail-on error
    assert [f["rule"] for f in json.loads(run.out)] == [ERROR.rule, WARNING.rule]
    assert run.err == "note: vale binary not found\n"
    run = cli([str(b), str(a), "--format", "text", "--fail-on", "error"], tmp_path)
    assert run.out.splitlines()[-1] == "1 error, 1 warning in 2 files"
    out = tmp_path / "merged.json"
    assert cli([str(a), str(b), "-o", str(out)], tmp_path).out == ""
    assert json.loads(out.read_text(encoding="utf-8"))[0]["path"] == "cards/a.md"


def test_the_command_exits_0_below_fail_on_and_2_for_unreadable_cards(tmp_path):
    a = write(tmp_path, "s1.json", header(1), [WARNING])
    b = write(tmp_path, "s2.json", header(2), [])
    assert cli([str(a), str(b)], tmp_path).code == 0
    assert cli([str(a), str(b), "--fail-on", "warning"], tmp_path).code == 1
    fifo = Finding("cards/b.md", 0, 0, "input/special-file", Severity.ERROR, "is a FIFO")
    c = write(tmp_path, "s2.json", header(2), [fifo])
    run = cli([str(a), str(c)], tmp_path)
    assert run.code == 2
    assert run.failure_lines() == ["xdocs: cards/b.md: is a FIFO"]


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        (lambda t: t / "nope.json", "nope.json: no such file: check the path"),
        (lambda t: t, "is a directory"),
        (lambda t: _fifo(t), "named pipe"),
        (lambda t: _link(t), "link"),
    ],
)
def test_unreadable_reports_are_one_line(tmp_path, make, needle):
    run = cli([str(make(tmp_path))], tmp_path)
    assert run.code == 2
    (line,) = run.failure_lines()
    assert needle in line and line.startswith(f"xdocs: {tmp_path}")


def _fifo(tmp: Path) -> Path:
    path = tmp / "pipe.json"
    os.mkfifo(path)
    return path


def _link(tmp: Path) -> Path:
    a, _ = pair(tmp)
    link = tmp / "link.json"
    link.symlink_to(a)
    return link


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        ([], "give the shard reports to merge"),
        (
            ["--format", "sarif"],
            "JSON shards merge into json, text, github, gitlab, junit, not sarif",
        ),
    ],
)
def test_usage_errors(tmp_path, args, needle):
    reports = [str(p) for p in pair(tmp_path)] if args else []
    run = cli([*reports, *args], tmp_path)
    assert run.code == 2
    (line,) = run.failure_lines()
    assert needle in line


def test_sarif_shards_merge_into_sarif_only(tmp_path):
    a, b = pair(tmp_path, "sarif")
    run = cli([str(a), str(b), "--format", "text"], tmp_path)
    assert run.code == 2 and "SARIF shards merge into SARIF only" in run.err
    run = cli([str(a), str(b)], tmp_path)
    assert run.code == 1
    log = json.loads(run.out)
    assert "xdocsShard" not in log["runs"][0]["properties"]
    assert log["runs"][0]["properties"] == {"filesChecked": 2}
