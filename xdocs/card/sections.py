"""Find a card's sections: segments under headings, their canonical ids and status.

A *segment* is the text under one heading up to the next heading of any
level. Segments form a tree by heading level; a segment whose heading names
no canonical id inherits the ids of its nearest mapped ancestor (a
"Recommendations" block under "Bias, Risks, and Limitations" belongs there).
A bold label that opens a top-level paragraph (``**Out-of-scope:** …``)
starts a pseudo-segment one level below the surrounding heading, because
real cards (Llama 2, Llama 4) put whole sections behind such labels.

The first heading is the card's *title* when it is the only heading at the
top level: it maps to nothing and passes nothing down, otherwise "Model Card
for X" would make every unmapped section "overview".

One module although it is a little over 400 lines: headings, bold labels and the segments
under them are found in one pass, and the label rules sit beside the segment rules that
depend on them.
"""

from __future__ import annotations

import html
import re

from markdown_it.token import Token

from xdocs.card.canonical import SectionMap
from xdocs.card.model import Evidence, Section, SectionStatus, Segment
from xdocs.card.placeholders import house_placeholders
from xdocs.document import Document, Heading, inline_text

_COMMENT = re.compile(r"<!--.*?-->", re.S)
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_EMPHASIS = re.compile(r"[*_`~>#|]+")
_LABEL_VALUE = re.compile(r"^[^:]{1,60}:\s*(.*)$")
_SOURCE_NOTE = re.compile(r"<!--\s*xdocs:source\b.*?-->", re.S)


def content_status(markdown: str) -> SectionStatus:
    """present / placeholder / empty for a block of Markdown (headings excluded).

    HTML comments alone are placeholder (they are template guidance), except
    xdocs' own ``<!-- xdocs:source … -->`` provenance notes which are nothing.
    A labelled list whose every value is filler (``- **License:** [More
    Information Needed]``) is placeholder too, and so are sentences with an
    unfilled template variable (``{MODEL_NAME}``, ``{{ card_data }}``) and
    skeleton code (imports and ``...`` only, as after "TODO: Add your code").
    """
    text = _SOURCE_NOTE.sub("", markdown)
    had_comment = "<!--" in text
    text = _COMMENT.sub("", text)
    meaningful: list[str] = []
    filler = 0
    fence: str | None = None
    code: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if line.startswith(("```", "~~~")):
            marker = line[:3]
            if fence is None:
                fence, code = marker, []
            elif fence == marker:
                fence = None
                if code:
                    if is_skeleton_code(code):
                        filler += 1
                    else:
                        meaningful.extend(code)
            continue
        if fence is not None:  # code: content, unless it is a filler comment
            stripped = re.sub(r"^(#+|//+|--|;+)\s*", "", line)
            if not stripped:
                continue
            if _is_filler(stripped) or re.fullmatch(r"(?i)coming soon\.?|todo.*", stripped):
                filler += 1
            else:
                code.append(line)
            continue
        if not line or re.fullmatch(r"[-=|:\s]+", line):
            continue
        if re.match(r"^#{1,6}(\s|$)", line):
            continue
        line = _LIST_MARK.sub("", line)
        plain = _EMPHASIS.sub("", line).strip()
        if not plain:
            continue
        if _is_filler(plain) or TEMPLATE_VARIABLE.search(line):
            filler += 1
            continue
        label = _LABEL_VALUE.match(plain)
        if label and not label.group(1).strip() and len(plain) <= 40:
            continue  # "**BibTeX:**" alone introduces what follows; not content itself
        if label and _is_filler(label.group(1).strip()):
            filler += 1
            continue
        if _is_boilerplate(plain):
            filler += 1
            continue
        meaningful.append(plain)
    if fence is not None and code:  # an unclosed fence runs to the end
        if is_skeleton_code(code):
            filler += 1
        else:
            meaningful.extend(code)
    if meaningful:
        return SectionStatus.PRESENT
    if filler or had_comment:
        return SectionStatus.PLACEHOLDER
    return SectionStatus.EMPTY


#: an unfilled template variable in prose: ``{MODEL_NAME}``, ``{model_id}``, ``{{ x }}``.
TEMPLATE_VARIABLE = re.compile(r"\{\{[^{}\n]{0,200}\}\}|\{(?:[A-Z][A-Z0-9_]+|[a-z]+_[a-z0-9_]+)\}")
_SKELETON_FILL = re.compile(r"^(?:\.\.\.|…|pass|# ?\.\.\.|<[^>]{1,40}>)$")
_IMPORT = re.compile(r"^(?:from\s+\S+\s+import\s+.+|import\s+\S.*)$")


def is_skeleton_code(lines: list[str]) -> bool:
    """Code that only stands in for code: imports and ``...``/``pass``, at least one stand-in.

    The Stable-Baselines3 card template ships ``from stable_baselines3 import ...``
    and a lone ``...`` under "TODO: Add your code"; that is a placeholder, not usage.
    """
    stripped = [ln.strip() for ln in lines if ln.strip()]
    if not stripped:
        return False
    stand_ins = 0
    for line in stripped:
        if _SKELETON_FILL.match(line):
            stand_ins += 1
        elif _IMPORT.match(line):
            if line.endswith(("...", "…")):
                stand_ins += 1
        else:
            return False
    return stand_ins > 0


def _is_boilerplate(text: str) -> bool:
    norm = re.sub(r"\s+", " ", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)).strip().lower()
    return norm in house_placeholders().template_sentences


def _is_filler(text: str) -> bool:
    return house_placeholders().is_filler_line(text)


def markdown_segments(doc: Document, smap: SectionMap) -> tuple[list[Segment], str | None]:
    """Split a Markdown document into segments; return them and the card title."""
    marks = _section_marks(doc)
    if not marks:
        body = doc.body
        start = doc.body_start_line
        if not body.strip():
            return [], None
        seg = Segment(None, 0, start, doc.line_count, body, kind="preamble")
        seg.status = content_status(body)
        return [seg], None

    top = min(h.level for h in marks)
    title: str | None = None
    title_index: int | None = None
    first = marks[0]
    same_level = [h for h in marks if h.level == first.level]
    if first.level == top and len(same_level) == 1 and first.kind != "label":
        title, title_index = first.text, 0

    segments: list[Segment] = []
    body_start = doc.body_start_line
    if marks[0].line > body_start:
        pre = doc.slice_lines(body_start, marks[0].line - 1)
        if pre.strip():
            seg = Segment(None, 0, body_start, marks[0].line - 1, pre, kind="preamble")
            seg.status = content_status(pre)
            segments.append(seg)

    stack: list[tuple[int, int]] = []  # (level, segment index)
    last_line = doc.line_count
    for i, mark in enumerate(marks):
        end = (marks[i + 1].line - 1) if i + 1 < len(marks) else last_line
        content_start = mark.line + _heading_height(mark)
        content = doc.slice_lines(content_start, end) if content_start <= end else ""
        if mark.kind == "label":
            content = _label_rest(mark) + ("\n" + content if content else "")
        while stack and stack[-1][0] >= mark.level:
            stack.pop()
        parent = stack[-1][1] if stack else None
        own = () if i == title_index else smap.match_heading(mark.text)
        if (
            own
            and parent is not None
            and segments[parent].effective_ids
            and smap.is_contextual(mark.text)
        ):
            own = ()
        if own:
            effective = own
        elif parent is not None:
            effective = segments[parent].effective_ids
        else:
            effective = ()
        seg = Segment(
            heading=mark.text,
            level=mark.level,
            line=mark.line,
            end_line=max(end, mark.line),
            content=content,
            ids=own,
            effective_ids=effective,
            kind=mark.kind,
            parent=parent,
            source_heading=_source_heading(mark),
        )
        seg.status = content_status(content)
        segments.append(seg)
        if i != title_index:
            stack.append((mark.level, len(segments) - 1))
    return segments, title


def _source_heading(mark: Heading) -> str | None:
    """Inline Markdown of an ATX or setext heading (links and code kept)."""
    if mark.kind == "atx":
        text = re.sub(r"^\s{0,3}#{1,6}(?:\s+|$)", "", mark.raw.split("\n", 1)[0])
        text = re.sub(r"(?:^|\s+)#+\s*$", "", text).strip()
        return text or None
    if mark.kind == "setext":  # every line but the underline (a setext heading may wrap)
        return " ".join(ln.strip() for ln in mark.raw.split("\n")[:-1]).strip() or None
    return None


def _heading_height(mark: Heading) -> int:
    if mark.kind == "setext":
        return mark.raw.count("\n") + 1
    if mark.kind in ("label", "html"):
        return mark.raw.count("\n") + 1 if mark.kind == "html" else 1
    return 1


def _label_rest(mark: Heading) -> str:
    """Text after a bold label on its own line ("**Out-of-scope:** Use in …")."""
    first = mark.raw.split("\n", 1)[0]
    m = re.match(r"^\s*(\*\*|__)(.+?)\1\s*:?\s*(.*)$", first)
    return m.group(3) if m else ""


def _section_marks(doc: Document) -> list[Heading]:
    """Headings plus bold-label pseudo-headings, in line order.

    A label opens a line of a top-level paragraph: the paragraph's first line
    or a line after a soft/hard break ("**Limitations**\n**Out-of-scope:** …"
    holds two labels).
    """
    marks = list(doc.headings)
    tokens = doc.tokens
    current_level = 1
    taken: set[int] = {h.line for h in marks}
    from xdocs.card.canonical import section_map

    smap = section_map()
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.map:
            current_level = int(tok.tag[1])
            continue
        if tok.type != "paragraph_open" or tok.level != 0 or not tok.map:
            continue
        # markdown-it strips the paragraph's text with str.strip(), so leading lines
        # holding only Unicode white space (NBSP, form feed) are not in the inline
        # children: count label offsets from the first line with text
        first = tok.map[0] + 1
        while first < tok.map[1] and not doc.line_text(first).strip():
            first += 1
        shift = 0
        for offset, label in _line_labels(tokens[i + 1]):
            line = _label_line(doc, first + offset + shift, tok.map[1], label)
            if line is None:
                continue
            shift = line - first - offset
            if line in taken or not smap.match_heading(label):
                continue
            taken.add(line)
            marks.append(Heading(label, current_level + 1, line, "label", doc.line_text(line)))
    marks.sort(key=lambda h: h.line)
    return marks


def _label_line(doc: Document, line: int, last: int, label: str) -> int | None:
    """The source line that opens with ``label`` in bold, at or after ``line``.

    The inline tokens count a paragraph's lines by their soft and hard breaks,
    but a line break inside a code span or inline HTML leaves no break token
    (markdown-it turns it into a space), so the count can fall short: a label
    on the paragraph's third line after a code span spanning lines one and two
    was read as opening line two, whose text was then lost when normalizing.
    The raw line is checked, and later lines of the paragraph (``last``) tried.
    """
    want = _plain(label)[:12]
    for candidate in range(line, last + 1):
        text = doc.line_text(candidate).lstrip()
        if text.startswith(("**", "__")) and _plain(text).startswith(want):
            return candidate
    return None


def _plain(text: str) -> str:
    """Letters and digits only, lower-cased, tags and entities dropped: a label's
    text ("CO2 emissions") compared with its raw line ("**CO<sub>2</sub> emissions")."""
    text = html.unescape(re.sub(r"<[^<>\n]*>", "", text))
    return re.sub(r"[\W_]+", "", text).lower()


def _line_labels(inline: Token) -> list[tuple[int, str]]:
    """(line offset in the paragraph, label text) of each line that opens with bold."""
    out: list[tuple[int, str]] = []
    children = list(inline.children or [])
    offset = 0
    at_line_start = True
    j = 0
    while j < len(children):
        child = children[j]
        if child.type in ("softbreak", "hardbreak"):
            offset += 1
            at_line_start = True
            j += 1
            continue
        if child.type == "text" and not child.content.strip() and at_line_start:
            j += 1
            continue
        if at_line_start and child.type == "strong_open":
            close = next(
                (k for k in range(j + 1, len(children)) if children[k].type == "strong_close"),
                None,
            )
            inner = children[j + 1 : close] if close is not None else []
            if close is not None and not any(c.type in ("softbreak", "hardbreak") for c in inner):
                label_tok = Token("inline", "", 0)
                label_tok.children = inner
                label = re.sub(r"\s*:\s*$", "", inline_text(label_tok).strip())
                if label and len(label.split()) <= 6:
                    out.append((offset, label))
        at_line_start = False
        j += 1
    return out


def build_sections(
    segments: list[Segment],
    smap: SectionMap,
    origin: str = "body",
    *,
    document: Document | None = None,
    title: str | None = None,
) -> dict[str, Section]:
    """Every canonical id → Section (absent where no segment maps to it).

    By headings: a section's status is the best status among the segments
    whose heading names it, where a segment's status counts the content of
    descendants that belong to it too (a heading whose text lives in
    sub-headings is not empty). The reported heading and line are those of the
    best such segment (the first one on a tie).

    Given the Markdown ``document`` (and its ``title``), the sections the
    classifier knows (overview and the required ones) are judged by substance
    instead (:mod:`xdocs.card.classify`): a heading is evidence, not proof.
    """
    sections: dict[str, Section] = {sid: Section(sid) for sid in smap.ids}
    statuses = _rolled_up_statuses(segments)
    for idx, seg in enumerate(segments):
        for sid in seg.effective_ids:
            sections.setdefault(sid, Section(sid)).segments.append(idx)
    for sid, sec in sections.items():
        own = [i for i in sec.segments if sid in segments[i].ids]
        if not own:
            continue
        best = max(
            own,
            key=lambda i: (
                statuses[i].rank,
                smap.names_directly(sid, segments[i].heading or ""),
                segments[i].kind != "label",
                -len(segments[i].ids),
                -i,
            ),
        )
        seg = segments[best]
        sec.status = statuses[best]
        sec.heading = seg.heading
        sec.line = seg.line
        sec.end_line = seg.end_line
        sec.origin = origin
        sec.evidence = [Evidence(seg.line, seg.heading or sid, seg.end_line)]
    if document is not None:
        from xdocs.card.classify import active_model, judge_sections

        sections.update(judge_sections(document, segments, title, smap, active_model(), sections))
    return sections


def _rolled_up_statuses(segments: list[Segment]) -> list[SectionStatus]:
    """A mapped segment's status including descendants that share its ids."""
    best = [seg.status for seg in segments]
    for idx in range(len(segments) - 1, -1, -1):
        seg = segments[idx]
        if seg.parent is None:
            continue
        parent = segments[seg.parent]
        if seg.ids and not set(seg.ids) & set(parent.ids) and seg.kind != "label":
            # a sub-heading that belongs to another section does not fill this one;
            # a bold label does: it is part of the parent's own prose
            continue
        if best[idx].rank > best[seg.parent].rank:
            best[seg.parent] = best[idx]
    return best
