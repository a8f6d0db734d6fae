"""Where each canonical section lives in each structured format.

One table per format, read by its exporter (to write a section) and by its
reader (to know what a field holds), so the two cannot drift apart: a
section written to a field is read back from that field as that section.

A section a format has no field for goes to the format's own place for
extra text:

* SageMaker: ``additional_information.custom_details`` (string values,
  keys ``[a-zA-Z_][a-zA-Z0-9_]*``), one key per section id;
* Model Card Toolkit: ``model_details.documentation`` ("a thorough
  description of the model and its usage"), as Markdown with one
  ``## <section title>`` heading per section (MCT refuses unknown fields, so
  nothing can be added beside the schema's own).

What no field holds at all (dataset provenance, a metric's slice or
confidence interval in formats without them) goes into the xdocs extension
record (:mod:`xdocs.card.extension`).
"""

from __future__ import annotations

#: SageMaker: section id -> path of the string field that holds it.
SAGEMAKER_FIELDS: dict[str, tuple[str, ...]] = {
    "overview": ("model_overview", "model_description"),
    "intended_use": ("intended_uses", "purpose_of_model"),
    "limitations": ("intended_uses", "factors_affecting_model_efficiency"),
    "ethical_considerations": ("additional_information", "ethical_considerations"),
    "training_procedure": ("training_details", "training_observations"),
}
#: SageMaker's extension map (the ``custom_details`` object of strings).
SAGEMAKER_CUSTOM: tuple[str, ...] = ("additional_information", "custom_details")
#: the evaluation section: each ``evaluation_details`` entry's observation.
SAGEMAKER_EVALUATION_FIELD = "evaluation_observation"
#: ``custom_details`` keys that hold data, not a section's text.
SAGEMAKER_DATA_KEYS = frozenset(
    {"license", "version", "model_card_status", "xdocs_status", "xdocs_extension"}
)
#: ``custom_details`` key of the licence section's own text (``license`` is the licence id).
LICENSE_TEXT_KEY = "license_text"
#: ``custom_details`` key of the xdocs extension record (JSON text).
SAGEMAKER_EXTENSION_KEY = "xdocs_extension"

#: Model Card Toolkit: section id -> path of the list of entries that holds it,
#: and the key of each entry's text.
MCT_FIELDS: dict[str, tuple[tuple[str, ...], str]] = {
    "intended_use": (("considerations", "use_cases"), "description"),
    "limitations": (("considerations", "limitations"), "description"),
    "ethical_considerations": (("considerations", "ethical_considerations"), "name"),
    "citation": (("model_details", "citations"), "citation"),
}
MCT_OVERVIEW: tuple[str, ...] = ("model_details", "overview")
MCT_DOCUMENTATION: tuple[str, ...] = ("model_details", "documentation")
#: heading of the fenced block at the end of ``documentation`` holding the extension.
MCT_EXTENSION_HEADING = "xdocs extension data"

#: Hugging Face README: the front-matter key holding the extension record.
HF_EXTENSION_KEY = "xdocs"


def custom_key(section_id: str) -> str:
    """The ``custom_details`` key of a section SageMaker has no field for."""
    return LICENSE_TEXT_KEY if section_id == "license" else section_id
