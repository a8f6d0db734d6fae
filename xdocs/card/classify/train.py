"""Retrain the section classifier from the hand labels, and measure it.

    python -m xdocs.card.classify.train              # fit on the train split, write the model
    python -m xdocs.card.classify.train --cv         # also cross-validate on the train split
    python -m xdocs.card.classify.train --report     # agreement of the bundled model per split

Reads ``tests/card/labels/*.yml`` and the cards they name under
``../shared/corpus`` (``--corpus``). Fits one logistic regression per
labelled section (scikit-learn, L2, a fixed solver and no randomness, so the
same labels give the same model) on the blocks of the **train** split only: a
block is a positive example of a section when the labels list one of its lines
as saying it. The held-out split is never fitted or tuned on; ``--report``
only measures it. Parameters are written as plain JSON
(``section_model.json``), never pickle.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from xdocs.card.canonical import section_map
from xdocs.card.classify.features import content_view, pair_features
from xdocs.card.classify.judge import card_blocks, plainly_other
from xdocs.card.classify.labels import LABELLED_IDS, CardLabel, read_labels
from xdocs.card.classify.linear import MODEL_FILE, LinearModel, using_model
from xdocs.card.sections import markdown_segments
from xdocs.config import package_root
from xdocs.document import Document

DEFAULT_CORPUS = package_root().parent / "shared" / "corpus"
#: regularization strength (inverse) and decision threshold, chosen by --cv on the train split
DEFAULT_C = 1.0
DEFAULT_THRESHOLD = 0.5
#: a word feature must occur in this many distinct training cards to be kept: words one
#: card uses say more about that card than about sections
MIN_CARDS = 3
_STRUCTURAL = (
    "cue+:",
    "hid:",
    "inh:",
    "tid:",
    "il:",
    "cid:",
    "cue:",
    "code:",
    "kind:",
    "len:",
    "num:",
    "links:",
)
_FLAGS = {"top", "early", "filler", "noheading", "pointer", "fm_dataset", "script:other"}


def examples(label: CardLabel, corpus: Path) -> list[tuple[dict[str, float], dict[str, int]]]:
    """(features, {section: 0/1}) for every block of a labelled card."""
    key = (str(label.path), str(corpus))
    if key not in _EXAMPLES:
        _EXAMPLES[key] = _examples(label, corpus)
    return _EXAMPLES[key]


_EXAMPLES: dict[tuple[str, str], list[tuple[dict[str, float], dict[str, int]]]] = {}


def _examples(label: CardLabel, corpus: Path) -> list[tuple[dict[str, float], dict[str, int]]]:
    doc = Document.from_path(label.card_path(corpus))
    smap = section_map()
    segments, title = markdown_segments(doc, smap)
    out = []
    for judged in card_blocks(doc, segments, title, smap):
        if not judged.substantive:
            continue  # never a hit when judging: filler, decoration, nothing of its own
        span = set(range(judged.block.start, judged.block.end + 1))
        targets = {
            sid: int(lab.status == "present" and bool(span & lab.lines))
            for sid, lab in label.sections.items()
        }
        out.append((judged.features, targets))
    return out


def _kept(name: str, card_counts: Counter[str]) -> bool:
    return name.startswith(_STRUCTURAL) or name in _FLAGS or card_counts[name] >= MIN_CARDS


def fit(
    labels: Iterable[CardLabel],
    corpus: Path,
    c: float = DEFAULT_C,
    threshold: float = DEFAULT_THRESHOLD,
    view: Callable[[dict[str, float]], dict[str, float]] | None = None,
) -> LinearModel:
    """One logistic regression over (block, section) pairs of ``labels``' cards.

    ``view`` narrows each block's features first (:func:`content_view`: what the
    block says, without where it sits).
    """
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    labels = list(labels)
    blocks: list[tuple[dict[str, float], dict[str, int]]] = []
    card_counts: Counter[str] = Counter()
    for label in labels:
        card_rows = examples(label, corpus)
        seen: set[str] = set()
        for feats, target in card_rows:
            feats = view(feats) if view else feats
            seen.update(feats)
            blocks.append((feats, target))
        card_counts.update(seen)
    rows: list[dict[str, float]] = []
    y: list[int] = []
    for feats, target in blocks:
        kept = {k: v for k, v in feats.items() if _kept(k, card_counts)}
        for sid in LABELLED_IDS:
            rows.append(pair_features(kept, sid))
            y.append(target[sid])
    vec = DictVectorizer(sparse=True)
    x = vec.fit_transform(rows)
    names = vec.get_feature_names_out()
    clf = LogisticRegression(C=c, solver="lbfgs", max_iter=10000, fit_intercept=False)
    clf.fit(x, y)
    weights = {str(n): float(w) for n, w in zip(names, clf.coef_[0], strict=True) if abs(w) >= 1e-4}
    import sklearn

    meta = {
        "trained_on": sorted(lab.card for lab in labels),
        "blocks": len(blocks),
        "C": c,
        "min_cards": MIN_CARDS,
        "sklearn": sklearn.__version__,
        "labels_sha256": _labels_digest(labels),
    }
    return LinearModel(LABELLED_IDS, (threshold,) * len(LABELLED_IDS), weights, meta)


def fit_both(
    labels: Iterable[CardLabel],
    corpus: Path,
    c: float = DEFAULT_C,
    threshold: float = DEFAULT_THRESHOLD,
) -> LinearModel:
    """The full model (words, shape and position) with its content model (words and
    shape only) attached: the judge needs both."""
    from dataclasses import replace

    labels = list(labels)
    full = fit(labels, corpus, c, threshold)
    content = fit(labels, corpus, c, threshold, view=content_view)
    return replace(full, content=replace(content, meta={}))


def _labels_digest(labels: list[CardLabel]) -> str:
    h = hashlib.sha256()
    for lab in sorted(labels, key=lambda x: x.card):
        h.update(lab.path.read_bytes())
    return h.hexdigest()


def judged_statuses(
    label: CardLabel, corpus: Path, model: LinearModel | None = None
) -> dict[str, str]:
    """What xdocs says of each labelled section of the card (with ``model`` if given)."""
    from xdocs.card import load_card

    path = label.card_path(corpus)
    if model is None:
        card = load_card(path)
    else:
        with using_model(model):
            card = load_card(path)
    return {sid: str(card.section(sid).status) for sid in LABELLED_IDS}


def agreement(
    labels: Iterable[CardLabel],
    corpus: Path,
    model: LinearModel | None = None,
    ids: tuple[str, ...] = LABELLED_IDS,
) -> tuple[int, int, list[str]]:
    """(agreeing judgements, all judgements, the disagreements as text) over ``ids``."""
    agree = total = 0
    misses: list[str] = []
    for label in labels:
        got = judged_statuses(label, corpus, model)
        for sid in ids:
            want = label.sections[sid].status
            total += 1
            if got[sid] == want:
                agree += 1
            else:
                misses.append(f"{label.card}: {sid}: labelled {want}, judged {got[sid]}")
    return agree, total, misses


def summary(misses: list[str], cards: int) -> str:
    """Agreement overall, on the eight required sections, and per section."""
    by_id = Counter(m.split(": ")[1] for m in misses)
    total = cards * len(LABELLED_IDS)
    req = [s for s in LABELLED_IDS if s != "overview"]
    req_miss = sum(by_id[s] for s in req)
    lines = [
        f"all nine: {total - len(misses)}/{total} = {1 - len(misses) / max(1, total):.1%}; "
        f"eight required: {cards * len(req) - req_miss}/{cards * len(req)} = "
        f"{1 - req_miss / max(1, cards * len(req)):.1%}"
    ]
    lines.append("  " + ", ".join(f"{s} {cards - by_id[s]}/{cards}" for s in LABELLED_IDS))
    return "\n".join(lines)


def cross_validate(
    labels: list[CardLabel], corpus: Path, c: float, threshold: float, folds: int = 5
) -> tuple[int, int, list[str]]:
    """Card-grouped k-fold agreement on ``labels`` (the train split), every section at
    one flat ``threshold`` (the judge needs both models, so each fold fits both)."""
    agree = total = 0
    misses: list[str] = []
    ordered = sorted(labels, key=lambda x: x.card)
    for k in range(folds):
        held = [lab for i, lab in enumerate(ordered) if i % folds == k]
        rest = [lab for i, lab in enumerate(ordered) if i % folds != k]
        fitted = fit_both(rest, corpus, c, threshold)
        a, t, m = agreement(held, corpus, fitted)
        agree, total, misses = agree + a, total + t, misses + m
    return agree, total, misses


#: (card, section, best probability among blocks a heading/label names it in, best among
#: other blocks, whether a named block fits its heading, status without hits, label)
CVRow = tuple[str, str, float, float, bool, str, str]


def cv_table(labels: list[CardLabel], corpus: Path, c: float, folds: int = 5) -> list[CVRow]:
    """(card, section, best probability of a block a heading/label names it in, best
    probability of any other block, status without any block hit, label) for every
    labelled judgement, each card scored by a model fitted without it."""
    from dataclasses import replace

    from xdocs.card import load_card
    from xdocs.card.classify.judge import fits_its_heading, named_here, score

    rows: list[CVRow] = []
    ordered = sorted(labels, key=lambda x: x.card)
    smap = section_map()
    for k in range(folds):
        held = [lab for i, lab in enumerate(ordered) if i % folds == k]
        fitted = fit_both([lab for i, lab in enumerate(ordered) if i % folds != k], corpus, c)
        never = replace(
            fitted,
            thresholds=(2.0,) * len(fitted.sections),
            named_thresholds=(2.0,) * len(fitted.sections),
        )
        for lab in held:
            with using_model(never):
                card = load_card(lab.card_path(corpus))
            doc = card.document
            segments, title = markdown_segments(doc, smap)
            blocks = [b for b in card_blocks(doc, segments, title, smap) if b.substantive]
            for b in blocks:
                score(b, fitted)
            for sid in LABELLED_IDS:
                want = lab.sections[sid].status
                if sid == "overview" and any(
                    b.under_title and not plainly_other(b) for b in blocks
                ):
                    rows.append((lab.card, sid, 1.0, 1.0, True, "present", want))
                    continue  # the paragraph under the title is the overview, by rule
                mine = [b for b in blocks if named_here(b.features, sid)]
                named = 0.0  # under a heading that names it, a block counts when it fits
                fits = any(fits_its_heading(b, sid) for b in mine)
                other = max(
                    (b.content[sid] for b in blocks if not named_here(b.features, sid)),
                    default=0.0,
                )
                status = str(card.section(sid).status)
                rows.append((lab.card, sid, named, other, fits, status, want))
    return rows


def decide(row: CVRow, named_t: float, other_t: float) -> str:
    _, _, named, other, fits, fallback, _ = row
    return "present" if named >= named_t or fits or other >= other_t else fallback


#: thresholds tried; a block under a heading that names the section never needs more than
#: NAMED_MAX from the full model: fitting content under its own heading counts, as a
#: reader would count it
GRID = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
NAMED_MAX = 0.3
#: …and content no heading names needs at least ELSEWHERE_MIN from the content model
#: (lower values fit the train split better but would credit sections for passing words)
ELSEWHERE_MIN = 0.2


def tune_thresholds(
    rows: list[CVRow], grid: tuple[float, ...] = GRID
) -> dict[str, tuple[float, float]]:
    """Per section, the (named, elsewhere) thresholds with the best cross-validated
    agreement; ties go to the lower elsewhere threshold (content that says it should
    count wherever it sits), then to the named threshold nearest NAMED_MAX."""
    out: dict[str, tuple[float, float]] = {}
    for sid in LABELLED_IDS:
        mine = [r for r in rows if r[1] == sid]

        def score(pair: tuple[float, float], mine=mine) -> tuple[int, float, float]:
            agree = sum(1 for r in mine if decide(r, *pair) == r[6])
            return agree, -pair[1], -abs(pair[0] - NAMED_MAX)

        pairs = [(a, b) for a in grid if a <= NAMED_MAX for b in grid if b >= ELSEWHERE_MIN]
        out[sid] = max(pairs, key=score)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--labels", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=MODEL_FILE)
    parser.add_argument("--c", type=float, default=DEFAULT_C)
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--cv", action="store_true", help="cross-validate on the train split")
    parser.add_argument("--report", action="store_true", help="measure the bundled model only")
    parser.add_argument("--misses", action="store_true", help="list every disagreement")
    parser.add_argument(
        "--tune", action="store_true", help="choose per-section thresholds by cross-validation"
    )
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"no corpus at {args.corpus}: pass --corpus PATH", file=sys.stderr)
        return 2
    train = read_labels(args.labels, "train")
    if args.report:
        for split in ("train", "heldout"):
            labs = read_labels(args.labels, split)
            a, t, m = agreement(labs, args.corpus)
            print(f"{split} ({len(labs)} cards): " + summary(m, len(labs)))
            if args.misses:
                print("\n".join(f"  {x}" for x in m))
        return 0
    if args.cv:
        a, t, m = cross_validate(train, args.corpus, args.c, args.threshold)
        print(f"cv (train split, {len(train)} cards, 5 folds): " + summary(m, len(train)))
        if args.misses:
            print("\n".join(f"  {x}" for x in m))
        if not args.tune:
            return 0  # a measurement: the bundled model is written by --tune (or a bare run)
    thresholds = None
    if args.tune:
        rows = cv_table(train, args.corpus, args.c)
        thresholds = tune_thresholds(rows)
        misses = [
            f"{r[0]}: {r[1]}: labelled {r[6]}, judged {decide(r, *thresholds[r[1]])}"
            for r in rows
            if decide(r, *thresholds[r[1]]) != r[6]
        ]
        print(f"tuned (named, elsewhere) thresholds {thresholds}")
        print(f"cv with them ({len(train)} cards): " + summary(misses, len(train)))
        if args.misses:
            print("\n".join(f"  {x}" for x in misses))
    model = fit_both(train, args.corpus, args.c, args.threshold)
    if thresholds is not None:
        from dataclasses import replace

        cv = 1 - len(misses) / max(1, len(rows))
        model = replace(
            model,
            named_thresholds=tuple(thresholds[s][0] for s in model.sections),
            thresholds=tuple(thresholds[s][1] for s in model.sections),
            meta={
                **model.meta,
                "thresholds": "5-fold cross-validation on the train split",
                "cv_agreement": round(cv, 4),
            },
        )
    data: dict[str, Any] = model.to_json()
    args.out.write_text(json.dumps(data, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    shown = args.out.resolve()
    if shown.is_relative_to(Path.cwd()):
        shown = shown.relative_to(Path.cwd())
    print(f"wrote {shown} ({len(model.weights)} weights, {model.meta['blocks']} blocks)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
