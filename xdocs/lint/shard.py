"""Which files one CI runner checks: ``xdocs check --shard I/N``.

The CI system is the distributed engine (a GitHub Actions matrix, a GitLab
``parallel:`` job); xdocs only splits the files and, afterwards, merges the
reports (:mod:`xdocs.report.merge`). Every runner computes the same split on its
own, with no coordinator, so the split must depend only on what every runner
sees the same way:

- **identity**: a file's path relative to the project root, in POSIX form. Not
  the absolute path (checkouts live in different folders), not the order the
  paths were given, not the content (an edited file would change runner and
  lose its cache entry).
- **cost**: ``stat`` size in 4 KiB units, plus one for the fixed per-file work,
  capped at 11 units (the estimate the runner balances its workers with,
  :func:`xdocs.lint.runner.file_cost`, made coarse): no file is read to plan,
  and small edits or line-ending differences rarely change a unit.

The split is a **ring cut by cost**: files are ordered by a hash of their
identity (a stable pseudo-random order, like a consistent-hashing ring), and the
ring is cut into N arcs of equal total cost; a file belongs to the arc holding
the midpoint of its own cost. Trade-off, chosen over the two obvious schemes:

- ``hash(identity) mod N`` never moves a file when others are added, but
  balances only counts, and only statistically: with a few hundred cards a
  runner can get twice the work of another.
- Greedy size balancing (biggest file into the lightest runner) balances best,
  but one added file can reshuffle most assignments, and every runner's cache
  goes cold.
- The ring cut keeps every runner within one file's cost of ``total / N``, and
  adding, removing or resizing a file of cost ``c`` moves only the files within
  ``c`` of each of the N-1 cuts (about one per cut), each to a neighbouring
  shard. Everything else keeps its runner and its cache.

Paths that discovery skipped (links, FIFOs: one finding each) are not lint work;
each goes to the shard its hash points at, so its finding appears exactly once.

Each shard also records digests of the whole plan (which files, which costs)
and of the configuration, so :mod:`xdocs.report.merge` can refuse reports that
do not come from the same split of the same run.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

#: the shard-report schema (bumped when the header or the split changes meaning)
SHARD_SCHEMA = 1
#: the most shards one run may be split into (a CI matrix is far smaller)
MAX_SHARDS = 10_000
#: cost unit (bytes) and cap (units): mirrors runner.file_cost's 4,000 + min(size, 40,000)
COST_UNIT = 4096
MAX_COST = 11

_SPEC = re.compile(r"^\s*(\d{1,6})\s*/\s*(\d{1,6})\s*$")


@dataclass(frozen=True)
class ShardSpec:
    """Shard ``index`` of ``count`` (1-based, as CI systems number parallel jobs)."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> ShardSpec:
        """``"2/3"`` → ShardSpec(2, 3); a ValueError that says what to write otherwise."""
        match = _SPEC.match(str(text))
        if match is None:
            raise ValueError(
                f"{text!r} is not I/N: write the shard and the number of shards, e.g. 2/3"
            )
        index, count = int(match.group(1)), int(match.group(2))
        if not 1 <= count <= MAX_SHARDS:
            raise ValueError(f"{text!r}: the number of shards must be between 1 and {MAX_SHARDS}")
        if not 1 <= index <= count:
            raise ValueError(
                f"{text!r}: the shard must be between 1 and {count} (shards count from 1)"
            )
        return cls(index, count)

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def file_identity(path: str | Path, root: str | Path) -> str:
    """The path relative to the project root, POSIX form: the same on every runner."""
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, os.path.abspath(root))
    except ValueError:  # pragma: no cover - another drive on Windows
        rel = absolute
    return PurePath(rel).as_posix()


def ring_position(identity: str) -> int:
    """A stable 64-bit place on the ring (sha256: the same in every Python and process)."""
    digest = hashlib.sha256(identity.encode("utf-8", "surrogateescape")).digest()
    return int.from_bytes(digest[:8], "big")


def cost_units(size: int) -> int:
    """Estimated lint work of a file of ``size`` bytes, in coarse units (1 to 11)."""
    return 1 + min(max(size, 0), (MAX_COST - 1) * COST_UNIT) // COST_UNIT


def file_cost(path: str | Path) -> int:
    """:func:`cost_units` of a file's size; a file that cannot be stat-ed costs 1."""
    try:
        return cost_units(os.stat(path).st_size)
    except OSError:
        return 1


def split(entries: Iterable[tuple[str, int]], count: int) -> dict[str, int]:
    """Identity → 0-based shard, for ``(identity, cost)`` entries (identities unique).

    The ring cut: entries in hash order; an entry goes to the arc holding the midpoint of
    its cost, ``floor(count * (before + cost / 2) / total)``, in integers (no float
    rounding can differ between machines).
    """
    ring = sorted((ring_position(ident), ident, max(1, cost)) for ident, cost in entries)
    total = sum(cost for _, _, cost in ring)
    out: dict[str, int] = {}
    before = 0
    for _, ident, cost in ring:
        out[ident] = (count * (2 * before + cost)) // (2 * total)
        before += cost
    return out


def hashed_shard(identity: str, count: int) -> int:
    """0-based shard of a path that is no lint work (a skipped link): by its hash alone."""
    return (ring_position(identity) * count) >> 64


@dataclass
class ShardPlan:
    """What one shard took, and what every shard of the same run agrees on."""

    spec: ShardSpec
    #: sha256 of every identity (files and skipped paths), sorted: "the same files"
    universe: str
    #: sha256 of every (identity, cost), sorted: "the same split"
    plan: str
    #: sha256 of every path as the report shows it, sorted: "spelled the same way"
    names: str
    #: how many identities the whole run has (files and skipped paths)
    entries: int
    #: how many of them this shard took
    taken: int
    #: this shard's cost and the whole run's, in units (the balance, for people)
    cost: int
    total_cost: int
    #: the configuration, options and working folder (set by the runner)
    config: str = ""


def _digest(lines: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode("utf-8", "surrogateescape") + b"\n")
    return digest.hexdigest()


def take_shard(
    spec: ShardSpec,
    files: Sequence[Path],
    skipped: Sequence[Any],
    root: str | Path,
    display: Callable[[Path], str] = str,
) -> tuple[list[Path], list[Any], ShardPlan]:
    """This shard's files and skipped paths (each in its original order) and its plan.

    ``display`` is how the report will show a path (relative to the working folder, or as
    given): two runs that name the same files differently (one absolute, one relative)
    split them the same way, but their reports would not merge into either run's report.
    """
    idents = [file_identity(f, root) for f in files]
    costs = {ident: file_cost(f) for ident, f in zip(idents, files, strict=True)}
    assignment = split(costs.items(), spec.count)
    mine = spec.index - 1
    kept = [f for f, ident in zip(files, idents, strict=True) if assignment[ident] == mine]
    skipped_ids = [file_identity(s.path, root) for s in skipped]
    kept_skipped = [
        s for s, ident in zip(skipped, skipped_ids, strict=True)
        if hashed_shard(ident, spec.count) == mine
    ]  # fmt: skip
    everything = sorted([*costs, *(f"skipped:{i}" for i in skipped_ids)])
    total = sum(costs.values())
    plan = ShardPlan(
        spec=spec,
        universe=_digest(everything),
        plan=_digest(f"{ident}\0{costs[ident]}" for ident in sorted(costs)),
        names=_digest(sorted([*map(display, files), *(display(s.path) for s in skipped)])),
        entries=len(everything),
        taken=len(kept) + len(kept_skipped),
        cost=sum(costs[i] for i in idents if assignment[i] == mine),
        total_cost=total,
    )
    return kept, kept_skipped, plan


# -- the configuration a shard ran with ------------------------------------------------------
#: what, besides xdocs.yml, changes findings (as the cache's fingerprint; names relative here)
_PROJECT_PARTS = ("styleguide", "vale_styles", "site_config", ".vale.ini", "xdocs.yml")
_SOURCE_PARTS = ("lint", "card", "vale", "workflow", "evidence", "document.py", "findings.py",
                 "rules.py", "config.py")  # fmt: skip


def _tree(base: Path, name: str, digest: Any) -> None:
    """Feed ``base/name`` (a file or every file below a folder) by relative name and content."""
    top = base / name
    if top.is_file():
        paths = [top]
    elif top.is_dir():
        paths = []
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
            paths.extend(
                Path(dirpath) / n for n in sorted(filenames) if not n.endswith((".pyc", ".tmp"))
            )
    else:
        return
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        rel = PurePath(os.path.relpath(path, base)).as_posix()
        digest.update(f"{rel}\0{len(data)}\0".encode("utf-8", "surrogateescape") + data)


def config_identity(
    root: str | Path,
    config_data: Mapping[str, Any],
    options: Mapping[str, Any],
    extra_files: Iterable[str | None] = (),
) -> str:
    """Everything besides the files that decides a run's findings, as every runner sees it.

    The xdocs version and the code that computes findings, ``xdocs.yml``, the style guide,
    Vale styles and site configuration (by path relative to the root and content, never
    by absolute path), the options that change findings (``LintOptions.key()``), the
    contents of the roster and baseline files named, and the working folder relative to
    the root (display paths depend on it). Not the date, and never the cache secret.
    """
    from xdocs import __version__

    root = Path(root)
    digest = hashlib.sha256()
    digest.update(f"xdocs {__version__} shard {SHARD_SCHEMA}\n".encode())
    digest.update(json.dumps(dict(config_data), sort_keys=True, default=str).encode())
    digest.update(json.dumps(dict(options), sort_keys=True, default=str).encode())
    digest.update(file_identity(os.getcwd(), root).encode("utf-8", "surrogateescape"))
    package = Path(__file__).resolve().parents[1]
    for part in _SOURCE_PARTS:
        _tree(package, part, digest)
    for part in _PROJECT_PARTS:
        _tree(root, part, digest)
    for name in extra_files:
        if name and Path(name).is_file():
            digest.update(b"\0file\0" + Path(name).read_bytes())
    return digest.hexdigest()[:32]
