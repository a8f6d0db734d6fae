"""Where a card may point: files inside its own folder, or a configured artifacts root.

Cards arrive in pull requests, so a path in a card is untrusted input: a card
must not make CI hash ``/dev/zero`` (endless), read ``/proc``, the project's
``.env`` or ``.git/config``, or another project's secrets. A path:

* resolves relative to the card's folder, symbolic links included, and must
  land inside that folder or one of the extra ``roots`` (``evidence.artifacts_root``
  in site_config/xdocs.yml; none by default), so a link cannot lead out;
* never names a hidden file or folder (a component starting with ``.``, such
  as ``.env``, ``.git``, ``.secret/``), neither as written nor once resolved;
* is a regular file (or, for a SavedModel, a directory), never a FIFO or device.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from xdocs.fileio import file_kind


def _hidden(parts: tuple[str, ...]) -> bool:
    return any(p.startswith(".") and p not in (".", "..") for p in parts)


def resolve_local(
    base_dir: Path, ref: str, roots: tuple[Path, ...] = (), *, allow_dir: bool = False
) -> tuple[Path, str | None]:
    """(resolved path, problem or None). The problem says why the path is refused."""
    try:
        file = (base_dir / ref).resolve()
    except (OSError, RuntimeError) as exc:  # symlink loops
        return base_dir / ref, f"cannot resolve: {exc}"
    allowed = [base_dir.resolve(), *(r.resolve() for r in roots)]
    inside = [root for root in allowed if file == root or root in file.parents]
    if not inside:
        where = "the card's folder" + (" and the artifacts root" if roots else "")
        return file, f"points outside {where}; refused"
    written = PurePosixPath(ref.replace("\\", "/")).parts
    if _hidden(written) or all(_hidden(file.relative_to(root).parts) for root in inside):
        return file, "names a hidden file or folder (or one inside it); refused"
    try:
        kind = file_kind(os.lstat(file))
    except FileNotFoundError:
        return file, None  # the caller reports a missing file its own way
    except OSError as exc:
        return file, f"cannot read: {exc.strerror or exc}"
    if kind == "directory":
        return file, None if allow_dir else "is a directory, not a file"
    if kind != "regular":
        return file, "is not a regular file (device, pipe or socket); refused"
    return file, None


def artifact_roots(section: Mapping[str, Any], project_root: Path | None) -> tuple[Path, ...]:
    """``evidence.artifacts_root`` (relative to the project root) as extra allowed roots."""
    value = section.get("artifacts_root")
    if not isinstance(value, str) or not value.strip() or project_root is None:
        return ()
    path = Path(value.strip())
    return (path if path.is_absolute() else project_root / path,)
