"""The one sealed, content-addressed cache helper (xdocs.cache) that lint and the
portal share (issue 11): every entry is keyed on content, sealed, bounded, and a
miss whenever it is not exactly what this machine wrote for that key."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xdocs import sealed
from xdocs.cache import SealedCache, cache_dir, content_key, tree_digest


@pytest.fixture
def secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.delenv("XDOCS_CACHE_SECRET", raising=False)
    sealed._secret.cache_clear()
    yield
    sealed._secret.cache_clear()


def test_both_caches_are_the_shared_helper(tmp_path: Path) -> None:
    from xdocs.lint.cache import LintCache
    from xdocs.portal.cache import PortalCache

    lint = LintCache(tmp_path, "fp")
    portal = PortalCache(tmp_path / ".xdocs-cache" / "portal")
    assert isinstance(lint._entries, SealedCache) and isinstance(portal._entries, SealedCache)
    assert lint._entries.purpose != portal._entries.purpose


@given(st.lists(st.binary(max_size=8), min_size=1, max_size=4), st.integers(0, 7))
def test_content_keys_respect_part_boundaries(parts: list[bytes], cut: int) -> None:
    joined = b"".join(parts)
    other = [joined[:cut], joined[cut:]]
    if other != parts:
        assert content_key(*parts) != content_key(*other)
    assert content_key(*parts) == content_key(*parts)


def test_round_trip_and_every_kind_of_foreign_entry_is_a_miss(tmp_path: Path, secret: None) -> None:
    cache = SealedCache(tmp_path / "c", "portal-entry", max_entry_bytes=4096,
                        ignore_root=tmp_path)  # fmt: skip
    a, b = content_key("a"), content_key("b")
    assert cache.put(a, {"status": "draft"})
    assert cache.get(a) == {"status": "draft"}
    assert (tmp_path / ".gitignore").read_text() == "*\n"
    # moved under another key
    cache.path(b).parent.mkdir(parents=True, exist_ok=True)
    cache.path(b).write_bytes(cache.path(a).read_bytes())
    assert cache.get(b) is None
    # edited
    blob = cache.path(a).read_bytes()
    cache.path(a).write_bytes(blob.replace(b"draft", b"published"))
    assert cache.get(a) is None
    # planted: plain JSON, no seal
    cache.path(a).write_bytes(b'{"status": "published"}')
    assert cache.get(a) is None
    # another purpose's entry (a lint entry is never a portal entry)
    other = SealedCache(tmp_path / "c", "lint", max_entry_bytes=4096)
    other.put(a, {"status": "published"})
    assert cache.get(a) is None


def test_links_and_oversized_entries_are_not_read(tmp_path: Path, secret: None) -> None:
    cache = SealedCache(tmp_path / "c", "lint", max_entry_bytes=64)
    key = content_key("x")
    assert cache.put("k" + key, {"rows": []})
    real = cache.path("k" + key)
    link = cache.path(key)
    link.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(real, link)
    assert cache.get(key) is None  # a link is never followed, even to a good entry
    assert cache.put(key, {"rows": ["x" * 100]})
    assert cache.get(key) is None  # over the bound: a miss, not a read of 100 bytes


def test_no_secret_means_no_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDOCS_CACHE_SECRET", "short")
    sealed._secret.cache_clear()
    try:
        cache = SealedCache(tmp_path / "c", "lint", max_entry_bytes=4096)
        assert cache.put("k", [1]) is False
        assert not (tmp_path / "c").exists()
    finally:
        sealed._secret.cache_clear()


def test_location_and_fingerprints(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("XDOCS_CACHE_DIR", raising=False)
    assert cache_dir(tmp_path) == tmp_path / ".xdocs-cache"
    monkeypatch.setenv("XDOCS_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert cache_dir(tmp_path) == tmp_path / "elsewhere"
    import hashlib

    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "a.py").write_text("x = 1\n")

    def digest() -> str:
        h = hashlib.sha256()
        tree_digest(h, tmp_path / "t", base=tmp_path)
        return h.hexdigest()

    before = digest()
    os.utime(tmp_path / "t" / "a.py", (1, 1))
    assert digest() == before  # content, not modification time
    (tmp_path / "t" / "a.py").write_text("x = 2\n")
    assert digest() != before
