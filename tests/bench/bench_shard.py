"""Lint past one machine: `xdocs check --shard I/N` and `xdocs merge-reports`.

Measured in one run, over ../shared/corpus/hf-sample (1,000 real cards):

(a) one `xdocs check` cold, and three shards `--shard I/3` cold, each with its own
    cache (three CI runners, here one after the other on this machine), then
    `xdocs merge-reports` of the three JSON reports; the merged report must equal the
    single run's byte for byte (the benchmark fails otherwise);
(b) the balance of the split on the cards' real sizes, N = 3, 10, 30: the ring cut xdocs
    uses against hash(path) mod N and greedy size balancing (biggest file into the
    lightest shard), as the largest shard's estimated work over the mean;
(c) its stability, N = 10: files that change shard when 10 cards are added, and when
    10 cards grow by 8 KB (a runner's cache goes cold for each moved file);
(d) the planning cost at 100,000 files (sparse files with the corpus' sizes: stat,
    hash, cut), and the merge of 10 shard reports of 10,000 cards (the corpus'
    findings under 10 prefixes), to extrapolate to 100,000 cards.
"""

from __future__ import annotations

import hashlib
import heapq
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_lint import _load, freeze, measure  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus" / "hf-sample"


def _mib(n: int) -> str:
    return f"{n / 2**20:.0f} MiB"


def _worst(costs: dict[str, int], assignment: dict[str, int], count: int) -> float:
    loads = [0] * count
    for ident, shard in assignment.items():
        loads[shard] += costs[ident]
    return max(loads) / (sum(costs.values()) / count)


def _greedy(costs: dict[str, int], count: int) -> dict[str, int]:
    heap = [(0, i) for i in range(count)]
    out = {}
    for ident in sorted(costs, key=lambda i: (-costs[i], i)):
        load, shard = heapq.heappop(heap)
        out[ident] = shard
        heapq.heappush(heap, (load + costs[ident], shard))
    return out


def _schemes(costs: dict[str, int], count: int) -> dict[str, dict[str, int]]:
    from xdocs.lint.shard import hashed_shard, split

    return {
        "ring cut (xdocs)": split(costs.items(), count),
        "hash mod N": {i: hashed_shard(i, count) for i in costs},
        "greedy by size": _greedy(costs, count),
    }


def balance_and_stability(costs: dict[str, int]) -> str:
    from xdocs.lint.shard import cost_units

    rows = []
    for count in (3, 10, 30):
        worst = {name: _worst(costs, a, count) for name, a in _schemes(costs, count).items()}
        rows.append(f"| {count} | " + " | ".join(f"{w:.2f}" for w in worst.values()) + " |")
    rnd = random.Random(17)
    sizes = list(costs.values())
    added = {**costs, **{f"new/card-{i}.md": rnd.choice(sizes) for i in range(10)}}
    grown = dict(costs)
    for ident in rnd.sample(sorted(costs), 10):
        grown[ident] = cost_units((costs[ident] - 1) * 4096 + 8192)
    before = _schemes(costs, 10)
    moved = {"added": _schemes(added, 10), "grown": _schemes(grown, 10)}
    stab = []
    for name in before:
        counts = [sum(1 for i in costs if before[name][i] != moved[k][name][i]) for k in moved]
        stab.append(f"| {name} | {counts[0]} | {counts[1]} |")
    return (
        "| shards | ring cut (xdocs) | hash mod N | greedy by size |\n"
        "| ---: | ---: | ---: | ---: |\n"
        + "\n".join(rows)
        + "\n\nFiles that change shard (N = 10):\n\n"
        "| split | 10 cards added | 10 cards grow by 8 KB |\n| --- | ---: | ---: |\n"
        + "\n".join(stab)
    )


def plan_at_scale(tmp: Path, sizes: list[int]) -> tuple[float, float]:
    """Seconds to walk 100,000 sparse card files, and to plan one shard of them."""
    from xdocs.lint.runner import collect_files
    from xdocs.lint.shard import ShardSpec, take_shard

    root = tmp / "big"
    rnd = random.Random(3)
    for team in range(100):
        folder = root / "cards" / f"team-{team:03d}"
        folder.mkdir(parents=True)
        for i in range(1000):
            with open(folder / f"model-{i:04d}.md", "wb") as fh:
                fh.truncate(rnd.choice(sizes))  # sparse: the size without the disk
    start = time.perf_counter()
    files = collect_files([root / "cards"])
    walked = time.perf_counter() - start
    start = time.perf_counter()
    take_shard(ShardSpec(4, 10), files, [], root)
    return walked, time.perf_counter() - start


def merge_at_scale(tmp: Path, single: Path, copies: int = 10) -> tuple[float, int, int, int]:
    """Merge ``copies`` shard reports of the corpus' findings under new prefixes:
    (seconds, peak RSS, cards, findings)."""
    from xdocs import __version__

    found = json.loads(single.read_text(encoding="utf-8"))
    by_path: dict[str, list] = {}
    for item in found:
        by_path.setdefault(item["path"], []).append(item)
    paths = sorted(by_path)
    reports, total = [], 0
    for index in range(1, copies + 1):
        prefix = f"copy-{index}/"
        items = [{**f, "path": prefix + f["path"]} for p in paths for f in by_path[p]]
        total += len(items)
        header = {
            "schema": 1, "index": index, "count": copies, "tool_version": __version__,
            "config": "bench", "fail_on": "error", "universe": "u", "plan": "p", "names": "n",
            "entries": copies * len(paths), "taken": len(paths), "cost": 1, "total_cost": copies,
            "files": [prefix + p for p in paths], "notes": [],
        }  # fmt: skip
        body = ",\n".join(json.dumps(i) for i in items)
        path = tmp / f"shard-{index}.json"
        path.write_text(f'{{"xdocs_shard": {json.dumps(header)},\n"findings": [\n{body}\n]}}\n')
        reports.append(str(path))
    out = str(tmp / "merged-big.json")
    cmd = [sys.executable, "-m", "xdocs", "merge-reports", *reports, "--output", out]
    seconds, peak, _cpu = measure(cmd)
    return seconds, peak, copies * len(paths), total


def run() -> str:
    if not CORPUS.is_dir():
        return "## Lint shards\n\nSkipped: ../shared/corpus/hf-sample not found.\n"
    from xdocs.lint.shard import file_cost, file_identity

    py = sys.executable
    load_before = _load()
    with tempfile.TemporaryDirectory(prefix="xdocs-bench-shard-") as name:
        tmp = Path(name)
        frozen = freeze(tmp)
        env = {"XDOCS_PROJECT_ROOT": str(frozen), "XDOCS_LANGUAGETOOL_URL": ""}
        check = [py, "-m", "xdocs", "check", str(CORPUS), "--format", "json"]
        single = tmp / "single.json"
        first = measure(
            [*check, "-o", str(single)], {**env, "XDOCS_CACHE_DIR": str(tmp / "c0")}, frozen
        )
        runs = [("one run, all files", *first)]
        reports = []
        for index in (1, 2, 3):
            out = tmp / f"shard-{index}.json"
            cache = {**env, "XDOCS_CACHE_DIR": str(tmp / f"c{index}")}
            cmd = [*check, "--shard", f"{index}/3", "-o", str(out)]
            runs.append((f"shard {index}/3", *measure(cmd, cache, frozen)))
            reports.append(str(out))
        merged = tmp / "merged.json"
        merge_cmd = [py, "-m", "xdocs", "merge-reports", *reports, "-o", str(merged)]
        runs.append(("merge-reports of the 3", *measure(merge_cmd, env, frozen)))
        agreement = compare(single, merged)
        load_after = _load()
        costs = {file_identity(p, REPO): file_cost(p) for p in sorted(CORPUS.glob("*.md"))}
        sizes = [p.stat().st_size for p in CORPUS.glob("*.md")]
        walk_s, plan_s = plan_at_scale(tmp, sizes)
        merge_s, merge_rss, big_cards, big_findings = merge_at_scale(tmp, single)
        findings = single.read_text(encoding="utf-8").count('"rule"')
    per_card = sum(cpu for _, _, _, cpu in runs[1:4]) / len(costs)  # the shards' CPU
    return (
        section(runs, len(costs), findings, agreement, (load_before, load_after))
        + f"""
Balance: the largest shard's estimated work over the mean (1.00 is perfect), on the
cards' real sizes:

{balance_and_stability(costs)}

At scale: walking 100,000 card files took {walk_s:.1f} s and planning a shard of them
(stat, hash, cut, digests) {plan_s:.1f} s, on every runner. Merging 10 shard reports of
{big_cards:,} cards ({big_findings:,} findings) took {merge_s:.1f} s and {_mib(merge_rss)};
the merge is linear in findings, so for 100,000 cards (about {big_findings * 10:,}
findings at this rate) about {merge_s * 10:.0f} s and {merge_rss * 10 / 2**30:.1f} GiB (a
single run holds the same findings to write its report). Sharded linting costs
{per_card:.3f} CPU-seconds per card cold (the three shards' CPU over the
cards): 100,000 cards are about {per_card * 100_000 / 3600:.1f} CPU-hours, so
about {per_card * 100_000 / 20 / 2 / 60:.0f} minutes on 20 two-core runners, or
{per_card * 100_000 / 50 / 2 / 60:.0f} on 50, plus each runner's start-up; warm
runs (a runner's own cache, the usual pull request) cost a hash and a read per card.
"""
    )


def compare(single: Path, merged: Path) -> str:
    """Whether the merged report is the single run's, and if not, where they differ."""
    if merged.read_bytes() == single.read_bytes():
        digest = hashlib.sha256(single.read_bytes()).hexdigest()[:12]
        return f"The merged report is byte-identical to the single run's (sha256 {digest}…)."
    one = Counter(json.dumps(f, sort_keys=True) for f in json.loads(single.read_bytes()))
    both = Counter(json.dumps(f, sort_keys=True) for f in json.loads(merged.read_bytes()))
    only_one, only_merged = one - both, both - one
    files = sorted({json.loads(f)["path"] for f in [*only_one, *only_merged]})
    rules = sorted({json.loads(f)["rule"] for f in [*only_one, *only_merged]})
    return (
        f"**The merged report differs from the single run's**: "
        f"{sum(only_one.values())} finding(s) only in the single run, "
        f"{sum(only_merged.values())} only in the merge, in {len(files)} file(s) "
        f"({', '.join(Path(f).name for f in files[:3])}), rules {', '.join(rules)}: Harper's "
        "lints of a paragraph depend on the paragraphs linted beside it (docs/lint.md, "
        "Sharding; tests/lint/test_harper_context.py)."
    )


def section(
    runs: list[tuple[str, float, int, float]],
    cards: int,
    findings: int,
    agreement: str,
    load: tuple[str, str],
) -> str:
    """The measured runs and the ratios of 3 shards + merge against one run."""
    from run import machine

    table = "\n".join(
        f"| {label} | {wall:.1f} s | {cpu:.1f} s | {_mib(rss)} |" for label, wall, rss, cpu in runs
    )
    cores = os.cpu_count() or 1
    (_, one_wall, one_rss, one_cpu), shards, (_, m_wall, _, m_cpu) = runs[0], runs[1:4], runs[4]
    path_wall = max(w for _, w, _, _ in shards) + m_wall
    path_cpu = max(c for _, _, _, c in shards) / cores + m_cpu
    total_cpu = sum(c for _, _, _, c in shards) + m_cpu
    peak = max(r for _, _, r, _ in runs[1:])  # a shard's or the merge's runner
    ratios = [
        ("time to the merged report, wall (slowest shard + merge)", one_wall, path_wall, "s"),
        (f"the same from CPU time (CPU / {cores} cores: the cores to oneself)",
         one_cpu / cores, path_cpu, "s"),
        ("CPU time, all runners together (shards + merge)", one_cpu, total_cpu, "s"),
        ("peak memory of one runner", one_rss / 2**20, peak / 2**20, "MiB"),
    ]  # fmt: skip
    rows = "\n".join(
        f"| {what} | {a:.{0 if unit == 'MiB' else 1}f} {unit} | {b:.{0 if unit == 'MiB' else 1}f} "
        f"{unit} | {b / a:.2f} x |"
        for what, a, b, unit in ratios
    )
    return f"""## Lint shards (`xdocs check --shard`, `xdocs merge-reports`, issue 17)

Machine: {machine()}.
Load average before {load[0]}, after {load[1]} (a shared machine: CPU time is the
steadier figure). Corpus: {cards} Hugging Face cards
(../shared/corpus/hf-sample), {findings} findings. Baseline: one cold `xdocs check`
over all the files; against it, three cold shards `--shard I/3`, each with its own
cache, run one after the other here as three CI runners would run side by side, then
`xdocs merge-reports` of their JSON reports. {agreement}

| run (cold) | wall time | CPU time (tree) | peak memory (tree) |
| --- | ---: | ---: | ---: |
{table}

| 3 runners against one | one run | 3 shards + merge | ratio |
| --- | ---: | ---: | ---: |
{rows}

The time ratio is what splitting buys; the CPU ratio over 1.00 is what it costs (each
runner starts its engines and walks the tree once; the merge reads and writes the
report once more).
"""


if __name__ == "__main__":  # pragma: no cover
    print(run())
