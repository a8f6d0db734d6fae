"""Read predictions files (CSV or JSONL) in bounded memory.

Columns: ``label``, ``prediction``, optionally ``score`` (for ranking metrics)
and ``slice``, and any *group* columns the caller names (the bias audit's
sensitive or slice columns, stored as category codes like ``slice``). Rows
are streamed and stored compactly (labels and predictions as both a float
and a category code, scores as floats: about 25 bytes a row), and reading
stops after ``max_rows`` rows so that a 10-million-row (or endless) file
costs a bounded amount of memory and time: the caller reports
that the file was too large instead of silently judging on a sample. Every
problem (missing columns, non-numeric values, an over-long line, broken JSON)
becomes a :class:`ReadProblem` with the file line where it was met.


One module although it is over 400 lines: the CSV and JSONL batch readers share the
compact column store and the row bound, which must stay identical for both formats.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

DEFAULT_MAX_ROWS = 1_000_000
#: longest line (bytes) accepted in a JSONL file, and longest CSV field.
MAX_LINE_BYTES = 1024 * 1024
#: distinct labels kept as categories; more than this is not a classification task.
MAX_CATEGORIES = 100_000
COLUMNS = ("label", "prediction", "score", "slice")


@dataclass
class ReadProblem:
    kind: str  # missing-columns, non-numeric, too-large, unreadable, empty
    message: str
    line: int | None = None


class _Codes(dict):
    """raw value → category code; "1", " 1", "1.0", 1 and True share one code."""

    def __init__(self, vocab: dict[str, int]) -> None:
        super().__init__()
        self.vocab = vocab
        self.overflow = False

    def __missing__(self, raw: Any) -> int:
        text = _norm(raw)
        code = self.vocab.get(text)
        if code is None:
            if len(self.vocab) >= MAX_CATEGORIES:
                self.overflow = True
                code = -1
            else:
                code = self.vocab[text] = len(self.vocab)
        self[raw] = code
        return code


def _norm(raw: Any) -> str:
    if isinstance(raw, bool):
        return "1" if raw else "0"
    if raw is None:
        return ""
    text = str(raw).strip()
    try:
        number = float(text)
    except ValueError:
        return text
    if math.isfinite(number) and number.is_integer():
        return str(int(number))
    return text


def _jsonable(value: Any) -> Any:
    """A JSONL cell as a hashable scalar: booleans count as 0/1, containers as text."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (dict, list)):
        return str(value)
    return value


class _Column:
    """One column, buffered in chunks and stored as floats (NaN = not a number)
    and, unless ``numeric_only``, category codes."""

    def __init__(self, name: str, vocab: dict[str, int] | None) -> None:
        self.name = name
        self.floats: list[np.ndarray] = []
        self.codes: list[np.ndarray] = []
        self.lookup = _Codes(vocab) if vocab is not None else None
        self.first_non_numeric: tuple[int, str] | None = None

    @property
    def overflow(self) -> bool:
        return bool(self.lookup and self.lookup.overflow)

    def add_batch(self, buf: Any, lines: list[int]) -> None:
        """Add one chunk (a list or a pandas Series) without per-value Python work:
        numbers come from the parser's own column types; a text column is
        factorized and only its distinct values are converted."""
        import pandas as pd

        series = buf if isinstance(buf, pd.Series) else pd.Series(list(buf), dtype=object)
        series = series.reset_index(drop=True)
        n = len(series)
        if not n:
            return
        if series.dtype == object:  # JSONL: True/False are numbers, containers are text
            series = series.map(_jsonable)
        if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(
            series.dtype
        ):
            floats = series.to_numpy(dtype=np.float64, na_value=np.nan, copy=True)
            codes, uniques = (None, None) if self.lookup is None else pd.factorize(series)
        else:
            codes, uniques = pd.factorize(series, use_na_sentinel=False)
            numbers = pd.to_numeric(pd.Series(uniques, dtype=object), errors="coerce")
            floats = numbers.to_numpy(dtype=np.float64, na_value=np.nan)[codes]
        bad = ~np.isfinite(floats)
        if bad.any():
            floats[bad] = np.nan
            if self.first_non_numeric is None:
                i = int(np.argmax(bad))
                self.first_non_numeric = (lines[i], str(series.iloc[i])[:40])
        self.floats.append(floats)
        if self.lookup is not None and codes is not None and uniques is not None:
            mapping = np.fromiter(
                (self.lookup[u] for u in uniques), dtype=np.int32, count=len(uniques)
            )
            self.codes.append(mapping[codes] if len(uniques) else np.zeros(n, np.int32))

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        floats = np.concatenate(self.floats) if self.floats else np.zeros(0)
        codes = np.concatenate(self.codes) if self.codes else np.zeros(0, dtype=np.int32)
        return floats, codes


@dataclass
class Predictions:
    """A predictions file, read. Arrays are numpy views on compact storage."""

    path: str
    rows: int = 0
    columns: tuple[str, ...] = ()
    problems: list[ReadProblem] = field(default_factory=list)
    #: category name → code, shared by label and prediction (so "cat" means one thing).
    vocab: dict[str, int] = field(default_factory=dict)
    slice_vocab: dict[str, int] = field(default_factory=dict)
    label: np.ndarray | None = None  # float64, NaN where not numeric
    prediction: np.ndarray | None = None
    label_code: np.ndarray | None = None  # int32 category codes
    prediction_code: np.ndarray | None = None
    score: np.ndarray | None = None
    slice_code: np.ndarray | None = None
    non_numeric: dict[str, tuple[int, str]] = field(default_factory=dict)
    truncated: bool = False
    #: group column → (int32 codes, value → code), for the columns asked for.
    groups: dict[str, tuple[np.ndarray, dict[str, int]]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(p.kind in {"unreadable", "empty", "too-large"} for p in self.problems)

    def slice_mask(self, name: str | None) -> np.ndarray | None:
        """Boolean row mask of one slice (None: the whole file)."""
        if name is None or self.slice_code is None:
            return None
        code = self.slice_vocab.get(str(name).strip())
        if code is None:
            return np.zeros(self.rows, dtype=bool)
        return self.slice_code == code

    def group(self, name: str) -> tuple[np.ndarray, dict[str, int]] | None:
        """(codes, value → code) of a group column read with ``groups=`` (``slice``,
        ``label`` and ``prediction`` also work as groups); None when not read."""
        key = str(name).strip().lower()
        if key in self.groups:
            return self.groups[key]
        standard = {
            "slice": (self.slice_code, self.slice_vocab),
            "label": (self.label_code, self.vocab),
            "prediction": (self.prediction_code, self.vocab),
        }
        codes, vocab = standard.get(key, (None, None))
        return (codes, vocab) if codes is not None and vocab is not None else None


BATCH = 65_536


def read_predictions(
    path: Path, max_rows: int = DEFAULT_MAX_ROWS, groups: Iterable[str] = ()
) -> Predictions:
    """Read a CSV (``.csv``/``.tsv``) or JSONL (``.jsonl``/``.ndjson``) predictions file.
    ``groups``: extra columns to keep as category codes (a missing one is a problem)."""
    result = Predictions(str(path))
    wanted = _wanted(groups)
    try:
        with path.open("r", encoding="utf-8", errors="replace", newline="") as fh:
            if path.suffix.lower() in {".jsonl", ".ndjson"}:
                batches: Iterator[_Batch] = _jsonl_batches(fh, result, max_rows, wanted)
            else:
                delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
                batches = _csv_batches(fh, delimiter, result, max_rows, wanted)
            _collect(batches, result, max_rows, wanted[len(COLUMNS) :])
    except OSError as exc:
        result.problems.append(ReadProblem("unreadable", f"cannot read: {exc.strerror or exc}"))
    return result


def read_predictions_lines(
    lines: Iterable[str], name: str = "<memory>", max_rows: int = DEFAULT_MAX_ROWS
) -> Predictions:
    """Read CSV text from any iterable of lines (lazy generators included)."""
    result = Predictions(name)
    _collect(_csv_batches(_LineReader(lines), ",", result, max_rows), result, max_rows)
    return result


def _wanted(groups: Iterable[str]) -> tuple[str, ...]:
    """The standard columns, then the group columns (lower case, deduplicated)."""
    extra = [str(g).strip().lower() for g in groups]
    return COLUMNS + tuple(dict.fromkeys(g for g in extra if g and g not in COLUMNS))


class _LineReader:
    """A file-like ``read(n)`` over an iterable of lines, holding at most one line extra."""

    def __init__(self, lines: Iterable[str]) -> None:
        self._it = iter(lines)
        self._buf = ""

    def read(self, size: int = -1) -> str:
        parts = [self._buf]
        have = len(self._buf)
        while size < 0 or have < size:
            try:
                line = next(self._it)
            except StopIteration:
                break
            parts.append(line)
            have += len(line)
        text = "".join(parts)
        if size < 0:
            self._buf = ""
            return text
        self._buf = text[size:]
        return text[:size]

    def __iter__(self) -> Iterator[str]:  # pandas checks for it
        return iter(self.read().splitlines(keepends=True))


@dataclass
class _Batch:
    """Up to BATCH rows: column name → values, and the file line of each row."""

    columns: dict[str, Any]  # lists (JSONL) or pandas Series (CSV)
    lines: list[int]


def _csv_batches(
    fh: Any, delimiter: str, result: Predictions, max_rows: int, wanted: tuple[str, ...] = COLUMNS
) -> Iterator[_Batch]:
    """CSV through pandas' C parser in chunks (15x faster than the csv module here)."""
    import pandas as pd

    try:
        reader = pd.read_csv(
            fh,
            sep=delimiter,
            keep_default_na=False,
            chunksize=BATCH,
            nrows=max_rows + 1,
            engine="c",
            encoding_errors="replace",
        )
    except pd.errors.EmptyDataError:
        result.problems.append(ReadProblem("empty", "empty file: no header row", 1))
        return
    except (pd.errors.ParserError, ValueError, UnicodeError, OSError) as exc:
        result.problems.append(ReadProblem("unreadable", f"bad CSV: {_short(exc)}", 1))
        return
    with reader:
        seen = 0
        original: dict[str, str] = {}
        try:
            for chunk in reader:
                if not original:
                    names = [str(c).strip().lower().lstrip("\ufeff") for c in chunk.columns]
                    result.columns = tuple(names)
                    original = dict(zip(names, chunk.columns, strict=True))
                lines = list(range(seen + 2, seen + 2 + len(chunk)))
                seen += len(chunk)
                cols = {n: chunk[original[n]] for n in wanted if n in original}
                yield _Batch(cols, lines)
        except (pd.errors.ParserError, ValueError, UnicodeError, OSError) as exc:
            result.problems.append(ReadProblem("unreadable", f"bad CSV: {_short(exc)}"))
            return


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def _jsonl_batches(
    fh: Any, result: Predictions, max_rows: int, wanted: tuple[str, ...] = COLUMNS
) -> Iterator[_Batch]:
    line_no = 0
    objs: list[dict[str, Any]] = []
    lines: list[int] = []
    total = 0
    while True:
        text = fh.readline(MAX_LINE_BYTES + 1)
        if not text:
            break
        line_no += 1
        if len(text) > MAX_LINE_BYTES:
            result.problems.append(
                ReadProblem(
                    "unreadable", f"line longer than {MAX_LINE_BYTES:,} characters", line_no
                )
            )
            return
        if not text.strip():
            continue
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            result.problems.append(ReadProblem("unreadable", f"not JSON: {exc.msg}", line_no))
            return
        if not isinstance(obj, dict):
            result.problems.append(ReadProblem("unreadable", "line is not a JSON object", line_no))
            return
        obj = {str(k).lower(): v for k, v in obj.items()}
        if not result.columns:
            result.columns = tuple(obj)
        objs.append(obj)
        lines.append(line_no)
        total += 1
        if len(objs) >= BATCH or total > max_rows:
            yield _Batch({c: [o.get(c) for o in objs] for c in wanted}, lines)
            objs, lines = [], []
            if total > max_rows:
                return
    if objs:
        yield _Batch({c: [o.get(c) for o in objs] for c in wanted}, lines)


def _missing_message(missing: list[str], columns: tuple[str, ...]) -> str:
    """Which columns are missing, naming only the known columns found: the header of a
    file that is not a predictions file (a ``.env``, a config) is never echoed."""
    known = [c for c in columns if c in COLUMNS]
    others = len(columns) - len(known)
    found = ", ".join(known) or "none of label, prediction, score, slice"
    if others:
        found += f" (and {others} other column{'s' if others > 1 else ''}, not shown)"
    return f"missing column(s) {', '.join(missing)}; found: {found}"


def _collect(
    batches: Iterator[_Batch], result: Predictions, max_rows: int, groups: tuple[str, ...] = ()
) -> None:
    cols: dict[str, _Column] = {}
    group_vocabs: dict[str, dict[str, int]] = {}
    n = 0
    for batch in batches:
        if not cols:
            present = set(result.columns)
            missing = [c for c in ("label", "prediction") if c not in present]
            absent = [g for g in groups if g not in present]
            if absent:
                others = len(result.columns)
                result.problems.append(
                    ReadProblem(
                        "missing-columns",
                        f"missing group column(s) {', '.join(absent)} "
                        f"(the file has {others} other column{'s' if others != 1 else ''})",
                        1,
                    )
                )
                return
            if missing and not ("label" in present and "score" in present):
                result.problems.append(
                    ReadProblem("missing-columns", _missing_message(missing, result.columns), 1)
                )
                return
            for name in ("label", "prediction"):
                if name in present:
                    cols[name] = _Column(name, result.vocab)
            if "score" in present:
                cols["score"] = _Column("score", None)
            if "slice" in present:
                cols["slice"] = _Column("slice", result.slice_vocab)
            for g in groups:
                cols[g] = _Column(g, group_vocabs.setdefault(g, {}))
        take = len(batch.lines)
        if n + take > max_rows:
            take = max_rows - n
            result.truncated = True
            result.problems.append(
                ReadProblem(
                    "too-large",
                    f"more than {max_rows:,} rows (the evidence.max_rows limit); reading stopped "
                    "there, so no metric was recomputed",
                    batch.lines[take],
                )
            )
        for name, col in cols.items():
            col.add_batch(batch.columns[name][:take], batch.lines[:take])
        n += take
        if result.truncated:
            break
    result.rows = n
    if n == 0 and not result.problems:
        result.problems.append(ReadProblem("empty", "no data rows", 1))
    for name, col in cols.items():
        floats, codes = col.arrays()
        if name in group_vocabs:
            result.groups[name] = (codes, group_vocabs[name])
            continue
        if name == "slice":
            result.slice_code = codes
            continue
        if name == "score":
            result.score = floats
        else:
            setattr(result, name, floats)
            setattr(result, f"{name}_code", codes)
        if col.first_non_numeric:
            result.non_numeric[name] = col.first_non_numeric
        if col.overflow:
            result.problems.append(
                ReadProblem("unreadable", f"column {name} has more than {MAX_CATEGORIES:,} values")
            )
