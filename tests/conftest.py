"""Shared pytest fixtures: where the repository and ../shared are, and the ``corpus`` marker.

``-m "not corpus and not browser"`` is the fast loop, so every test that reads
../shared must carry the ``corpus`` marker. Tests that use the ``shared_dir``
fixture (directly or through another fixture) get it automatically, and so do
the tests of a module that reads ../shared while it is collected (a
parametrization that globs it). A guard (an audit hook on ``open`` and
directory listings) fails any test that still reads ../shared without the
marker, so the fast loop cannot silently depend on it again. It sees this
process only: a CLI run in a subprocess is the test's own business.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO.parent / "shared").resolve()
#: how a path under ../shared may be spelled (resolved, or through the repository's parent)
_SHARED_PREFIXES = tuple({str(SHARED) + os.sep, str(REPO.parent / "shared") + os.sep})
_AUDITED = {"open", "os.listdir", "os.scandir"}

#: what is running now ("" between tests), and what read ../shared: nodeid/module -> path
_now = {"reader": ""}
_reads: dict[str, str] = {}


def _audit(event: str, args: tuple) -> None:
    if event not in _AUDITED or not args or not _now["reader"]:
        return
    path = args[0]
    if not isinstance(path, (str, bytes, os.PathLike)):
        return
    text = os.fsdecode(path)
    if not text.startswith(os.sep):
        text = os.path.abspath(text)
    if text.startswith(_SHARED_PREFIXES) and _now["reader"] not in _reads:
        _reads[_now["reader"]] = text


sys.addaudithook(_audit)


@pytest.fixture(scope="session")
def repo_dir() -> Path:
    """The project root (holds pyproject.toml)."""
    return REPO


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared, or skip: tests that read real data need it (CI always has it)."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip(f"../shared not found at {SHARED}: real-data tests need it (CI has it)")
    return SHARED


@pytest.fixture(scope="session", autouse=True)
def _private_cache_secret(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Cache entries are sealed with a per-user key (xdocs.sealed) kept under
    $XDG_CACHE_HOME: the tests (and the CLI processes they start) use their own."""
    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("user-cache"))
    os.environ.pop("XDOCS_CACHE_SECRET", None)
    yield
    if saved is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = saved


@pytest.hookimpl(wrapper=True)
def pytest_pycollect_makemodule(module_path: Path, parent: pytest.Collector):
    """Remember a module that reads ../shared while it is imported (collection time)."""
    _now["reader"] = f"module:{module_path}"
    try:
        return (yield)
    finally:
        _now["reader"] = ""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark ``corpus`` every test that reads ../shared: through ``shared_dir``, or
    in a module that read it at collection time."""
    for item in items:
        module_read = f"module:{item.path}" in _reads
        if "shared_dir" in getattr(item, "fixturenames", ()) or module_read:
            item.add_marker(pytest.mark.corpus)


def _guarded(item: pytest.Item):
    """Run a test phase; fail it if it read ../shared without the corpus marker."""
    _now["reader"] = item.nodeid
    try:
        return (yield)
    finally:
        _now["reader"] = ""
        path = _reads.pop(item.nodeid, None)
        if path and item.get_closest_marker("corpus") is None:
            raise AssertionError(
                f"{item.nodeid} read {path} from ../shared without the corpus marker: "
                "use the shared_dir fixture or mark it @pytest.mark.corpus"
            )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item):
    return (yield from _guarded(item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    return (yield from _guarded(item))
