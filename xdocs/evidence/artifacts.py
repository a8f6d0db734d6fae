"""Check a card's ``artifacts:`` against the files they name.

Each entry is ``{path | uri, format, sha256, parameters?}`` with ``path``
relative to the card. For a local path the file must exist, its sha256 must
match, its content must be the format the card says (sniffed, see
:mod:`xdocs.evidence.formats`) and a declared parameter count must match the
counted one within :data:`PARAM_TOLERANCE`. A URI cannot be checked offline,
which is a suggestion, not an error: the reviewer fetches it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xdocs.evidence.formats import (
    FORMAT_ALIASES,
    ArtifactInfo,
    canonical_format,
    inspect_artifact,
    sniff_format,
)
from xdocs.evidence.hashing import sha256_path
from xdocs.evidence.paths import resolve_local
from xdocs.evidence.rules import R
from xdocs.findings import Finding, Severity
from xdocs.rules import NO_FIX

#: the formats a model artifact can be (a sniffed "zip" or "pickle" is not one).
MODEL_FORMATS = frozenset(FORMAT_ALIASES.values())
#: declared and counted parameters may differ by this fraction (0.1%).
PARAM_TOLERANCE = 0.001

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_URI = re.compile(r"^[a-z][a-z0-9+.\-]*://", re.I)
_SUFFIX = re.compile(r"^\s*([\d.,_]+)\s*([kmbt]?)\s*$", re.I)
_SCALE = {"": 1, "k": 10**3, "m": 10**6, "b": 10**9, "t": 10**12}


@dataclass
class ArtifactResult:
    """One entry's outcome, for reports and the portal (findings carry the problems)."""

    index: int
    ref: str
    format: str | None
    sha256: str | None
    info: ArtifactInfo | None


def parse_parameters(value: Any) -> int | None:
    """``124000000``, ``"124M"``, ``"1.1B"``, ``"7,241,732,096"`` → an int; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        match = _SUFFIX.match(value)
        if match:
            try:
                number = float(match.group(1).replace(",", "").replace("_", ""))
            except ValueError:
                return None
            return int(round(number * _SCALE[match.group(2).lower()]))
    return None


def check_artifacts(
    entries: Any,
    base_dir: Path,
    path: str,
    line_of: Callable[..., int],
    results: list[ArtifactResult] | None = None,
    roots: tuple[Path, ...] = (),
) -> list[Finding]:
    """Findings for every ``artifacts:`` entry. ``line_of(i, key)`` gives file lines;
    paths must stay inside ``base_dir`` or one of ``roots`` (see :mod:`.paths`)."""
    out: list[Finding] = []
    if entries is None:
        return out
    if not isinstance(entries, list):
        return [
            _f(
                path,
                line_of(),
                "evidence/artifact-entry",
                Severity.ERROR,
                "artifacts must be a list of {path | uri, format, sha256, parameters}",
            )
        ]
    for i, entry in enumerate(entries):
        out += _check_one(i, entry, base_dir, path, line_of, results, roots)
    return out


def _check_one(
    i: int,
    entry: Any,
    base_dir: Path,
    path: str,
    line_of: Callable[..., int],
    results: list[ArtifactResult] | None,
    roots: tuple[Path, ...] = (),
) -> list[Finding]:
    if isinstance(entry, str):
        entry = {"uri": entry} if _URI.match(entry) else {"path": entry}
    if not isinstance(entry, Mapping):
        return [
            _f(
                path,
                line_of(i),
                "evidence/artifact-entry",
                Severity.ERROR,
                f"artifacts[{i}] is not a mapping: give {{path | uri, format, sha256}}",
            )
        ]
    ref = entry.get("path") or entry.get("uri")
    if not isinstance(ref, str) or not ref.strip():
        return [
            _f(
                path,
                line_of(i),
                "evidence/artifact-entry",
                Severity.ERROR,
                f"artifacts[{i}] names neither a path nor a uri",
            )
        ]
    ref = ref.strip()
    declared_fmt = entry.get("format")
    fmt = canonical_format(declared_fmt)
    out: list[Finding] = []
    if declared_fmt is None:
        out.append(
            _f(
                path,
                line_of(i),
                "evidence/artifact-entry",
                Severity.WARNING,
                f"artifact {ref}: no format given",
                fix="add format: safetensors | onnx | gguf | pytorch | savedmodel | skops",
            )
        )
    elif fmt is None:
        out.append(
            _f(
                path,
                line_of(i, "format"),
                "evidence/artifact-format",
                Severity.ERROR,
                f"artifact {ref}: unknown format {declared_fmt!r}",
                fix="use safetensors, onnx, gguf, pytorch, savedmodel or skops",
            )
        )
    if _URI.match(ref) or "uri" in entry and "path" not in entry:
        out.append(
            _f(
                path,
                line_of(i),
                "evidence/artifact-remote",
                Severity.SUGGESTION,
                f"artifact {ref} is a URI: not verifiable offline; a reviewer must "
                "fetch it and check its sha256",
            )
        )
        if results is not None:
            results.append(ArtifactResult(i, ref, fmt, None, None))
        return out
    file, refused = resolve_local(base_dir, ref, roots, allow_dir=True)
    if refused:
        msg = f"artifact {ref} {refused}"
        out.append(_f(path, line_of(i, "path"), "evidence/artifact-invalid", Severity.ERROR, msg))
        return out
    if not file.exists():
        out.append(
            _f(
                path,
                line_of(i, "path"),
                "evidence/artifact-missing",
                Severity.ERROR,
                f"artifact {ref} not found (looked at {file})",
                fix="paths are relative to the card's folder",
            )
        )
        return out
    sniffed = sniff_format(file)
    if fmt and sniffed != fmt:
        shown = sniffed or "an unrecognised format"
        out.append(
            _f(
                path,
                line_of(i, "format"),
                "evidence/artifact-format",
                Severity.ERROR,
                f"artifact {ref}: the card says {fmt} but the content is {shown}",
            )
        )
        # not the declared kind: nothing more is read from it, and no message echoes
        # its bytes or its digest (it may be a secret the path led to)
        _check_sha(i, entry, file, ref, path, line_of, out, echo=False)
        if results is not None:
            results.append(ArtifactResult(i, ref, fmt, None, None))
        return out
    info = inspect_artifact(file, fmt or sniffed)
    for problem in info.problems:
        bomb = problem.code == "zip-bomb"
        rule = "evidence/artifact-zip-bomb" if bomb else "evidence/artifact-invalid"
        out.append(
            _f(path, line_of(i, "path"), rule, Severity.ERROR, f"artifact {ref}: {problem.message}")
        )
    # a file of no known model format (no format declared) is not echoed either
    known = sniffed in MODEL_FORMATS
    digest = _check_sha(i, entry, file, ref, path, line_of, out, echo=known)
    _check_params(i, entry, info, ref, path, line_of, out)
    if results is not None:
        results.append(ArtifactResult(i, ref, fmt or sniffed, digest, info))
    return out


def _check_sha(
    i: int,
    entry: Mapping[str, Any],
    file: Path,
    ref: str,
    path: str,
    line_of: Callable[..., int],
    out: list[Finding],
    *,
    echo: bool = True,
) -> str | None:
    """Compare the declared sha256 with the file's. ``echo=False`` (a file that is not
    the declared kind): say whether it matches, never what the file's digest is."""
    declared = entry.get("sha256")
    text = None if declared is None else str(declared).strip().lower().removeprefix("sha256:")
    if text is not None and not _HEX64.match(text):
        out.append(
            _f(
                path,
                line_of(i, "sha256"),
                "evidence/artifact-sha256",
                Severity.ERROR,
                f"artifact {ref}: sha256 {declared!r} is not 64 hex digits",
            )
        )
        return None
    try:
        digest = sha256_path(file)
    except OSError as exc:  # unreadable, or a link or device inside a SavedModel folder
        out.append(
            _f(
                path,
                line_of(i, "path"),
                "evidence/artifact-invalid",
                Severity.ERROR,
                f"artifact {ref}: cannot hash: {exc.strerror or exc}",
            )
        )
        return None
    if text is None:
        message = f"artifact {ref}: no sha256 given" + (
            f"; its sha256 is {digest}" if echo else " (its digest is shown once the file "
            "is a model in the declared format)"
        )  # fmt: skip
        out.append(
            _f(
                path,
                line_of(i),
                "evidence/artifact-sha256",
                Severity.ERROR,
                message,
                fix=f"add sha256: {digest}" if echo else "add format and sha256",
            )
        )
        return digest if echo else None
    if digest != text:
        shown = f"the file is {digest}" if echo else "the file's differs"
        out.append(
            _f(
                path,
                line_of(i, "sha256"),
                "evidence/artifact-sha256",
                Severity.ERROR,
                f"artifact {ref}: sha256 mismatch: the card says {text}, {shown}",
                fix="the file changed since the card was written, or the card names the wrong file",
            )
        )
    return digest


def _check_params(
    i: int,
    entry: Mapping[str, Any],
    info: ArtifactInfo,
    ref: str,
    path: str,
    line_of: Callable[..., int],
    out: list[Finding],
) -> None:
    if "parameters" not in entry:
        return
    declared = parse_parameters(entry.get("parameters"))
    line = line_of(i, "parameters")
    if declared is None:
        out.append(
            _f(
                path,
                line,
                "evidence/artifact-parameters",
                Severity.ERROR,
                f"artifact {ref}: parameters {entry.get('parameters')!r} is not a count "
                "(write 124000000 or 124M)",
            )
        )
        return
    if info.parameters is None:
        if info.ok:
            out.append(
                _f(
                    path,
                    line,
                    "evidence/artifact-parameters",
                    Severity.SUGGESTION,
                    f"artifact {ref}: declared parameters ({declared:,}) cannot be counted "
                    f"for {info.format or 'this format'}; a reviewer must confirm them",
                )
            )
        return
    counted = info.parameters
    allowed = max(counted, declared) * PARAM_TOLERANCE
    if abs(counted - declared) > allowed:
        out.append(
            _f(
                path,
                line,
                "evidence/artifact-parameters",
                Severity.ERROR,
                f"artifact {ref}: the card declares {declared:,} parameters, the file holds "
                f"{counted:,} (more than 0.1% apart)",
                fix=f"parameters: {counted}",
            )
        )


def _f(
    path: str, line: int, rule: str, severity: Severity, message: str, fix: str | None = None
) -> Finding:
    return R[rule].finding(path, line, 1, message, severity=severity, fix=fix or NO_FIX)
