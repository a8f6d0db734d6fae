"""check_artifacts: each check passing and failing, on real files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from xdocs.evidence.artifacts import check_artifacts, parse_parameters
from xdocs.evidence.hashing import sha256_dir, sha256_file

from .builders import write_gguf, write_onnx, write_safetensors, write_torch_zip


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(entries: object, base: Path) -> list:
    return check_artifacts(entries, base, "card.md", lambda *k: 7)


def rules(findings: list) -> list[str]:
    return [f.rule for f in findings]


def test_all_formats_verify(tmp_path: Path) -> None:
    st = write_safetensors(tmp_path / "m.safetensors")
    gg = write_gguf(tmp_path / "m.gguf")
    pt = write_torch_zip(tmp_path / "m.pt")
    entries = [
        {"path": "m.safetensors", "format": "safetensors", "sha256": sha(st), "parameters": 44},
        {"path": "m.gguf", "format": "gguf", "sha256": sha(gg), "parameters": "36"},
        {"path": "m.pt", "format": "pt", "sha256": "sha256:" + sha(pt)},
    ]
    if pytest.importorskip("onnx"):
        ox = write_onnx(tmp_path / "m.onnx")
        entries.append({"path": "m.onnx", "format": "onnx", "sha256": sha(ox), "parameters": 9})
    assert run(entries, tmp_path) == []


def test_sha256_mismatch_shows_both(tmp_path: Path) -> None:
    st = write_safetensors(tmp_path / "m.safetensors")
    (f,) = run([{"path": "m.safetensors", "format": "safetensors", "sha256": "0" * 64}], tmp_path)
    assert f.rule == "evidence/artifact-sha256" and f.severity.name == "ERROR"
    assert "0" * 64 in f.message and sha(st) in f.message and f.line == 7


def test_missing_and_malformed_sha(tmp_path: Path) -> None:
    st = write_safetensors(tmp_path / "m.safetensors")
    (f,) = run([{"path": "m.safetensors", "format": "safetensors"}], tmp_path)
    assert f.rule == "evidence/artifact-sha256" and f.fix == f"add sha256: {sha(st)}"
    (g,) = run([{"path": "m.safetensors", "format": "safetensors", "sha256": "abc"}], tmp_path)
    assert "not 64 hex digits" in g.message


def test_missing_file(tmp_path: Path) -> None:
    (f,) = run(
        [{"path": "nope.safetensors", "format": "safetensors", "sha256": "0" * 64}], tmp_path
    )
    assert f.rule == "evidence/artifact-missing"


def test_format_sniffed_from_content(tmp_path: Path) -> None:
    pt = write_torch_zip(tmp_path / "renamed.safetensors")
    found = run([{"path": pt.name, "format": "safetensors", "sha256": sha(pt)}], tmp_path)
    assert rules(found) == ["evidence/artifact-format"]  # one finding, not a cascade
    assert "content is pytorch" in found[0].message
    (g,) = run([{"path": pt.name, "format": "h5", "sha256": sha(pt)}], tmp_path)
    assert g.rule == "evidence/artifact-format" and "unknown format" in g.message


def test_parameters_within_a_tenth_of_a_percent(tmp_path: Path) -> None:
    big = {"w": np.zeros((1000, 100), np.float32)}  # 100,000 parameters
    st = write_safetensors(tmp_path / "big.safetensors", big)
    base = {"path": st.name, "format": "safetensors", "sha256": sha(st)}
    assert run([base | {"parameters": 100_050}], tmp_path) == []  # 0.05% off: fine
    assert run([base | {"parameters": "100K"}], tmp_path) == []
    (f,) = run([base | {"parameters": 100_200}], tmp_path)  # 0.2% off
    assert f.rule == "evidence/artifact-parameters"
    assert "100,200" in f.message and "100,000" in f.message and f.fix == "parameters: 100000"
    (g,) = run([base | {"parameters": "lots"}], tmp_path)
    assert "not a count" in g.message


def test_parameters_not_countable_is_a_suggestion(tmp_path: Path) -> None:
    pt = write_torch_zip(tmp_path / "m.pt")
    (f,) = run(
        [{"path": "m.pt", "format": "pytorch", "sha256": sha(pt), "parameters": "7B"}], tmp_path
    )
    assert f.rule == "evidence/artifact-parameters" and f.severity.name == "SUGGESTION"


def test_uri_not_verifiable_offline(tmp_path: Path) -> None:
    remote = {"uri": "s3://models/m.safetensors", "format": "safetensors", "sha256": "0" * 64}
    found = run([remote, "https://x.test/m.onnx"], tmp_path)
    assert [f.rule for f in found if f.severity.name == "SUGGESTION"] == [
        "evidence/artifact-remote",
        "evidence/artifact-remote",
    ]
    assert "not verifiable offline" in found[0].message


def test_corrupt_artifact_and_bad_entries(tmp_path: Path) -> None:
    good = write_safetensors(tmp_path / "good.safetensors").read_bytes()
    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(good[:40])
    found = run(
        [{"path": "bad.safetensors", "format": "safetensors", "sha256": sha(bad)}], tmp_path
    )
    assert rules(found) == ["evidence/artifact-format"] or "evidence/artifact-invalid" in rules(
        found
    )
    assert any("claims" in f.message for f in found)
    assert rules(run("m.safetensors", tmp_path)) == ["evidence/artifact-entry"]
    assert rules(run([3, {"format": "onnx"}], tmp_path)) == ["evidence/artifact-entry"] * 2
    assert run(None, tmp_path) == []


def test_parse_parameters() -> None:
    assert parse_parameters("1.1B") == 1_100_000_000
    assert parse_parameters("7,241,732,096") == 7_241_732_096
    assert parse_parameters(124.0) == 124
    assert parse_parameters(True) is None and parse_parameters("7 billion") is None


def test_hashing_streams_and_directories(tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * (3 * 1024 * 1024 + 5))
    assert sha256_file(big, progress=False) == sha(big)
    assert sha256_file(big, progress=True) == sha(big)  # the rich bar path hashes the same
    folder = tmp_path / "saved"
    (folder / "variables").mkdir(parents=True)
    (folder / "saved_model.pb").write_bytes(b"pb")
    (folder / "variables" / "v").write_bytes(b"v")
    listing = f"{hashlib.sha256(b'pb').hexdigest()}  saved_model.pb\n"
    listing += f"{hashlib.sha256(b'v').hexdigest()}  variables/v\n"
    assert sha256_dir(folder) == hashlib.sha256(listing.encode()).hexdigest()


def test_untrusted_paths_are_refused(tmp_path: Path) -> None:
    card_dir = tmp_path / "cards"
    card_dir.mkdir()
    secret = tmp_path / "secret.safetensors"
    write_safetensors(secret)
    (card_dir / "link.safetensors").symlink_to(secret)
    (card_dir / "zero").symlink_to("/dev/zero")
    for ref in ("../secret.safetensors", "link.safetensors", "/etc/passwd"):
        (f,) = run([{"path": ref, "format": "safetensors", "sha256": "0" * 64}], card_dir)
        assert f.rule == "evidence/artifact-invalid" and "outside" in f.message, ref
    found = check_artifacts(
        [{"path": "zero", "format": "gguf", "sha256": "0" * 64}],
        card_dir,
        "card.md",
        lambda *k: 1,
        roots=(Path("/dev"),),
    )
    assert [f.rule for f in found] == ["evidence/artifact-invalid"]
    assert "not a regular file" in found[0].message
    ok = check_artifacts(
        [{"path": "../secret.safetensors", "format": "safetensors", "sha256": sha(secret)}],
        card_dir,
        "card.md",
        lambda *k: 1,
        roots=(tmp_path,),
    )
    assert ok == []


def test_savedmodel_directory_verifies(tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    (folder / "variables").mkdir(parents=True)
    (folder / "saved_model.pb").write_bytes(b"\x08\x01")
    digest = sha256_dir(folder)
    assert run([{"path": "saved", "format": "savedmodel", "sha256": digest}], tmp_path) == []
    (f,) = run([{"path": "saved", "format": "savedmodel", "sha256": "1" * 64}], tmp_path)
    assert f.rule == "evidence/artifact-sha256"
