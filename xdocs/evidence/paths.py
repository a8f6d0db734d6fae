"""Where a card may point: files inside its own folder tree or the project.

Cards arrive in pull requests, so a path in a card is untrusted input: a
card must not make CI hash ``/dev/zero`` (endless), read ``/proc`` or
another project's secrets. Paths resolve relative to the card's folder,
symlinks included, and must land inside that folder or one of the extra
roots (the project root), on a regular file (or, for a SavedModel, a
directory).
"""

from __future__ import annotations

from pathlib import Path


def resolve_local(
    base_dir: Path, ref: str, roots: tuple[Path, ...] = (), *, allow_dir: bool = False
) -> tuple[Path, str | None]:
    """(resolved path, problem or None). The problem says why the path is refused."""
    try:
        file = (base_dir / ref).resolve()
    except (OSError, RuntimeError) as exc:  # symlink loops
        return base_dir / ref, f"cannot resolve: {exc}"
    allowed = [base_dir.resolve(), *(r.resolve() for r in roots)]
    if not any(file == root or root in file.parents for root in allowed):
        return file, "points outside the card's folder and the project; refused"
    if not file.exists():
        return file, None  # the caller reports a missing file its own way
    if file.is_dir():
        return file, None if allow_dir else "is a directory, not a file"
    if not file.is_file():
        return file, "is not a regular file (device, pipe or socket); refused"
    return file, None
