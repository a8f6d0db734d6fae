"""Read an evaluation data file in batches: CSV/TSV, Parquet or JSONL.

Runs inside the evaluation worker (:mod:`.worker`). Only the columns the run
needs are read (``usecols`` / Parquet column projection), one batch at a
time, so memory is a batch of those columns whatever the file's size. Row
counts for the progress bar come from Parquet metadata or a newline count
(a few milliseconds per megabyte).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

#: bytes read at a time when counting lines.
_BLOCK = 1 << 20


class DataProblem(Exception):
    """The data file cannot feed the run (message says why)."""


def count_rows(path: Path, fmt: str) -> int | None:
    """Rows in the file (an upper bound for text files), None when unknown."""
    if fmt == "parquet":
        import pyarrow.parquet as pq

        try:
            return int(pq.ParquetFile(str(path)).metadata.num_rows)
        except Exception:  # noqa: BLE001 - read_batches reports the real problem
            return None
    lines = 0
    last = b"\n"
    with path.open("rb") as fh:
        while block := fh.read(_BLOCK):
            lines += block.count(b"\n")
            last = block[-1:]
    if last != b"\n":
        lines += 1
    return max(0, lines - 1) if fmt in ("csv", "tsv") else lines


def columns_of(path: Path, fmt: str) -> list[str]:
    """The file's column names (first row / schema / first object)."""
    import pandas as pd

    if fmt == "parquet":
        import pyarrow.parquet as pq

        return [str(n) for n in pq.ParquetFile(str(path)).schema_arrow.names]
    if fmt in ("csv", "tsv"):
        sep = "\t" if fmt == "tsv" else ","
        try:
            head = pd.read_csv(path, sep=sep, nrows=0, encoding_errors="replace")
        except pd.errors.EmptyDataError:
            raise DataProblem("empty file: no header row") from None
        return [str(c) for c in head.columns]
    with path.open("r", encoding="utf-8", errors="replace") as fh:
        for _ in range(1000):
            line = fh.readline(1 << 20)
            if not line:
                break
            if line.strip():
                import json

                try:
                    obj = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise DataProblem(f"first line is not JSON: {exc.msg}") from None
                if not isinstance(obj, dict):
                    raise DataProblem("first line is not a JSON object")
                return [str(k) for k in obj]
    raise DataProblem("no data rows")


def read_batches(
    path: Path, fmt: str, columns: list[str], text_columns: list[str], batch_size: int
) -> Iterator[Any]:
    """DataFrames of ``columns`` (``text_columns`` kept as text), ``batch_size`` rows each."""
    import pandas as pd

    if fmt == "parquet":
        import pyarrow.parquet as pq

        pf = pq.ParquetFile(str(path))
        for batch in pf.iter_batches(batch_size=batch_size, columns=columns):
            yield _as_text(batch.to_pandas(), text_columns)
        return
    if fmt in ("csv", "tsv"):
        reader = pd.read_csv(
            path,
            sep="\t" if fmt == "tsv" else ",",
            usecols=columns,
            dtype={c: str for c in text_columns},
            chunksize=batch_size,
            engine="c",
            encoding_errors="replace",
        )
    else:
        reader = pd.read_json(path, lines=True, chunksize=batch_size, dtype=False)
    with reader:
        try:
            for chunk in reader:
                missing = [c for c in columns if c not in chunk.columns]
                if missing:
                    raise DataProblem(f"a row lacks column(s) {', '.join(missing)}")
                yield _as_text(chunk[columns].copy(), text_columns)
        except (pd.errors.ParserError, ValueError, UnicodeError) as exc:
            text = str(exc).strip().splitlines()
            raise DataProblem(f"bad {fmt.upper()}: {text[0][:200] if text else exc}") from None


def _as_text(frame: Any, text_columns: list[str]) -> Any:
    """Label and group columns as text ('' for a missing value), whatever the file typed."""
    for col in text_columns:
        series = frame[col]
        frame[col] = series.where(series.notna(), "").astype(str)
    return frame
