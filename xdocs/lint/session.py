"""Linting cards another stage has already read and parsed, as ``xdocs check`` would.

The portal preview (``mkdocs serve`` with lint on) summarizes each changed card
in a worker from the bytes it read once; linting the same card through
:func:`~xdocs.lint.runner.run_check` read and parsed it a second time in another
worker. A :class:`LintSession` lets the stage that holds a card's Document lint
it there: the same passes, budgets, lint cache (keyed by the same bytes and
display path, so ``xdocs check`` and the preview share it), rule settings and
report order as ``xdocs check``, with no second read and no second parse.

A session is plain configuration (it crosses to worker processes as the
runner's own worker set-up does); :func:`prepare_worker` and
:func:`lint_loaded_card` are what a worker calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xdocs.config import Config, ConfigError
from xdocs.findings import Finding
from xdocs.lint.results import CardResult, LoadedCard, PlainCardResult
from xdocs.rules import LintOptions

if TYPE_CHECKING:
    from xdocs.lint.cache import LintCache
    from xdocs.lint.registry import RuleSettings


@dataclass(frozen=True)
class LintSession:
    """One run's lint configuration, validated once (configuration errors raise here)."""

    config: Config
    options: LintOptions
    fingerprint: str

    @classmethod
    def start(cls, config: Config) -> LintSession:
        """The default ``xdocs check`` options for ``config``; ConfigError if it is invalid."""
        from xdocs.lint import cache as cache_mod
        from xdocs.lint.budget import budgets_from_config
        from xdocs.lint.runner import CheckOptions, _preflight

        try:
            budgets = budgets_from_config(config.section("lint"))
        except ValueError as exc:
            raise ConfigError(str(config.path or "xdocs.yml"), str(exc)) from None
        options = CheckOptions().lint_options(budgets)
        _preflight(config, options)
        fp = cache_mod.fingerprint(config.root, config.data, options)
        return cls(config, options, fp)

    @staticmethod
    def display(path: str | Path) -> str:
        """The display path ``xdocs check`` gives this file (its findings and cache key)."""
        from xdocs.lint.runner import display_path

        return display_path(Path(path))

    def key(self, data: bytes, display: str) -> str:
        """The lint cache key of these bytes shown under ``display``."""
        from xdocs.lint.cache import file_key

        return file_key(data, display)

    @cached_property
    def cache(self) -> LintCache:
        """The lint cache of this fingerprint: one per session, so it is pruned once."""
        from xdocs.lint.cache import LintCache

        return LintCache(self.config.root, self.fingerprint)

    @cached_property
    def rule_settings(self) -> RuleSettings:
        """``rules:`` of xdocs.yml, validated once per session."""
        from xdocs.lint.runner import _rule_settings

        return _rule_settings(self.config, self.cache)

    def __getstate__(self) -> dict[str, Any]:
        # a worker gets the configuration only; the cache and settings stay here
        return {name: self.__dict__[name] for name in ("config", "options", "fingerprint")}

    def cached(self, key: str) -> list[Finding] | None:
        """The cached findings for ``key`` (before rule settings), or None."""
        return self.cache.get(key)

    def remember(self, result: CardResult) -> None:
        """Cache one card's findings as ``xdocs check`` does."""
        self.cache.put(result.key, result.findings, result.dependencies)

    def finish(self, findings: list[Finding]) -> list[Finding]:
        """Rule settings (``rules:`` in xdocs.yml) applied, in the report order."""
        from xdocs.lint.runner import in_report_order

        return in_report_order(self.rule_settings.apply(findings))


def prepare_worker(session: LintSession) -> None:
    """Set this process up to lint (the passes, their context and budgets)."""
    from xdocs.lint.runner import _init_worker

    _init_worker(session.config, session.options)


def lint_loaded_card(loaded: LoadedCard) -> PlainCardResult:
    """Lint a card this process loaded (after :func:`prepare_worker`), as plain data."""
    from xdocs.lint.engine import lint_loaded
    from xdocs.lint.runner import _WORKER

    worker: dict[str, Any] = _WORKER
    (result,) = lint_loaded([loaded], worker["passes"], worker["ctx"], worker["budgets"])
    return result.to_plain()
