"""Judge a Markdown card's sections by substance: blocks first, headings as evidence.

For each classified section (``overview`` and the required ids):

* **present** when a block of real content (not template filler, not a bare
  image or badge) is classified as saying something about it, wherever it
  sits: bias discussed under "Training Data" is ethical considerations, run
  instructions under "Intended Use" are deployment, the paragraph under the
  title is the overview;
* otherwise **placeholder** when a heading that names it holds template filler
  (``[More Information Needed]``, ``TODO`` and skeleton code, ``{MODEL_NAME}``
  sentences), **empty** when such a heading holds nothing at all;
* otherwise **absent**, also when a heading names it but its content is about
  something else ("Training" holding only a ``train.py`` command): a heading is
  evidence, not proof.

Every status comes with its evidence (the lines that gave it) and a one-line
``why``, which ``xdocs inspect`` prints.

One module although it is a little over 400 lines: the four statuses, and the evidence
and ``why`` each reports, are one decision, read in the order it is taken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from xdocs.card.canonical import SectionMap
from xdocs.card.classify.blocks import ContentBlock, split_blocks
from xdocs.card.classify.features import (
    block_features,
    block_label,
    block_prose,
    is_pointer,
    names_something,
    strip_markup,
)
from xdocs.card.classify.linear import LinearModel
from xdocs.card.model import Evidence, Section, SectionStatus, Segment
from xdocs.card.sections import content_status
from xdocs.document import Document

_SOURCE_NOTE = re.compile(r'^\s*<!--\s*xdocs:source\s+"([^"\n]{0,300})"[^>\n]{0,80}-->\s*$')

#: evidence blocks listed per section
MAX_EVIDENCE = 3
SNIPPET = 160


@dataclass
class JudgedBlock:
    """A block, its features and what the classifier makes of it."""

    block: ContentBlock
    features: dict[str, float]
    status: SectionStatus  # present, placeholder (filler) or empty (nothing of its own)
    substantive: bool
    #: directly under the card's title, before any other heading (prose, not code)
    under_title: bool = False
    #: anywhere in the title's own segment (guidance comments included)
    in_title: bool = False
    #: the ids a heading, label or table header around the block names
    named: frozenset[str] = frozenset()
    #: P(section) from the full model (what the block says and where it sits)…
    probabilities: dict[str, float] = field(default_factory=dict)
    #: …and from the content model (what it says, wherever it sits)
    content: dict[str, float] = field(default_factory=dict)
    #: everything the features depend on (the memo key; None: not memoized)
    key: tuple | None = None


#: Memo of features and scores by everything they depend on. Cards repeat template
#: blocks, and an editor's change alters one block of a card the language server
#: re-reads on every keystroke: without it the classifier was most of the fast passes'
#: time on a 1,000-line card. Bounded: cleared when full.
#: key → (section map, features, model, probabilities, content); the objects are kept
#: so an id in the key is never reused by another map or model while its entry lives.
_MEMO: dict[tuple, tuple[Any, ...]] = {}
MEMO_LIMIT = 50_000


def _memo_put(key: tuple, value: tuple) -> None:
    if len(_MEMO) >= MEMO_LIMIT:
        _MEMO.clear()
    _MEMO[key] = value


def title_index(segments: list[Segment], title: str | None) -> int | None:
    """Index of the title segment (the first heading, when it names no section)."""
    for idx, seg in enumerate(segments):
        if seg.kind != "preamble":
            return idx if title is not None and seg.heading == title and not seg.ids else None
    return None


def card_blocks(
    doc: Document, segments: list[Segment], title: str | None, smap: SectionMap
) -> list[JudgedBlock]:
    """Every block of the card with its features (probabilities not yet scored)."""
    t_idx = title_index(segments, title)
    title_ids = smap.match_heading(title) if title else ()
    first_named = min((seg.line for seg in segments if seg.ids), default=None)
    datasets = front_matter_datasets(doc)
    out: list[JudgedBlock] = []
    noted: dict[int | None, str] = {}  # segment → heading named by its last source note
    for block in split_blocks(doc, segments):
        seg = segments[block.segment] if block.segment is not None else None
        note = _SOURCE_NOTE.match(block.text) if block.kind == "html" else None
        if note:
            # a normalized card keeps the original heading in a note: read the content
            # under it as it was read where it came from, so normalizing keeps statuses
            noted[block.segment] = note.group(1)
        heading = None if seg is None or block.segment == t_idx else seg.heading
        heading = noted.get(block.segment, heading)
        own: tuple[str, ...] = () if seg is None else seg.ids
        inherited = () if seg is None else tuple(s for s in seg.effective_ids if s not in own)
        ancestors: list[str] = []
        parent = seg.parent if seg is not None else None
        while parent is not None:
            if parent != t_idx and segments[parent].heading:
                ancestors.append(segments[parent].heading or "")
            parent = segments[parent].parent
        top = seg is None or seg.kind == "preamble" or block.segment == t_idx
        status = _row_status(block) if block.kind == "row" else content_status(block.text)
        substantive = (
            status is SectionStatus.PRESENT and _has_substance(block) and not is_pointer(block.text)
        )
        in_title = t_idx is not None and block.segment == t_idx and set(title_ids) <= {"overview"}
        if not substantive:
            # never a hit: only its label matters ("| License | n/a |" is a placeholder)
            label = block_label(block) if status is SectionStatus.PLACEHOLDER else None
            feats = {f"il:{sid}": 1.0 for sid in (smap.match_heading(label) if label else ())}
            out.append(JudgedBlock(block, feats, status, False, False, in_title))
            continue
        block_title_ids = title_ids if block.segment == t_idx else ()
        early = first_named is None or block.start < first_named
        filler = status is SectionStatus.PLACEHOLDER
        key = (
            id(smap), block.kind, block.text, block.context, heading, tuple(ancestors), own,
            inherited, block_title_ids, top, filler, early, datasets,
        )  # fmt: skip
        memo = _MEMO.get(key)
        if memo is not None and memo[0] is smap:
            feats = dict(memo[1])
        else:
            feats = block_features(
                block,
                heading=heading,
                ancestors=tuple(ancestors),
                own_ids=own,
                inherited_ids=inherited,
                title_ids=block_title_ids,
                top=top,
                filler=filler,
                smap=smap,
                early=early,
                datasets=datasets,
            )
            _memo_put(key, (smap, dict(feats), None, None, None))
        under_title = (
            t_idx is not None
            and block.segment == t_idx
            and set(title_ids) <= {"overview"}
            and block.kind in ("paragraph", "quote")
        )
        judged = JudgedBlock(block, feats, status, True, under_title, in_title, named_ids(feats))
        judged.key = key
        out.append(judged)
    return out


def front_matter_datasets(doc: Document) -> tuple[str, ...]:
    """Lower-cased names of the datasets a card's front-matter lists (``datasets:``),
    each also without its owner ("imagenet-1k" for "timm/imagenet-1k")."""
    data = doc.front_matter_data if doc.has_front_matter else None
    raw = data.get("datasets") if isinstance(data, dict) else None
    items = raw if isinstance(raw, list) else [raw] if raw else []
    names: set[str] = set()
    for item in items[:50]:
        name = item.get("name") if isinstance(item, dict) else item
        if not isinstance(name, str):
            continue
        name = name.strip().lower()
        for candidate in (name, name.rsplit("/", 1)[-1]):
            if len(candidate) >= 3 and candidate not in ("none", "null", "n/a"):
                names.add(candidate)
    return tuple(sorted(names))


def _row_status(block: ContentBlock) -> SectionStatus:
    """A row of a two-column table is filler when its value cell is ("| License | n/a |")."""
    cells = [c.strip() for c in block.text.strip().strip("|").split("|")]
    value = " ".join(cells[1:]).strip()
    if not value:
        return SectionStatus.EMPTY
    return content_status(value)


#: Under a heading that names the section, content counts unless it is plainly something
#: else: code (except run instructions, or numbers under a results heading), a short
#: pointer, training settings under a "Training" heading (hyperparameters are not data),
#: or what a combined heading's other section plainly says ("Intended uses & limitations"
#: holding only uses). Otherwise the heading decides: "## Limitations / Accuracy drops on
#: sarcastic reviews" is a limitation, however much it sounds like a result.
COMBINED_OTHER = 0.5
#: …except run instructions: content the content model is sure are instructions
#: (deployment) do not say what a use/limitation/data heading promises
INSTRUCTIONS = 0.8
INSTRUCTIONS_FLOOR = 0.05
_PROCEDURE = re.compile(
    r"\b(?:hyper-?parameters?|parameters|learning[ _]rate|batch[ _]size|epochs?|optimi[sz]er"
    r"|loss(?:es)?|steps|trained with the|dataloader|scheduler|warm-?up)\b",
    re.I,
)
_ONLY_CODE_SPAN = re.compile(r"^\s*`[^`\n]+`\s*$")
_DATA_CUES = ("cue:trained_on", "cue:named_dataset", "cue:trained_on_name", "fm_dataset")


def fits_its_heading(block: JudgedBlock, sid: str) -> bool:
    """Content under its own heading ("## Limitations / Slow on CPU.") counts,
    unless it is plainly about something else ("## Training" holding only a
    ``train.py`` command, "## Intended uses & limitations" stating only uses)."""
    probs = block.content
    p = probs.get(sid, 0.0)
    feats = block.features
    codelike = block.block.kind == "code" or _ONLY_CODE_SPAN.match(block.block.text)
    if codelike and not (sid == "deployment" or (sid == "evaluation" and "num:high" in feats)):
        return False
    if "cue:pointer" in feats and "len:short" in feats and not names_something(block.block.text):
        return False  # "Go to the training notebook and learn more about it:"
    procedure = _PROCEDURE.search(block.block.text[:2000])
    if sid == "training_data" and procedure and not any(c in feats for c in _DATA_CUES):
        return False
    for other, q in probs.items():
        if other != sid and other in block.named and q >= COMBINED_OTHER and q > 4 * p:
            return False
    if sid != "deployment" and probs.get("deployment", 0.0) >= INSTRUCTIONS:
        return p >= INSTRUCTIONS_FLOOR  # "## Intended uses / To use the model with a pipeline:"
    return True


def score(block: JudgedBlock, model: LinearModel) -> None:
    """Fill in both models' probabilities for a block."""
    memo = _MEMO.get(block.key) if block.key is not None else None
    if memo is not None and memo[2] is model:
        block.probabilities, block.content = dict(memo[3]), dict(memo[4])
        return
    block.probabilities = model.probabilities(block.features)
    block.content = model.content_probabilities(block.features)
    if memo is not None:
        _memo_put(
            block.key, (memo[0], memo[1], model, dict(block.probabilities), dict(block.content))
        )


def says(block: JudgedBlock, sid: str, model: LinearModel) -> bool:
    """Whether a block says something of substance about ``sid``.

    Under a heading (label, table header) that names it, the full model may credit
    it, as long as the content model does not find the block plainly about
    something else; elsewhere only the content model counts: what the block says,
    not where it sits, so a heading on top never decides alone.
    """
    if not block.substantive:
        return False
    if sid in block.named:
        return fits_its_heading(block, sid)
    if block.content.get(sid, 0.0) >= model.threshold(sid):
        return True
    # the paragraph(s) between the title and the first section heading are the
    # overview, whatever words they use (issue 13), unless they are plainly
    # something else (run instructions right under the title)
    return sid == "overview" and block.under_title and not plainly_other(block)


def plainly_other(block: JudgedBlock) -> bool:
    """A block under the title that the classifier finds to be plainly another section."""
    probs = block.content
    return probs.get("overview", 0.0) < 0.3 and any(
        p >= 0.6 for sid, p in probs.items() if sid != "overview"
    )


_NAMING = ("hid:", "inh:", "il:", "cid:", "tid:")


def named_here(features: dict[str, float], sid: str) -> bool:
    """Whether a heading, label or table header around the block names ``sid``."""
    return sid in named_ids(features)


def named_ids(features: dict[str, float]) -> frozenset[str]:
    """Every id a heading, label or table header around the block names."""
    return frozenset(k.split(":", 1)[1] for k in features if k.startswith(_NAMING))


def _has_substance(block: ContentBlock) -> bool:
    """More than decoration: an image, a badge row or a bare link is not content."""
    if block.kind in ("code", "table"):
        return True
    prose = block_prose(block.text)  # images, tags and URLs are gone
    return any(any(c.isalnum() for c in w) for w in prose.split())


def judge_sections(
    doc: Document,
    segments: list[Segment],
    title: str | None,
    smap: SectionMap,
    model: LinearModel,
    heading_sections: dict[str, Section],
) -> dict[str, Section]:
    """The classified sections of a Markdown card, judged by substance.

    ``heading_sections`` are the heading-based sections of
    :func:`xdocs.card.sections.build_sections`; their segments are kept so
    :meth:`ModelCard.section_text` still finds each section's own text.
    """
    blocks = card_blocks(doc, segments, title, smap)
    for b in blocks:
        if b.substantive:  # the others never count: no need to score them
            score(b, model)
    out: dict[str, Section] = {}
    for sid in model.sections:
        base = heading_sections.get(sid) or Section(sid)
        sec = Section(sid, segments=list(base.segments))
        hits = [b for b in blocks if says(b, sid, model)]
        if hits:
            _present(sec, sid, hits, segments, title)
        else:
            _fallback(sec, sid, blocks, segments, title)
        out[sid] = sec
    _broken_front_matter(doc, out)
    return out


_FM_KEY = re.compile(r"^(license|model-index|metrics)\s*:\s*(.*?)\s*(?:#.*)?$")
_FM_TEMPLATE = re.compile(r"\{[^{}\n]{0,80}\}")


def _broken_front_matter(doc: Document, sections: dict[str, Section]) -> None:
    """Front-matter that does not parse still shows filler: ``license: {license}``,
    a ``model-index`` made of ``{metric_value}`` (the Hub's own example card)."""
    if not doc.has_front_matter or doc.front_matter_error is None:
        return
    templated_values = False
    for offset, line in enumerate(doc.front_matter_text.split("\n")):
        m = _FM_KEY.match(line)
        if m and m.group(1) == "license":
            sec = sections.get("license")
            if sec is not None and sec.status is SectionStatus.ABSENT and m.group(2):
                templated = bool(_FM_TEMPLATE.fullmatch(m.group(2)))
                sec.status = SectionStatus.PLACEHOLDER if templated else SectionStatus.PRESENT
                sec.line, sec.origin = offset + 2, "front-matter"
                sec.evidence = [Evidence(offset + 2, line.strip(), offset + 2)]
                sec.why = f"front-matter (line {offset + 2}) " + (
                    "holds a template variable" if templated else "names it (the YAML is broken)"
                )
        elif m:
            templated_values = templated_values or _value_lines_templated(doc, offset)
            ev = sections.get("evaluation")
            if ev is not None and ev.status is SectionStatus.ABSENT and templated_values:
                ev.status, ev.line, ev.origin = (
                    SectionStatus.PLACEHOLDER,
                    offset + 2,
                    "front-matter",
                )
                ev.evidence = [Evidence(offset + 2, line.strip(), offset + 2)]
                ev.why = f"front-matter '{m.group(1)}' (line {offset + 2}) holds template variables"


def _value_lines_templated(doc: Document, offset: int) -> bool:
    """Under a front-matter key, metric values written as ``value: {metric_value}``."""
    lines = doc.front_matter_text.split("\n")[offset + 1 : offset + 400]
    return any(re.match(r"^\s*-?\s*value\s*:\s*\{[^}\n]{0,80}\}", ln) for ln in lines)


def _owner(
    segments: list[Segment], idx: int | None, sid: str, strict: bool = False
) -> Segment | None:
    """The nearest segment at or above ``idx`` whose heading names ``sid``.

    ``strict``: stop at a heading that names another section (a "Bias"
    sub-heading under "Limitations" holds bias, not limitations); a bold label
    stays part of its parent's prose.
    """
    while idx is not None:
        seg = segments[idx]
        if sid in seg.ids:
            return seg
        if strict and seg.ids and seg.kind != "label":
            return None
        idx = seg.parent
    return None


def _snippet(block: ContentBlock) -> str:
    if block.kind == "code":  # the code itself, without its fences
        lines = [ln for ln in block.text[:2000].split("\n") if ln.strip()]
        text = " ".join(ln.strip() for ln in lines if not ln.lstrip().startswith(("```", "~~~")))
    else:
        text = strip_markup(block.text[:2000])
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1].rstrip() + "…"


def _where(seg: Segment | None, title: str | None, segments: list[Segment], idx: int | None) -> str:
    if seg is None or seg.kind == "preamble" or idx == title_index(segments, title):
        return "under the title" if title else "before the first heading"
    return f"under '{seg.heading}'"


def _present(
    sec: Section, sid: str, hits: list[JudgedBlock], segments: list[Segment], title: str | None
) -> None:
    owned = [(b, _owner(segments, b.block.segment, sid)) for b in hits]
    best, owner = max(
        owned,
        key=lambda pair: (pair[1] is not None, pair[0].probabilities[sid], -pair[0].block.start),
    )
    sec.status = SectionStatus.PRESENT
    sec.origin = "body"
    seg = segments[best.block.segment] if best.block.segment is not None else None
    if owner is not None:
        sec.heading, sec.line, sec.end_line = owner.heading, owner.line, owner.end_line
    else:
        t_idx = title_index(segments, title)
        in_title = seg is None or seg.kind == "preamble" or best.block.segment == t_idx
        sec.heading = None if in_title else seg.heading
        sec.line, sec.end_line = best.block.start, best.block.end
    ranked = sorted(hits, key=lambda b: -b.probabilities[sid])[:MAX_EVIDENCE]
    sec.evidence = [
        Evidence(b.block.start, _snippet(b.block), b.block.end)
        for b in sorted(ranked, key=lambda b: b.block.start)
    ]
    sec.spans = [(b.block.start, b.block.end) for b in hits]
    where = _where(seg, title, segments, best.block.segment)
    if owner is not None:
        sec.why = f"'{owner.heading}' (line {owner.line}) says it, e.g. line {best.block.start}"
    else:
        sec.why = f"said at line {best.block.start} {where}, though no heading names it"


def _fallback(
    sec: Section, sid: str, blocks: list[JudgedBlock], segments: list[Segment], title: str | None
) -> None:
    """No content says it: placeholder, empty or absent from the headings that name it."""
    named = [i for i, seg in enumerate(segments) if sid in seg.ids]
    title_filler = [b for b in blocks if b.in_title and b.status is SectionStatus.PLACEHOLDER]
    if sid == "overview" and title_filler:  # "<!-- One paragraph: what the model does -->"
        first = title_filler[0].block
        sec.status, sec.origin = SectionStatus.PLACEHOLDER, "body"
        sec.line, sec.end_line = first.start, first.end
        sec.evidence = [
            Evidence(b.block.start, _snippet(b.block), b.block.end) for b in title_filler
        ]
        sec.why = f"the paragraph under the title (line {first.start}) is template filler"
        return
    if not named:
        labelled = [
            b for b in blocks if f"il:{sid}" in b.features and b.status is SectionStatus.PLACEHOLDER
        ]
        if labelled:  # "| License | n/a |", "- **License:** [More Information Needed]"
            first = labelled[0].block
            sec.status, sec.line, sec.end_line, sec.origin = (
                SectionStatus.PLACEHOLDER,
                first.start,
                first.end,
                "body",
            )
            sec.evidence = [Evidence(first.start, _snippet(first), first.end)]
            label = block_label(first) or sid
            sec.why = f"the '{label}' entry at line {first.start} holds only filler"
            return
        sec.why = "nothing in the card says it"
        return
    fillers: list[JudgedBlock] = []
    contentful: list[int] = []
    for b in blocks:
        if b.block.segment is None:
            continue
        owner = _owner(segments, b.block.segment, sid, strict=True)
        if owner is None:
            continue
        if b.status is SectionStatus.PLACEHOLDER:
            fillers.append(b)
        elif b.status is SectionStatus.PRESENT:
            contentful.append(b.block.start)
    seg = segments[named[0]]
    if fillers:
        owner = _owner(segments, fillers[0].block.segment, sid, strict=True) or seg
        sec.status = SectionStatus.PLACEHOLDER
        sec.heading, sec.line, sec.end_line = owner.heading, owner.line, owner.end_line
        sec.origin = "body"
        sec.evidence = [
            Evidence(b.block.start, _snippet(b.block), b.block.end) for b in fillers[:MAX_EVIDENCE]
        ]
        sec.why = f"'{owner.heading}' (line {owner.line}) holds only template filler"
    elif not contentful:
        sec.status = SectionStatus.EMPTY
        sec.heading, sec.line, sec.end_line = seg.heading, seg.line, seg.end_line
        sec.origin = "body"
        sec.evidence = [Evidence(seg.line, seg.heading or "", seg.line)]
        sec.why = f"'{seg.heading}' (line {seg.line}) has nothing under it"
    else:
        sec.why = (
            f"'{seg.heading}' (line {seg.line}) names it, but what it holds is about something else"
        )
