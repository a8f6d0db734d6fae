"""The trained section classifier, applied from plain JSON.

Training uses scikit-learn (``xdocs/card/classify/train.py``): one logistic
regression over (block, section) pairs described by the features of
:mod:`xdocs.card.classify.features`. Applying it needs no scikit-learn: a
logistic regression is a weighted sum and a sigmoid, so the parameters are
stored as JSON (never pickle: a model file must not be able to run code) and
scored here in pure Python. Loading takes a few milliseconds, once per process.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property, lru_cache
from operator import add
from pathlib import Path
from typing import Any

from xdocs.config import ConfigError

MODEL_FILE = Path(__file__).with_name("section_model.json")
FORMAT = "xdocs-section-classifier/3"


class ModelFileError(ConfigError):
    """The parameters file is missing, not JSON or not of the expected shape."""

    def __init__(self, message: str, path: str | Path = MODEL_FILE) -> None:
        super().__init__(str(path), message)


@dataclass(frozen=True, eq=False)
class LinearModel:
    """A logistic regression over (block, section) pairs.

    Each block feature ``f`` enters the score of section ``s`` twice: through a
    weight of its own for that section (``"s|f"``: the word "bias" means
    ethical considerations) and, for the relational features of
    :func:`xdocs.card.classify.features.pair_features`, through weights shared
    by all sections (``"self:hid"``: the block's heading names the section being
    scored). Sharing lets sections with few examples (out-of-scope use) learn
    from the others that a heading naming them is evidence.
    """

    sections: tuple[str, ...]
    #: per section, the probability a block needs to count when no heading, label or
    #: table header around it names the section…
    thresholds: tuple[float, ...]
    #: feature name → weight (features never seen in training weigh nothing)
    weights: dict[str, float]
    meta: dict[str, Any]
    #: …and when one does (the heading is evidence: less is needed, but not nothing)
    named_thresholds: tuple[float, ...] = ()
    #: the same regression fitted on what blocks say only, without where they sit
    #: (:func:`~xdocs.card.classify.features.content_view`); None in a content model
    content: LinearModel | None = None

    def content_probabilities(self, block_feats: dict[str, float]) -> dict[str, float]:
        """P(s) judged on the block's own words and shape alone (the substance)."""
        from xdocs.card.classify.features import content_view

        if self.content is None:
            raise ModelFileError("this section model has no content model")
        return self.content.probabilities(content_view(block_feats))

    def probabilities(self, block_feats: dict[str, float]) -> dict[str, float]:
        """P(the block says something of substance about section s), for every s.

        The same sum as over :func:`~xdocs.card.classify.features.pair_features`,
        computed from per-feature rows so a block costs one lookup per feature.
        """
        from xdocs.card.classify.features import relational_features, summarize

        rows, shared = self._index
        z = list(rows.get("bias", self._zeros))
        for name, value in block_feats.items():
            row = rows.get(name)
            if row is not None:
                z = (
                    list(map(add, z, row))
                    if value == 1.0
                    else [a + b * value for a, b in zip(z, row, strict=True)]
                )
        out: dict[str, float] = {}
        summary = summarize(block_feats)
        for i, sid in enumerate(self.sections):
            total = z[i]
            for name in relational_features(block_feats, sid, summary):
                total += shared.get(name, 0.0)  # relational features are all 1.0
            out[sid] = 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, total))))
        return out

    @cached_property
    def _zeros(self) -> tuple[float, ...]:
        return (0.0,) * len(self.sections)

    @cached_property
    def _index(self) -> tuple[dict[str, tuple[float, ...]], dict[str, float]]:
        """(block feature → weights per section, shared relational weights)."""
        pos = {sid: i for i, sid in enumerate(self.sections)}
        rows: dict[str, list[float]] = {}
        shared: dict[str, float] = {}
        for key, w in self.weights.items():
            sid, sep, name = key.partition("|")
            if sep and sid in pos:
                rows.setdefault(name, [0.0] * len(self.sections))[pos[sid]] = w
            else:
                shared[key] = w
        return {k: tuple(v) for k, v in rows.items()}, shared

    def threshold(self, section_id: str, named: bool = False) -> float:
        i = self.sections.index(section_id)
        if named and self.named_thresholds:
            return self.named_thresholds[i]
        return self.thresholds[i]

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "format": FORMAT,
            "sections": list(self.sections),
            "thresholds": [round(x, 4) for x in self.thresholds],
            "named_thresholds": [round(x, 4) for x in self.named_thresholds or self.thresholds],
            "meta": self.meta,
            "weights": {name: round(w, 5) for name, w in sorted(self.weights.items())},
        }
        if self.content is not None:
            data["content_weights"] = {
                name: round(w, 5) for name, w in sorted(self.content.weights.items())
            }
        return data

    @classmethod
    def from_json(cls, data: Any) -> LinearModel:
        try:
            if data.get("format") != FORMAT:
                raise ModelFileError(f"expected format {FORMAT!r}, got {data.get('format')!r}")
            sections = tuple(str(s) for s in data["sections"])
            thresholds = tuple(float(x) for x in data["thresholds"])
            named = tuple(float(x) for x in data.get("named_thresholds") or thresholds)
            weights = {str(k): float(v) for k, v in data["weights"].items()}
            content_raw = data.get("content_weights")
            content_weights = (
                {str(k): float(v) for k, v in content_raw.items()} if content_raw else None
            )
        except ModelFileError:
            raise
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise ModelFileError(f"malformed section model: {exc}") from None
        if len(thresholds) != len(sections) or len(named) != len(sections):
            raise ModelFileError("malformed section model: one threshold per section")
        content = (
            cls(sections, thresholds, content_weights, {}, named)
            if content_weights is not None
            else None
        )
        return cls(sections, thresholds, weights, dict(data.get("meta") or {}), named, content)


@lru_cache(maxsize=2)
def load_model(path: str | None = None) -> LinearModel:
    """The bundled (or given) parameters, read once per process."""
    file = Path(path) if path else MODEL_FILE
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelFileError(f"cannot read the section model: {exc}", file) from None
    try:
        return LinearModel.from_json(data)
    except ModelFileError as err:
        raise ModelFileError(err.message, file) from None


_OVERRIDE: ContextVar[LinearModel | None] = ContextVar("xdocs_section_model", default=None)


def active_model() -> LinearModel:
    """The model readers use: the bundled one, unless :func:`using_model` says otherwise."""
    return _OVERRIDE.get() or load_model()


@contextmanager
def using_model(model: LinearModel) -> Iterator[None]:
    """Read cards with another model (cross-validation while training)."""
    token = _OVERRIDE.set(model)
    try:
        yield
    finally:
        _OVERRIDE.reset(token)
