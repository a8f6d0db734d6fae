"""Merging is exact (hypothesis): any findings, any split of their files into shards,
merged through real shard reports, give the single run's report byte for byte.

Findings have well-formed spans (no end, or an end at or after the start), as every
finding xdocs makes does: all 30,054 findings over the example cards and the 1,026 real
cards of ../shared (measured when this was written) have both ends set and ordered.
Paths are display paths as the runner writes them (normalized: relative to the working
folder, or absolute), including spaces, ``#``, ``%``, non-ASCII and non-UTF-8 names.
"""

from __future__ import annotations

import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xdocs.findings import Finding, Severity
from xdocs.report import render_report
from xdocs.report.base import ReportContext
from xdocs.report.merge import EXACT_FORMATS, merge, render_merged
from xdocs.report.sarif import to_sarif
from xdocs.report.shard_report import (
    ShardHeader,
    finding_from_result,
    read_shard_report,
    write_shard_report,
)
from xdocs.rules import Rule

segment = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="/\0\\") | st.just("\udcff"),
    min_size=1,
    max_size=8,
).filter(lambda s: s not in (".", ".."))
relative = st.lists(segment, min_size=1, max_size=3).map("/".join)
display_path = st.one_of(
    relative,
    relative.map(lambda p: "../shared/" + p),
    relative.map(lambda p: "/abs/" + p),
    st.sampled_from(["cards/vision model.md", "cards/a#1.md", "cards/100%.md", "cartes/é.md"]),
)
position = st.integers(min_value=0, max_value=500)
text = st.text(max_size=30)


@st.composite
def findings(draw: st.DrawFn, paths: st.SearchStrategy[str] = display_path) -> Finding:
    line, column = draw(position), draw(position)
    if draw(st.booleans()):
        end_line = end_column = None
    else:
        end_line = line + draw(st.integers(min_value=0, max_value=3))
        low = column if end_line == line else 0
        end_column = low + draw(st.integers(min_value=0, max_value=40))
    return Finding(
        path=draw(paths),
        line=line,
        column=column,
        rule=draw(st.sampled_from(["vale/Xalura.Hype", "markdown/MD001", "odd/rule", "x"])),
        severity=draw(st.sampled_from(list(Severity))),
        message=draw(text),
        end_line=end_line,
        end_column=end_column,
        fix=draw(st.none() | text),
        replacement=draw(st.none() | text),
        source=draw(st.none() | st.sampled_from(["harper", "vale"])),
    )


RULES = {
    "vale/*": Rule(
        id="vale/*", summary="House Vale style", rationale="House style.", severity=Severity.WARNING
    ),
    "markdown/MD001": Rule(
        id="markdown/MD001",
        summary="Heading levels",
        rationale="Skip none.",
        example="# A\n## B",
        severity=Severity.WARNING,
        fix="Use the next level.",
    ),
}


def render(found, fmt, files, notes) -> str:
    stream = io.StringIO()
    render_report(
        found,
        fmt,
        files_checked=len(files),
        stream=stream,
        files=files,
        color=False,
        notes=notes if fmt in ("sarif", "junit") else (),
        rules=RULES if fmt == "sarif" else None,
        fail_on="warning",
    )
    return stream.getvalue()


def runner_order(found: list[Finding]) -> list[Finding]:
    """The order run_check hands findings to the reporter."""
    from xdocs.lint.runner import in_report_order

    return in_report_order(found)


def test_the_runner_orders_findings_at_one_spot_as_merging_does() -> None:
    """Two findings of one rule at one spot, different severities: the single run's
    order and the merged order agree (the runner used to order by message alone)."""
    warning = Finding("a.md", 3, 1, "x", Severity.WARNING, "a")
    error = Finding("a.md", 3, 1, "x", Severity.ERROR, "b")
    from xdocs.report.base import sort_key

    merged = sorted([warning, error], key=sort_key)
    assert runner_order([warning, error]) == merged == [error, warning]


def test_a_sarif_result_reads_back_to_the_same_result() -> None:
    @given(st.lists(findings(), max_size=10))
    @settings(max_examples=300)
    def check(found):
        ctx = ReportContext(files_checked=1, tool_version="t")
        results = to_sarif(found, ctx)["runs"][0]["results"]
        again = to_sarif([finding_from_result(r) for r in results], ctx)["runs"][0]["results"]
        assert again == results

    check()


@st.composite
def split_runs(draw: st.DrawFn):
    files = draw(st.lists(display_path, min_size=1, max_size=8, unique=True))
    found = draw(st.lists(findings(st.sampled_from(files)), max_size=25))
    count = draw(st.integers(min_value=1, max_value=4))
    owner = {path: draw(st.integers(min_value=1, max_value=count)) for path in files}
    notes = draw(
        st.lists(
            st.sampled_from(["vale binary not found", "no LanguageTool"]), max_size=2, unique=True
        )
    )
    return files, runner_order(found), count, owner, notes


@given(split_runs(), st.sampled_from(["json", "sarif"]))
@settings(
    max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None
)
def test_merged_shard_reports_equal_the_single_run(tmp_path: Path, run, shard_fmt) -> None:
    files, found, count, owner, notes = run
    reports = []
    for index in range(1, count + 1):
        mine = [p for p in files if owner[p] == index]
        header = ShardHeader(
            schema=1,
            index=index,
            count=count,
            tool_version=_version(),
            config="c",
            fail_on="warning",
            universe="u",
            plan="p",
            names="n",
            entries=len(files),
            taken=len(mine),
            cost=len(mine),
            total_cost=len(files),
            files=tuple(mine),
            notes=tuple(notes),
        )
        stream = io.StringIO()
        shard_findings = [f for f in found if owner[f.path] == index]
        write_shard_report(shard_findings, shard_fmt, header, stream=stream, rules=RULES)
        path = tmp_path / f"shard-{shard_fmt}-{index}"
        path.write_text(stream.getvalue(), encoding="utf-8", errors="surrogateescape")
        reports.append(read_shard_report(path))
    merged = merge(list(reversed(reports)))  # the order given does not matter
    assert merged.fail_on == Severity.WARNING
    for fmt in EXACT_FORMATS[shard_fmt]:
        out = io.StringIO()
        render_merged(merged, fmt, out)
        assert out.getvalue() == render(found, fmt, files, notes), fmt


def _version() -> str:
    from xdocs import __version__

    return __version__
