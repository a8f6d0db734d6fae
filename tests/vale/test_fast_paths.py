"""The engine's speed-ups keep its results: walker masks, memoised hits, the linter cache."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from xdocs.vale import lint_text, load_linter
from xdocs.vale.config import load_config
from xdocs.vale.engine import Linter
from xdocs.vale.formats import walker as markup
from xdocs.vale.formats.walker import Walker, mask
from xdocs.vale.locate import assign_loc, initial_position
from xdocs.vale.state import split_after


def _cfg(tmp_path: Path, rules: dict[str, str]) -> Path:
    (tmp_path / "styles" / "T").mkdir(parents=True, exist_ok=True)
    for name, body in rules.items():
        (tmp_path / "styles" / "T" / f"{name}.yml").write_text(body)
    ini = tmp_path / ".vale.ini"
    ini.write_text("StylesPath = styles\nMinAlertLevel = suggestion\n[*.md]\nBasedOnStyles = T\n")
    return ini


def _rule(word: str, message: str = "Found '%s'.") -> str:
    return f'extends: existence\nmessage: "{message}"\nlevel: error\ntokens:\n  - {word}\n'


def _touch(path: Path, body: str) -> None:
    """Rewrite a file and move its mtime forward (coarse file-system clocks)."""
    before = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(body)
    os.utime(path, ns=(before + 2_000_000_000, before + 2_000_000_000))


def test_linter_cache_follows_rule_files(tmp_path):
    ini = _cfg(tmp_path, {"Word": _rule("foo")})
    first = load_linter(ini)
    assert load_linter(ini) is first
    assert [a.message for a in lint_text("foo bar\n", "a.md", ini)] == ["Found 'foo'."]

    _touch(tmp_path / "styles" / "T" / "Word.yml", _rule("foo", "Edited '%s'."))
    assert load_linter(ini) is not first
    assert [a.message for a in lint_text("foo bar\n", "a.md", ini)] == ["Edited 'foo'."]

    _touch(tmp_path / "styles" / "T" / "Other.yml", _rule("bar"))
    assert sorted(a.check for a in lint_text("foo bar\n", "a.md", ini)) == ["T.Other", "T.Word"]

    (tmp_path / "styles" / "T" / "Other.yml").unlink()
    assert [a.check for a in lint_text("foo bar\n", "a.md", ini)] == ["T.Word"]


def test_repeated_blocks_give_what_a_fresh_linter_gives(tmp_path):
    """Hits are memoised per block text; comment switches and locations stay per file."""
    rep = "extends: repetition\nmessage: \"'%s' again\"\nlevel: error\nalpha: true\n"
    ini = _cfg(tmp_path, {"Word": _rule("foo"), "Rep": rep + "tokens:\n  - '[^\\s]+'\n"})
    para = "A foo and the the foo."
    docs = [
        f"# Title\n\n{para}\n\n{para}\n",
        f"{para}\n\n<!-- vale T.Word = NO -->\n\n{para}\n\n<!-- vale T.Word = YES -->\n\n{para}\n",
        f"| a | b |\n| - | - |\n| {para} | foo |\n\n{para}\n",
        f"<!-- vale off -->\n\n{para}\n\n<!-- vale on -->\n\nx {para}\n",
    ]
    warm = Linter(load_config(ini))
    for i, doc in enumerate(docs * 2):
        got = [(a.line, a.span, a.check, a.message) for a in warm.lint_text(doc, f"{i}.md")]
        fresh = Linter(load_config(ini))
        want = [(a.line, a.span, a.check, a.message) for a in fresh.lint_text(doc, f"{i}.md")]
        assert got == want, doc
    assert warm.lint_text(docs[1], "x.md") and len(warm.lint_text(docs[1], "x.md")) < len(
        warm.lint_text(docs[1].replace("NO", "YES"), "x.md")
    )


class _StrWalker:
    """The walker's masking as plain string operations (the behaviour to keep)."""

    def __init__(self, ctx: str) -> None:
        self.ctx = ctx

    def sub(self, s: str) -> bool:
        i = self.ctx.find(s)
        if i < 0:
            return False
        self.ctx = self.ctx[:i] + mask(s, "@") + self.ctx[i + len(s) :]
        return True

    def update(self, txt: str) -> None:
        for s in txt.split("\n"):
            if not self.sub(s):
                for f in s.split():
                    self.sub(f)


_TEXT = st.text(alphabet=st.sampled_from(list("aab @\n*-é漢😀")), max_size=40)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.lists(_TEXT, max_size=8), st.booleans())
def test_walker_masks_like_string_operations(ctx, updates, indexed):
    saved = markup.GRAM_INDEX_MIN
    markup.GRAM_INDEX_MIN = 0 if indexed else saved  # the big-file index on small texts
    try:
        fast = Walker(ctx, ctx.count("\n") + 1)
    finally:
        markup.GRAM_INDEX_MIN = saved
    slow = _StrWalker(ctx)
    for u in updates:
        fast.update(u)
        slow.update(u)
        assert fast.ctx == slow.ctx
        line = u.rsplit("\n", 1)[-1]
        words = line.split()
        probe = slow.ctx.find(line)
        if probe < 0 and words:
            probe = slow.ctx.find(words[-1])
        want = slow.ctx.count("\n", 0, probe) if probe >= 0 else -1
        got = fast.advance(u)
        assert got == (want if want > fast.idx else -1)


def _assign_loc_reference(ctx, blk_text, blk_line, match, span):
    """``assign_loc`` as first written: test every line before the block's."""
    if span[0] < 0 or span[1] < 0:
        return blk_line + 1, span
    for idx, line in enumerate(split_after(ctx)):
        exact = len(line) > span[1] and line[span[0] : span[1]] == match
        if exact or idx == blk_line:
            pos, substring = initial_position(line, blk_text, match)
            end = pos + len(substring) - 1
            end = min(end, len(line)) if end > 0 else 1
            return idx + 1, (pos, end)
    return blk_line + 1, span


_LINES = st.text(alphabet=st.sampled_from(list("ab \n-`é")), max_size=60)


@settings(max_examples=400, deadline=None)
@given(_LINES, st.integers(-1, 8), st.integers(0, 6), st.integers(0, 4))
def test_assign_loc_matches_the_line_by_line_search(ctx, blk_line, start, size):
    match = ctx[start : start + size] if start < len(ctx) else "a"
    span = (start, start + len(match))
    got = assign_loc(ctx, match, blk_line, 0, match, span)
    assert got == _assign_loc_reference(ctx, match, blk_line, match, span)
