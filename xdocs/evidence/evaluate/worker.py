"""The evaluation worker: ``python -m xdocs.evidence.evaluate.worker``.

A separate process so the parent can stop it (a time budget that really
stops the work: a native call into ONNX Runtime cannot be interrupted from
Python), cap its memory (``RLIMIT_AS``), and survive whatever a hostile model
does (a crash in a native library ends the worker, not xdocs). It runs in an
empty temporary folder, with one thread by default.

Protocol: the job arrives as one JSON object on stdin; the worker answers
with JSON lines on stdout (``start`` with the row count, ``progress``, then
``done`` or ``error``). Nothing else is written to stdout: libraries that
print are sent to stderr. The predictions go to ``job["out"]`` as a CSV of
``label,prediction[,score],<group columns>``, written batch by batch.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any, TextIO

#: seconds between progress messages.
PROGRESS_EVERY = 0.2


def _limit_memory(megabytes: int | None) -> None:
    if not megabytes:
        return
    try:
        import resource

        limit = int(megabytes) * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # pragma: no cover - not POSIX
        pass


def _emit(stream: TextIO, event: str, **data: Any) -> None:
    stream.write(json.dumps({"event": event, **data}) + "\n")
    stream.flush()


def run(job: dict[str, Any], channel: TextIO) -> None:
    """Run one job, reporting on ``channel``. Never raises."""
    from xdocs.evidence.evaluate.datafiles import DataProblem
    from xdocs.evidence.evaluate.models import ModelProblem

    try:
        _run(job, channel)
    except ModelProblem as exc:
        _emit(channel, "error", kind=exc.kind, message=exc.message)
    except DataProblem as exc:
        _emit(channel, "error", kind="data", message=str(exc))
    except MemoryError:
        _emit(
            channel,
            "error",
            kind="memory",
            message=f"out of memory (the worker may use {job.get('max_memory_mb')} MB)",
        )
    except Exception as exc:  # noqa: BLE001 - report, never a traceback
        text = str(exc).strip().splitlines()
        _emit(
            channel,
            "error",
            kind="run",
            message=f"{type(exc).__name__}: {text[0][:300] if text else ''}",
        )


def _run(job: dict[str, Any], channel: TextIO) -> None:
    from xdocs.evidence.evaluate.datafiles import (
        DataProblem,
        columns_of,
        count_rows,
        read_batches,
    )
    from xdocs.evidence.evaluate.models import load_model

    started = time.perf_counter()
    data, fmt = Path(job["data"]), job["data_format"]
    total = count_rows(data, fmt)
    _emit(channel, "start", total=total)
    model = load_model(Path(job["model"]), job["model_format"], job)
    label, groups = job["label"], list(job.get("groups") or [])
    features = model.columns()
    present = set(columns_of(data, fmt))
    needed = list(dict.fromkeys([*features, label, *groups]))
    missing = [c for c in needed if c not in present]
    if missing:
        shown = ", ".join(sorted(present)[:20]) or "none"
        raise DataProblem(f"the data has no column(s) {', '.join(missing)}; found: {shown}")
    max_rows = int(job["max_rows"])
    rows = 0
    inference = 0.0
    last = 0.0
    writer = _Writer(job["out"])
    try:
        for frame in read_batches(data, fmt, needed, [label, *groups], int(job["batch_size"])):
            if rows + len(frame) > max_rows:
                raise DataProblem(
                    f"more than {max_rows:,} rows (the evidence.max_rows limit): "
                    "no metric is judged on a sample"
                )
            t0 = time.perf_counter()
            pred, score = model.predict(frame)
            inference += time.perf_counter() - t0
            writer.write(frame, label, groups, pred, score)
            rows += len(frame)
            now = time.perf_counter()
            if now - last >= PROGRESS_EVERY:
                _emit(channel, "progress", rows=rows)
                last = now
    finally:
        writer.close()
    if rows == 0:
        raise DataProblem("no data rows")
    peak = None
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    except ImportError:  # pragma: no cover
        pass
    _emit(
        channel,
        "done",
        rows=rows,
        task=model.task,
        seconds=time.perf_counter() - started,
        inference_seconds=inference,
        peak_kib=peak,
    )


class _Writer:
    """The predictions CSV, one batch at a time, through Arrow's C++ CSV writer."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.writer: Any = None

    def write(self, frame: Any, label: str, groups: list[str], pred: Any, score: Any) -> None:
        import numpy as np
        import pyarrow as pa
        import pyarrow.csv as pacsv

        cols: dict[str, Any] = {
            "label": pa.array(frame[label].to_numpy(dtype=object), pa.string()),
            "prediction": _arrow(np.asarray(pred)),
        }
        if score is not None:
            cols["score"] = pa.array(np.asarray(score, dtype=np.float64))
        for g in groups:
            cols[g] = pa.array(frame[g].to_numpy(dtype=object), pa.string())
        table = pa.table(cols)
        if self.writer is None:
            options = pacsv.WriteOptions(quoting_style="needed")
            self.writer = pacsv.CSVWriter(self.path, table.schema, write_options=options)
        self.writer.write_table(table)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        else:
            open(self.path, "w").close()  # noqa: SIM115 - an empty file: no rows


def _arrow(values: Any) -> Any:
    import pyarrow as pa

    if values.dtype.kind in "OUS":
        return pa.array([str(v) for v in values.tolist()], pa.string())
    if values.dtype.kind == "b":
        return pa.array(values.astype("int64"))
    return pa.array(values)


def main() -> int:
    channel = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints go to stderr
    sys.stdout = sys.stderr
    try:
        job = json.loads(sys.stdin.read(1 << 20))
    except (ValueError, OSError) as exc:
        _emit(channel, "error", kind="internal", message=f"bad job: {exc}")
        return 2
    _limit_memory(job.get("max_memory_mb"))
    run(job, channel)
    return 0


if __name__ == "__main__":
    sys.exit(main())
