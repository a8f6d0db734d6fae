"""Rule types the built-in engine does not run, kept so they can be named."""

from __future__ import annotations

from xdocs.vale.base import Hit, Rule
from xdocs.vale.regexes import Budget
from xdocs.vale.state import FileState

WHY_NOT_RUN = {
    "script": "'script' rules are Tengo programs and no Tengo interpreter exists for Python",
    "sequence": "'sequence' rules need Vale's part-of-speech tagger, which the built-in "
    "engine does not have (see docs/vale.md)",
    "metric": "'metric' rules are not implemented by the built-in engine",
    "readability": "'readability' rules are not implemented by the built-in engine",
}


class Unsupported(Rule):
    """A rule type the built-in engine does not run; kept so it can be listed."""

    supported = False

    @property
    def unsupported_reason(self) -> str:
        return WHY_NOT_RUN.get(self.extends, f"'{self.extends}' rules are not run")

    def run(self, text: str, state: FileState, budget: Budget) -> list[Hit]:
        return []
