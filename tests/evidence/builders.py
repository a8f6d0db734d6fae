"""Builders for real artifacts and cards used by the evidence tests."""

from __future__ import annotations

import struct
import textwrap
import zipfile
from pathlib import Path

import numpy as np


def write_safetensors(path: Path, tensors: dict[str, np.ndarray] | None = None) -> Path:
    from safetensors.numpy import save_file

    tensors = tensors or {
        "embed.weight": np.arange(40, dtype=np.float32).reshape(10, 4),
        "head.bias": np.zeros(4, dtype=np.float16),
    }
    save_file(tensors, str(path))
    return path


def write_onnx(path: Path, rows: int = 2, cols: int = 3) -> Path:
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    weight = numpy_helper.from_array(np.ones((rows, cols), np.float32), "W")
    bias = numpy_helper.from_array(np.zeros(cols, np.float32), "B")
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "W"], ["h"]), helper.make_node("Add", ["h", "B"], ["y"])],
        "tiny",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, rows])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, cols])],
        [weight, bias],
    )
    onnx.save(helper.make_model(graph), str(path))
    return path


def write_torch_zip(path: Path, storages: int = 2) -> Path:
    """The layout torch.save writes (archive/data.pkl, data/N, version), built by hand:
    xdocs must list it without unpickling, so the pickle bytes are a harmless stub."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("archive/data.pkl", b"\x80\x02}q\x00.")
        for i in range(storages):
            zf.writestr(f"archive/data/{i}", b"\x00" * 64)
        zf.writestr("archive/version", "3\n")
    return path


def _gguf_str(text: str) -> bytes:
    data = text.encode()
    return struct.pack("<Q", len(data)) + data


def write_gguf(path: Path, tensors: dict[str, tuple[int, ...]] | None = None) -> Path:
    tensors = tensors or {"tok_embd": (8, 4), "out": (4,)}
    out = b"GGUF" + struct.pack("<IQQ", 3, len(tensors), 2)
    out += _gguf_str("general.name") + struct.pack("<I", 8) + _gguf_str("tiny")
    out += _gguf_str("tokenizer.scores") + struct.pack("<IIQ", 9, 6, 3) + b"\x00" * 12
    offset = 0
    for name, dims in tensors.items():
        out += _gguf_str(name) + struct.pack("<I", len(dims))
        out += b"".join(struct.pack("<Q", d) for d in dims)
        out += struct.pack("<IQ", 0, offset)
        offset += 4 * int(np.prod(dims))
    out += b"\x00" * (32 - len(out) % 32) + b"\x00" * offset
    path.write_bytes(out)
    return path


def write_card(
    folder: Path, front_matter: str, body: str | None = None, name: str = "card.md"
) -> Path:
    body = body or textwrap.dedent(
        """\
        # Tiny model

        ## Intended use

        Sorting support tickets by sentiment.

        ## Ethical considerations

        Tickets may mention people. Mitigations: names are masked before scoring.

        ## Evaluation

        Accuracy on the held-out set.
        """
    )
    path = folder / name
    path.write_text(
        "---\n" + textwrap.dedent(front_matter).strip() + "\n---\n\n" + body, encoding="utf-8"
    )
    return path
