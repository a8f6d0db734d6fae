"""The rule types the built-in engine runs (Vale's ``internal/check``), one module each.

Each follows the Go implementation's pattern construction (word template,
``nonword``, ``append``, ``ignorecase``, exceptions and vocabulary) so that
the same YAML matches the same text. Types we do not run (metric, sequence,
script, readability) load as :class:`Unsupported` and are named in the notes.
"""

from xdocs.vale.checks.capitalization import Capitalization
from xdocs.vale.checks.conditional import Conditional
from xdocs.vale.checks.consistency import Consistency
from xdocs.vale.checks.existence import Existence
from xdocs.vale.checks.occurrence import Occurrence
from xdocs.vale.checks.repetition import Repetition
from xdocs.vale.checks.substitution import Substitution
from xdocs.vale.checks.unsupported import Unsupported

__all__ = [
    "Capitalization", "Conditional", "Consistency", "Existence", "Occurrence", "Repetition",
    "Substitution", "Unsupported",
]  # fmt: skip
