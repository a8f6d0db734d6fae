"""Property tests for the small parsers: the literal prefilter, globs and .vale.ini."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from xdocs.vale.base import Rule, block_words, literal_prefilter
from xdocs.vale.config import parse_ini
from xdocs.vale.globs import glob_matches
from xdocs.vale.regexes import compile_vale

TOKENS = [
    "a fine kettle of fish",
    "(?:a|an) old hat",
    "colou?r",
    r"\bdead(?: as a doornail)?",
    "under the weather|over the moon",
    "[Pp]ytorch",
    r"\d+ percent",
    "e-mail",
]
WORDS = ["a", "an", "fine", "kettle", "of", "fish", "old", "hat", "color", "colour", "dead",
         "as", "doornail", "under", "the", "weather", "over", "moon", "Pytorch", "pytorch",
         "12", "percent", "e-mail", "email", "Fish", "OLD", "Hat"]  # fmt: skip


class _Probe(Rule):
    def __init__(self, tokens):  # no YAML: just the prefilter under test
        self.prefilter = literal_prefilter(tokens)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), max_size=12),
    st.sampled_from([" ", "\n", "  ", " '", "' ", "(", "’", '"', "-", "_", "'s "]),
)
def test_prefilter_never_hides_a_match(words, sep):
    text = sep.join(words)
    lower = text.lower()
    for tok in TOKENS:
        rule = _Probe([tok])
        rx = compile_vale(r"(?i)(?m)\b(?:" + tok + r")\b")
        if rx.search(text):
            assert rule.prefilter is not None
            assert rule.may_match(lower, block_words(lower)), (tok, text)


def test_prefilter_is_none_for_unbounded_patterns():
    assert literal_prefilter([r"\w+"]) is None
    assert literal_prefilter(["ab|c.d"]) is None


@given(st.from_regex(r"[a-z]{1,8}(/[a-z]{1,8}){0,2}", fullmatch=True))
def test_globs(path):
    assert glob_matches("*", path)
    assert glob_matches("*.md", path + ".md")
    assert not glob_matches("*.md", path + ".txt")
    assert glob_matches("*.{md,txt}", path + ".txt")


@given(st.lists(st.sampled_from(["Vale", "write-good", "Xalura", "proselint"]), min_size=1))
def test_ini_styles_roundtrip(styles):
    ini = "MinAlertLevel = warning\n\n[*.md]\nBasedOnStyles = " + ", ".join(styles) + "\n"
    cfg = parse_ini(ini, Path("/tmp/.vale.ini"))
    assert cfg.styles_for("a.md") == styles
    assert cfg.styles_for("a.txt") == []
    assert cfg.min_alert_level == 1


MD_PIECES = [
    "# Head foo\n", "foo bar. Foo baz!\n", "\n", "- foo\n", "  - nested foo\n", "`foo`",
    "```py\nfoo\n```\n", "| a | foo |\n|---|---|\n| foo | b |\n", "> foo\n",
    "<!-- vale off -->", "<!-- vale on -->", "[foo](http://foo.example)", "**foo**",
    "é", "\r\n", "---\ntitle: foo\n---\n", "$$\nfoo\n$$\n", "<div>foo</div>\n",
]  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(MD_PIECES), max_size=15))
def test_engine_never_crashes_and_positions_are_in_the_file(tmp_path_factory, pieces):
    from xdocs.vale import lint_text

    tmp = tmp_path_factory.mktemp("fuzz")
    (tmp / "styles" / "T").mkdir(parents=True)
    (tmp / "styles" / "T" / "Foo.yml").write_text(
        "extends: existence\nmessage: \"'%s'\"\nlevel: error\nignorecase: true\ntokens: [foo]\n"
    )
    (tmp / "styles" / "T" / "Cap.yml").write_text(
        "extends: capitalization\nmessage: x\nscope: heading\nmatch: $title\n"
    )
    ini = tmp / ".vale.ini"
    ini.write_text("StylesPath = styles\n[*.md]\nBasedOnStyles = Vale, T\n")
    text = "".join(pieces)
    lines = text.replace("\r\n", "\n").split("\n")
    for alert in lint_text(text, "a.md", ini):
        assert 1 <= alert.line <= len(lines)
        assert alert.span[0] >= 1


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab'\"(),.!?$[] \n\u2019:;xyzQ-_1")), max_size=60))
def test_word_tokens_are_pieces_of_the_text_with_a_letter(text):
    from xdocs.vale.spelling.tokenize import word_tokens

    clean = text.replace("\u2019", "'")
    for word in word_tokens(text):
        assert word in clean
        assert any(c.isalpha() for c in word)
        assert not any(c.isspace() for c in word)


KEYS = st.from_regex(r"[a-z][a-z_]{0,6}", fullmatch=True)
VALUES = st.from_regex(r"[A-Za-z][A-Za-z ]{0,12}[a-z]", fullmatch=True)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(KEYS, VALUES), min_size=1, max_size=5), st.sampled_from(["---", "+++"]))
def test_front_matter_offsets_point_at_the_values(pairs, fence):
    from xdocs.vale.formats.readers import METADATA, front_matter_strings

    sep = ": " if fence == "---" else " = "
    body = "".join(f'{k}{sep}"{v}"\n' for k, v in pairs)
    content = f"{fence}\n{body}{fence}\n\nText.\n"
    found = front_matter_strings(METADATA.match(content))
    assert [(k, v) for k, v, _, _ in found] == pairs
    for _, value, at, folded in found:
        assert not folded and content[at : at + len(value)] == value
