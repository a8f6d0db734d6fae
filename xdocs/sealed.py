"""Sealed cache entries: bytes with an HMAC that only this machine (or CI) can make.

A cache under the project (``.xdocs-cache/``) can be written by anyone who can
write the checkout: a pull request that commits one with ``git add -f``, or a CI
cache shared with untrusted builds. Its keys are computable, so hashing an entry
proves nothing: whoever can write the entry can recompute an unkeyed hash. An
entry is trusted only when it carries an HMAC-SHA256 under a secret the tree
does not hold:

* ``$XDOCS_CACHE_SECRET`` when set (CI: a repository secret, which pull requests
  from forks do not receive, so their builds can neither read nor forge the
  entries trusted builds write); else
* a per-user key file, ``$XDG_CACHE_HOME/xdocs/cache-secret`` (default
  ``~/.cache/xdocs/cache-secret``): 32 random bytes, created ``0600`` in a folder
  only the user can write, refused when it is a link, not owned by the user,
  or readable by others (the cache is then off: nothing is read or written).

The MAC covers the purpose (``lint``, ``portal``), the entry's own key (its
slot: an entry moved under another card's key no longer verifies) and the
payload. A blob that does not verify is a miss, never an error.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import logging
import os
import secrets
import stat
from pathlib import Path

SECRET_ENV = "XDOCS_CACHE_SECRET"
MAGIC = b"xdocs-sealed-1 "
_MAC_HEX = 64

log = logging.getLogger("xdocs")


def secret_path() -> Path:
    """Where the per-user cache key lives (outside any project)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "xdocs" / "cache-secret"


def cache_secret() -> bytes | None:
    """The key entries are sealed with, or None (caching off) when none is safe."""
    env = os.environ.get(SECRET_ENV, "")
    return _secret(env, str(secret_path()))


@functools.lru_cache(maxsize=8)
def _secret(env: str, path: str) -> bytes | None:
    if env:
        if len(env) < 16:
            log.warning("xdocs: %s is shorter than 16 characters; cache off", SECRET_ENV)
            return None
        return hashlib.sha256(b"xdocs cache secret\0" + env.encode()).digest()
    try:
        return _read_or_create(Path(path))
    except OSError as exc:
        log.debug("no cache secret at %s (%s): cache off", path, exc)
        return None


def _owned_by_us(st: os.stat_result) -> bool:
    return not hasattr(os, "geteuid") or st.st_uid == os.geteuid()


def _read_secret(path: Path) -> bytes:
    """The key in ``path``; OSError unless it is a private regular file of ours."""
    folder = os.lstat(path.parent)
    if not stat.S_ISDIR(folder.st_mode) or not _owned_by_us(folder) or folder.st_mode & 0o022:
        raise PermissionError(f"{path.parent}: not a private folder of this user")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or not _owned_by_us(st) or st.st_mode & 0o077:
            raise PermissionError(f"{path}: not a private regular file of this user")
        text = os.read(fd, 256).decode("ascii", "replace").strip()
    finally:
        os.close(fd)
    try:
        key = bytes.fromhex(text)
    except ValueError:
        raise PermissionError(f"{path}: not a cache key") from None
    if len(key) < 32:
        raise PermissionError(f"{path}: key too short")
    return key


def _read_or_create(path: Path) -> bytes:
    try:
        return _read_secret(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(tmp, flags, 0o600)
    try:
        os.write(fd, (secrets.token_hex(32) + "\n").encode("ascii"))
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)  # atomic and never replaces a key another process made first
    except FileExistsError:
        pass
    except OSError:  # a file system without hard links
        if not path.exists():
            os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()
    return _read_secret(path)


def _mac(key: bytes, purpose: str, slot: str, payload: bytes) -> str:
    digest = hmac.new(key, digestmod=hashlib.sha256)
    for part in (purpose.encode(), slot.encode()):
        digest.update(len(part).to_bytes(8, "big") + part)
    digest.update(payload)
    return digest.hexdigest()


def seal(purpose: str, slot: str, payload: bytes) -> bytes | None:
    """``payload`` with its MAC, ready to write; None when caching is off."""
    key = cache_secret()
    if key is None:
        return None
    return MAGIC + _mac(key, purpose, slot, payload).encode("ascii") + b"\n" + payload


def unseal(purpose: str, slot: str, blob: bytes) -> bytes | None:
    """The payload of a blob sealed for this purpose and slot on this machine, else None."""
    key = cache_secret()
    head = len(MAGIC) + _MAC_HEX + 1
    if key is None or len(blob) < head or not blob.startswith(MAGIC) or blob[head - 1] != 10:
        return None
    mac = blob[len(MAGIC) : head - 1].decode("ascii", "replace")
    payload = blob[head:]
    if not hmac.compare_digest(mac, _mac(key, purpose, slot, payload)):
        return None
    return payload
