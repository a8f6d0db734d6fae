"""Portal speed at 1,000 cards (issue 5): plain Material vs xdocs build, and serve reload.

(a) plain Material + search + navigation.prune building the Markdown the portal
    generated for 1,000 Hugging Face cards (``xdocs build --markdown-only``);
(b) ``xdocs build`` of the same cards, cold (every card read) and warm
    (card summaries from .xdocs-cache/portal); goal (b) <= 1.15 x (a);
(c) ``mkdocs serve`` edit-to-reload of one card: from the edit to the moment the
    served search index holds the new text and still every page; goal <= 1.5 s,
    with ``--dirty`` (xdocs regenerates the changed card's pages and patches the
    index) and, for comparison, without it.

Figures are wall-clock seconds and CPU seconds (user+sys of the build process
and its workers), measured in one run; on a shared machine the CPU figures are
the steadier ones. Cards are read from ../shared (never copied into the repo):
the serve benchmark copies them to a temporary folder it can edit.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = (REPO.parent / "shared" / "corpus" / "hf-sample").resolve()
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
N_CARDS = 1000


def _timed(args: list[str], cwd: Path) -> tuple[float, float, str]:
    """(wall s, CPU s of the child and its workers, the xdocs summary line) of one command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, env=ENV, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    line = next((x for x in result.stderr.splitlines() if "xdocs: " in x and " cards (" in x), "")
    return wall, cpu, line.split("xdocs: ", 1)[-1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.read()
    except OSError:
        return None


def _serve_config(work: Path, cards: Path) -> Path:
    """A mkdocs.yml for a scratch project: the portal's config with absolute paths."""
    site = (REPO / "site_config" / "mkdocs.yml").read_text(encoding="utf-8")
    config = work / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {REPO / 'site_config' / 'mkdocs.yml'}\n"
        f"docs_dir: {REPO / 'site_config' / 'docs'}\n"
        f"theme:\n  name: material\n  custom_dir: {REPO / 'site_config' / 'overrides'}\n"
        f"plugins:\n  - xdocs:\n      cards: {cards}\n      lint: 'off'\n  - search\n  - tags\n",
        encoding="utf-8",
    )
    assert "navigation.prune" in site
    return config


def _serve_reload(config: Path, cards: Path, dirty: bool, edits: int) -> dict[str, object]:
    """Start ``mkdocs serve``, edit cards, time each edit until the index shows it."""
    port = _free_port()
    args = [str(BIN / "mkdocs"), "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"]
    if dirty:
        args.append("--dirty")
    log = open(config.parent / f"serve-{'dirty' if dirty else 'full'}.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(args, cwd=config.parent, env=ENV, stdout=log, stderr=log)
    base = f"http://127.0.0.1:{port}/"
    try:
        start = time.perf_counter()
        index = None
        while time.perf_counter() - start < 900:
            index = _get(base + "search/search_index.json")
            if index:
                break
            if proc.poll() is not None:
                raise RuntimeError(f"mkdocs serve exited: see {log.name}")
            time.sleep(0.5)
        assert index, "serve did not come up"
        startup = time.perf_counter() - start
        full = json.loads(index)["docs"]
        pages = {d["location"].split("#")[0] for d in full}
        baseline = Counter(d["location"] for d in full)
        files = sorted(cards.glob("*.md"))
        targets = files[min(100, max(0, len(files) - edits)) :][:edits]
        times = []
        for i, card in enumerate(targets):
            marker = f"zqx{os.getpid()}x{time.monotonic_ns()}qz"
            time.sleep(1.0)  # let the watcher settle between edits
            t0 = time.perf_counter()
            with card.open("a", encoding="utf-8") as fh:
                fh.write(f"\n\nBenchmark marker {marker}.\n")
            while True:
                data = _get(base + "search/search_index.json") or b""
                if marker.encode() in data:
                    times.append(time.perf_counter() - t0)
                    docs = json.loads(data)["docs"]
                    now_pages = {d["location"].split("#")[0] for d in docs}
                    assert now_pages == pages, "search index lost pages"
                    # a page rebuilt but also kept from before would double its entries
                    counts = Counter(d["location"] for d in docs)
                    for loc, n in counts.items():
                        assert n <= max(baseline.get(loc, 0), 1), f"stale entries for {loc}"
                    break
                if time.perf_counter() - t0 > 120:
                    raise RuntimeError(f"edit {i} never reached the index (see {log.name})")
                time.sleep(0.02)
        return {"startup": startup, "times": times, "pages": len(pages)}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def run() -> str:
    if not CORPUS.is_dir():
        return "## Portal\n\nSkipped: ../shared/corpus/hf-sample not found.\n"
    work = Path(tempfile.mkdtemp(prefix="xdocs-bench-portal-"))
    try:
        cards = work / "cards"
        cards.mkdir()
        for path in sorted(CORPUS.glob("*.md"))[:N_CARDS]:
            shutil.copy2(path, cards / path.name)
        xdocs = str(BIN / "xdocs")
        md = work / "md"
        gen = _timed([xdocs, "build", "--cards", str(cards), "--markdown-only", str(md)], REPO)
        a = _timed([str(BIN / "mkdocs"), "build", "-f", str(md / "mkdocs.yml")], md)
        site = work / "site"
        build = [xdocs, "build", "--cards", str(cards), "--site-dir", str(site)]
        b_warm = _timed(build, REPO)  # right after --markdown-only filled the summary cache
        b_cold = _timed([*build, "--no-cache"], REPO)
        config = _serve_config(work, cards)
        dirty = _serve_reload(config, cards, dirty=True, edits=3)
        full = _serve_reload(config, cards, dirty=False, edits=1)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    dirty_times = sorted(dirty["times"])  # type: ignore[arg-type]
    median = dirty_times[len(dirty_times) // 2]
    rows = [
        "| Run | Wall s | CPU s | Ratio to (a), wall | Ratio to (a), CPU |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| (a) plain Material + search + prune, same Markdown | {a[0]:.1f} | {a[1]:.1f} "
        "| 1.00 | 1.00 |",
        f"| (b) `xdocs build`, cold ({b_cold[2]}) | {b_cold[0]:.1f} | {b_cold[1]:.1f} "
        f"| {b_cold[0] / a[0]:.2f} | {b_cold[1] / a[1]:.2f} |",
        f"| (b) `xdocs build`, warm ({b_warm[2]}) | {b_warm[0]:.1f} | {b_warm[1]:.1f} "
        f"| {b_warm[0] / a[0]:.2f} | {b_warm[1] / a[1]:.2f} |",
        f"| generating the Markdown only (`--markdown-only`, cold) | {gen[0]:.1f} | {gen[1]:.1f} "
        "| | |",
    ]
    goal_b = "met" if b_warm[1] / a[1] <= 1.15 else "NOT met"
    goal_c = "met" if median <= 1.5 else "NOT met"
    full_time = full["times"][0]  # type: ignore[index]
    return "\n".join(
        [
            "## Portal (issue 5)",
            "",
            f"{N_CARDS} Hugging Face cards from ../shared/corpus/hf-sample, "
            f"{os.cpu_count()} CPUs, one run.",
            "",
            *rows,
            "",
            f"Goal (b) <= 1.15 x (a): {goal_b} for the warm build (CPU ratio "
            f"{b_warm[1] / a[1]:.2f}); the cold build also reads every card "
            f"(ratio {b_cold[1] / a[1]:.2f}).",
            "",
            "| `mkdocs serve`, edit one card | Startup s | Edit-to-index s |",
            "| --- | ---: | ---: |",
            f"| `--dirty` with the xdocs plugin (median of {len(dirty_times)}) "
            f"| {dirty['startup']:.1f} | {median:.2f} "
            f"(all: {', '.join(f'{t:.2f}' for t in dirty_times)}) |",
            f"| without `--dirty` (full rebuild) | {full['startup']:.1f} | {full_time:.2f} |",
            "",
            f"Goal (c) <= 1.5 s: {goal_c}. After every edit the served search index held the "
            f"new text and all {dirty['pages']} pages (a plain `--dirty` build keeps only the "
            "rebuilt pages; the plugin patches the index back to the whole site).",
            "",
        ]
    )


if __name__ == "__main__":
    print(run())
