"""Rules whose advice needs context (xdocs/lint/advice.py): each false-positive shape
of the labelled sample as a minimal made-up case, with a true finding beside it
that must stay. The unit tests call the checks on text; the end-to-end tests run
`xdocs check` with the rule turned on, so Harper or proselint really flags both
spots and only the filter tells them apart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.lint.test_prose_precision import _config, check, on_line
from xdocs.config import Config
from xdocs.lint.advice import Advice, link_titles
from xdocs.lint.nonprose import is_code_like


def applies(rule: str, text: str, flagged: str, nth: int = 0) -> bool:
    a = -1
    for _ in range(nth + 1):
        a = text.index(flagged, a + 1)
    return Advice(text).applies(rule, a, a + len(flagged))


OXFORD = "grammar/harper/OxfordComma"


def test_oxford_comma_inside_an_item_of_a_list_with_its_own_serial_comma() -> None:
    text = "It returns the label, the start and end offsets of the span, and a score."
    assert not applies(OXFORD, text, "start")
    assert applies(OXFORD, "Write to us with any question, comment or request.", "comment")


def test_oxford_comma_inside_a_name_in_a_list_of_names() -> None:
    text = "We work on Computer Vision, Speech, Network and System Security, Applied Statistics."
    assert not applies(OXFORD, text, "Network")
    # a list of names that ends there still gets its serial comma
    assert applies(OXFORD, "It speaks English, French and German.", "French")


def test_numeric_range_that_is_a_ratio() -> None:
    rule = "grammar/harper/NumericRangeEnDash"
    text = "We used a 70-30 split; memory use stays at 60-70% of the GPU."
    assert not applies(rule, text, "-")
    assert applies(rule, text, "-", nth=1)


def test_phrasal_verb_in_a_hyphenated_compound_is_a_noun() -> None:
    rule = "grammar/harper/PhrasalVerbAsCompoundNoun"
    text = "Details on the evaluation-setup are below. Please setup the environment."
    assert not applies(rule, text, "setup")
    assert applies(rule, text, "setup", nth=1)


def test_discourse_marker_that_modifies_a_participle() -> None:
    rule = "grammar/harper/DiscourseMarkers"
    assert not applies(rule, "Additionally trained version of the base model.", "Additionally")
    assert applies(rule, "It is slow. Therefore we cache it.", "Therefore")


def test_mass_noun_only_as_a_plural() -> None:
    rule = "grammar/harper/MassNouns"
    assert not applies(rule, "The blocks, each containing a convolution.", "each containing")
    assert not applies(rule, "The mean for each morphology.", "each morphology")
    assert applies(rule, "## Informations", "Informations")


def test_sentence_capitalization_of_a_list_label() -> None:
    rule = "grammar/harper/SentenceCapitalization"
    assert not applies(rule, "- commands: messages that start with !\n", "commands")
    assert not applies(rule, "* **tokens**: words split on spaces\n", "tokens")
    assert applies(rule, "and the results on the test set:\n", "and")
    assert applies(rule, "- the model is small. it runs on a phone.\n", "it")


def test_sentence_capitalization_of_a_sentence_interrupted_by_a_display() -> None:
    """A block that goes on with the sentence a code block, a citation or a heading
    interrupted starts lower case on purpose ("where …", "and this paper …")."""
    rule = "grammar/harper/SentenceCapitalization"
    after_code = "Run it as\n\n```\npython run.py\n```\nwhere the flags are optional.\n"
    assert not applies(rule, after_code, "where")
    after_quote = "Cite this:\n\n> Doe et al. 2020\n\nand this paper too.\n"
    assert not applies(rule, after_quote, "and")
    after_heading = "### DeepSentiPers\n\nwhich is a balanced version of SentiPers.\n"
    assert not applies(rule, after_heading, "which")
    # a heading left open: its list items finish its sentence
    open_heading = "#### RST is a new paradigm, which\n* unifies signals\n* achieves more\n"
    assert not applies(rule, open_heading, "unifies")
    assert not applies(rule, open_heading, "achieves")
    # true findings beside them stay
    assert applies(rule, "- F1: 0.87\n\nand flowing results on the test set:\n", "and")
    assert applies(rule, "Run it as\n\n```\npython run.py\n```\nthe flags are optional.\n",
                   "the")  # fmt: skip
    assert applies(rule, "# how to use\n- place the files in a folder\n", "place")
    assert applies(rule, "Requires:\n- serialized embeddings\n", "serialized")


def test_sentence_capitalization_of_a_bold_keyword_label() -> None:
    rule = "grammar/harper/SentenceCapitalization"
    assert not applies(rule, "**sketch** a sketch style from my drafts\n", "sketch")
    assert not applies(rule, "- __arts__ & **dgspitzer** extra prompts\n", "arts")
    assert applies(rule, "This is it. **then** run the script.\n", "then")


def test_phrasal_verb_in_a_heading_is_a_noun() -> None:
    rule = "grammar/harper/PhrasalVerbAsCompoundNoun"
    assert not applies(rule, "## Finetuning setup\n\nPlease setup the tools.\n", "setup")
    assert applies(rule, "## Finetuning setup\n\nPlease setup the tools.\n", "setup", nth=1)


def test_a_line_of_python_is_code_and_a_citation_line_is_prose() -> None:
    from xdocs.lint.nonprose import line_kind, unit_kind

    assert line_kind("from sentence_transformers.cross_encoder import CrossEncoder") == "command"
    assert line_kind("import torch.nn as nn") == "command"
    assert line_kind("from scratch, we trained it for a week.") is None
    # a bibliographic entry is written text an editor styles (the page range wants an en
    # dash), though its key (the author) and numbers make it look like a key: value line
    cite = (
        "安岡孝一: [日本語係り受け解析モデルの製作], 情報処理学会研究報告, "
        "Vol.2022-CH-128, No.7 (2022年2月), pp.1-8."
    )
    assert line_kind(cite) is None and unit_kind(cite) is None
    assert line_kind("- pp: 1-8") == "key-value"


def test_word_choice_in_a_link_text_that_is_a_title() -> None:
    text = (
        "- [Crash course in image generation](https://example.org/course)\n"
        "See [The Challenge of Realistic Data Sets for Translation](https://example.org/p).\n"
        "It goes without saying that [our notes](https://example.org/n) help.\n"
    )
    titles = [text[a:b] for a, b in link_titles(text)]
    assert titles == ["Crash course in image generation",
                      "The Challenge of Realistic Data Sets for Translation"]  # fmt: skip
    assert not applies("proselint/cliches.misc.write_good", text, "Crash course")
    assert not applies("grammar/harper/CompoundNouns", text, "Data Sets")
    assert applies("proselint/cliches.misc.write_good", text, "goes without saying")
    # a title's spelling is its author's too: "Self-Supervised Video Pre-Training" stays
    assert not applies("grammar/harper/DisjointPrefixes", text, "Crash course")
    # rules about the writer's typing still read titles
    assert applies("grammar/harper/Spaces", text, "Crash course")


def test_very_only_before_a_judgement() -> None:
    rule = "proselint/weasel_words.very"
    assert applies(rule, "This approach is very effective.", "very")
    for plain in ("very similar to", "very long audio files", "a very concrete example"):
        assert not applies(rule, f"It is {plain}.", "very"), plain


def test_a_capitalized_prefixed_word_is_a_word_not_a_name() -> None:
    for word in ("**PRE-PROCESSING**:", "NON-COMMERCIAL", "MULTI-TASK"):
        assert not is_code_like(word), word
    for name in ("I-ORG", "SST-2", "GPT-J", "GPT-NEO", "CC-BY-SA"):
        assert is_code_like(name), name


CARD = """\
# Details

Write to us with any question, comment or request.

It returns the label, the start and end offsets of the span in the input, and a score.

We used a 70-30 split to build our sets. Memory use stays at 60-70% of the GPU.

Details on data, evaluation-setup and export are in the repository. Please checkout the paper.

Additionally trained and evaluated version of the base model on news text.

The model has blocks, each containing a convolution. See the informations below.

- **PRE-PROCESSING**: when you apply the model to tweets, please normalize the tweets first.
"""


@pytest.mark.parametrize(
    ("rule", "false_spot", "true_spot"),
    [
        (OXFORD, "the start and end", "question, comment"),
        ("grammar/harper/NumericRangeEnDash", "70-30 split", "60-70%"),
        ("grammar/harper/PhrasalVerbAsCompoundNoun", "evaluation-setup", "checkout the paper"),
        ("grammar/harper/MassNouns", "each containing", "informations"),
        ("grammar/harper/DiscourseMarkers", "Additionally trained", None),
        ("grammar/harper/DisjointPrefixes", None, "PRE-PROCESSING"),
    ],
)
def test_end_to_end_with_the_rule_on(
    tmp_path: Path, repo_config: Config, rule: str, false_spot: str | None, true_spot: str | None
) -> None:
    found = [f for f in check(tmp_path, _config(repo_config, **{rule: "on"}), CARD)]
    lines = CARD.split("\n")

    def at(spot: str) -> list[str]:
        line = next(i for i, text in enumerate(lines) if spot in text)
        col = lines[line].index(spot) + 1
        return [
            f.rule
            for f in on_line(found, spot, CARD)
            if f.column <= col + len(spot) and col <= (f.end_column or f.column + 1)
        ]

    if false_spot:
        assert rule not in at(false_spot), false_spot
    if true_spot:
        assert rule in at(true_spot), true_spot


def test_phrasal_verb_fix_takes_the_particle_already_written(
    tmp_path: Path, repo_config: Config
) -> None:
    """ "checkout out" must become "check out", not "check out out": the span the fix
    replaces takes in the particle the writer already typed."""
    rule = "grammar/harper/PhrasalVerbAsCompoundNoun"
    card = "# Notes\n\nPlease checkout out the paper for details.\n"
    [finding] = [f for f in check(tmp_path, _config(repo_config, **{rule: "on"}), card)
                 if f.rule == rule]  # fmt: skip
    line = f"---\nname: demo\n---\n\n{card}".split("\n")[finding.line - 1]
    flagged = line[finding.column - 1 : finding.end_column - 1]
    assert flagged == "checkout out"
    assert finding.fix == "replace with 'check out'"  # advice, not an unattended fix
    fixed = line.replace(flagged, "check out")
    assert fixed == "Please check out the paper for details."


def test_very_speaks_in_house_wording(tmp_path: Path, repo_config: Config) -> None:
    """proselint's message for "very" quotes a joke ("substitute 'damn'"); the finding
    says what to do instead, so this repository can keep the rule on."""
    card = "# Notes\n\nThis approach is very effective on short texts.\n"
    [finding] = [f for f in check(tmp_path, repo_config, card)
                 if f.rule == "proselint/weasel_words.very"]  # fmt: skip
    assert finding.message.startswith("'very' props up a claim")
    assert "damn" not in finding.message


def test_fixes_and_names_found_in_a_fresh_sample(tmp_path: Path, repo_config: Config) -> None:
    """Sample 5 (tests/lint/labels/sample5.yml) read today's default findings afresh:
    a joined prefix must not keep a capital inside the word ("PreTraining"); a language
    code the front-matter declares is not an acronym typed in lower case ("da"); a word
    set beside its canonical spelling is mentioned, not misspelled ("finnish and
    Finnish"); a heading's name from the front-matter's tags keeps its capital."""
    front = "name: demo\nlanguage:\n- da\ntags:\n- flair\n"
    card = (
        "# Notes\n\n"
        "We use Corpus-Adaptive Pre-Training on news text.\n\n"
        "It was fine-tuned on the common_voice_11_0 da dataset.\n\n"
        "Texts are not lower cased: it tells finnish from Finnish.\n\n"
        "It was trained on korean text.\n\n"
        "## English NER in Flair\n\nTagging Release Notes.\n\n## Evaluation Results\n\nGood.\n"
    )
    found = check(tmp_path, repo_config, card, front=front)
    lines = f"---\n{front}---\n\n{card}".split("\n")

    def on(word: str, rule: str) -> list:
        """Findings of ``rule`` whose flagged text contains ``word`` as a whole word."""
        out = []
        for f in found:
            line = lines[f.line - 1]
            flagged = line[f.column - 1 : (f.end_column or len(line) + 1) - 1]
            if f.rule == rule and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", flagged):
                out.append(f)
        return out

    [prefix] = on("Pre-Training", "grammar/harper/DisjointPrefixes")
    assert prefix.fix == "replace with 'Pretraining'"
    assert on("da", "grammar/harper/OrthographicConsistency") == []
    assert on("finnish", "grammar/harper/OrthographicConsistency") == []
    assert on("korean", "grammar/harper/OrthographicConsistency")  # a true one stays
    assert not on("Flair", "vale/Xalura.Headings")
    assert on("Evaluation Results", "vale/Xalura.Headings")


def test_simplicity_and_repetition_where_they_apply(tmp_path: Path, repo_config: Config) -> None:
    """Sample 5: "simply" that means "merely" in a past description and "easily" before
    a property do not talk down to the reader; a repeated code inside a test-set name
    (``Tatoeba.es.es``) is no repeated word."""
    card = (
        "# Notes\n\n"
        "The position embedding matrix was simply copied 16 times.\n\n"
        "It needs easily customizable articles.\n\n"
        "You can simply use this as a prompt.\n\n"
        "| test set | BLEU |\n| --- | --- |\n| Tatoeba.es.es | 51.7 |\n"
    )
    found = check(tmp_path, repo_config, card)
    simplicity = [f.line for f in found if f.rule == "vale/Xalura.Simplicity"]
    assert simplicity == [11], found  # only "You can simply use"
    assert not [f for f in found if f.rule == "vale/Vale.Repetition"]


def acronyms(tmp_path: Path, repo_config: Config, card: str, front: str = "name: demo\n") -> list:
    """The acronyms Xalura.Acronyms asks to define in ``card``, with the rule turned on
    (whether it is on by default is the measured precision's business, not these tests')."""
    found = check(tmp_path, _config(repo_config, **{"vale/Xalura.Acronyms": "on"}), card, front)
    return [f.message.split("'")[1] for f in found if f.rule == "vale/Xalura.Acronyms"]


def test_acronyms_are_not_shouting_names_or_models(tmp_path: Path, repo_config: Config) -> None:
    """Sample 7 found Xalura.Acronyms wrong on every one of its five fresh findings: words
    in a run of capitals (a notice "THIS MODEL HAS BEEN MOVED", a title "THE IDOLM@STER
    CINDERELLA GIRLS"), a name of the technical dictionary (CUDA), a product with its
    model number (RTX 3090). An acronym a reader must have spelled out still is one."""
    card = (
        "# Notes\n\n"
        "**NOTICE: THIS MODEL HAS BEEN MOVED TO A NEW PLACE.**\n\n"
        "It draws THE IDOLM@STER CINDERELLA GIRLS.\n\n"
        "It was trained on the CPU after issues with CUDA, timed on an RTX 3090.\n\n"
        "It uses a PPO agent.\n"
    )
    flagged = acronyms(tmp_path, repo_config, card)
    assert flagged == ["PPO"], flagged


def test_company_names_in_capitals_are_not_acronyms(tmp_path: Path, repo_config: Config) -> None:
    """Sample 8: "AIOX Labs" (a company, also written AIOX-Labs) read as an undefined
    acronym. Capitals that a company word follows name an organisation; PPO still is
    an acronym to spell out."""
    card = (
        "# About\n\n"
        "For this project, AIOX Labs and the SI2M Laboratory join forces.\n\n"
        "Based in Rabat, AIOX-Labs builds models; NVIDIA Corporation and DFKI GmbH help.\n\n"
        "It uses a PPO agent.\n"
    )
    flagged = acronyms(tmp_path, repo_config, card)
    assert flagged == ["PPO"], flagged


def test_cited_paper_titles_keep_their_authors_spelling(
    tmp_path: Path, repo_config: Config
) -> None:
    """Sample 8: a linked paper title ("... in Pre-trained Transformers ...") would be
    rewritten to the house's "pretrained". A cited work's title is quoted as published:
    link texts that are Title Case titles, or that link to a paper, are left alone. The
    same word in the writer's own sentence still is the house's."""
    card = (
        "# Citation\n\n"
        "- [PAIR: Planning and Iterative Refinement in Pre-trained Transformers for Long Text"
        " Generation](https://paperswithcode.com/paper/pair-planning)\n"
        "- [Parameter-efficient fine tuning of large models](https://arxiv.org/abs/2106.09685)\n\n"
        "# Model\n\n"
        "It builds on a Pre-trained encoder; see the [fine tuning guide](docs/guide.md).\n"
    )
    found = check(tmp_path, repo_config, card)
    terms = sorted(
        (f.line, f.message.split("'")[3])
        for f in found
        if f.rule.startswith(("terminology/", "vale/Xalura.Terms"))
    )
    lines = card.split("\n")
    own = next(i for i, line in enumerate(lines, 1) if "Pre-trained encoder" in line) + 4
    assert terms == [(own, "Pre-trained"), (own, "fine tuning")], terms


def test_names_the_front_matter_declares_are_not_acronyms(
    tmp_path: Path, repo_config: Config
) -> None:
    """Sample 9: "KSS", the dataset the card's front-matter declares, read as an acronym
    to spell out. A name the card declares (datasets, base model, model name) is a name;
    an acronym it does not declare still is one."""
    front = "name: demo\ndatasets:\n- KSS\n- wham/sep_clean\n- NST Swedish ASR Database\n"
    card = (
        "# Model\n\nThis FastSpeech2 is trained on KSS dataset (Ko) with a PPO agent.\n\n"
        "It separates WHAM mixtures and is tested against an ASR system.\n"
    )
    flagged = acronyms(tmp_path, repo_config, card, front=front)
    # a declared value with spaces is a description: its "ASR" is still an acronym
    assert flagged == ["PPO", "ASR"], flagged


def test_a_heading_ending_in_an_emoji_shortcode_has_no_punctuation(
    tmp_path: Path, repo_config: Config
) -> None:
    """Sample 9: "## How to use :hugs:" ends with an emoji, not a colon."""
    card = "# Model\n\n## How to use :hugs:\n\nText.\n\n## Results:\n\nText.\n"
    found = check(tmp_path, repo_config, card)
    lines = [f.line for f in found if f.rule == "vale/Xalura.HeadingPunctuation"]
    assert lines == [11], lines  # "## Results:" only (line 7 of the body, after 4 of front)


def test_for_free_is_an_idiom_not_a_redundancy(tmp_path: Path, repo_config: Config) -> None:
    """Samples 6 and 9 judged proselint's "for free" → "free" false both times: "use it
    for free" is standard English. The check's other phrases still apply."""
    card = "# Model\n\nUse it for free. It is filled to capacity.\n"
    found = check(tmp_path, repo_config, card)
    flagged = [f.message for f in found if f.rule.endswith("redundancy.misc.after_the_deadline")]
    assert len(flagged) == 1 and "filled" in flagged[0], flagged


def test_no_prefix_join_into_a_link_text(tmp_path: Path, repo_config: Config) -> None:
    """Sample 11: "Check out [Paint Journey V2](…)" gave DisjointPrefixes "outPaint": the
    words on either side of link syntax are not one word. A prefix written apart in plain
    prose still is one."""
    card = (
        "# Model\n\n## Professional Painting\n\nCheck out [Paint Journey V2]"
        "(https://huggingface.co/FredZhang7/paint-journey-v2)! Its artwork is characterized by "
        "intricate details, vibrant colors, and light that brings artwork to life.\n\n"
        "The model was pre-trained on books.\n"
    )
    found = check(tmp_path, repo_config, card)
    joins = [(f.line, f.replacement) for f in found if f.rule.endswith("DisjointPrefixes")]
    assert 9 not in [line for line, _ in joins], joins  # "Check out [Paint …"
    spots = {(f.line, f.replacement) for f in found}
    assert (11, "pretrained") in spots, spots  # reported there (by the house term)


def test_a_surname_before_et_al_is_not_an_acronym(tmp_path: Path, repo_config: Config) -> None:
    """Sample 11: "(Gu et al., 2022)" gave OrthographicConsistency "GU" (Harper knows the
    capitals of an acronym spelled the same). A name that cites authors is a name."""
    card = (
        "# Model description\n\nWe adapt DREAM’s scene elaborations (Gu et al., 2022) for the "
        "figurative language understanding NLI task by using the DREAM model to generate "
        "elaborations for the premise and hypothesis separately.\n"
    )
    found = check(tmp_path, repo_config, card)
    column = card.split("\n")[2].index("Gu") + 1
    flagged = [f.column for f in found if f.rule.endswith("OrthographicConsistency")]
    assert column not in flagged, flagged


def test_orthographic_consistency_never_lowers_capitals(
    tmp_path: Path, repo_config: Config
) -> None:
    """Harper's OrthographicConsistency would write "DREAM's" as "dream's" and "RoBERTa"
    as "Roberta" (labels in samples 1 and 5: huBERT, FiNER, RoBERTa, all false): a
    capital the writer typed is a name's spelling. It still adds capitals that are
    missing ("api" → "API") and gives a brand its spelling ("GITHUB" → "GitHub")."""
    card = (
        "# Model description\n\nThis is the DREAM model. We adapt DREAM’s scene elaborations "
        "for the task.\n\nCall the api to run it, as the [GITHUB](https://example.com) says.\n"
    )
    found = check(tmp_path, repo_config, card)
    fixes = [f.fix for f in found if f.rule.endswith("OrthographicConsistency")]
    assert fixes == ["replace with 'API'", "replace with 'GitHub'"], fixes


def test_an_acronym_defined_after_a_lower_case_expansion_is_defined(
    tmp_path: Path, repo_config: Config
) -> None:
    """Sample 13: "masked language modeling (MLM)" and "Parallel UD treebank (PUD)" were
    told to define what they define. The house style's own example is lower case
    ("word error rate (WER)"); the rule took only Title Case expansions."""
    card = (
        "# Model\n\nInstead of BERT's masked language modeling (MLM) objective, it uses "
        "replaced token detection (RTD). It is tested on the Parallel UD treebank (PUD).\n\n"
        "It uses a PPO agent.\n"
    )
    flagged = acronyms(tmp_path, repo_config, card)
    assert flagged == ["PPO"], flagged


def test_capitals_naming_a_dataset_are_a_name(tmp_path: Path, repo_config: Config) -> None:
    """Samples 9 and 13: "KSS dataset", "a subset of TNEWS dataset" were read as acronyms to
    spell out. Capitals that "dataset", "corpus", "benchmark" or "treebank" follow name a
    dataset; an acronym before "model" or "agent" still is one ("an NMT model")."""
    card = (
        "# Model\n\nIt is tuned on an imbalanced subset of TNEWS dataset and the WMT16 "
        "benchmark, and scored on the TDTB treebank.\n\nIt is an NMT model with a PPO agent, "
        "trained on 2 hours of a Gronings TTS dataset.\n"
    )
    flagged = acronyms(tmp_path, repo_config, card)
    # a task's acronym before "dataset" says what kind of dataset: still an acronym
    assert flagged == ["NMT", "PPO", "TTS"], flagged


def test_a_heading_led_by_another_script_or_an_emoji_starts_at_its_first_word(
    tmp_path: Path, repo_config: Config
) -> None:
    """Samples 7 and 14: "引用 Citation" (a bilingual heading) was told its "Citation" broke
    sentence case; so would "🔥 Model details". The first Latin word starts the heading."""
    card = (
        "# Model\n\n## 引用 Citation\n\nText.\n\n## 🔥 Model details\n\nText.\n\n## Training Data\n"
    )
    found = [f for f in check(tmp_path, repo_config, card) if f.rule == "vale/Xalura.Headings"]
    assert [f.line for f in found] == [15], [(f.line, f.message) for f in found]


def test_a_badge_is_not_the_writers_sentence(tmp_path: Path, repo_config: Config) -> None:
    """Samples 5 and 14: a badge's text ("Buy me a coffee", an image's alternative text)
    read as first person. What an image's alternative text says is a label; the
    writer's own "we" still counts."""
    card = (
        "# Model\n\n[![Buy me a coffee](https://badgen.net/badge/icon/Buy%20Me)]"
        "(https://www.buymeacoffee.com/someone)\n\nWe trained it on news.\n"
    )
    found = [f for f in check(tmp_path, repo_config, card) if f.rule == "vale/Xalura.FirstPerson"]
    assert [f.line for f in found] == [9], [(f.line, f.message) for f in found]


def test_well_known_model_and_benchmark_names_are_names(
    tmp_path: Path, repo_config: Config
) -> None:
    """Samples 7 and 15: "BLOOM" (a model family) read as an acronym to spell out. The
    technical dictionary's names (models, datasets, benchmarks) are names; PPO is not."""
    card = "# Model\n\nIt is compared with BLOOM on GLUE, MMLU and COCO, with a PPO agent.\n"
    assert acronyms(tmp_path, repo_config, card) == ["PPO"]
