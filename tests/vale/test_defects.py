"""Regressions for defects found against Vale's Go source (issue 14).

Each case is the smallest document and rule that showed the difference; the
comment says which part of Vale decides the expected result.
"""

from __future__ import annotations

from pathlib import Path

from xdocs.vale import lint_text
from xdocs.vale.nlp import segment


def _cfg(tmp_path: Path, rules: dict[str, str], vocab: list[str] | None = None) -> Path:
    (tmp_path / "styles" / "T").mkdir(parents=True)
    for name, body in rules.items():
        (tmp_path / "styles" / "T" / f"{name}.yml").write_text(body)
    extra = ""
    if vocab is not None:
        folder = tmp_path / "styles" / "config" / "vocabularies" / "V"
        folder.mkdir(parents=True)
        (folder / "accept.txt").write_text("\n".join(vocab) + "\n")
        extra = "Vocab = V\n"
    ini = tmp_path / ".vale.ini"
    ini.write_text(f"StylesPath = styles\n{extra}[*.md]\nBasedOnStyles = T\n")
    return ini


def _checks(text: str, ini: Path) -> list[tuple[str, int]]:
    return [(a.check, a.line) for a in lint_text(text, "a.md", ini)]


TITLE = "extends: capitalization\nmessage: \"'%s' should be in title case.\"\nlevel: error\n"
TITLE += "scope: heading\nmatch: $title\n"
SENTENCE = TITLE.replace("$title", "$sentence")


def test_capture_group_in_exceptions_keeps_the_rule_working(tmp_path):
    # Vale's title() tokenises with FindAllString (whole matches); a capture
    # group in an exception must not turn every token into its group text.
    ini = _cfg(tmp_path, {"H": TITLE + "exceptions:\n  - (API|SDK)\n"})
    assert _checks("# this is a bad heading\n", ini) == [("T.H", 1)]
    assert _checks("# This Is a Good Heading\n", ini) == []


def test_sentence_exception_is_case_sensitive_without_vocabulary(tmp_path):
    # updateExceptions rewrites the rule's exceptions in place to `(?-i)VS`
    # when no vocabulary is added, so the converter sees a case-sensitive
    # pattern and leaves "vs." alone.
    ini = _cfg(tmp_path, {"H": SENTENCE + "exceptions:\n  - VS\n"})
    assert _checks("# This vs. heading\n", ini) == []


def test_sentence_exception_with_vocabulary_is_case_insensitive(tmp_path):
    # With accepted terms the exceptions are copied, not rewritten: the
    # converter matches "vs" case-insensitively and expects "VS".
    ini = _cfg(tmp_path, {"H": SENTENCE + "exceptions:\n  - VS\n"}, vocab=["Foo"])
    assert _checks("# This vs. heading\n", ini) == [("T.H", 1)]


def test_title_exception_pattern_matches_inside_a_word(tmp_path):
    # twine's TitleConverter.inVocab: a vocabulary entry that matches as a
    # regular expression anywhere in the word keeps the word as written.
    ini = _cfg(tmp_path, {"H": TITLE + "exceptions:\n  - JS\n"})
    assert _checks("# Using nodeJS Today\n", ini) == []
    assert _checks("# using nodeJS today\n", ini) == [("T.H", 1)]


SWAP_LIST = """extends: substitution
message: "Use '%s' instead of '%s'."
level: error
swap:
  - foo: bar
  - baz: qux
"""


def test_swap_as_a_list_of_maps_is_merged(tmp_path):
    # mapstructure's weak decoding merges a list of maps into one map.
    ini = _cfg(tmp_path, {"S": SWAP_LIST})
    alerts = lint_text("A foo and a baz.\n", "a.md", ini)
    assert [a.message for a in alerts] == [
        "Use 'bar' instead of 'foo'.",
        "Use 'qux' instead of 'baz'.",
    ]


def test_either_as_a_list_of_maps_is_merged(tmp_path):
    rule = "extends: consistency\nmessage: \"Inconsistent '%s'.\"\nlevel: error\n"
    rule += "either:\n  - center: centre\n  - color: colour\n"
    ini = _cfg(tmp_path, {"C": rule})
    assert _checks("The center and the centre.\n\nA color, a colour.\n", ini) == [
        ("T.C", 1),
        ("T.C", 3),
    ]


def test_rule_file_with_several_documents_reads_the_first(tmp_path):
    # yaml.v3's Unmarshal decodes the first document of a stream.
    rule = "extends: existence\nmessage: \"Found '%s'.\"\nlevel: error\ntokens:\n  - foo\n"
    rule += "---\nextends: nonsense\nmessage: [unclosed\n"
    ini = _cfg(tmp_path, {"E": rule})
    assert _checks("foo\n", ini) == [("T.E", 1)]


def test_eg_and_ie_end_a_sentence_like_punkt():
    # Punkt's English model (the one Vale's segmenter loads) lists neither
    # "eg" nor "ie" as an abbreviation, so a capital after "eg." starts a sentence.
    assert [s.strip() for s in segment("Use a tool, eg. This one works.")] == [
        "Use a tool, eg.",
        "This one works.",
    ]
    assert len(segment("Use a tool, ie. This one works.")) == 2
    # Dotted forms stay abbreviations ("e.g." matches Punkt's multi-period rule).
    assert len(segment("Use a tool, e.g. This one works.")) == 1
