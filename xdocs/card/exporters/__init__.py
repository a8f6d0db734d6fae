"""Exporters: a ModelCard written out in another ecosystem's format.

``export_card(card, to)`` with ``to`` one of :data:`FORMATS`:

- ``hf``: a Hugging Face README (YAML front-matter with ``model-index``);
- ``mct-json``: Google Model Card Toolkit JSON, schema v0.0.2 field names;
- ``sagemaker-json``: SageMaker model card *content* JSON (what
  ``CreateModelCard --content`` takes).

Exporters read the canonical card only (metadata, sections, metrics), so any
input format exports to any output format. When the card already is in the
target format its own fields are kept and only the metrics are regenerated,
so a round trip keeps what the target format can say.
"""

from __future__ import annotations

from typing import Any

from xdocs.card.model import ModelCard

FORMATS = ("hf", "mct-json", "sagemaker-json")


class ExportError(ValueError):
    """An unknown target format (the CLI turns it into a usage error)."""


def export_card(card: ModelCard, to: str, **options: Any) -> str:
    """The text of ``card`` in format ``to``. Options: ``status`` (xdocs workflow
    status) and ``model_card_status`` (its SageMaker spelling) for sagemaker-json."""
    if to == "hf":
        from xdocs.card.exporters.hf import export_hf

        return export_hf(card)
    if to == "mct-json":
        from xdocs.card.exporters.mct import export_mct

        return export_mct(card)
    if to == "sagemaker-json":
        from xdocs.card.exporters.sagemaker import export_sagemaker

        return export_sagemaker(card, **options)
    raise ExportError(f"unknown export format {to!r}; use one of: {', '.join(FORMATS)}")
