"""Big input: one paragraph of 1, 2 and 4 MB, with and without punctuation (issue 12).

On main before issue 12 a 1 MB paragraph without punctuation took 52 s, 2 MB 167 s
and 4 MB 603 s: the whole paragraph went to Harper in one native call (growth near
quadratic) that the budget could not interrupt, and ``ProseUnit.file_offset``
rebuilt its line table on every call. Now no native call receives more than a
bounded chunk, budgets are checked between calls, and line tables are built once.

Each card is checked by `xdocs check --no-cache --format json` in a fresh process
(a frozen copy of the package, as in bench_lint). Goal: 4 MB < 4 x the time of
1 MB, for both shapes; a pass that runs out of its budget says so in one
``engine/timeout`` finding, and the run still ends.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_lint import _load, freeze, measure  # noqa: E402

_WORDS = (
    "model data training evaluation the a of and to in is for with on that by this was "
    "were from as be are it an which or its can has have not but their more been than "
    "language results performance dataset tokens layer attention weights fine tuned"
)
WORDS = _WORDS.split()
SIZES = (1, 2, 4)


def paragraph(megabytes: int, punctuated: bool, seed: int = 12) -> str:
    """One paragraph of ``megabytes`` MB of English words (sentences when ``punctuated``)."""
    rng = random.Random(seed)
    out: list[str] = []
    size = 0
    target = megabytes * 1_000_000
    n = 0
    while size < target:
        word = rng.choice(WORDS)
        n += 1
        if punctuated and n % 14 == 0:
            word += "."
        elif punctuated and n % 14 == 1:
            word = word.capitalize()
        out.append(word)
        size += len(word) + 1
    return " ".join(out)


def card(megabytes: int, punctuated: bool) -> str:
    return f"---\nname: big\n---\n\n# Big\n\n{paragraph(megabytes, punctuated)}\n"


def run() -> str:
    py = sys.executable
    rows = []
    times: dict[tuple[bool, int], float] = {}
    load_before = _load()
    with tempfile.TemporaryDirectory(prefix="xdocs-bench-big-") as tmp:
        frozen = freeze(Path(tmp))
        env = {"XDOCS_PROJECT_ROOT": str(frozen), "XDOCS_LANGUAGETOOL_URL": ""}
        for punctuated in (False, True):
            for mb in SIZES:
                path = Path(tmp) / f"big-{mb}-{int(punctuated)}.md"
                path.write_text(card(mb, punctuated), encoding="utf-8")
                report = Path(tmp) / "report.json"
                cmd = [py, "-m", "xdocs", "check", "--no-cache", "--format", "json",
                       "--output", str(report), str(path)]  # fmt: skip
                seconds, peak, cpu = measure(cmd, env, cwd=frozen)
                findings = json.loads(report.read_text(encoding="utf-8"))
                budget = sorted(
                    {f["message"].split(":")[0] for f in findings if f["rule"] == "engine/timeout"}
                )
                times[(punctuated, mb)] = seconds
                rows.append(
                    f"| {'sentences' if punctuated else 'no punctuation'} | {mb} MB "
                    f"| {seconds:.1f} s | {cpu:.1f} s | {peak / 2**20:.0f} MiB "
                    f"| {', '.join(budget) or 'none'} |"
                )
    goals = []
    for punctuated in (False, True):
        ratio = times[(punctuated, 4)] / times[(punctuated, 1)]
        shape = "sentences" if punctuated else "no punctuation"
        goals.append(f"| {shape} | {ratio:.2f} x | {'yes' if ratio < 4 else '**no**'} |")
    table = "\n".join(rows)
    return f"""## Big input (one paragraph, issue 12)

`xdocs check --no-cache` over one card holding a single paragraph of random English
words, with and without sentence punctuation; load average before {load_before}, after
{_load()} (a shared machine: wall times swing with other jobs).

| paragraph | size | wall time | CPU time (tree) | peak memory | passes out of budget |
| --- | --- | ---: | ---: | ---: | --- |
{table}

| shape | 4 MB / 1 MB | < 4 x |
| --- | ---: | --- |
{chr(10).join(goals)}

Before issue 12 (main, same machine, no punctuation): 1 MB 52 s, 2 MB 167 s, 4 MB 603 s.
Now Harper receives pieces of at most 3,000 characters cut at a sentence end or a space,
joined into calls of at most 6,000; proselint reads chunks of at most 20,000 characters;
each engine checks its budget between calls; unit line tables are built once.
"""


if __name__ == "__main__":  # pragma: no cover
    print(run())
