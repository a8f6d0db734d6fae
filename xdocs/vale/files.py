"""Which files a run lints: Vale's walk over the paths given on the command line."""

from __future__ import annotations

import os
from pathlib import Path

from xdocs.vale.config import Config

IGNORED_DIRS = {"node_modules", ".git", ".svn", ".hg", "__pycache__", ".venv", ".tox"}


def collect(paths: list[str], cfg: Config, no_global: bool = True) -> list[str]:
    """Files under ``paths`` (as Vale would spell them) that some section applies to.

    Like Vale with ``--no-global``/no ``[*]`` styles, a file no section
    matches is not linted at all.
    """
    out: list[str] = []
    nonglobal = not cfg.global_styles and not cfg.global_checks
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if d not in IGNORED_DIRS)
                for f in sorted(files):
                    fp = os.path.normpath(os.path.join(root, f))
                    if _wanted(fp, cfg, nonglobal):
                        out.append(fp)
        elif os.path.isfile(p) and _wanted(p, cfg, nonglobal):
            out.append(os.path.normpath(p))
    return out


def _wanted(path: str, cfg: Config, nonglobal: bool) -> bool:
    if nonglobal:
        return cfg.has_section_for(path) or cfg.has_section_for(Path(path).name)
    return True
