"""Features of a block: what it says, what it looks like and where it sits.

The section classifier is a linear model over these named features; their
names are the keys of the trained parameters (``section_model.json``), so a
feature renamed here must be retrained (``python -m xdocs.card.classify.train``).

Three kinds of evidence, on purpose:

* **where** (``hid:``/``inh:`` the canonical ids the block's heading or its
  ancestors name in ``styleguide/sections.yml``, ``h:``/``a:`` their words,
  ``top`` for the overview position under the title): a heading is evidence;
* **what** (``w:`` stemmed words, ``il:`` the id a "Label:" opening the block
  names, ``cue:`` hand-made phrase families such as "trained on", "should not
  be used", "may produce"): so content under an unrelated heading counts;
* **shape** (kind, code that installs or imports, tables of numbers, a block
  that is only a link): a `train.py` command is not training data, a link is
  not usage instructions.

Every function here is linear in the block's length.

One module although it is over 400 lines: the feature names are the keys of the trained
weights, so every feature the model knows is named in one place, where a rename is seen
beside the features it must not collide with.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from xdocs.card.canonical import SectionMap, normalize_heading
from xdocs.card.classify.blocks import ContentBlock

_TAG = re.compile(r"<[^>\n]{0,400}>")
_IMAGE = re.compile(r"!\[([^\]\n]{0,300})\]\([^)\n]{0,2000}\)")
_LINK = re.compile(r"\[([^\]\n]{0,300})\]\(([^)\n]{0,2000})\)")
_URL = re.compile(r"https?://\S{1,2000}|www\.\S{1,2000}|[\w.+-]{1,64}@[\w-]{1,63}\.[\w.-]{2,63}")
_WORD = re.compile(r"[a-z][a-z'’-]*[a-z]|[a-z]")
_ITEM_LABEL = re.compile(
    r"^\s*(?:[-*+]|\d+[.)])?\s*(?:\*\*|__)?\s*([A-Za-z][^:*_\[\]()\n]{0,48}?)\s*"
    r"(?:\*\*|__)?\s*:(?!//)"
)
_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+", re.M)
_FENCE = re.compile(r"^\s*(?:`{3,}|~{3,})")
#: characters of a block that are read for words, and for phrase cues
MAX_CHARS = 20_000
MAX_CUE_CHARS = 1_000

STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "at",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "we",
        "our",
        "you",
        "your",
        "they",
        "their",
        "he",
        "she",
        "his",
        "her",
        "them",
        "us",
        "i",
        "me",
        "my",
        "not",
        "no",
        "but",
        "if",
        "then",
        "than",
        "so",
        "such",
        "can",
        "could",
        "may",
        "might",
        "will",
        "would",
        "should",
        "shall",
        "do",
        "does",
        "did",
        "has",
        "have",
        "had",
        "also",
        "there",
        "here",
        "which",
        "who",
        "whom",
        "what",
        "when",
        "where",
        "how",
        "all",
        "any",
        "each",
        "other",
        "more",
        "most",
        "some",
        "into",
        "about",
        "over",
        "under",
        "only",
        "very",
        "just",
        "via",
        "per",
    ]
)

#: hand-made phrase families; each match adds the feature ``cue:NAME``.
CUES: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, re.I)
    for name, pattern in {
        "trained_on": r"\b(?:pre-?trained|fine-?tuned|trained|finetuned|learned)\b[^.\n]{0,60}"
        r"\b(?:on|using|with)\b[^.\n]{0,40}\b(?:data(?:set)?s?|corp(?:us|ora)|tokens|hours|texts?"
        r"|images|examples|samples|pairs|sentences|documents)\b",
        "named_dataset": r"\b(?:on|using) (?:the )?[\w./-]{2,60} (?:data ?set|corpus)\b",
        "data_words": r"\b(?:data ?sets?|corp(?:us|ora)|training data|collected|crawl(?:ed|ing)?"
        r"|scraped|annotat\w+|sources?|tokens|deduplicat\w+|filter(?:ed|ing))\b"
        r"|数据集|语料|數據集|データセット|コーパス|데이터셋|말뭉치|사용한 데이터",
        "unknown_data": r"\b(?:an unknown|the none|none) dataset\b",
        "use": r"\b(?:intended (?:for|to|use)|(?:can|could|may|might) be used (?:for|to|as|in)"
        r"|(?:you|one|users?) can use (?:it|this|the)\b[^.\n]{0,40}\bfor|is meant (?:for|to)"
        r"|designed (?:for|to)|suit(?:ed|able) (?:for|to)|useful (?:for|as)|well-suited|use cases?"
        r"|primary use|users? (?:are|of|who)|aims? (?:to|at)|purpose"
        r"|applications? (?:such as|like|in))\b",
        "research_use": r"\bresearch(?:ers)?\b",
        "use_cjk": r"适用于|用于|可用于|适合|用途|に使用|利用できます|사용할 수|용도",
        "trained_cjk": r"训练|訓練|学習|학습|上进行",
        "results_cjk": r"评测|评估|準確|准确率|精度|평가|성능",
        "not_use": r"\b(?:not (?:be )?(?:intended|designed|suitable|meant|used|appropriate|allowed"
        r"|permitted|recommended)|should not|must not|do not use|never use|out[- ]of[- ]scope"
        r"|prohibited|misuse|malicious|violat\w+|against the law|caution against"
        r"|recommend against)\b",
        "limits": r"\b(?:limitations?|limited|may (?:not|produce|generate|fail|exhibit|contain"
        r"|struggle|reflect|be biased|perform)|can(?:not| not)|struggles?|fails?|failure"
        r"|inaccura\w+|hallucinat\w+|unreliable|not (?:always|robust|perfect|reliable|accurate)"
        r"|worse|poor(?:ly)?|weakness\w*|caveats?|degrad\w+|errors?|mistakes?)\b",
        "ethics": r"\b(?:bias(?:es|ed)?|(?:un)?fair(?:ness|ly)?|harm(?:s|ful)?|toxic\w*|offensive"
        r"|stereotyp\w+|ethic\w*|safety|unsafe|risks?|privacy|discriminat\w+|demographic\w*"
        r"|gender|racial|race|ethnic\w*|religio\w+|minorit\w+|dialects?|(?:over|under)-?represent\w*"
        r"|misinformation|surveillance|dual[- ]use|responsible|profanity|lewd|socially"
        r"|marginali\w+|consent|protected (?:classes|groups|attributes)|sensitive)\b",
        "results": r"\b(?:accuracy|f1|bleu|rouge\w*|wer|cer|chr-?f|precision|recall|perplexity"
        r"|auc|map|mean_reward|exact match|scores?|benchmarks?|results?|evaluat\w+|outperform\w*"
        r"|state[- ]of[- ]the[- ]art|leaderboard|loss|top-?1|pass@\d)\b",
        "run": r"\b(?:pip install|conda install|from_pretrained|pipeline\(|import \w+"
        r"|load(?:ed|ing)? (?:the|this|it|a)|inference|run(?:ning)? (?:the|this|it|on)|deploy\w*"
        r"|docker|gpus?|cuda|install\w*|usage|how to use|get started|quick ?start)\b",
        "overview": r"\b(?:this (?:is|model)|is an? [\w-]+ (?:model|agent|version|network)"
        r"|developed by|model type|architecture|parameters|fine-?tuned version|based on"
        r"|trained model of|transformer|checkpoint|released|language model)\b",
        "licence": r"\b(?:licen[cs]e[ds]?|apache[- ]?2|mit|cc[- ]by\S*|gpl\S*|bsd|openrail\S*"
        r"|creativeml|terms of use|community license|copyright)\b",
        "pointer": r"\b(?:see|refer to|check(?: out)?|visit|go to|learn more|found (?:at|in|here)"
        r"|available (?:at|on|in)"
        r"|more (?:information|details)|please read|for details)\b",
        "hyper": r"\b(?:learning[_ ]rate|batch[_ ]size|epochs?|optimi[sz]er|warmup|seed"
        r"|weight[_ ]decay|hyper-?parameters?|scheduler|steps)\b",
        "train_cmd": r"\b(?:train\.py|--algo|mlagents-learn|rl_zoo3\.train|accelerate launch"
        r"|python -m \S*train)\b",
        "disclaimer": r"\b(?:not (?:be )?(?:responsible|liable)|no (?:warranty|liability)"
        r"|at your own|disclaim\w*)\b",
    }.items()
}

_CODE_CUES: dict[str, re.Pattern[str]] = {
    "import": re.compile(r"^\s*(?:from \S+ import|import \S+)", re.M),
    "load": re.compile(r"from_pretrained|load_from_hub|\.load\(|pipeline\(|hf_hub_download"),
    "install": re.compile(r"\b(?:pip|conda|apt(?:-get)?|npm) install\b"),
    "shell": re.compile(r"^\s*(?:\$ |python3? |curl |git |docker |wget |bash |sh )", re.M),
    "train_cmd": re.compile(
        r"train\.py|--algo|mlagents-learn|\.fit\(|trainer\.train|accelerate launch"
    ),
    "predict": re.compile(r"\.(?:predict|generate|encode|transcribe)\(|model\(|pipe\("),
    "config": re.compile(r"^\s*[\"']?[A-Za-z_][\w.]*[\"']?\s*[:=]\s*\S", re.M),
    "bibtex": re.compile(r"@(?:article|inproceedings|misc|software|book|techreport)\{", re.I),
    "eval_cmd": re.compile(r"\beval(?:uate)?(?:\.py|_agent|\()", re.I),
}


#: "pre-trained on PASCAL VOC", "fine-tuned on the lst20 dataset": trained on a named thing
_TRAINED_ON_NAME = re.compile(
    r"\b(?:pre-?trained|fine-?tuned|finetuned|trained|learned)\b(?:\s+[\w-]+){0,3}?\s+on\s+"
    r"(?:the\s+|a\s+|an\s+)?(?:[A-Z0-9][\w.-]*|[a-z]+[_/-][\w./-]+)"
)


@lru_cache(maxsize=64)
def block_prose(text: str) -> str:
    """The prose of a block's opening (list marks, images, tags, link targets and URLs
    dropped): computed once per block, shared by every feature and check."""
    return strip_markup(_LIST_MARK.sub("", text[:MAX_CHARS]))


def strip_markup(text: str) -> str:
    """Prose of a Markdown block: image syntax, tags and link targets dropped."""
    text = _IMAGE.sub(" ", text)
    text = _LINK.sub(r"\1", text)
    text = _URL.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = re.sub(r"[*_`~#|>]+", " ", text)
    return re.sub(r"\s+", " ", text).strip()


def stem(word: str) -> str:
    """A deliberately crude stemmer: enough to fold plurals and verb forms."""
    word = word.strip("'’-")
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def words(text: str) -> list[str]:
    """Stemmed content words of a text, stop-words removed."""
    return [stem(w) for w in _WORD.findall(text.lower()) if w not in STOPWORDS and len(w) > 1]


@lru_cache(maxsize=4096)
def heading_words(heading: str) -> tuple[str, ...]:
    return tuple(words(normalize_heading(heading)))


def link_share(text: str) -> float:
    """Share of a block's characters that are link targets, URLs or image syntax."""
    if not text.strip():
        return 0.0
    linked = sum(len(m.group(0)) for m in _URL.finditer(text))
    linked += sum(len(m.group(2)) + 4 for m in _LINK.finditer(text))
    linked += sum(len(m.group(0)) for m in _IMAGE.finditer(text))
    return min(1.0, linked / max(1, len(text.strip())))


_NUMERIC_TOKEN = re.compile(r"\S*\d\S*")


def _numeric_share(text: str) -> float:
    sample = text[:MAX_CUE_CHARS]
    tokens = len(sample.split())
    return len(_NUMERIC_TOKEN.findall(sample)) / tokens if tokens else 0.0


_POINTING = re.compile(
    r"\b(?:see|refer to|check(?: out)?|visit|found (?:at|in|here|on)|available (?:at|on|in|here)"
    r"|more (?:information|info|details)|please read|for details|learn more|go to|head to)\b",
    re.I,
)


_NAMED_LICENCE = re.compile(
    r"\b(?:apache|mit|gpl|lgpl|agpl|bsd|mpl|cc[- ]by\S*|creative ?commons|openrail\S*|unlicense"
    r"|wtfpl|llama ?\d* (?:community )?licen[cs]e|proprietary)\b",
    re.I,
)


def names_something(text: str) -> bool:
    """A named licence or a number: substance even in a sentence that points elsewhere."""
    prose = block_prose(text)[:MAX_CUE_CHARS]
    return bool(_NAMED_LICENCE.search(prose) or re.search(r"\d", prose))


def is_pointer(text: str) -> bool:
    """A short block that only sends the reader elsewhere ("For usage instructions,
    refer to our codebase: https://…"): the substance is not in the card."""
    if not (_LINK.search(text[:MAX_CHARS]) or _URL.search(text[:MAX_CHARS])):
        return False
    prose = block_prose(text)
    if len(prose.split()) > 20 or not _POINTING.search(prose):
        return False
    if names_something(prose):
        return False  # "licensed under Apache 2.0, see LICENSE", "92% accuracy, see the paper"
    label = item_label(text)
    return label is None or not label.strip()


def block_label(block: ContentBlock) -> str | None:
    """The label a block opens with: a list item's "Label:", a table row's first cell."""
    if block.kind == "row":
        cells = [c.strip() for c in block.text.strip().strip("|").split("|")]
        first = strip_markup(cells[0]) if cells else ""
        return first if 0 < len(first.split()) <= 6 else None
    return item_label(block.text)


def item_label(text: str) -> str | None:
    """The label opening a block ("**Training data:** …", "- dataset: opus"), if any."""
    m = _ITEM_LABEL.match(text)
    if not m:
        return None
    label = m.group(1).strip()
    return label if 0 < len(label.split()) <= 5 else None


def block_features(
    block: ContentBlock,
    *,
    heading: str | None,
    ancestors: tuple[str, ...],
    own_ids: tuple[str, ...],
    inherited_ids: tuple[str, ...],
    title_ids: tuple[str, ...] = (),
    top: bool,
    filler: bool,
    smap: SectionMap,
    early: bool = False,
    datasets: tuple[str, ...] = (),
) -> dict[str, float]:
    """Named features of one block (binary unless said otherwise).

    ``top``: the block sits under the title (or before any heading);
    ``early``: no heading that names a section comes before it;
    ``datasets``: lower-cased dataset names from the card's front-matter.
    """
    feats: dict[str, float] = {f"kind:{block.kind}": 1.0}
    for sid in own_ids:
        feats[f"hid:{sid}"] = 1.0
    for sid in inherited_ids:
        feats[f"inh:{sid}"] = 1.0
    for sid in title_ids:  # "### Demo: How to use in Flair" as a card's only heading
        feats[f"tid:{sid}"] = 1.0
    if heading:
        for w in heading_words(heading):
            feats[f"h:{w}"] = 1.0
    else:
        feats["noheading"] = 1.0
    for anc in ancestors:
        for w in heading_words(anc):
            feats[f"a:{w}"] = 1.0
    if top:
        feats["top"] = 1.0
    elif early:
        feats["early"] = 1.0
    if filler:
        feats["filler"] = 1.0
    # a block is judged on its opening: enough to say what it is about, and it keeps
    # the work per block bounded however long a paragraph is (linear time overall)
    text = block.text[:MAX_CHARS]
    if block.kind == "code":
        _code_features(text, feats)
        return feats
    prose = block_prose(block.text)
    label = block_label(block)
    if block.kind == "row":
        head = block.context.split("|")[0].strip()
        for sid in smap.match_heading(head):
            feats[f"cid:{sid}"] = 1.0
        for w in heading_words(block.context):
            feats[f"a:{w}"] = 1.0
    if label:
        for sid in smap.match_heading(label):
            feats[f"il:{sid}"] = 1.0
        for w in heading_words(label):
            feats[f"ilw:{w}"] = 1.0
    toks = words(prose)
    for w in set(toks):
        feats[f"w:{w}"] = 1.0
    letters = [c for c in prose[:MAX_CUE_CHARS] if c.isalpha()]
    if letters and sum(1 for c in letters if ord(c) > 0x24F) > len(letters) / 2:
        feats["script:other"] = 1.0  # Cyrillic, CJK, Arabic…: the words cannot be read here
    n = len(toks)
    feats["len:short" if n < 8 else "len:mid" if n < 40 else "len:long"] = 1.0
    lowered = prose[:MAX_CUE_CHARS].lower()
    for name, pattern in CUES.items():
        first = pattern.search(lowered)
        if first is None:
            continue
        feats[f"cue:{name}"] = 1.0
        for m in itertools.islice(pattern.finditer(lowered, first.end()), 6):
            if m.group(0) != first.group(0):  # two different phrases of the family
                feats[f"cue+:{name}"] = 1.0
                break
    if _TRAINED_ON_NAME.search(prose[:MAX_CUE_CHARS]):
        feats["cue:trained_on_name"] = 1.0
    if datasets and any(name in lowered for name in datasets):
        feats["fm_dataset"] = 1.0  # names a dataset the front-matter lists
    if "cue:unknown_data" in feats:  # "on an unknown dataset" names no data
        for name in ("cue:trained_on", "cue:named_dataset", "cue:trained_on_name"):
            feats.pop(name, None)
    share = link_share(text)
    if share > 0.5:
        feats["links:most"] = 1.0
    if share > 0.2 and n <= 15:
        feats["links:pointer"] = 1.0
    if ("links:pointer" in feats or "links:most" in feats) and "cue:pointer" in feats:
        feats["pointer"] = 1.0
    num = _numeric_share(prose)
    if num > 0.4:
        feats["num:high"] = 1.0
    elif num > 0.15:
        feats["num:some"] = 1.0
    return feats


def _code_features(code: str, feats: dict[str, float]) -> None:
    lines = [ln for ln in code.split("\n") if ln.strip() and not _FENCE.match(ln)] or [code]
    body = "\n".join(lines)
    for name, pattern in _CODE_CUES.items():
        if pattern.search(body):
            feats[f"code:{name}"] = 1.0
    config_lines = sum(1 for ln in lines if _CODE_CUES["config"].match(ln))
    if config_lines >= max(3, len(lines) // 2):
        feats["code:config_dump"] = 1.0
    comments = " ".join(ln.split("#", 1)[1] for ln in lines if "#" in ln)
    for w in set(words(comments)):
        feats[f"cw:{w}"] = 1.0
    num = _numeric_share(body)
    if num > 0.4:
        feats["num:high"] = 1.0
    n = len(lines)
    feats["len:short" if n < 4 else "len:mid" if n < 20 else "len:long"] = 1.0


#: the phrase families and shapes that speak for each section (``self:cue``)
SECTION_CUES: dict[str, tuple[str, ...]] = {
    "overview": ("cue:overview",),
    "intended_use": ("cue:use", "cue:research_use", "cue:use_cjk"),
    "out_of_scope": ("cue:not_use",),
    "limitations": ("cue:limits",),
    "ethical_considerations": ("cue:ethics",),
    "training_data": (
        "cue:trained_on",
        "cue:named_dataset",
        "cue:data_words",
        "cue:trained_on_name",
        "cue:trained_cjk",
        "fm_dataset",
    ),
    "evaluation": ("cue:results", "cue:results_cjk", "num:high", "kind:table"),
    "deployment": ("cue:run", "code:load", "code:install", "code:predict"),
    "license": ("cue:licence",),
}


#: features that say where a block sits rather than what it says
_POSITION_PREFIXES = ("hid:", "inh:", "h:", "a:", "tid:", "cid:")
_POSITION_FLAGS = frozenset({"top", "early", "noheading"})


def content_view(base: dict[str, float]) -> dict[str, float]:
    """A block's features without its position: the words, cues, shape and its own
    label. A model trained on this view judges what a block says, not where."""
    return {
        k: v
        for k, v in base.items()
        if not k.startswith(_POSITION_PREFIXES) and k not in _POSITION_FLAGS
    }


def pair_features(base: dict[str, float], section_id: str) -> dict[str, float]:
    """Features of (block, section): the block's own, specific to the section
    (``"limitations|w:bias"``), plus :func:`relational_features`."""
    out = {f"{section_id}|{name}": value for name, value in base.items()}
    out[f"{section_id}|bias"] = 1.0
    out.update(relational_features(base, section_id))
    return out


def relational_features(
    base: dict[str, float], section_id: str, summary: BlockSummary | None = None
) -> dict[str, float]:
    """Relations between a block and a section that every section shares:
    ``self:hid`` (the block's heading names this section), ``self:hid_other``
    (it names only others), ``self:cue`` (the section's phrase families), …

    ``summary`` (:func:`summarize`) saves recomputing the block's side per section.
    """
    rel = summary or summarize(base)
    out = {"bias": 1.0}
    for name in rel.flags:
        out[name] = 1.0
    if section_id in rel.named:
        out["self:hid"] = 1.0
        if len(rel.named) > 1:
            out["self:hid_shared"] = 1.0
    elif rel.named:
        out["self:hid_other"] = 1.0
    if f"inh:{section_id}" in base:
        out["self:inh"] = 1.0
    if f"cid:{section_id}" in base:  # a table whose header names it ("| Intended Use | … |")
        out["self:cid"] = 1.0
    if f"tid:{section_id}" in base:
        out["self:tid"] = 1.0
    if section_id in rel.labels:
        out["self:il"] = 1.0
    elif rel.labels:
        out["self:il_other"] = 1.0
    cues = SECTION_CUES.get(section_id, ())
    if any(c.replace("cue:", "cue+:", 1) in base for c in cues if c.startswith("cue:")):
        out["self:cue+"] = 1.0  # several phrases of the section's families
    if any(c in base for c in cues):
        out["self:cue"] = 1.0
        if not rel.named:
            out["self:cue_unheaded"] = 1.0
        elif "self:hid_other" in out:
            out["self:cue_elsewhere"] = 1.0
    return out


@dataclass(frozen=True)
class BlockSummary:
    """The section-independent side of :func:`relational_features`."""

    named: frozenset[str]  # ids the block's heading names
    labels: frozenset[str]  # ids the block's opening label names
    flags: tuple[str, ...]  # shared flags: pointer, short, position


_GENERIC = ("pointer", "len:short", "top", "early", "noheading", "script:other")


def summarize(base: dict[str, float]) -> BlockSummary:
    named = frozenset(k[4:] for k in base if k.startswith("hid:"))
    labels = frozenset(k[3:] for k in base if k.startswith("il:"))
    flags = tuple(f"self:{g}" for g in _GENERIC if g in base)  # meaning does not vary by section
    return BlockSummary(named, labels, flags)
