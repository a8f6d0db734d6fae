"""Run every benchmark (tests/bench/bench_*.py) and write docs/benchmarks.md.

Each bench module exposes ``run() -> str`` returning a Markdown section with
its figures, the baseline measured in the same run, and the ratio. This
runner adds the machine description so the numbers can be compared.
``run.py NAME…`` runs only those benchmarks and replaces their sections,
keeping the others.
"""

from __future__ import annotations

import importlib.util
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def machine() -> str:
    mem = ""
    try:
        with open("/proc/meminfo", encoding="utf-8") as handle:
            kb = int(handle.readline().split()[1])
            mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except OSError:
        pass
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({cpu}){mem}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def merge_sections(current: str, sections: list[str]) -> str:
    """``current`` with each section whose ``## `` heading matches replaced, others added."""
    parts = current.rstrip("\n").split("\n## ")
    head, old = parts[0], ["## " + p for p in parts[1:]]
    for section in sections:
        title = section.split("\n", 1)[0]
        at = next((i for i, s in enumerate(old) if s.split("\n", 1)[0] == title), None)
        if at is None:
            old.append(section)
        else:
            old[at] = section
    return "\n\n".join([head.rstrip("\n"), *(s.strip() for s in old)]) + "\n"


def main(argv: list[str]) -> int:
    only = set(argv)
    sections = []
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if only and name not in only:
            continue
        spec = importlib.util.spec_from_file_location(f"bench_{name}", path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"== {name} ...", flush=True)
        start = time.perf_counter()
        section = module.run()
        print(section, flush=True)
        print(f"   ({time.perf_counter() - start:.0f} s)", flush=True)
        if only:  # the header's machine line is the last full run's: say where this ran
            stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
            section = (
                f"{section.rstrip()}\n\nThis section alone was re-measured by "
                f"`tests/bench/run.py {name}` on {stamp}, machine: {machine()}."
            )
        sections.append(section.strip())
    head = [
        "# Benchmarks",
        "",
        "Written by `make bench` (tests/bench/run.py); every baseline is measured in the same",
        "run as the xdocs figure it is compared with.",
        "",
        f"Machine: {machine()}. Run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
    ]
    out = REPO / "docs" / "benchmarks.md"
    out.parent.mkdir(exist_ok=True)
    if only and out.is_file():  # `run.py lsp`: replace (or add) those sections only
        text = merge_sections(out.read_text(encoding="utf-8"), sections)
    else:
        text = "\n".join(head) + "\n\n".join(sections) + "\n"
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
