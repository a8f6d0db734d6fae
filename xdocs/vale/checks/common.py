"""What the rule types share: Vale's word templates and the phrase test."""

from __future__ import annotations

import regex

from xdocs.vale.config import Config

WORD_TEMPLATE = r"(?m)\b(?:%s)\b"
NONWORD_TEMPLATE = r"(?m)(?:%s)"
#: keys every rule may have (a consistency rule drops everything else)
COMMON_KEYS = {"extends", "message", "description", "level", "scope", "link", "limit", "name",
               "action", "path", "matchcase"}  # fmt: skip


def template(cfg: Config, word: bool) -> str:
    """Vale's ``makeRegexp`` template: the configured ``WordTemplate`` for word rules."""
    if word:
        return cfg.word_template or WORD_TEMPLATE
    return NONWORD_TEMPLATE


def fill(template: str, body: str) -> str:
    """``fmt.Sprintf(template, body)`` for a template with one ``%s``."""
    return template.replace("%s", body, 1)


def phrase(s: str) -> bool:
    """Vale's ``IsPhrase``: letters, digits and spaces only (so not a regex)."""
    return bool(regex.fullmatch(r"[\p{L}\p{N}\s'’-]*", s))
