"""The runner: every pass over many cards, in parallel, cached, suppressible.

``run_check(paths, config, options)`` is what ``xdocs check``, ``xdocs fix``
and the portal's preview call. For each file it:

1. reads the bytes and looks up the cache (content + configuration); a hit
   costs a hash and a small JSON read, and imports no engine;
2. otherwise loads the card once (``xdocs.card.load_card``: the Document
   parses once) and hands the same ModelCard to every pass, each under a time
   budget (:mod:`xdocs.lint.budget`), in worker processes, one per core, each
   of which builds its engines (Harper's Linter, proselint's registry, the Vale
   rules) once;
3. adds the reader's own findings (``card.findings``), drops suppressed ones
   (:mod:`xdocs.lint.suppress`) and stores the result in the cache.

Then, on every run (cheap, so never cached): per-rule severities and disabled
rules from ``rules:`` in xdocs.yml, and the baseline filter. A path that
cannot be read is one ``input/unreadable`` finding, never a crash.
"""

from __future__ import annotations

import heapq
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xdocs.config import Config, ConfigError, load_config, read_policy_of
from xdocs.fileio import read_regular_file, set_read_policy
from xdocs.findings import Finding
from xdocs.lint.results import CardResult, LintItem, PlainCardResult
from xdocs.report.base import sort_findings
from xdocs.rules import LintContext, LintOptions

#: files per worker task: big enough to amortize per-call costs (Harper's batched calls),
#: small enough to balance the workers (tasks go biggest files first).
BATCH_SIZE = 24


@dataclass
class CheckOptions:
    """What the command line (or a caller) asks of one run."""

    no_cache: bool = False
    changed_since: str | None = None
    baseline: str | None = None
    jobs: int | None = None
    check_urls: bool = False
    profile: str | None = None
    roster: str | None = None
    #: a git revision (commit id) to read the roster and workflow settings from
    roster_from: str | None = None
    #: run each card's model (``--evaluate``)
    evaluate: bool = False
    #: restrict to these pass names (``xdocs fix`` runs only the passes with safe fixes)
    passes: tuple[str, ...] | None = None
    #: check only this shard of the files (``--shard I/N``: :mod:`xdocs.lint.shard`)
    shard: Any = None
    progress: Callable[[int, int], None] | None = None

    @classmethod
    def coerce(cls, value: CheckOptions | Mapping[str, Any] | None) -> CheckOptions:
        """Options from a mapping (library callers); an unknown key is a TypeError."""
        if isinstance(value, CheckOptions):
            return value
        return cls(**dict(value or {}))

    def lint_options(self, budgets: dict[str, float] | None = None) -> LintOptions:
        """What the passes see as ``ctx.options`` (its :meth:`~LintOptions.key` keys the cache)."""
        return LintOptions(
            roster=self.roster,
            roster_from=self.roster_from,
            profile=self.profile,
            check_urls=self.check_urls,
            evaluate=self.evaluate,
            passes=tuple(self.passes) if self.passes is not None else None,
            budgets=dict(budgets or {}),
        )


@dataclass
class CheckResult:
    """Findings of a run, the files checked and one-line notes about the run."""

    findings: list[Finding]
    files: list[str]
    notes: list[str] = field(default_factory=list)
    #: counters: files_cached, files_linted, seconds
    stats: dict[str, Any] = field(default_factory=dict)
    #: with ``options.shard``: what this shard took (a :class:`xdocs.lint.shard.ShardPlan`)
    shard: Any = None


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS / Windows
        return max(1, os.cpu_count() or 1)


def display_path(path: Path) -> str:
    """A path as the user should see it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel


def collect_files(paths: Iterable[str | Path], skipped: list[Any] | None = None) -> list[Path]:
    """Card files under ``paths`` (links and special files go to ``skipped``)."""
    from xdocs.card import iter_card_files

    seen: set[str] = set()
    out: list[Path] = []
    for p in iter_card_files(paths, skipped if skipped is not None else []):
        key = os.path.abspath(p)  # no symlink resolution: one syscall-free key per file
        if key not in seen:
            seen.add(key)
            out.append(p)
    return out


def in_report_order(findings: Iterable[Finding]) -> list[Finding]:
    """The findings in the one report order (:func:`xdocs.report.base.sort_key`).

    The same order ``xdocs merge-reports`` restores, so a sharded run's merged report
    equals the single run's even when two findings share a spot, a rule and differ in
    severity (hypothesis found the runner's old key, which skipped severity, disagreeing).
    """
    return sort_findings(findings)


def run_check(
    paths: Iterable[str | Path],
    config: Config | None = None,
    options: CheckOptions | Mapping[str, Any] | None = None,
) -> CheckResult:
    """Lint ``paths`` (files or folders). Raises ConfigError for configuration problems."""
    from xdocs.document import read_error
    from xdocs.lint import cache as cache_mod
    from xdocs.lint.budget import budgets_from_config
    from xdocs.lint.notes import environment_notes

    started = time.perf_counter()
    opts = CheckOptions.coerce(options)
    config = config or load_config()
    try:
        budgets = budgets_from_config(config.section("lint"))
    except ValueError as exc:
        raise ConfigError(str(config.path or "xdocs.yml"), str(exc)) from None
    pass_options = opts.lint_options(budgets)
    fp = cache_mod.fingerprint(config.root, config.data, pass_options)
    cache = None if opts.no_cache else cache_mod.LintCache(config.root, fp)
    settings = _rule_settings(config, cache)

    paths = list(paths)
    skipped: list[Any] = []
    files = collect_files(paths, skipped)
    if opts.changed_since:
        from xdocs.lint.changed import changed_files

        first = Path(paths[0]) if paths else Path.cwd()
        start = first if first.is_dir() else first.parent
        changed = changed_files(opts.changed_since, start if start.is_dir() else Path.cwd())
        files = [f for f in files if f.exists() and f.resolve() in changed]
    shard = None
    if opts.shard is not None:
        from xdocs.lint.shard import config_identity, take_shard

        files, skipped, shard = take_shard(opts.shard, files, skipped, config.root, display_path)
        shard.config = config_identity(
            config.root, config.data, pass_options.key(), (opts.roster, opts.baseline)
        )

    findings: list[Finding] = [s.finding(display_path(s.path)) for s in skipped]
    shown: list[str] = []
    todo: list[LintItem] = []
    cached = 0
    for path in files:
        disp = display_path(path)
        shown.append(disp)
        try:
            data = read_regular_file(path)
        except OSError as exc:  # missing, a folder, a link, a FIFO, over the size limit
            findings.append(read_error(disp, exc).finding())
            continue
        key = cache_mod.file_key(data, disp)
        hit = cache.get(key) if cache else None
        if hit is not None:
            findings.extend(hit)
            cached += 1
        else:
            todo.append(LintItem(str(path), disp, key, data))

    done = cached
    total = len(shown)
    if opts.progress:
        opts.progress(done, total)
    if todo:
        _preflight(config, pass_options)
    linted = _lint_files(todo, config, pass_options, opts) if todo else ()
    for result in linted:
        findings.extend(result.findings)
        if cache is not None:
            cache.put(result.key, result.findings, result.dependencies)
        done += 1
        if opts.progress:
            opts.progress(done, total)

    findings = settings.apply(findings)
    if opts.baseline:
        from xdocs.lint.baseline import filter_baseline, load_baseline

        findings = filter_baseline(findings, load_baseline(opts.baseline))
    findings = in_report_order(findings)
    return CheckResult(
        findings,
        shown,
        environment_notes(config, pass_options),
        {
            "files_cached": cached,
            "files_linted": len(todo),
            "seconds": round(time.perf_counter() - started, 3),
            "fingerprint": fp,
        },
        shard,
    )


def _rule_settings(config: Config, cache: Any) -> Any:
    """Validate ``rules:`` (needs every pass's rule list, so remember a success)."""
    from xdocs.lint.registry import RuleSettings, rule_settings

    if not config.data.get("rules"):
        return RuleSettings()
    if cache is not None and cache.has_marker("rules"):
        from xdocs.lint.registry import parse_rule_value

        # validated before with this exact fingerprint: parse without the registry
        settings = RuleSettings()
        for key, value in dict(config.data["rules"]).items():
            parse_rule_value(settings, str(key), value)
        return settings
    settings = rule_settings(config)
    if cache is not None:
        cache.set_marker("rules")
    return settings


def _preflight(config: Config, pass_options: LintOptions) -> None:
    """Configuration errors are exit 2 before any work, not one finding per file.

    Each pass may define ``check_config(config)`` raising ConfigError (a terminology
    file with a bad regex, a Vale rule that does not compile, an unknown dialect).
    """
    from xdocs.lint.registry import all_passes

    wanted = pass_options.passes
    for lint_pass in all_passes(config):
        check = getattr(lint_pass, "check_config", None)
        if check is not None and (wanted is None or lint_pass.name in wanted):
            check(config)


# -- linting (in this process or in workers) --------------------------------------------
_WORKER: dict[str, Any] = {}


def _init_worker(config: Config, pass_options: LintOptions) -> None:
    from xdocs.lint.registry import all_passes

    set_read_policy(read_policy_of(config))  # workers started by spawn have no policy yet
    passes = all_passes(config)
    wanted = pass_options.passes
    if wanted is not None:
        passes = [p for p in passes if p.name in wanted]
    _WORKER.clear()
    _WORKER.update(
        passes=passes,
        ctx=LintContext(config, config.root, pass_options),
        budgets=pass_options.budgets,
    )


def _lint_batch(items: list[LintItem]) -> list[PlainCardResult]:
    """Lint a batch of files in this process; the results as plain data (they may
    cross back to the parent process: :mod:`xdocs.lint.results`)."""
    from xdocs.lint.engine import lint_cards

    results = lint_cards(items, _WORKER["passes"], _WORKER["ctx"], _WORKER["budgets"])
    return [result.to_plain() for result in results]


def _checked(answer: Any) -> Iterable[CardResult]:
    """A worker's answer, checked: a list of :class:`PlainCardResult` of plain data."""
    from xdocs.lint.results import BadResult

    if not isinstance(answer, list):
        raise BadResult("a lint worker answered something other than a list of results")
    for plain in answer:
        if not isinstance(plain, PlainCardResult):
            raise BadResult("a lint worker answered something other than a lint result")
        yield plain.to_result()


def file_cost(size: int) -> int:
    """Rough work estimate for a file: a fixed part (reading, parsing, per-file engine
    calls) plus its size, capped (a 200 KB card is mostly YAML and tables the prose
    engines never read)."""
    return 4000 + min(size, 40_000)


def balanced_batches(todo: list[LintItem], count: int) -> list[list[LintItem]]:
    """Split files into ``count`` batches of similar total cost (longest job first into the
    lightest batch), returned heaviest first so no worker is left with the big ones last."""
    count = max(1, min(count, len(todo)))
    heap = [(0, i) for i in range(count)]
    batches: list[list[LintItem]] = [[] for _ in range(count)]
    costs = [0] * count
    for item in sorted(todo, key=lambda t: -t.size):
        cost, i = heapq.heappop(heap)
        batches[i].append(item)
        costs[i] = cost + file_cost(item.size)
        heapq.heappush(heap, (costs[i], i))
    order = sorted(range(count), key=lambda i: -costs[i])
    return [batches[i] for i in order if batches[i]]


def _lint_files(
    todo: list[LintItem],
    config: Config,
    pass_options: LintOptions,
    opts: CheckOptions,
) -> Iterable[CardResult]:
    if not todo:
        return
    items = todo
    jobs = max(1, opts.jobs or default_jobs())
    jobs = min(jobs, max(1, (len(items) + 1) // 2))
    if jobs == 1:
        _init_worker(config, pass_options)
        for i in range(0, len(items), BATCH_SIZE):
            for plain in _lint_batch(items[i : i + BATCH_SIZE]):
                yield plain.to_result()
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    batches = balanced_batches(todo, max(jobs * 4, -(-len(todo) // BATCH_SIZE)))
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_init_worker, initargs=(config, pass_options)
    ) as pool:
        futures = [pool.submit(_lint_batch, batch) for batch in batches]
        for future in as_completed(futures):
            yield from _checked(future.result())
