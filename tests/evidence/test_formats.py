"""Artifact inspection from bytes: safetensors, GGUF, ONNX, PyTorch zip, SavedModel."""

from __future__ import annotations

import struct
import tracemalloc
import zipfile
from pathlib import Path

import numpy as np
import pytest

from xdocs.evidence.formats import canonical_format, inspect_artifact, sniff_format

from .builders import write_gguf, write_onnx, write_safetensors, write_torch_zip


def test_safetensors_header(tmp_path: Path) -> None:
    path = write_safetensors(tmp_path / "m.safetensors")
    assert sniff_format(path) == "safetensors"
    info = inspect_artifact(path)
    assert info.ok and info.tensors == 2 and info.parameters == 44
    assert info.dtypes == {"F32": 1, "F16": 1}


def test_safetensors_truncated_header(tmp_path: Path) -> None:
    good = write_safetensors(tmp_path / "good.safetensors").read_bytes()
    short = tmp_path / "short.safetensors"
    short.write_bytes(good[:5])
    info = inspect_artifact(short, "safetensors")
    assert [p.message for p in info.problems] == [
        "truncated safetensors header: 5 of 8 length bytes"
    ]
    cut = tmp_path / "cut.safetensors"
    cut.write_bytes(good[:30])  # length prefix intact, header cut
    (problem,) = inspect_artifact(cut, "safetensors").problems
    assert "claims" in problem.message and "holds only 22" in problem.message


def test_safetensors_header_claims_more_than_file(tmp_path: Path) -> None:
    path = tmp_path / "liar.safetensors"
    path.write_bytes(struct.pack("<Q", 2**40) + b'{"a":1}')
    tracemalloc.start()
    info = inspect_artifact(path, "safetensors")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert "1,099,511,627,776 bytes" in info.problems[0].message
    assert peak < 1_000_000  # the claimed terabyte was never allocated


def test_safetensors_data_cut_off(tmp_path: Path) -> None:
    good = write_safetensors(tmp_path / "good.safetensors").read_bytes()
    path = tmp_path / "cut.safetensors"
    path.write_bytes(good[:-16])
    (problem,) = inspect_artifact(path, "safetensors").problems
    assert "data_offsets" in problem.message and "truncated" in problem.message


def test_safetensors_bad_json_and_dtype(tmp_path: Path) -> None:
    cases = (
        (b"{not json", "not valid JSON"),
        (b'{"t":{"dtype":"Q9","shape":[1],"data_offsets":[0,1]}}', "unknown dtype"),
    )
    for header, words in cases:
        path = tmp_path / "bad.safetensors"
        path.write_bytes(struct.pack("<Q", len(header)) + header + b"\x00")
        assert words in inspect_artifact(path, "safetensors").problems[0].message


def test_gguf(tmp_path: Path) -> None:
    path = write_gguf(tmp_path / "m.gguf")
    assert sniff_format(path) == "gguf"
    info = inspect_artifact(path)
    assert info.ok and info.tensors == 2 and info.parameters == 36
    truncated = tmp_path / "t.gguf"
    truncated.write_bytes(path.read_bytes()[:60])
    assert "truncated GGUF header" in inspect_artifact(truncated).problems[0].message
    huge = tmp_path / "huge.gguf"
    huge.write_bytes(b"GGUF" + struct.pack("<IQQ", 3, 2**60, 0))
    assert "claims" in inspect_artifact(huge).problems[0].message


def test_onnx(tmp_path: Path) -> None:
    pytest.importorskip("onnx")
    path = write_onnx(tmp_path / "m.onnx")
    assert sniff_format(path) == "onnx"
    info = inspect_artifact(path)
    assert info.ok and info.tensors == 2 and info.parameters == 9
    junk = tmp_path / "junk.onnx"
    junk.write_bytes(b"\x08\x07\x12\xff\xff\xff\xff\x0fgarbage")
    assert "ONNX" in inspect_artifact(junk, "onnx").problems[0].message


def test_onnx_checker_rejects(tmp_path: Path) -> None:
    onnx = pytest.importorskip("onnx")
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [helper.make_node("Relu", ["undefined_input"], ["y"])],
        "broken",
        [],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])],
    )
    path = tmp_path / "broken.onnx"
    onnx.save(helper.make_model(graph), str(path))
    assert "checker rejects" in inspect_artifact(path, "onnx").problems[0].message


def test_torch_zip_listed_never_unpickled(tmp_path: Path) -> None:
    path = write_torch_zip(tmp_path / "m.pt", storages=3)
    assert sniff_format(path) == "pytorch"
    info = inspect_artifact(path)
    assert info.ok and info.tensors == 3 and info.members == 5 and info.parameters is None
    assert "unpickling" in info.notes[0]


def test_zip_bomb_from_central_directory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.pt"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("archive/data.pkl", b"\x80\x02}q\x00.")
        zf.writestr("archive/data/0", b"\x00" * (20 * 1024 * 1024))
    assert path.stat().st_size < 100_000
    tracemalloc.start()
    info = inspect_artifact(path, "pytorch")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert info.problems[0].code == "zip-bomb"
    assert "nothing was extracted" in info.problems[0].message
    assert peak < 2_000_000


def test_legacy_pickle_and_plain_zip(tmp_path: Path) -> None:
    pickle_file = tmp_path / "old.pth"
    pickle_file.write_bytes(b"\x80\x02}q\x00.")
    assert sniff_format(pickle_file) == "pickle"
    assert "never unpickles" in inspect_artifact(pickle_file, "pytorch").problems[0].message
    plain = tmp_path / "plain.pt"
    with zipfile.ZipFile(plain, "w") as zf:
        zf.writestr("readme.txt", "hi")
    assert sniff_format(plain) == "zip"
    assert "no data.pkl" in inspect_artifact(plain, "pytorch").problems[0].message


def test_savedmodel(tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    (folder / "variables").mkdir(parents=True)
    (folder / "saved_model.pb").write_bytes(b"\x08\x01")
    (folder / "variables" / "variables.index").write_bytes(b"x")
    assert sniff_format(folder) == "savedmodel"
    assert inspect_artifact(folder).ok
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "no saved_model.pb" in inspect_artifact(empty, "savedmodel").problems[0].message


def test_canonical_format_and_unknown(tmp_path: Path) -> None:
    assert canonical_format("PT") == "pytorch" and canonical_format("tf-savedmodel") == "savedmodel"
    assert canonical_format("h5") is None and canonical_format(3) is None
    path = tmp_path / "x.bin"
    path.write_bytes(np.arange(3, dtype=np.int8).tobytes())
    assert sniff_format(path) is None
    assert inspect_artifact(path).ok and inspect_artifact(path).format is None
