"""GGUF (llama.cpp) headers: tensor count and parameters, with bounded reads.

Layout (v2/v3; v1 uses 32-bit counts): magic ``GGUF``, version, tensor count,
metadata count, then metadata key/value pairs (skipped over, never loaded)
and the tensor infos (name, dimensions, type, offset). Every read checks the
file size first, so a header that claims billions of entries or a string
longer than the file ends as a "truncated" problem, not an allocation.
"""

from __future__ import annotations

import math
import struct
from pathlib import Path
from typing import BinaryIO

from xdocs.evidence.formats import ArtifactInfo, _fail

MAX_GGUF_ITEMS = 10_000_000


_GGUF_SCALARS = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8}


class _Truncated(Exception):
    pass


class _Reader:
    """Bounded little-endian reads from a file; raises _Truncated at EOF."""

    def __init__(self, fh: BinaryIO, size: int) -> None:
        self.fh, self.size = fh, size

    def read(self, n: int) -> bytes:
        if n < 0 or self.fh.tell() + n > self.size:
            raise _Truncated(f"needs {n:,} bytes at offset {self.fh.tell():,} of {self.size:,}")
        return self.fh.read(n)

    def u32(self) -> int:
        return int(struct.unpack("<I", self.read(4))[0])

    def u64(self) -> int:
        return int(struct.unpack("<Q", self.read(8))[0])

    def skip(self, n: int) -> None:
        if n < 0 or self.fh.tell() + n > self.size:
            raise _Truncated(f"skips {n:,} bytes at offset {self.fh.tell():,} of {self.size:,}")
        self.fh.seek(n, 1)

    def string(self, version: int) -> str:
        n = self.u64() if version >= 2 else self.u32()
        return self.read(n).decode("utf-8", "replace")


def inspect_gguf(path: Path) -> ArtifactInfo:
    """Read the GGUF header and tensor infos: tensor count, types, parameters."""
    info = ArtifactInfo("gguf")
    size = path.stat().st_size
    with path.open("rb") as fh:
        rd = _Reader(fh, size)
        try:
            if rd.read(4) != b"GGUF":
                return _fail(info, "not a GGUF file (bad magic)")
            version = rd.u32()
            if version not in (1, 2, 3):
                return _fail(info, f"unsupported GGUF version {version}")
            count = rd.u64 if version >= 2 else rd.u32
            n_tensors, n_kv = count(), count()
            if n_tensors > MAX_GGUF_ITEMS or n_kv > MAX_GGUF_ITEMS:
                return _fail(info, f"GGUF header claims {n_tensors:,} tensors and {n_kv:,} keys")
            for _ in range(n_kv):
                rd.string(version)
                _skip_gguf_value(rd, rd.u32(), version, depth=0)
            params = 0
            for _ in range(n_tensors):
                rd.string(version)
                n_dims = rd.u32()
                if n_dims > 8:
                    return _fail(info, f"GGUF tensor with {n_dims} dimensions")
                dims = [count() for _ in range(n_dims)]
                ggml_type = rd.u32()
                rd.u64()  # offset
                params += math.prod(dims)
                key = f"ggml_type_{ggml_type}"
                info.dtypes[key] = info.dtypes.get(key, 0) + 1
        except _Truncated as exc:
            return _fail(info, f"truncated GGUF header: {exc}")
    info.tensors = n_tensors
    info.parameters = params
    return info


def _skip_gguf_value(rd: _Reader, vtype: int, version: int, depth: int) -> None:
    if vtype in _GGUF_SCALARS:
        rd.skip(_GGUF_SCALARS[vtype])
    elif vtype == 8:
        n = rd.u64() if version >= 2 else rd.u32()
        rd.skip(n)
    elif vtype == 9 and depth < 4:
        inner = rd.u32()
        n = rd.u64() if version >= 2 else rd.u32()
        if inner in _GGUF_SCALARS:
            rd.skip(n * _GGUF_SCALARS[inner])
        else:
            if n > MAX_GGUF_ITEMS:
                raise _Truncated(f"array of {n:,} items")
            for _ in range(n):
                _skip_gguf_value(rd, inner, version, depth + 1)
    else:
        raise _Truncated(f"unknown GGUF value type {vtype}")
