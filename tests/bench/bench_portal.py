"""Portal at scale (issues 5 and 17): 1,000, 3,000 and 10,000 cards, and serve reload.

For each size N (1,000 real Hugging Face cards from ../shared/corpus/hf-sample;
3,000 and 10,000 made by repeating them under new model ids, a ``name:`` added
to each copy's front-matter):

(a) plain ``mkdocs build`` of the Markdown the portal generated for those cards
    (``xdocs build --markdown-only``: Material, the same theme and search), plus
    the Pagefind indexing step when that config uses Pagefind: what any engine
    building the same pages with the same search costs;
(b) ``xdocs build`` of the same cards, cold (``--no-cache``: every card read)
    and warm (card summaries from the sealed cache);

with, per run, wall and CPU seconds, the peak memory of the largest process,
the site's size, its largest card page, its largest full-text page (a long
card's whole text, which its bounded card page links to) and its largest search
asset (the largest file a visitor's browser may download to search). Goals (issue 17):
10,000 cards within 3.5x the time of 3,000; (b) within 1.2x of (a); no card
page over 60 KB; no search asset over 1 MB.

(c) ``mkdocs serve`` edit-to-reload of one card at 1,000 cards: from the edit
    to the moment the served search index holds the new text and still every
    page; goal <= 1.5 s (issue 5), with ``--dirty`` and, for comparison, without.

Figures are wall-clock seconds and CPU seconds (user+sys of the build process
and its workers), measured in one run; on a shared machine the CPU figures are
the steadier ones. Cards are read from ../shared (never copied into the repo):
the serve benchmark copies them to a temporary folder it can edit.
"""

from __future__ import annotations

import json
import os
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


#: measures one command in a child: CPU of its whole tree and its peak RSS (KiB)
_MEASURE = (
    "import resource, subprocess, sys\n"
    "r = subprocess.run(sys.argv[1:])\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(f'@@measure {u.ru_utime + u.ru_stime} {u.ru_maxrss}', file=sys.stderr)\n"
    "sys.exit(r.returncode)\n"
)


def _timed(args: list[str], cwd: Path) -> tuple[float, float, str, float]:
    """(wall s, CPU s of the command and its workers, the xdocs summary line, peak
    RSS MiB of its largest process) of one command."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, *args], cwd=cwd, env=ENV, capture_output=True, text=True
    )
    wall = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{result.stderr[-2000:]}")
    measure = next(x for x in result.stderr.splitlines() if x.startswith("@@measure "))
    cpu, rss = (float(v) for v in measure.split()[1:])
    line = next((x for x in result.stderr.splitlines() if "xdocs: " in x and " cards (" in x), "")
    return wall, cpu, line.split("xdocs: ", 1)[-1], rss / 1024


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


SIZES = (1000, 3000, 10000)


def make_corpus(folder: Path, n: int) -> None:
    """``n`` cards: the corpus, then copies of it under new model ids."""
    sources = sorted(CORPUS.glob("*.md"))
    folder.mkdir(parents=True)
    for i in range(n):
        src = sources[i % len(sources)]
        copy = i // len(sources)
        if copy == 0:
            shutil.copy2(src, folder / src.name)
            continue
        text = src.read_text(encoding="utf-8", errors="replace")
        name = f'name: "{src.stem} copy {copy}"\n'
        if text.startswith("---\n"):
            text = "---\n" + name + text[4:]
        else:
            text = "---\n" + name + "---\n\n" + text
        (folder / f"copy{copy}-{src.name}").write_text(text, encoding="utf-8")


def site_figures(site: Path) -> dict[str, float]:
    """Size of the site, its largest card page, its largest full-text page (a long
    card's whole text, linked from its bounded card page), its largest search asset
    (bytes)."""
    total = largest_page = largest_full = largest_search = 0
    pages = 0
    for dirpath, _dirs, files in os.walk(site):
        for name in files:
            path = Path(dirpath) / name
            size = path.stat().st_size
            total += size
            rel = path.relative_to(site).as_posix()
            if rel.startswith("models/") and rel.endswith("/full/index.html"):
                largest_full = max(largest_full, size)
            elif rel.startswith("models/") and name == "index.html":
                pages += 1
                largest_page = max(largest_page, size)
            if rel.startswith(("pagefind/", "search/")) and not name.endswith(
                ("-ui.js", "-ui.css")  # Pagefind's own UIs, which the portal does not load
            ):
                largest_search = max(largest_search, size)
    return {
        "site": total,
        "card_pages": pages,
        "largest_page": largest_page,
        "largest_full": largest_full,
        "largest_search": largest_search,
    }


def nav_bytes(site: Path) -> int:
    """Bytes of navigation and chrome on the largest card page (everything but the article)."""
    best, size = None, 0
    for page in site.glob("models/*/*/index.html"):
        if page.stat().st_size > size:
            best, size = page, page.stat().st_size
    if best is None:
        return 0
    html = best.read_text(encoding="utf-8")
    start, end = html.find("<article"), html.find("</article>")
    return len(html.encode()) - len(html[start:end].encode()) if start >= 0 < end else 0


def measure_size(work: Path, n: int) -> dict[str, object]:
    cards = work / f"cards-{n}"
    make_corpus(cards, n)
    xdocs = str(BIN / "xdocs")
    md = work / f"md-{n}"
    env_cache = work / f"cache-{n}"
    os.environ["XDOCS_CACHE_DIR"] = str(env_cache)
    ENV["XDOCS_CACHE_DIR"] = str(env_cache)
    gen = _timed([xdocs, "build", "--cards", str(cards), "--markdown-only", str(md)], REPO)
    plain_site = md / "site"
    plain = _timed([str(BIN / "mkdocs"), "build", "-q", "-f", str(md / "mkdocs.yml")], md)
    config = (md / "mkdocs.yml").read_text(encoding="utf-8")
    pagefind = "xdocs_search: pagefind" in config
    if pagefind:
        from xdocs.portal.search import pagefind_binary

        index = _timed(
            [str(pagefind_binary()), "--site", str(plain_site), "--output-subdir", "pagefind",
             "--silent"],
            md,
        )  # fmt: skip
        plain = (plain[0] + index[0], plain[1] + index[1], plain[2], max(plain[3], index[3]))
    shutil.rmtree(md, ignore_errors=True)
    site = work / f"site-{n}"
    build = [xdocs, "build", "--cards", str(cards), "--site-dir", str(site)]
    warm = _timed(build, REPO)  # right after --markdown-only filled the summary cache
    figures = site_figures(site)
    figures["nav"] = nav_bytes(site)
    cold = _timed([*build, "--no-cache"], REPO)
    shutil.rmtree(site, ignore_errors=True)
    shutil.rmtree(env_cache, ignore_errors=True)
    shutil.rmtree(cards, ignore_errors=True)
    return {"n": n, "gen": gen, "plain": plain, "warm": warm, "cold": cold,
            "pagefind": pagefind, **figures}  # fmt: skip


def _kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB" if n < 1024 * 1024 * 10 else f"{n / 1024 / 1024:,.0f} MB"


def scale_section(results: list[dict[str, object]]) -> list[str]:
    rows = [
        "| Cards | Run | Wall s | CPU s | Peak MiB | vs (a), wall |",
        "| ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        a = r["plain"]
        search = "+ Pagefind index" if r["pagefind"] else "(Material search)"
        for label, key in (
            (f"(a) plain `mkdocs build` of the same pages {search}", "plain"),
            ("(b) `xdocs build`, warm", "warm"),
            ("(b) `xdocs build`, cold (`--no-cache`)", "cold"),
            ("generating the pages only (`--markdown-only`, cold)", "gen"),
        ):
            t = r[key]
            ratio = f"{t[0] / a[0]:.2f}" if key in ("warm", "cold") else ""  # type: ignore[index]
            rows.append(
                f"| {r['n']:,} | {label} | {t[0]:.1f} | {t[1]:.1f} | {t[3]:,.0f} | {ratio} |"  # type: ignore[index]
            )
    sizes = [
        "| Cards | Card pages | Site | Largest card page | Nav + chrome of it "
        "| Largest full-text page | Largest search asset | Search |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        sizes.append(
            f"| {r['n']:,} | {r['card_pages']:,} | {_kb(r['site'])} | {_kb(r['largest_page'])} "  # type: ignore[arg-type]
            f"| {_kb(r['nav'])} | {_kb(r.get('largest_full', 0))} "  # type: ignore[arg-type]
            f"| {_kb(r['largest_search'])} "  # type: ignore[arg-type]
            f"| {'Pagefind' if r['pagefind'] else 'Material'} |"
        )
    by_n = {r["n"]: r for r in results}
    goals = []
    if 3000 in by_n and 10000 in by_n:
        for key, what in (("warm", "warm"), ("cold", "cold")):
            ratio = by_n[10000][key][0] / by_n[3000][key][0]  # type: ignore[index]
            goals.append(
                f"- 10,000 vs 3,000 cards, {what} `xdocs build`: {ratio:.2f}x "
                f"(goal <= 3.5x: {'met' if ratio <= 3.5 else 'NOT met'})"
            )
    for r in results:
        ratio = r["warm"][0] / r["plain"][0]  # type: ignore[index]
        cold = r["cold"][0] / r["plain"][0]  # type: ignore[index]
        goals.append(
            f"- {r['n']:,} cards, warm `xdocs build` vs (a): {ratio:.2f}x "
            f"(goal <= 1.2x: {'met' if ratio <= 1.2 else 'NOT met'}); cold: {cold:.2f}x"
        )
    worst_page = max(r["largest_page"] for r in results)  # type: ignore[type-var]
    worst_search = max(r["largest_search"] for r in results)  # type: ignore[type-var]
    goals.append(
        f"- largest card page {_kb(worst_page)} (goal <= 60 KB: "  # type: ignore[arg-type]
        f"{'met' if worst_page <= 60 * 1024 else 'NOT met'}); largest search asset "  # type: ignore[operator]
        f"{_kb(worst_search)} (goal <= 1 MB: "  # type: ignore[arg-type]
        f"{'met' if worst_search <= 1024 * 1024 else 'NOT met'}); a long card's full-text "  # type: ignore[operator]
        f"page, its own text and no more, is up to "
        f"{_kb(max(r.get('largest_full', 0) for r in results))}"  # type: ignore[type-var, arg-type]
    )
    return [*rows, "", *sizes, "", *goals]


def run(sizes: tuple[int, ...] = SIZES, serve: bool = True) -> str:
    if not CORPUS.is_dir():
        return "## Portal (issues 5 and 17)\n\nSkipped: ../shared/corpus/hf-sample not found.\n"
    work = Path(tempfile.mkdtemp(prefix="xdocs-bench-portal-"))
    saved = os.environ.get("XDOCS_CACHE_DIR")
    try:
        results = [measure_size(work, n) for n in sizes]
        if saved is None:
            os.environ.pop("XDOCS_CACHE_DIR", None)
            ENV.pop("XDOCS_CACHE_DIR", None)
        serve_rows: list[str] = []
        if serve:
            cards = work / "cards"
            make_corpus(cards, N_CARDS)
            config = _serve_config(work, cards)
            dirty = _serve_reload(config, cards, dirty=True, edits=3)
            full = _serve_reload(config, cards, dirty=False, edits=1)
            times = sorted(dirty["times"])  # type: ignore[arg-type]
            median = times[len(times) // 2]
            serve_rows = [
                "| `mkdocs serve`, edit one card (1,000 cards) | Startup s | Edit-to-index s |",
                "| --- | ---: | ---: |",
                f"| `--dirty` with the xdocs plugin (median of {len(times)}) "
                f"| {dirty['startup']:.1f} | {median:.2f} "
                f"(all: {', '.join(f'{t:.2f}' for t in times)}) |",
                f"| without `--dirty` (full rebuild) | {full['startup']:.1f} "
                f"| {full['times'][0]:.2f} |",  # type: ignore[index]
                "",
                f"Goal (c) <= 1.5 s: {'met' if median <= 1.5 else 'NOT met'}. After every edit "
                f"the served search index held the new text and all {dirty['pages']} pages.",
            ]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return "\n".join(
        [
            "## Portal (issues 5 and 17)",
            "",
            f"Hugging Face cards from ../shared/corpus/hf-sample (3,000 and 10,000: the same "
            f"cards repeated under new model ids), {os.cpu_count()} CPUs, one run per figure. "
            "Wall seconds are the headline; CPU seconds include worker processes; peak MiB is "
            "the largest process's resident memory.",
            "",
            *scale_section(results),
            "",
            *serve_rows,
            "",
        ]
    )


if __name__ == "__main__":
    only = tuple(int(a) for a in sys.argv[1:] if a.isdigit())
    print(run(only or SIZES, serve="--no-serve" not in sys.argv))
