"""The section classifier: its parameters file, its labels and its invariants.

The model is plain JSON read by a few lines of Python (no pickle, no scikit-learn at
run time); the labels it learns from are checked for shape here and against the cards
they name in the ``corpus`` tests; hypothesis checks the block cutting and the
judgement on arbitrary card-shaped text.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xdocs.card import SectionStatus, load_card_from_document
from xdocs.card.canonical import section_map
from xdocs.card.classify.blocks import split_blocks
from xdocs.card.classify.features import content_view, pair_features
from xdocs.card.classify.judge import card_blocks
from xdocs.card.classify.labels import LABEL_DIR, LABELLED_IDS, LabelError, read_label, read_labels
from xdocs.card.classify.linear import MODEL_FILE, ModelFileError, load_model
from xdocs.card.sections import markdown_segments
from xdocs.config import ConfigError
from xdocs.document import Document

from .test_properties import card_text


# -- the parameters file -----------------------------------------------------------------
def test_bundled_model_is_plain_json_with_both_models() -> None:
    raw = MODEL_FILE.read_bytes()
    assert not raw.startswith(b"\x80")  # not a pickle
    data = json.loads(raw)
    assert data["format"] == "xdocs-section-classifier/3"
    assert tuple(data["sections"]) == LABELLED_IDS
    assert all(isinstance(w, float | int) for w in data["weights"].values())
    assert all(isinstance(w, float | int) for w in data["content_weights"].values())
    assert all(0 < t < 1 for t in data["thresholds"] + data["named_thresholds"])
    meta = data["meta"]
    assert meta["thresholds"] == "5-fold cross-validation on the train split"
    assert all(name.startswith(("cards/", "hf-sample/")) for name in meta["trained_on"])
    model = load_model()
    assert model.content is not None


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "cannot read the section model"),
        ('{"format": "pickle"}', "expected format"),
        ('{"format": "xdocs-section-classifier/3", "sections": ["a"]}', "malformed"),
        (
            '{"format": "xdocs-section-classifier/3", "sections": ["a", "b"], '
            '"thresholds": [0.5], "weights": {}}',
            "one threshold per section",
        ),
    ],
)
def test_malformed_model_files_are_refused_with_a_reason(
    tmp_path: Path, content: str, message: str
) -> None:
    path = tmp_path / "model.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ModelFileError) as err:
        load_model(str(path))
    assert message in str(err.value)
    assert isinstance(err.value, ConfigError)  # commands report it as exit 2


def test_missing_model_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="cannot read the section model"):
        load_model(str(tmp_path / "absent.json"))


def _some_blocks():
    text = (
        "# Review model\n\nA DistilBERT review classifier.\n\n## Intended uses & limitations\n\n"
        "Rank reviews; it misreads sarcasm.\n\n- **License:** MIT\n\n| metric | value |\n"
        "|---|---|\n| accuracy | 0.91 |\n\n```python\nfrom transformers import pipeline\n```\n"
    )
    doc = Document.from_text(text, "c.md")
    segments, title = markdown_segments(doc, section_map())
    return card_blocks(doc, segments, title, section_map())


def test_scoring_is_the_trained_sum_over_pair_features() -> None:
    """The fast per-feature rows give exactly the regression trained on
    (block, section) pairs, for both models."""
    model = load_model()
    for block in _some_blocks():
        fast = model.probabilities(block.features)
        fast_content = model.content_probabilities(block.features)
        for sid in model.sections:
            z = sum(
                model.weights.get(k, 0.0) * v for k, v in pair_features(block.features, sid).items()
            )
            assert fast[sid] == pytest.approx(1 / (1 + math.exp(-z)), abs=1e-9)
            view = content_view(block.features)
            zc = sum(
                model.content.weights.get(k, 0.0) * v for k, v in pair_features(view, sid).items()
            )
            assert fast_content[sid] == pytest.approx(1 / (1 + math.exp(-zc)), abs=1e-9)


def test_content_view_drops_position_only() -> None:
    feats = {
        "hid:limitations": 1.0,
        "h:limit": 1.0,
        "top": 1.0,
        "w:sarcasm": 1.0,
        "il:license": 1.0,
    }
    assert content_view(feats) == {"w:sarcasm": 1.0, "il:license": 1.0}


# -- the labels ---------------------------------------------------------------------------
def test_label_files_are_well_formed() -> None:
    labels = read_labels()
    assert len(labels) >= 40
    assert {lab.split for lab in labels} <= {"train", "heldout"}
    names = [lab.card for lab in labels]
    assert len(names) == len(set(names)), "a card is labelled twice"
    for lab in labels:
        assert set(lab.sections) == set(LABELLED_IDS), lab.path
        assert lab.card.startswith(("cards/", "hf-sample/")), lab.path
        assert Path(lab.card).stem == lab.path.stem, lab.path
        for sid, sec in lab.sections.items():
            if sec.status == "present":
                assert sec.lines, (lab.path, sid)


def test_a_bad_label_file_names_its_problem(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text("card: cards/x.md\nsplit: train\nsections: {overview: {status: maybe}}\n")
    with pytest.raises(LabelError, match="overview: needs a status"):
        read_label(path)


@pytest.mark.corpus
def test_labels_point_into_the_cards_they_name(shared_dir: Path) -> None:
    corpus = shared_dir / "corpus"
    for lab in read_labels():
        path = lab.card_path(corpus)
        assert path.is_file(), lab.card
        n = Document.from_path(path).line_count
        for sid, sec in lab.sections.items():
            assert all(1 <= line <= n for line in sec.lines), (lab.card, sid)


@pytest.mark.corpus
def test_bundled_model_is_what_the_labels_train(shared_dir: Path) -> None:
    """Reproducible: refitting on the train split's labels gives the bundled weights
    (and the model was refitted after the last label change)."""
    pytest.importorskip("sklearn")
    from xdocs.card.classify.train import _labels_digest, fit_both

    model = load_model()
    train = read_labels(split="train")
    assert model.meta["labels_sha256"] == _labels_digest(train), "labels changed: retrain"
    refit = fit_both(train, shared_dir / "corpus", model.meta["C"])
    for mine, theirs in ((refit, model), (refit.content, model.content)):
        assert set(mine.weights) == set(theirs.weights)
        assert max(abs(mine.weights[k] - theirs.weights[k]) for k in mine.weights) < 1e-4


@pytest.mark.corpus
def test_cross_validation_measures_and_writes_nothing(
    shared_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`train --cv` fits both models per fold (the judge needs the content model) and
    only measures: the bundled model is written by --tune or a bare run, never by --cv."""
    pytest.importorskip("sklearn")
    from xdocs.card.classify.train import main

    out = tmp_path / "model.json"
    assert main(["--cv", "--corpus", str(shared_dir / "corpus"), "--out", str(out)]) == 0
    assert "cv (train split, " in capsys.readouterr().out
    assert not out.exists()


def test_label_folder_is_the_bundled_default() -> None:
    assert Path(__file__).resolve().parent / "labels" == LABEL_DIR


# -- invariants on arbitrary cards -------------------------------------------------------
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(card_text())
def test_blocks_tile_the_body_inside_their_segments(text: str) -> None:
    doc = Document.from_text(text, "card.md")
    segments, _ = markdown_segments(doc, section_map())
    blocks = split_blocks(doc, segments)
    last = 0
    for block in blocks:
        assert block.start > last, "blocks overlap or go backwards"
        assert block.start <= block.end <= doc.line_count
        last = block.end
        if block.segment is not None:
            seg = segments[block.segment]
            assert seg.line <= block.start and block.end <= max(seg.end_line, seg.line)


@SETTINGS
@given(card_text())
def test_every_status_says_why_and_points_into_the_file(text: str) -> None:
    doc = Document.from_text(text, "card.md")
    card = load_card_from_document(doc)
    n = doc.line_count
    for sid, sec in card.sections.items():
        assert sec.reason(), sid
        for ev in sec.evidence:
            assert 1 <= ev.line <= max(n, 1), (sid, ev.line, n)
        if sec.status is SectionStatus.PRESENT and sec.origin == "body":
            assert sec.evidence, sid


@SETTINGS
@given(
    st.sampled_from(sorted(LABELLED_IDS)),
    st.sampled_from(
        [
            "[More Information Needed]",
            "TODO",
            "N/A",
            "<!-- Describe it here. -->",
            "More information needed",
        ]
    ),
)
def test_filler_never_makes_a_section_present(sid: str, filler: str) -> None:
    title = section_map().title(sid)
    card = load_card_from_document(Document.from_text(f"# M\n\n## {title}\n\n{filler}\n"))
    assert card.sections[sid].status is SectionStatus.PLACEHOLDER
