"""One-line notes about the run's environment (printed once, before the findings).

Computed in the main process from cheap probes (a PATH lookup, a setting),
so a warm, fully cached run says the same thing as a cold one.
"""

from __future__ import annotations

import os
import shutil

from xdocs.config import Config
from xdocs.rules import LintOptions


def languagetool_url(config: Config) -> str | None:
    """``XDOCS_LANGUAGETOOL_URL`` or ``grammar.languagetool_url`` (None when neither is set)."""
    url = os.environ.get("XDOCS_LANGUAGETOOL_URL") or config.section("grammar").get(
        "languagetool_url"
    )
    return str(url).strip() or None if url else None


def environment_notes(config: Config, options: LintOptions) -> list[str]:
    notes = []
    wanted = options.passes
    if (wanted is None or "style" in wanted) and shutil.which("vale") is None:
        notes.append(
            "vale binary not found: the style pass used xdocs' built-in Vale engine "
            "(install Vale to run every rule type)"
        )
    if (wanted is None or "grammar" in wanted) and languagetool_url(config) is None:
        notes.append(
            "no LanguageTool server configured (grammar.languagetool_url or "
            "XDOCS_LANGUAGETOOL_URL): grammar checked by Harper only"
        )
    return notes
