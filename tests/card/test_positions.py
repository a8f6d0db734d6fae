"""The position service: the line of a key path in YAML or JSON, one way for everyone."""

from __future__ import annotations

import io
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from xdocs.document import Document, make_yaml
from xdocs.positions import JsonPositions, YamlPositions, node_line

_KEYS = st.text(alphabet="abcxyz_", min_size=1, max_size=6)
_SCALARS = st.one_of(st.integers(-5, 5), st.text("ab c:", max_size=5), st.booleans(), st.none())
_TREES = st.recursive(
    _SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(_KEYS, children, max_size=3)
    ),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    out = []
    if isinstance(value, dict):
        for k, v in value.items():
            out.append((*prefix, k))
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out.append((*prefix, i))
            out += _paths(v, (*prefix, i))
    return out


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(_KEYS, _TREES, min_size=1, max_size=4), st.sampled_from([None, 2, 4]))
def test_json_positions_agree_with_the_round_trip_parser(data: dict, indent: int | None) -> None:
    """JSON is YAML: ruamel's recorded positions are the reference."""
    text = json.dumps(data, indent=indent)
    parsed = make_yaml().load(io.StringIO(text))
    positions = JsonPositions(text)
    for path in _paths(data):
        expected = node_line(parsed, path)
        assert positions.line(path) == expected, (path, text)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(_KEYS, _TREES, min_size=1, max_size=4))
def test_yaml_positions_agree_with_the_round_trip_parser(data: dict) -> None:
    buf = io.StringIO()
    make_yaml().dump(data, buf)
    lines = buf.getvalue().split("\n")
    parsed = make_yaml().load(buf.getvalue())
    positions = YamlPositions(lines, 10, lambda: parsed)
    for path in _paths(data):
        expected = node_line(parsed, path, 10)
        got = positions.line(path)
        # block YAML: the index and the parser agree; a dash line holds its item's first key
        assert got == expected or (isinstance(path[-1], int) and got == expected - 1), path


def test_nearest_falls_back_to_an_ancestor_then_the_first_line() -> None:
    text = '{\n  "a": {\n    "b": [1, 2]\n  }\n}\n'
    positions = JsonPositions(text, first_line=1)
    assert positions.line(("a",)) == 2
    assert positions.line(("a", "b")) == 3
    assert positions.nearest(("a", "b", 7)) == 3
    assert positions.nearest(("zzz",)) == 1


def test_json_positions_tolerate_broken_text() -> None:
    positions = JsonPositions('{"a": 1,\n "b": [\n')
    assert positions.line(("a",)) == 1 and positions.line(("b",)) == 2


def test_document_positions_follow_the_front_matter_wherever_it_starts() -> None:
    doc = Document.from_text("\n\n---\nname: x\nmodel-index:\n- name: m\n  results: []\n---\n# T\n")
    assert doc.key_line("name") == 4
    assert doc.key_line("model-index", 0, "results") == 7
    assert doc.key_line("nothing") == doc.front_matter_start_line == 4


def test_document_positions_of_json_and_yaml_cards() -> None:
    doc = Document.from_text('{\n  "model_details": {\n    "name": "x"\n  }\n}\n', "c.json")
    assert doc.positions.line(("model_details", "name")) == 3
    doc = Document.from_text("Model_details:\n  Name: x\nIntended_use: y\n", "c.yaml")
    assert doc.positions.line(("Intended_use",)) == 3
    assert doc.positions.line(("Model_details", "Name")) == 2
