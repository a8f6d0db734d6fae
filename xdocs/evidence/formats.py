"""What a model artifact really is, read from its bytes, never by trusting its name.

Each inspector reads only headers and directory listings, with hard bounds,
so a hostile or broken file costs a few kilobytes of memory and yields a
:class:`Problem` instead of an exception:

- safetensors: 8-byte little-endian header length, then a JSON header of
  ``{name: {dtype, shape, data_offsets}}`` (the same format the
  ``safetensors`` package writes); tensors, dtypes and parameters come from it.
- GGUF: magic, version, tensor and metadata counts, then the tensor infos
  (dimensions give the parameter count); metadata values are skipped over.
- ONNX: the optional ``onnx`` package loads and checks the model; parameters
  are the initializers' element counts.
- PyTorch ``.pt``/``.pth``: a zip archive whose central directory is listed
  (sizes and ratios checked against zip bombs); nothing is extracted and
  nothing is ever unpickled. Legacy raw-pickle files are refused.
- SavedModel: a directory holding ``saved_model.pb`` (or ``.pbtxt``) and
  ``variables/``.
- skops: a zip archive with a ``schema.json`` (scikit-learn objects saved by
  ``skops.io``, loaded only by ``xdocs evaluate``, with skops' trusted types);
  its central directory is checked against zip bombs like a PyTorch archive.
"""

from __future__ import annotations

import json
import math
import struct
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

#: canonical format names and the spellings cards use for them.
FORMAT_ALIASES = {
    "safetensors": "safetensors",
    "onnx": "onnx",
    "gguf": "gguf",
    "pytorch": "pytorch",
    "pt": "pytorch",
    "pth": "pytorch",
    "torch": "pytorch",
    "savedmodel": "savedmodel",
    "saved_model": "savedmodel",
    "saved-model": "savedmodel",
    "tf-savedmodel": "savedmodel",
    "tensorflow-savedmodel": "savedmodel",
    "skops": "skops",
}

#: refuse headers bigger than this (the safetensors package uses the same 100 MB bound).
MAX_HEADER_BYTES = 100 * 1024 * 1024
#: a zip whose members expand more than this many times over is treated as a bomb.
MAX_ZIP_RATIO = 200
#: or whose members claim more than this many bytes in total.
MAX_ZIP_UNCOMPRESSED = 256 * 1024**3
MAX_ZIP_MEMBERS = 1_000_000

_SAFETENSORS_DTYPE_BYTES = {
    "BOOL": 1,
    "U8": 1,
    "I8": 1,
    "F8_E5M2": 1,
    "F8_E4M3": 1,
    "I16": 2,
    "U16": 2,
    "F16": 2,
    "BF16": 2,
    "I32": 4,
    "U32": 4,
    "F32": 4,
    "F64": 8,
    "I64": 8,
    "U64": 8,
}


@dataclass
class Problem:
    """Why an artifact is not what it should be (``code`` picks the rule)."""

    code: str  # invalid, zip-bomb, unsupported
    message: str


@dataclass
class ArtifactInfo:
    """What inspection learned. ``parameters`` is None when it cannot be known."""

    format: str | None
    tensors: int | None = None
    dtypes: dict[str, int] = field(default_factory=dict)
    parameters: int | None = None
    members: int | None = None
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def canonical_format(name: object) -> str | None:
    """``"PT"`` → ``"pytorch"``; None for a format xdocs does not know."""
    if not isinstance(name, str):
        return None
    return FORMAT_ALIASES.get(name.strip().lower())


def sniff_format(path: Path) -> str | None:
    """The format the content says (not the extension), or None when unknown."""
    try:
        if path.is_dir():
            if (path / "saved_model.pb").is_file() or (path / "saved_model.pbtxt").is_file():
                return "savedmodel"
            return None
        with path.open("rb") as fh:
            head = fh.read(16)
    except OSError:
        return None
    if head[:4] == b"GGUF":
        return "gguf"
    if head[:4] == b"PK\x03\x04" or head[:4] == b"PK\x05\x06":
        if _zip_looks_like_torch(path):
            return "pytorch"
        return "skops" if _zip_has(path, "schema.json") else "zip"
    if head[:1] == b"\x80" and len(head) > 1 and head[1] <= 5:
        return "pickle"
    if len(head) >= 9:
        (size,) = struct.unpack("<Q", head[:8])
        if 0 < size <= MAX_HEADER_BYTES and head[8:9] == b"{":
            return "safetensors"
    if path.suffix.lower() == ".onnx" or _looks_like_onnx(head):
        return "onnx"
    return None


def _looks_like_onnx(head: bytes) -> bool:
    # ModelProto starts with field 1 (ir_version, varint): tag byte 0x08.
    return len(head) > 2 and head[0] == 0x08 and head[1] < 0x80


def _zip_looks_like_torch(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()[:10_000]
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return any(n.endswith("data.pkl") or n.endswith("/version") for n in names)


def _zip_has(path: Path, member: str) -> bool:
    try:
        with zipfile.ZipFile(path) as zf:
            return member in zf.namelist()[:10_000]
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def inspect_artifact(path: Path, fmt: str | None = None) -> ArtifactInfo:
    """Inspect ``path`` as ``fmt`` (default: what the content says). Never raises."""
    fmt = fmt or sniff_format(path)
    from xdocs.evidence.gguf import inspect_gguf

    inspectors = {
        "safetensors": inspect_safetensors,
        "gguf": inspect_gguf,
        "onnx": inspect_onnx,
        "pytorch": inspect_pytorch,
        "savedmodel": inspect_savedmodel,
        "skops": inspect_skops,
    }
    inspector = inspectors.get(fmt or "")
    if inspector is None:
        return ArtifactInfo(fmt)
    try:
        return inspector(path)
    except Exception as exc:  # the inspectors are bounded; this is the last guard
        return ArtifactInfo(fmt, problems=[Problem("invalid", f"cannot read {fmt}: {exc}")])


# -- safetensors ----------------------------------------------------------------------
def inspect_safetensors(path: Path) -> ArtifactInfo:
    """Parse the safetensors header: tensor count, dtypes, parameter count."""
    info = ArtifactInfo("safetensors")
    size = path.stat().st_size
    with path.open("rb") as fh:
        prefix = fh.read(8)
        if len(prefix) < 8:
            return _fail(info, f"truncated safetensors header: {len(prefix)} of 8 length bytes")
        (header_len,) = struct.unpack("<Q", prefix)
        if header_len > MAX_HEADER_BYTES:
            return _fail(
                info,
                f"safetensors header claims {header_len:,} bytes (more than the "
                f"{MAX_HEADER_BYTES:,}-byte limit)",
            )
        if 8 + header_len > size:
            return _fail(
                info,
                f"safetensors header claims {header_len:,} bytes but the file holds only "
                f"{size - 8:,} after the length prefix",
            )
        raw = fh.read(header_len)
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return _fail(info, f"safetensors header is not valid JSON: {exc}")
    if not isinstance(header, dict):
        return _fail(info, "safetensors header is not a JSON object")
    data_len = size - 8 - header_len
    params = 0
    tensors = 0
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        if not isinstance(spec, dict):
            return _fail(info, f"tensor {name!r}: entry is not an object")
        dtype, shape, offsets = spec.get("dtype"), spec.get("shape"), spec.get("data_offsets")
        if dtype not in _SAFETENSORS_DTYPE_BYTES:
            return _fail(info, f"tensor {name!r}: unknown dtype {dtype!r}")
        if not isinstance(shape, list) or not all(
            isinstance(d, int) and not isinstance(d, bool) and d >= 0 for d in shape
        ):
            return _fail(info, f"tensor {name!r}: shape must be a list of non-negative integers")
        if (
            not isinstance(offsets, list)
            or len(offsets) != 2
            or not all(isinstance(o, int) and not isinstance(o, bool) for o in offsets)
        ):
            return _fail(info, f"tensor {name!r}: data_offsets must be [begin, end]")
        count = math.prod(shape)
        begin, end = offsets
        if not 0 <= begin <= end <= data_len:
            return _fail(
                info,
                f"tensor {name!r}: data_offsets {offsets} run past the {data_len:,} data bytes "
                "the file holds (truncated file?)",
            )
        if end - begin != count * _SAFETENSORS_DTYPE_BYTES[dtype]:
            return _fail(
                info,
                f"tensor {name!r}: {end - begin:,} bytes stored for {count:,} {dtype} values",
            )
        tensors += 1
        params += count
        info.dtypes[dtype] = info.dtypes.get(dtype, 0) + 1
    info.tensors = tensors
    info.parameters = params
    return info


# -- ONNX -----------------------------------------------------------------------------
def inspect_onnx(path: Path) -> ArtifactInfo:
    """Load and check an ONNX model with the optional ``onnx`` package."""
    info = ArtifactInfo("onnx")
    try:
        import onnx
    except ImportError:
        info.notes.append("the onnx package is not installed (pip install 'xdocs[onnx]')")
        info.problems.append(Problem("unsupported", "ONNX checks need: pip install 'xdocs[onnx]'"))
        return info
    try:
        model = onnx.load(str(path), load_external_data=False)
    except Exception as exc:
        return _fail(info, f"not a loadable ONNX model: {_first_line(exc)}")
    try:
        onnx.checker.check_model(model)
    except Exception as exc:
        return _fail(info, f"ONNX checker rejects the model: {_first_line(exc)}")
    params = 0
    for init in model.graph.initializer:
        params += math.prod(init.dims)
        dtype = onnx.TensorProto.DataType.Name(init.data_type)
        info.dtypes[dtype] = info.dtypes.get(dtype, 0) + 1
    info.tensors = len(model.graph.initializer)
    info.parameters = params
    return info


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__


# -- PyTorch zip ----------------------------------------------------------------------
def inspect_pytorch(path: Path) -> ArtifactInfo:
    """List a PyTorch zip archive from its central directory; never extract or unpickle."""
    info = ArtifactInfo("pytorch")
    with path.open("rb") as fh:
        magic = fh.read(2)
    if magic[:1] == b"\x80":
        return _fail(
            info,
            "legacy pickle checkpoint: xdocs never unpickles; re-save it with torch.save "
            "(zip format) or, better, as safetensors",
            code="unsupported",
        )
    names = zip_members(path, info)
    if names is None:
        return info
    if not any(n.endswith("data.pkl") for n in names):
        return _fail(info, "zip archive has no data.pkl: not a torch.save checkpoint")
    info.members = len(names)
    info.tensors = sum(1 for n in names if "/data/" in n and not n.endswith("/"))
    info.notes.append("parameter count not read: that needs unpickling, which xdocs never does")
    return info


def zip_members(path: Path, info: ArtifactInfo) -> list[str] | None:
    """Member names from the central directory, or None (with a problem added) for an
    unreadable archive or a zip bomb. Nothing is extracted."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        _fail(info, f"not a readable zip archive: {exc}")
        return None
    with zf:
        members = zf.infolist()
        if len(members) > MAX_ZIP_MEMBERS:
            _fail(info, f"archive lists {len(members):,} members", code="zip-bomb")
            return None
        packed = sum(m.compress_size for m in members)
        unpacked = sum(m.file_size for m in members)
        worst = max(
            (m.file_size / max(m.compress_size, 1) for m in members if m.file_size),
            default=0.0,
        )
        if unpacked > MAX_ZIP_UNCOMPRESSED or (unpacked > 1024 * 1024 and worst > MAX_ZIP_RATIO):
            _fail(
                info,
                f"zip bomb: members expand from {packed:,} to {unpacked:,} bytes "
                f"(worst ratio {worst:,.0f}:1); nothing was extracted",
                code="zip-bomb",
            )
            return None
        return [m.filename for m in members]


# -- skops ----------------------------------------------------------------------------
def inspect_skops(path: Path) -> ArtifactInfo:
    """A skops archive: listed from its central directory, never loaded here."""
    info = ArtifactInfo("skops")
    names = zip_members(path, info)
    if names is None:
        return info
    if "schema.json" not in names:
        return _fail(info, "zip archive has no schema.json: not a skops file")
    info.members = len(names)
    info.notes.append("parameters not counted: xdocs loads skops files only to evaluate them")
    return info


# -- SavedModel -----------------------------------------------------------------------
def inspect_savedmodel(path: Path) -> ArtifactInfo:
    """A SavedModel directory: ``saved_model.pb`` (or ``.pbtxt``) and ``variables/``."""
    info = ArtifactInfo("savedmodel")
    if not path.is_dir():
        return _fail(info, "a SavedModel is a directory, not a file")
    if not ((path / "saved_model.pb").is_file() or (path / "saved_model.pbtxt").is_file()):
        return _fail(info, "directory has no saved_model.pb: not a SavedModel")
    if not (path / "variables").is_dir():
        info.notes.append("no variables/ folder (a model without variables)")
    info.members = sum(1 for p in path.rglob("*") if p.is_file())
    return info


def _fail(info: ArtifactInfo, message: str, code: str = "invalid") -> ArtifactInfo:
    info.problems.append(Problem(code, message))
    return info
