"""``--format json``, command by command (docs/cli.md): one JSON document on stdout, of
the documented shape, nothing else (notes go to stderr).

Runs in-process, from the same temporary project as tests/e2e/test_cli_contract.py.
"""

from __future__ import annotations

import json

import pytest

from xdocs.cli import COMMANDS

from .cli_harness import fill, run_cli

pytestmark = pytest.mark.usefixtures("plain_environment")

FINDING_KEYS = {"rule", "severity", "path", "line", "column", "end_line", "end_column", "message"}
STATUS_KEYS = {"path", "model", "version", "status", "label", "stage", "next", "next_text"}
STATUS_KEYS |= {"stale", "flags", "waiting_on", "assignee", "priority", "timeline", "problems"}
QUEUE_KEYS = {"path", "model", "version", "status", "stage", "role", "waiting_on", "assignee"}
QUEUE_KEYS |= {"priority", "waiting_since", "days_waiting", "flags", "blocked"}
INSPECT_KEYS = {"path", "format", "title", "metadata", "sections", "unmapped", "metrics"}
INSPECT_KEYS |= {"findings"}
COMPLIANCE_KEYS = {"card", "profile", "title", "source", "coverage", "counts", "items"}
RULE_KEYS = {"id", "severity", "summary", "rationale", "example", "fix"}

#: (arguments, JSON type, keys every object must have: of the document or of each item)
JSON_CASES: dict[str, tuple[list[str], type, set[str]]] = {
    "check": (["check", "--no-cache", "--format", "json", "{bad}"], list, FINDING_KEYS),
    "inspect": (["inspect", "--format", "json", "{clean}"], dict, INSPECT_KEYS),
    "status": (["status", "--format", "json", "{cards}"], list, STATUS_KEYS),
    "queue": (["queue", "--format", "json", "{cards}"], list, QUEUE_KEYS),
    "compliance": (
        ["compliance", "{clean}", "--profile", "mitchell-2019", "--format", "json"],
        dict,
        COMPLIANCE_KEYS,
    ),
    "compliance-several": (
        ["compliance", "{cards}", "--profile", "mitchell-2019", "--format", "json"],
        list,
        COMPLIANCE_KEYS,
    ),
    "rules": (["rules", "--format", "json"], list, RULE_KEYS),
    "evaluate": (
        ["evaluate", "{evaluated}", "--format", "json"],
        dict,
        {"card", "entries", "findings", "recorded"},
    ),
    "rules-one": (["rules", "structure/missing-section", "--format", "json"], dict, RULE_KEYS),
    "vale": (["vale", "--output=JSON", "{bad}"], dict, set()),
    "merge-reports": (["merge-reports", "{shard_bad}"], list, FINDING_KEYS),
}


@pytest.mark.parametrize("name", sorted(JSON_CASES))
def test_format_json_is_one_document_on_stdout(name, inputs, tmp_path):
    """stdout is exactly one JSON document of the documented shape; notes are on stderr."""
    template, kind, keys = JSON_CASES[name]
    run = run_cli(fill(template, inputs, {"out": tmp_path}), inputs.project)
    assert run.code in (0, 1), run.err
    data = json.loads(run.out)
    assert isinstance(data, kind)
    objects = data if isinstance(data, list) else [data]
    if kind is list:
        assert objects, "the example project has something to list"
    for obj in objects:
        assert keys <= set(obj), sorted(keys - set(obj))


def test_every_command_with_json_output_is_covered():
    """A command that gains --format json (evaluate, …) needs a JSON_CASES row."""
    import click

    from xdocs.cli import cli

    ctx = click.Context(cli)
    with_json = set()
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        for param in getattr(command, "params", []):
            if param.name == "fmt" and "json" in getattr(param.type, "choices", ()):
                with_json.add(name)
    covered = {name if name in COMMANDS else name.partition("-")[0] for name in JSON_CASES}
    assert with_json <= covered, sorted(with_json - covered)
