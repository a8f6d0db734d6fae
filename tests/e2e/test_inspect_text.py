"""``xdocs inspect`` text: metadata a person reads (datasets as fields, not a
Python dict); the JSON contract unchanged."""

from __future__ import annotations

import json
import string
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from xdocs.card.inspect import value_lines

from .cli_harness import run_cli

REPO = Path(__file__).resolve().parents[2]
CARD = "cards/xalura-sentiment-v1.0.md"


def test_datasets_are_readable_fields():
    run = run_cli(["inspect", CARD], REPO)
    assert run.code == 0
    lines = run.out.splitlines()
    start = lines.index("datasets:")
    assert lines[start + 1 : start + 9] == [
        "  - Xalura Review Corpus",
        "      role: training",
        "      source: s3://xalura-data/reviews/2025-06",
        "      license: internal",
        "      version: 2025-06",
        "      personal_data: no",
        "      sensitive_data: no",
        "  - Xalura Review Holdout",
    ]
    assert "owners: lena.ortiz" in lines
    assert "tags: nlp, classification, reviews" in lines
    assert not any("{'" in line or "['" in line for line in lines), run.out


def test_json_contract_is_unchanged():
    run = run_cli(["inspect", CARD, "--format", "json"], REPO)
    data = json.loads(run.out)
    assert set(data) >= {"path", "format", "title", "metadata", "sections", "unmapped"}
    first = data["metadata"]["datasets"][0]
    assert first["name"] == "Xalura Review Corpus" and first["personal_data"] is False


def test_control_characters_from_a_card_are_shown_as_escapes(tmp_path):
    card = tmp_path / "c.md"
    card.write_text('---\nname: "evil\\e[31m"\n---\n\n# T\n\n## Limitations\n\nx\n', "utf-8")
    run = run_cli(["inspect", str(card)], tmp_path)
    assert run.code == 0 and "\x1b" not in run.out and "evil\\x1b[31m" in run.out


scalars = st.one_of(
    st.booleans(), st.integers(), st.none(), st.text(string.ascii_letters + " -:", max_size=12)
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.text(string.ascii_lowercase, min_size=1, max_size=6), inner, max_size=3
        )
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(value=values)
def test_any_metadata_value_renders_without_a_python_repr(value):
    lines = value_lines("key", value)
    assert lines and lines[0].startswith("key:")
    text = "\n".join(lines)
    assert "{'" not in text and "['" not in text  # never a Python repr
    for leaf in _leaves(value):
        if isinstance(leaf, str) and leaf.strip():
            assert leaf.strip() in text


def _leaves(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from _leaves(v)
    else:
        yield value
