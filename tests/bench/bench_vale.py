"""Benchmark: the built-in Vale engine over ../shared/corpus/hf-sample.

Runs the house style (Xalura + Vale built-ins) plus the write-good and
proselint packages from ../shared/vale-conformance on the 1,000 Hugging Face
cards, and reports files/s and MB/s. Vale.Spelling is off there, as in the
house ``.vale.ini``; a second pass runs Vale.Spelling alone (its default
dictionary: SCOWL's lists, else Hunspell en_US through spylls) on the same
cards. When a real ``vale`` binary is on PATH the same files are linted by it
too and the ratio is reported; otherwise the section says the binary was
unavailable.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"


def _config(tmp: Path) -> Path:
    styles = tmp / "styles"
    styles.mkdir()
    (styles / "Xalura").symlink_to(REPO / "vale_styles" / "Xalura")
    pkgs = SHARED / "vale-conformance" / "packages"
    (styles / "write-good").symlink_to(pkgs / "write-good" / "write-good")
    (styles / "proselint").symlink_to(pkgs / "proselint" / "proselint")
    ini = tmp / ".vale.ini"
    ini.write_text(
        f"StylesPath = {styles}\nMinAlertLevel = suggestion\n\n"
        "[*.md]\nBasedOnStyles = Vale, Xalura, write-good, proselint\nVale.Spelling = NO\n"
    )
    return ini


def _spelling(texts: list[tuple[str, str]], tmp: Path) -> str:
    """Vale.Spelling alone: dictionary load, then every card (words cached per speller)."""
    from xdocs.vale.config import load_config
    from xdocs.vale.engine import Linter

    (tmp / "spell-styles").mkdir()
    ini = tmp / "spell.ini"
    ini.write_text(f"StylesPath = {tmp / 'spell-styles'}\n[*.md]\nBasedOnStyles = Vale\n")
    t0 = time.perf_counter()
    linter = Linter(load_config(ini))
    load_s = time.perf_counter() - t0
    spelling = linter.rules.rules["Vale.Spelling"]
    t0, c0 = time.perf_counter(), time.process_time()
    alerts = sum(
        1
        for name, text in texts
        for a in linter.lint(text, name).alerts
        if a.check == "Vale.Spelling"
    )
    took, cpu = time.perf_counter() - t0, time.process_time() - c0
    words = len(spelling.speller._known)  # type: ignore[attr-defined]
    return (
        "\n### Vale.Spelling (default dictionary)\n\n"
        "| measure | value |\n| --- | --- |\n"
        f"| dictionary | {_dictionary_name(spelling)} |\n"
        f"| config, rules and dictionary loaded | {load_s * 1000:.0f} ms |\n"
        f"| lint time (wall / CPU) | {took:.2f} s / {cpu:.2f} s |\n"
        f"| files per second | {len(texts) / took:.1f} |\n"
        f"| distinct words looked up (each once) | {words} |\n"
        f"| alerts | {alerts} |\n"
    )


def _dictionary_name(spelling: object) -> str:
    from xdocs.vale.spelling.wordlist import WordList

    dicts = spelling.speller.dictionaries  # type: ignore[attr-defined]
    if dicts and isinstance(dicts[0], WordList):
        return dicts[0].source
    return "Hunspell en_US through spylls"


def run() -> str:
    from xdocs.vale import load_linter

    corpus = SHARED / "corpus" / "hf-sample"
    if not corpus.is_dir():
        return "## Vale engine\n\nSkipped: ../shared/corpus/hf-sample not found.\n"
    files = sorted(corpus.glob("*.md"))
    texts = [(f.name, f.read_text(encoding="utf-8", errors="replace")) for f in files]
    size = sum(len(t.encode()) for _, t in texts)
    with tempfile.TemporaryDirectory() as td:
        ini = _config(Path(td))
        t0 = time.perf_counter()
        linter = load_linter(ini)
        load_s = time.perf_counter() - t0
        nrules = sum(1 for r in linter.rules.rules.values() if r.supported)
        t0, c0 = time.perf_counter(), time.process_time()
        alerts = 0
        timeouts = 0
        for name, text in texts:
            result = linter.lint(text, name)
            alerts += len(result.alerts)
            timeouts += sum(1 for n in result.notes if "time budget" in n)
        took, cpu = time.perf_counter() - t0, time.process_time() - c0
        spelling = _spelling(texts, Path(td))
        real = "unavailable (no `vale` binary on PATH; the ratio cannot be measured here)"
        binary = shutil.which("vale")
        if binary:
            t1 = time.perf_counter()
            subprocess.run([binary, f"--config={ini}", "--output=JSON", "--no-exit",
                            *map(str, files)], capture_output=True, check=False)  # fmt: skip
            vale_s = time.perf_counter() - t1
            real = f"{vale_s:.2f} s; built-in / real = {took / vale_s:.2f}x the time"
    return (
        "## Vale engine (built-in)\n\n"
        f"**{len(files) / took:.1f} files/s, {size / 1e6 / took:.3f} MB/s** (wall; "
        f"{len(files) / cpu:.1f} files per CPU second). "
        f"House style + write-good + proselint ({nrules} rules run) over "
        f"{len(files)} Hugging Face cards ({size / 1e6:.1f} MB), one process, one pass "
        "with a fresh linter (blocks repeated across cards are linted once and located "
        "again).\n\n"
        "| measure | value |\n| --- | --- |\n"
        f"| config and rules loaded once | {load_s * 1000:.0f} ms |\n"
        f"| lint time (wall / CPU) | {took:.2f} s / {cpu:.2f} s |\n"
        f"| files per second | {len(files) / took:.1f} |\n"
        f"| MB per second | {size / 1e6 / took:.3f} |\n"
        f"| files per CPU second | {len(files) / cpu:.1f} |\n"
        f"| alerts | {alerts} |\n"
        f"| rule time-budget stops | {timeouts} |\n"
        f"| real `vale` on the same files | {real} |\n" + spelling
    )


if __name__ == "__main__":
    print(run())
