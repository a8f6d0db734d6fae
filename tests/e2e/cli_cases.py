"""The CLI contract table (docs/cli.md): command -> case -> (arguments, exit code).

Arguments are templates naming the fields of :class:`tests.e2e.cli_harness.Inputs`
(and ``{out}``, ``{unreadable}``, ``{unreadable_dir}`` per test). A command that
cannot meet one of :data:`STANDARD`'s cases says why in :data:`NOT_APPLICABLE`.
To add a command (``lsp``, …), add its rows here: the contract test fails until then.
"""

from __future__ import annotations

#: the cases every command either has or explains
STANDARD = ("clean", "findings", "usage", "missing", "unreadable", "no-cards")
#: commands that take one card file: a folder is "is a directory", not "no cards found"
ONE_CARD = ("inspect", "normalize", "export", "approve", "sign", "evaluate")

#: command -> case -> (argument template, expected exit code). Templates name Inputs fields.
CASES: dict[str, dict[str, tuple[list[str], int]]] = {
    "check": {
        "clean": (["check", "--no-cache", "{clean}"], 0),
        "findings": (["check", "--no-cache", "{bad}"], 1),
        "usage": (["check", "--bogus", "{clean}"], 2),
        "missing": (["check", "{missing}/"], 2),
        "unreadable": (["check", "--no-cache", "{unreadable}"], 2),
        "unreadable-in-folder": (["check", "--no-cache", "{unreadable_dir}"], 2),
        "no-cards": (["check", "{empty}"], 2),
        "no-cards-md-folder": (["check", "{dir_md}"], 2),
        "below-fail-on": (["check", "--no-cache", "--fail-on", "error", "{warned}"], 0),
        "fail-on-warning": (["check", "--no-cache", "--fail-on", "warning", "{warned}"], 1),
        "shard": (["check", "--no-cache", "--shard", "1/1", "--format", "json", "{clean}"], 0),
        # one file in three shards: shards 1/3 and 3/3 hold nothing, and say so with exit 0
        "shard-empty": (["check", "--no-cache", "--shard", "3/3", "--format", "json", "{bad}"], 0),
        "shard-findings": (
            ["check", "--no-cache", "--shard", "1/1", "--format", "sarif", "{bad}"],
            1,
        ),
        "shard-out-of-range": (["check", "--shard", "4/3", "--format", "json", "{clean}"], 2),
        "shard-zero": (["check", "--shard", "0/3", "--format", "json", "{clean}"], 2),
        "shard-not-i-of-n": (["check", "--shard", "x", "--format", "json", "{clean}"], 2),
        "shard-text-format": (["check", "--shard", "1/3", "{clean}"], 2),
        "shard-write-baseline": (
            [
                "check",
                "--shard",
                "1/3",
                "--format",
                "json",
                "--write-baseline",
                "{out}/b",
                "{clean}",
            ],
            2,
        ),
    },
    "merge-reports": {
        "clean": (["merge-reports", "{shard_clean}"], 0),
        "findings": (["merge-reports", "{shard_bad}"], 1),
        "findings-as-text": (["merge-reports", "--format", "text", "{shard_bad}"], 1),
        "below-fail-on": (["merge-reports", "--fail-on", "error", "{shard_clean}"], 0),
        "usage": (["merge-reports", "--bogus", "{shard_clean}"], 2),
        "no-reports": (["merge-reports"], 2),
        "missing": (["merge-reports", "{missing}.json"], 2),
        "unreadable": (["merge-reports", "{unreadable}"], 2),
        "a-folder": (["merge-reports", "{empty}"], 2),
        "not-a-report": (["merge-reports", "{clean}"], 2),
        "twice": (["merge-reports", "{shard_clean}", "{shard_clean}"], 2),
        "not-one-run": (["merge-reports", "{shard_clean}", "{shard_bad}"], 2),
        "json-to-sarif": (["merge-reports", "--format", "sarif", "{shard_clean}"], 2),
    },
    "lsp": {
        "usage": (["lsp", "--log-level", "bogus"], 2),
    },
    "evaluate": {
        "clean": (["evaluate", "{evaluated}"], 0),
        "findings": (["evaluate", "--fail-on", "warning", "{evaluated}"], 1),
        "usage": (["evaluate", "{evaluated}", "--timeout", "0"], 2),
        "nothing-to-run": (["evaluate", "{clean}"], 2),
        "broken": (["evaluate", "{broken}"], 1),
        "missing": (["evaluate", "{missing}.md"], 2),
        "unreadable": (["evaluate", "{unreadable}"], 2),
        "no-cards": (["evaluate", "{empty}"], 2),
    },
    "fix": {
        "clean": (["fix", "--check", "--no-cache", "{clean}"], 0),
        "findings": (["fix", "--check", "--no-cache", "{bad}"], 1),
        "usage": (["fix"], 2),
        "missing": (["fix", "--check", "{missing}"], 2),
        "unreadable": (["fix", "--check", "--no-cache", "{unreadable}"], 2),
        "no-cards": (["fix", "--check", "{empty}"], 2),
    },
    "status": {
        "clean": (["status", "{clean}"], 0),
        "usage": (["status"], 2),
        "missing": (["status", "{missing}"], 2),
        "unreadable": (["status", "{unreadable}"], 2),
        "unreadable-in-folder": (["status", "{unreadable_dir}"], 2),
        "no-cards": (["status", "{empty}"], 2),
        "no-cards-md-folder": (["status", "{dir_md}"], 2),
    },
    "queue": {
        "clean": (["queue", "{cards}"], 0),
        "usage": (["queue", "--sort", "bogus"], 2),
        "missing": (["queue", "{missing}"], 2),
        "unreadable": (["queue", "{unreadable}"], 2),
        "no-cards": (["queue", "{empty}"], 2),
    },
    "compliance": {
        "clean": (["compliance", "{clean}", "--profile", "eu-ai-act-annex-iv"], 0),
        "findings": (
            ["compliance", "{bad}", "--profile", "eu-ai-act-annex-iv", "--min-coverage", "1"],
            1,
        ),
        "usage": (["compliance", "{clean}"], 2),
        "unknown-profile": (["compliance", "{clean}", "--profile", "nope"], 2),
        "missing": (["compliance", "{missing}", "--profile", "eu-ai-act-annex-iv"], 2),
        "unreadable": (["compliance", "{unreadable}", "--profile", "eu-ai-act-annex-iv"], 2),
        "no-cards": (["compliance", "{empty}", "--profile", "eu-ai-act-annex-iv"], 2),
    },
    "inspect": {
        "clean": (["inspect", "{clean}"], 0),
        # inspect describes, it does not judge: a card's problems are in its output
        "findings": (["inspect", "{bad}"], 0),
        "usage": (["inspect"], 2),
        "missing": (["inspect", "{missing}.md"], 2),
        "unreadable": (["inspect", "{unreadable}"], 2),
        "no-cards": (["inspect", "{empty}"], 2),
        "no-cards-md-folder": (["inspect", "{dir_md}"], 2),
    },
    "normalize": {
        "clean": (["normalize", "{clean}"], 0),
        "findings": (["normalize", "{broken}"], 1),
        "usage": (["normalize", "{clean}", "-o", "{out}/n.md", "--write"], 2),
        "missing": (["normalize", "{missing}.md"], 2),
        "unreadable": (["normalize", "{unreadable}"], 2),
        "no-cards": (["normalize", "{empty}"], 2),
    },
    "export": {
        "clean": (["export", "{clean}", "--to", "hf"], 0),
        "findings": (["export", "{broken}", "--to", "hf"], 1),
        "usage": (["export", "{clean}"], 2),
        "missing": (["export", "{missing}.md", "--to", "hf"], 2),
        "unreadable": (["export", "{unreadable}", "--to", "hf"], 2),
        "no-cards": (["export", "{empty}", "--to", "hf"], 2),
    },
    "approve": {
        "clean": (
            ["approve", "{submitted}", "--stage", "intake", "--by", "priya.raman", "--dry-run"],
            0,
        ),
        # a decision the rules forbid: refused, exit 1
        "findings": (
            ["approve", "{submitted}", "--stage", "executive", "--by", "priya.raman", "--dry-run"],
            1,
        ),
        "usage": (["approve", "{submitted}", "--stage", "bogus", "--by", "priya.raman"], 2),
        "missing": (
            ["approve", "{missing}.md", "--stage", "intake", "--by", "priya.raman", "--dry-run"],
            2,
        ),
        "unreadable": (
            ["approve", "{unreadable}", "--stage", "intake", "--by", "priya.raman", "--dry-run"],
            2,
        ),
        "no-cards": (
            ["approve", "{empty}", "--stage", "intake", "--by", "priya.raman", "--dry-run"],
            2,
        ),
    },
    "sign": {
        "clean": (["sign", "{submitted}", "--by", "priya.raman", "--key", "{key}", "--dry-run"], 0),
        "findings": (["sign", "{clean}", "--by", "nobody.here", "--key", "{key}", "--dry-run"], 1),
        "usage": (["sign", "{clean}", "--key", "{key}"], 2),
        "missing": (
            ["sign", "{missing}.md", "--by", "priya.raman", "--key", "{key}", "--dry-run"],
            2,
        ),
        "unreadable": (
            ["sign", "{unreadable}", "--by", "priya.raman", "--key", "{key}", "--dry-run"],
            2,
        ),
        "no-cards": (["sign", "{empty}", "--by", "priya.raman", "--key", "{key}", "--dry-run"], 2),
    },
    "rules": {
        "clean": (["rules", "structure/missing-section"], 0),
        "usage": (["rules", "--format", "yaml"], 2),
        "unknown-rule": (["rules", "nope/nothing"], 2),
    },
    "new": {
        "clean": (["new", "Xalura Vision", "-o", "{out}/vision.md"], 0),
        "usage": (["new"], 2),
        "exists": (["new", "Xalura Vision", "-o", "{clean}"], 2),
    },
    "styleguide": {
        "clean": (["styleguide", "sync", "--check"], 0),
        "findings": (["styleguide", "sync", "--check"], 1),  # in a project with a new term
        "usage": (["styleguide", "sync", "--bogus"], 2),
    },
    "build": {
        "clean": (["build", "--cards", "{cards}", "--markdown-only", "{out}/md"], 0),
        "usage": (["build", "--bogus"], 2),
        "missing": (["build", "--cards", "{missing}", "--markdown-only", "{out}/md"], 2),
        "unreadable": (
            ["build", "--cards", "{unreadable_dir}", "--markdown-only", "{out}/md"],
            2,
        ),
        "no-cards": (["build", "--cards", "{empty}", "--markdown-only", "{out}/md"], 2),
    },
    "vale": {
        "clean": (["vale", "{plain}"], 0),
        "findings": (["vale", "{bad}"], 1),
        "usage": (["vale", "--bogus", "{plain}"], 2),
        "unreadable": (["vale", "{unreadable}"], 2),
        "unreadable-in-folder": (["vale", "{unreadable_dir}"], 2),
        # Vale's own CLI: an argument that is not a path is text to lint, and a folder
        # without markup files is "0 files" (docs/cli.md, "xdocs vale")
        "missing": (["vale", "{missing}"], 0),
        "no-cards": (["vale", "{empty}"], 0),
    },
}

#: command -> standard case -> why it does not apply
NOT_APPLICABLE: dict[str, dict[str, str]] = {
    "lsp": {
        "clean": "a clean session (initialize, shutdown, exit: exit code 0) runs over real "
        "pipes in tests/lsp/test_robustness.py; this harness has no stdin stream",
        "findings": "lsp publishes findings as LSP diagnostics (tests/lsp), not an exit code",
        "missing": "lsp reads documents the editor sends, not paths",
        "unreadable": "lsp reads documents the editor sends; hostile ones: tests/lsp",
        "no-cards": "lsp reads documents the editor sends, not folders",
    },
    "status": {"findings": "status reports; only --verify-git (needs git history) finds"},
    "queue": {"findings": "the queue lists cards; it has no findings"},
    "rules": {
        "findings": "rules documents rules; it reads no card",
        "missing": "rules reads no path",
        "unreadable": "rules reads no path",
        "no-cards": "rules reads no path",
    },
    "new": {
        "findings": "new writes a scaffold; an existing file is the 'exists' case (exit 2)",
        "missing": "new creates its output",
        "unreadable": "new reads only the project's template",
        "no-cards": "new creates a card",
    },
    "styleguide": {
        "missing": "styleguide sync reads only the project's terminology",
        "unreadable": "styleguide sync reads only the project's terminology",
        "no-cards": "styleguide sync reads no card",
    },
    "build": {"findings": "build has no findings: a failed build (BuildError) exits 1"},
    "merge-reports": {
        "no-cards": "merge-reports reads report files, not card folders: a folder is the "
        "'a-folder' row (exit 2)",
    },
}
