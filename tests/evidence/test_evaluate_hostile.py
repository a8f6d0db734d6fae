"""Hostile input to xdocs evaluate is a finding, never a crash or a hang."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from xdocs.cli import cli

from .eval_builders import (
    endless_graph,
    eval_card,
    logistic_graph,
    sklearn_onnx,
    tabular,
    write_csv,
)
from .test_evaluate import ENTRY, metric


def evaluate(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["evaluate", *args], env=env)
    return result.exit_code, result.output


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    X, y, region = tabular(300)
    sklearn_onnx(tmp_path / "model.onnx", X, y)
    write_csv(tmp_path / "holdout.csv", X, y, region=region)
    return tmp_path


def failed(out: str, rule: str = "evidence/evaluation-failed") -> str:
    lines = [ln for ln in out.splitlines() if rule in ln]
    assert lines, out
    return lines[0]


def test_invalid_graph_bytes(folder: Path) -> None:
    (folder / "model.onnx").write_bytes(b"\x08\x07" + os.urandom(2000))
    code, out = evaluate(str(eval_card(folder, "model.onnx", metric(0.9), ENTRY)))
    assert code == 1 and "ONNX" in failed(out)


def test_graph_the_checker_rejects(folder: Path) -> None:
    import onnx
    from onnx import TensorProto, helper

    graph = helper.make_graph(
        [helper.make_node("Add", ["x", "ghost"], ["y"])],
        "broken",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, 3])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [None, 3])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.save(model, str(folder / "model.onnx"))
    code, out = evaluate(str(eval_card(folder, "model.onnx", metric(0.9), ENTRY)))
    assert code == 1 and "checker rejects" in failed(out)


def test_external_data_is_refused(folder: Path) -> None:
    """A tensor "stored" in another file could point anywhere (../../etc/passwd)."""
    import onnx

    logistic_graph(folder / "model.onnx", [1.0, 0.5, 0.0])
    model = onnx.load(str(folder / "model.onnx"))
    onnx.save_model(
        model,
        str(folder / "model.onnx"),
        save_as_external_data=True,
        all_tensors_to_one_file=True,
        location="weights.bin",
        size_threshold=0,
    )
    entry = ENTRY.replace("X: [", "x: [") + "  task: classification\n"
    code, out = evaluate(str(eval_card(folder, "model.onnx", metric(0.9), entry)))
    assert code == 1 and "external files" in failed(out)


def test_external_data_in_a_subgraph_is_refused(folder: Path) -> None:
    import onnx

    endless_graph(folder / "model.onnx")  # its Loop body holds a tensor of its own
    model = onnx.load(str(folder / "model.onnx"))
    tensor = model.graph.node[1].attribute[0].g.initializer[0]
    tensor.ClearField("float_data")
    entry = tensor.external_data.add()
    entry.key, entry.value = "location", "../../etc/passwd"
    tensor.data_location = onnx.TensorProto.EXTERNAL
    (folder / "model.onnx").write_bytes(model.SerializeToString())
    entry = ENTRY.replace("X: [", "x: [") + "  task: classification\n"
    code, out = evaluate(str(eval_card(folder, "model.onnx", metric(0.9), entry)))
    assert code == 1 and "external files" in failed(out)


def test_input_name_that_the_model_lacks(folder: Path) -> None:
    entry = ENTRY.replace("X: [", "features: [")
    code, out = evaluate(str(eval_card(folder, "model.onnx", metric(0.9), entry)))
    line = failed(out)
    assert code == 1 and "model input(s) X not mapped" in line and "features" in line


def test_input_width_that_does_not_match(folder: Path) -> None:
    entry = ENTRY.replace("[f0, f1, f2]", "[f0, f1]")
    code, out = evaluate(str(eval_card(folder, "model.onnx", metric(0.9), entry)))
    assert code == 1 and "takes 3 columns per row; inputs maps 2" in failed(out)


def test_missing_and_non_numeric_columns(folder: Path) -> None:
    entry = ENTRY.replace("[f0, f1, f2]", "[f0, f1, nope]")
    code, out = evaluate(str(eval_card(folder, "model.onnx", metric(0.9), entry)))
    assert code == 1 and "no column(s) nope" in failed(out)
    text = (folder / "holdout.csv").read_text().splitlines()
    text[5] = "oops," + text[5].split(",", 1)[1]
    (folder / "holdout.csv").write_text("\n".join(text) + "\n")
    code, out = evaluate(str(eval_card(folder, "model.onnx", metric(0.9), ENTRY)))
    assert code == 1 and "column f0: 'oops' is not a number" in failed(out)


def test_data_file_over_the_size_limit(folder: Path, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("project")
    (root / "site_config").mkdir()
    (root / "site_config" / "xdocs.yml").write_text(
        "evidence:\n  evaluation:\n    max_data_bytes: 1000\n"
    )
    card = eval_card(folder, "model.onnx", metric(0.9), ENTRY)
    code, out = evaluate(str(card), env={"XDOCS_PROJECT_ROOT": str(root)})
    assert code == 1 and "over the 1,000-byte limit" in failed(out)


def test_more_rows_than_max_rows(folder: Path, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("project")
    (root / "site_config").mkdir()
    (root / "site_config" / "xdocs.yml").write_text("evidence:\n  max_rows: 100\n")
    card = eval_card(folder, "model.onnx", metric(0.9), ENTRY)
    code, out = evaluate(str(card), env={"XDOCS_PROJECT_ROOT": str(root)})
    assert code == 1 and "more than 100 rows" in failed(out)


def test_a_run_past_its_budget_is_stopped(folder: Path) -> None:
    """The Loop runs in ONNX Runtime's native code; only killing the worker stops it."""
    import psutil

    endless_graph(folder / "model.onnx")
    card = eval_card(folder, "model.onnx", metric(0.9), ENTRY.replace("X: [", "x: ["))
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    t0 = time.monotonic()
    code, out = evaluate(str(card), "--timeout", "4")
    elapsed = time.monotonic() - t0
    assert code == 1 and "stopped after its 4 s time budget" in failed(out, "evaluation-timeout")
    assert elapsed < 30
    left = {p.pid for p in psutil.Process().children(recursive=True)} - before
    assert not left  # the worker is gone, not left spinning


def test_a_worker_that_runs_out_of_memory(folder: Path, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    root = tmp_path_factory.mktemp("project")
    (root / "site_config").mkdir()
    (root / "site_config" / "xdocs.yml").write_text(
        "evidence:\n  evaluation:\n    max_memory_mb: 64\n"
    )
    card = eval_card(folder, "model.onnx", metric(0.9), ENTRY)
    code, out = evaluate(str(card), env={"XDOCS_PROJECT_ROOT": str(root)})
    assert code == 1 and "Traceback" not in out
    failed(out)


def test_untrusted_skops_types_are_refused(folder: Path) -> None:
    import skops.io as sio
    from sklearn.tree import DecisionTreeClassifier

    X, y, _ = tabular(100)
    sio.dump(DecisionTreeClassifier().fit(X, y), folder / "model.skops")
    entry = ENTRY.replace("model.onnx", "model.skops")
    card = eval_card(folder, "model.skops", metric(0.9), entry, fmt="skops")
    code, out = evaluate(str(card))
    line = failed(out)
    assert code == 1 and "sklearn.tree._tree.Tree" in line and "trusted" in line


def test_pickle_is_never_loaded(folder: Path) -> None:
    """A pickle named .skops is not a skops zip: refused before anything is loaded."""
    marker = folder / "pwned"
    payload = b"cos\nsystem\n(S'touch " + str(marker).encode() + b"'\ntR."  # a classic pickle RCE
    (folder / "model.skops").write_bytes(payload)
    entry = ENTRY.replace("model.onnx", "model.skops")
    card = eval_card(folder, "model.skops", metric(0.9), entry, fmt="skops")
    code, out = evaluate(str(card))
    assert code == 1 and "evidence/evaluation-entry" in out
    assert not marker.exists()


def test_paths_outside_the_project_are_refused(folder: Path) -> None:
    entry = ENTRY.replace("holdout.csv", "/etc/passwd")
    code, out = evaluate(str(eval_card(folder, "model.onnx", metric(0.9), entry)))
    assert code == 1 and "outside the card's folder" in failed(out, "evidence/evaluation-entry")


def test_artifact_must_be_listed_and_pinned(folder: Path) -> None:
    (folder / "other.onnx").write_bytes((folder / "model.onnx").read_bytes())
    entry = ENTRY.replace("model.onnx", "other.onnx")
    code, out = evaluate(str(eval_card(folder, "model.onnx", metric(0.9), entry)))
    assert code == 1 and "not one of the card's artifacts" in out


def test_malformed_entries_are_findings(folder: Path) -> None:
    for entry, expected in (
        ("- artifact: model.onnx", "needs data"),
        ("- {artifact: model.onnx, predictions: p.csv}", "either artifact"),
        ("- predictions: holdout.csv", "add group"),
        ("- 42", "not a mapping"),
        (ENTRY + "  colour: red\n", "unknown key(s) colour"),
        (ENTRY.replace("[region]", "[label]"), "clash"),
        (ENTRY.replace("[accuracy]", "[bleu]"), "cannot compute bleu"),
    ):
        code, out = evaluate(str(eval_card(folder, "model.onnx", metric(0.9), entry)))
        assert code == 1 and expected in out, (entry, out)


def test_control_characters_in_group_names_are_escaped(folder: Path) -> None:
    import pandas as pd

    frame = pd.read_csv(folder / "holdout.csv")
    frame.loc[frame["region"] == "north", "region"] = "\x1b[2Jnorth"
    frame.to_csv(folder / "holdout.csv", index=False)
    code, out = evaluate(str(eval_card(folder, "model.onnx", metric(0.9), ENTRY)))
    assert "\x1b" not in out and "\\x1b[2Jnorth" in out


def test_usage_errors_exit_2(folder: Path) -> None:
    card = eval_card(folder, "model.onnx", metric(0.9), ENTRY + ENTRY)
    code, out = evaluate(str(card), "-o", str(folder / "p.csv"))
    assert code == 2 and "exactly one runnable model entry" in out
    plain = folder / "plain.md"
    plain.write_text("---\nname: x\n---\n\n# x\n")
    code, out = evaluate(str(plain))
    assert code == 2 and "no evaluation: block" in out
    code, out = evaluate(str(folder / "missing.md"))
    assert code == 2


def test_output_never_overwrites_inputs_or_other_files(folder: Path) -> None:
    (folder / "notes.csv").write_text("id,text\n1,keep me\n")
    for output, expected in (
        ("holdout.csv", "is the entry's own input"),
        ("notes.csv", "is not a predictions file"),
        ("../elsewhere.csv", "outside the card's folder"),
    ):
        entry = ENTRY + f"  output: {output}\n"
        code, out = evaluate(str(eval_card(folder, "model.onnx", metric(0.9), entry)))
        assert code == 1 and expected in out, (output, out)
    assert (folder / "notes.csv").read_text() == "id,text\n1,keep me\n"


def test_check_evaluate_stays_inside_the_evidence_budget(folder: Path, ctx) -> None:  # type: ignore[no-untyped-def]
    from xdocs.card import load_card
    from xdocs.evidence.checks import EvidencePass

    endless_graph(folder / "model.onnx")
    card = eval_card(folder, "model.onnx", metric(0.9), ENTRY.replace("X: [", "x: ["))
    ctx.options.evaluate = True
    ctx.options.budgets = {"evidence": 4.0, "default": 15.0}
    t0 = time.monotonic()
    found = EvidencePass().run(load_card(card), ctx)
    assert time.monotonic() - t0 < 15
    assert [f.rule for f in found if f.rule.startswith("evidence/")] == [
        "evidence/evaluation-timeout"
    ]
