"""Run Vale's own cucumber scenarios through ``xdocs vale`` and score them.

``vale/testdata/features/*.feature`` (and each package's ``features/``) list
``path:line:col:Check:Message`` lines that real Vale prints with
``--output=line --sort --normalize --relative [--no-global]``. We parse the
feature files, replay each scenario's steps (files written by ``Given a file
named``, ``I cd to`` fixture folders, the ``vale`` arguments from steps.rb),
run ``xdocs vale`` in-process and compare multisets of output lines.

Expected lines are out of scope, with a reason, when the built-in engine
does not claim to handle them: a fixture format it does not read (see
``xdocs.vale.formats``), a rule of an unsupported type (metric, script,
sequence, readability), or a step that needs a feature we do not implement
(``vale sync``, filters, ``fix``, templates...). Everything else counts.

``Scenario Outline``s are expanded, one scenario per ``Examples`` row.
Scenarios that expect no alert (an empty "contain exactly" block, "should
not contain anything") count every alert we print as extra, and
"should not contain "X"" is checked on the alert lines.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from click.testing import CliRunner

BASE_FLAGS = ["--output=line", "--sort", "--normalize", "--relative"]
_ALERT_LINE = re.compile(r"^[^:\s]+:\d+:\d+:")


def format_read(ext: str) -> bool:
    """Does the built-in engine read files with this extension (as Vale maps it)?"""
    from xdocs.vale import formats

    return formats.is_read(formats.kind_of_extension(ext))


@dataclass
class Scenario:
    feature: str
    name: str
    files: dict[str, str] = field(default_factory=dict)
    when: str = ""
    expected: list[str] | None = None
    contains: list[str] = field(default_factory=list)
    not_contains: list[str] = field(default_factory=list)
    exit_status: int | None = None


@dataclass
class Outcome:
    scenario: Scenario
    matched: int = 0
    expected: int = 0
    extra: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    out_of_scope: list[tuple[str, str]] = field(default_factory=list)
    skipped_reason: str = ""
    exit_ok: bool | None = None
    contains_ok: bool | None = None
    not_contains_ok: bool | None = None


def _docstring(lines: list[str], i: int) -> tuple[list[str], int]:
    indent = len(lines[i]) - len(lines[i].lstrip())
    body = []
    i += 1
    while i < len(lines) and lines[i].strip() != '"""':
        body.append(lines[i][indent:] if lines[i][:indent].strip() == "" else lines[i].lstrip())
        i += 1
    return body, i + 1


def _table_row(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _expand(lines: list[str]) -> list[str]:
    """Feature lines with every ``Scenario Outline`` replaced by one scenario per example."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        s = lines[i].strip()
        if not s.startswith(("Scenario Outline:", "Scenario Template:")):
            out.append(lines[i])
            i += 1
            continue
        name = s.split(":", 1)[1].strip()
        body: list[str] = []
        i += 1
        while i < len(lines) and not lines[i].strip().startswith(("Examples:", "Scenarios:")):
            body.append(lines[i])
            i += 1
        rows: list[list[str]] = []
        i += 1
        while i < len(lines) and (
            lines[i].strip().startswith("|")
            or not lines[i].strip()
            or lines[i].strip().startswith(("Examples:", "Scenarios:"))
        ):
            if lines[i].strip().startswith("|"):
                rows.append(_table_row(lines[i]))
            i += 1  # fmt: skip
        header, examples = (rows[0], rows[1:]) if rows else ([], [])
        for n, row in enumerate(examples, 1):
            values = dict(zip(header, row, strict=False))
            out.append(f"    Scenario: {name} (example {n})")
            for line in body:
                for key, value in values.items():
                    line = line.replace(f"<{key}>", value)
                out.append(line)
    return out


def parse_feature(path: Path) -> list[Scenario]:
    lines = _expand(path.read_text(encoding="utf-8").splitlines())
    background: dict[str, str] = {}
    scenarios: list[Scenario] = []
    current: Scenario | None = None
    target = background
    pending: str | None = None
    file_name = ""
    i = 0
    while i < len(lines):
        s = lines[i].strip()
        if s.startswith("#"):
            i += 1
            continue
        if s == '"""':
            body, i = _docstring(lines, i)
            if pending == "file":
                target[file_name] = "\n".join(body) + "\n" if body else ""
            elif pending == "exact" and current is not None:
                current.expected = [b for b in body if b.strip()]
            elif pending == "contains" and current is not None:
                current.contains.append("\n".join(body))
            pending = None
            continue
        if s.startswith("Background:"):
            target = background
        elif s.startswith("Scenario:"):
            current = Scenario(path.stem, s[len("Scenario:") :].strip(), files=dict(background))
            target = current.files
            scenarios.append(current)
        elif m := re.match(r'^(?:Given|And) a file named "([^"]+)" with:', s):
            file_name = m.group(1)
            pending = "file"
        elif m := re.match(r"^(?:When|And) (I .*)$", s):
            if current is not None:
                current.when = m.group(1)
        elif s.startswith(
            ("Then the output should contain exactly:", "And the output should contain exactly:")
        ):
            pending = "exact"
        elif m := re.match(r'^(?:Then|And) the output should contain exactly "(.*)"$', s):
            if current is not None:
                current.expected = [x for x in m.group(1).split("\\n") if x.strip()]
        elif re.match(r"^(?:Then|And) the output should (?:not contain anything|be empty)", s):
            if current is not None:
                current.expected = []
        elif m := re.match(r'^(?:Then|And) the output should not contain "(.*)"$', s):
            if current is not None:
                current.not_contains.append(m.group(1))
        elif s.startswith(("Then the output should contain:", "And the output should contain:")):
            pending = "contains"
        elif (m := re.match(r"^(?:Then|And) the exit status should be (\d+)", s)) and current:
            current.exit_status = int(m.group(1))
        i += 1
    return scenarios


# step regex -> (cd target relative to testdata or None, args builder, no_global)
_STEPS: list[tuple[str, object]] = [
    (r'^I test "(.*)"$', lambda g: (f"fixtures/{g[0]}", ["."])),
    (r'^I lint "(.*)"$', lambda g: ("fixtures/formats", shlex.split(g[0]))),
    (r'^I lint path "(.*)"$', lambda g: (f"fixtures/formats/{g[0]}", ["."])),
    (r"^I lint path with exclusions$", lambda g: ("fixtures/folders", ["."])),
    (r'^I test comments for "(.*)"$', lambda g: ("fixtures/comments", shlex.split(g[0]))),
    (r'^I test patterns for "(.*)"$', lambda g: ("fixtures/patterns", shlex.split(g[0]))),
    (r'^I test scope "(.*)"$', lambda g: (f"fixtures/scopes/{g[0]}", ["."])),
    (r'^I apply style "(.*)"$', lambda g: (f"fixtures/styles/{g[0]}", ["."])),
    (r'^I use Vocab "(.*)"$', lambda g: (f"fixtures/vocab/{g[0]}", ["."])),
    (r'^I run vale "(.*)"$', lambda g: (None, shlex.split(g[0]))),
    (
        r'^I lint with config "(.*)"$',
        lambda g: ("fixtures/formats", [f"--config={g[0]}", "test.md"]),
    ),
    (
        r'^I assign minAlertLevel "([^\s]+)" "([^\s]+)"$',
        lambda g: (None, [f"--minAlertLevel={g[0]}", g[1]]),
    ),
    (r'^I lint Sphinx "(.*)"$', lambda g: ("fixtures/formats/Sphinx", shlex.split(g[0]))),
    (r'^I lint AsciiDoc "(.*)"$', lambda g: ("fixtures/formats/adoc", shlex.split(g[0]))),
    (
        r'^I lint reStructuredText "(.*)"$',
        lambda g: ("fixtures/formats/rst", shlex.split(g[0])),
    ),
    (r'^I lint string "(.*)"$', lambda g: ("fixtures/formats", [g[0]])),
    (r'^I lint simple "(.*)"$', lambda g: ("fixtures/formats", ["--ignore-syntax", g[0]])),
    (
        r'^I lint file "([^\s]+)" as "([^\s]+)"$',
        lambda g: ("fixtures/formats", [f"--ext={g[1]}", g[0]]),
    ),
    (r'^I test glob "(.*)"$', lambda g: ("fixtures/formats", [f"--glob={g[0]}", "."])),
    (r'^I test dir glob "(.*)"$', lambda g: ("fixtures/glob", [f"--glob={g[0]}", "."])),
    (r'^I run cat "([^\s]+)" "([^\s]+)"$', lambda g: ("fixtures/formats", [f"--ext={g[1]}"], g[0])),
]
_UNSUPPORTED_STEPS = {
    "I sync pkg": "needs 'vale sync' (package download)",
    "I use filter": "needs --filter expressions",
    "I fix": "needs 'vale fix'",
    "I test template": "needs --output templates",
    "I inherit": "needs --mode-compat config inheritance",
    "I check inherited": "needs --mode-compat config inheritance",
    "I overwrite sources": "needs --sources",
    "I inherit sources": "needs --sources",
    "I inspect": "needs vale's default output",
}


def plan(sc: Scenario) -> tuple[str | None, list[str]] | str:
    for prefix, reason in _UNSUPPORTED_STEPS.items():
        if sc.when.startswith(prefix):
            return reason
    for rx, build in _STEPS:
        m = re.match(rx, sc.when)
        if m:
            return build(m.groups())  # type: ignore[operator]
    return f"unknown step {sc.when!r}"


def _run(args: list[str], cwd: Path, stdin: str | None = None) -> tuple[str, int]:
    from xdocs.cli import cli

    old = os.getcwd()
    os.chdir(cwd)
    try:
        res = CliRunner().invoke(cli, ["vale", *args], input=stdin, catch_exceptions=True)
    finally:
        os.chdir(old)
    out = res.stdout
    with contextlib.suppress(ValueError):
        out += res.stderr
    if res.exception is not None and not isinstance(res.exception, SystemExit):
        raise res.exception
    return out, res.exit_code


def _rule_types(cwd: Path, args: list[str]) -> dict[str, bool]:
    """Check name -> supported? from the config the run used (empty if it fails)."""
    from xdocs.vale import load_linter

    config = next((a.split("=", 1)[1] for a in args if a.startswith("--config=")), None)
    try:
        linter = load_linter(cwd / config if config else None, cwd=cwd)
    except Exception:
        return {}
    return {name: rule.supported for name, rule in linter.rules.rules.items()}


def run_scenario(sc: Scenario, testdata: Path, workdir: Path, no_global: bool) -> Outcome:
    outcome = Outcome(sc)
    expected = sc.expected or []
    p = plan(sc)
    if isinstance(p, str):
        outcome.skipped_reason = p
        outcome.out_of_scope = [(line, p) for line in expected]
        return outcome
    cd, args, *rest = p
    aruba = workdir / "tmp" / "aruba"
    aruba.mkdir(parents=True, exist_ok=True)
    for name, text in sc.files.items():
        (aruba / name).parent.mkdir(parents=True, exist_ok=True)
        (aruba / name).write_text(text, encoding="utf-8")
    cwd = (testdata / cd) if cd else aruba
    flags = BASE_FLAGS + (["--no-global"] if no_global else [])
    stdin = (cwd / rest[0]).read_text(encoding="utf-8") if rest else None
    output, code = _run(flags + args, cwd, stdin)
    supported = _rule_types(cwd, args)
    forced = next((a.split("=", 1)[1] for a in args if a.startswith("--ext=")), None)
    alert_lines = [line for line in output.splitlines() if _ALERT_LINE.match(line)]
    actual = [
        line
        for line in alert_lines
        if format_read(forced or os.path.splitext(line.split(":")[0])[1])
    ]
    in_scope: list[str] = []
    for line in expected:
        parts = line.split(":")
        ext = forced or os.path.splitext(parts[0])[1]
        check = parts[3] if len(parts) > 4 else ""
        if not format_read(ext):
            outcome.out_of_scope.append((line, f"{ext or 'no-extension'} files are not read"))
        elif supported.get(check) is False:
            outcome.out_of_scope.append((line, f"{check} is of an unsupported rule type"))
        else:
            in_scope.append(line)
    exp, act = Counter(in_scope), Counter(actual)
    outcome.expected = sum(exp.values())
    outcome.matched = sum((exp & act).values())
    outcome.missing = sorted((exp - act).elements())
    outcome.extra = sorted((act - exp).elements()) if sc.expected is not None else []
    # Exit codes and partial output are only judged when the scenario is fully in scope.
    judged = not outcome.out_of_scope and not any(
        supported.get(c) is False
        for text in sc.contains
        for c in re.findall(r":([\w-]+\.[\w-]+):", text)
    )
    if sc.exit_status is not None and judged:
        outcome.exit_ok = code == sc.exit_status
    if sc.contains and judged:
        outcome.contains_ok = all(c in output for c in sc.contains)
    if sc.not_contains and judged:
        shown = "\n".join(alert_lines)
        outcome.not_contains_ok = not any(c in shown for c in sc.not_contains)
    return outcome


@dataclass
class SuiteScore:
    name: str
    outcomes: list[Outcome]

    @property
    def matched(self) -> int:
        return sum(o.matched for o in self.outcomes)

    @property
    def expected(self) -> int:
        return sum(o.expected for o in self.outcomes)

    @property
    def extra(self) -> int:
        return sum(len(o.extra) for o in self.outcomes)

    @property
    def out_of_scope(self) -> int:
        return sum(len(o.out_of_scope) for o in self.outcomes)

    @property
    def checks(self) -> tuple[int, int]:
        """(passed, judged) exit-status and partial-output assertions."""
        flags = [
            f
            for o in self.outcomes
            for f in (o.exit_ok, o.contains_ok, o.not_contains_ok)
            if f is not None
        ]
        return sum(flags), len(flags)

    def summary(self) -> str:
        ok, n = self.checks
        return (f"{self.name}: matched {self.matched} of {self.expected} expected lines, "
                f"{self.extra} extra ({self.out_of_scope} out of scope; "
                f"exit status/partial output {ok} of {n})")  # fmt: skip


def run_suite(name: str, root: Path, workdir: Path, testdata: Path | None = None) -> SuiteScore:
    """``root`` holds ``features/``; ``testdata`` is what ``../../`` from tmp/aruba means."""
    testdata = testdata or root
    no_global = (root / "features" / "steps.rb").read_text().count("--no-global") > 0
    outcomes = []
    for feature in sorted((root / "features").glob("*.feature")):
        for i, sc in enumerate(parse_feature(feature)):
            wd = workdir / f"{feature.stem}-{i}"
            wd.mkdir(parents=True, exist_ok=True)
            for link in ("styles", "fixtures"):
                if (testdata / link).exists() and not (wd / link).exists():
                    (wd / link).symlink_to(testdata / link)
            outcomes.append(run_scenario(sc, testdata, wd, no_global))
    return SuiteScore(name, outcomes)
