"""The rules the document layer reports: reading a file and its front-matter.

Reading (:mod:`xdocs.fileio`, :mod:`xdocs.document.decode`), card discovery
(:class:`xdocs.card.SkippedPath`), the card readers and the front-matter parser
report these. They live here, beside the code that reports them, so the rule that
reports is at hand without an upward import into ``lint/``; the lint registry lists
them (``input/*`` as the runner's rules, the front-matter rules with the metadata
pass), so ``xdocs rules`` documents them like every other rule.
"""

from __future__ import annotations

from xdocs.findings import Severity
from xdocs.rules import Rule, rule_index

#: a path or file xdocs cannot or will not read as a card
INPUT_RULES: tuple[Rule, ...] = (
    Rule(
        "input/unreadable",
        "A path given to xdocs check cannot be read as a file.",
        "A missing file or a directory where a card was expected usually means a typo in a "
        "command or CI configuration; silently skipping it would pass a check that never ran.",
        "xdocs check cards/missing.md",
        Severity.ERROR,
        "Check the path.",
    ),
    Rule(
        "input/symlink",
        "A card path is a symbolic link; xdocs does not follow it.",
        "A link committed as cards/x.md -> /etc/passwd (or ~/.aws/credentials) would make CI "
        "read, lint and publish a file outside the repository; links are reported, not read.",
        "cards/x.md -> /etc/passwd",
        Severity.WARNING,
        "Replace the link with the card itself, or set input.follow_symlinks for links that "
        "stay inside the project.",
    ),
    Rule(
        "input/special-file",
        "A card path is a FIFO, socket or device, not a regular file; it is skipped.",
        "Reading a FIFO blocks forever and /dev/zero never ends: a pull request must not be "
        "able to hang or exhaust the CI machine.",
        "mkfifo cards/pipe.md",
        Severity.WARNING,
        "Remove it: a card is a regular file.",
    ),
    Rule(
        "input/too-large",
        "A card is larger than input.max_card_bytes (default 5 MB) and is not read.",
        "Every read is bounded so that one huge file cannot exhaust memory; real cards are "
        "well under a megabyte.",
        "a 6 MB cards/x.md",
        Severity.ERROR,
        "Split the card, or raise input.max_card_bytes in site_config/xdocs.yml.",
    ),
    Rule(
        "input/binary",
        "The file holds NUL bytes: it is binary, not a text model card.",
        "A model file or an archive committed where a card belongs would otherwise be read "
        "as text and produce nonsense findings.",
        "cards/model.md holding the bytes of model.safetensors",
        Severity.ERROR,
        "Submit the card as UTF-8 Markdown, JSON or YAML; keep model files under artifacts/.",
    ),
    Rule(
        "input/encoding",
        "The file is not valid UTF-8 (the bad bytes were replaced to read on).",
        "Cards are UTF-8 text; a Latin-1 or UTF-16 file shows mojibake in the portal and "
        "breaks every tool that reads it.",
        "a card saved as Latin-1: 'Café' stored as the byte 0xE9",
        Severity.ERROR,
        "Re-save the file as UTF-8.",
    ),
    Rule(
        "input/empty",
        "The card file is empty.",
        "An empty file in the cards folder is an unfinished submission; passing it in silence "
        "would let an empty card through intake.",
        "cards/new-model.md with no content",
        Severity.ERROR,
        "Write the card (`xdocs new NAME` scaffolds one) or remove the file.",
    ),
    Rule(
        "input/json",
        "A JSON card does not parse.",
        "Nothing in a JSON card can be read until it parses.",
        '{"model_details": {"name": "X",}}   # trailing comma',
        Severity.ERROR,
        "Fix the JSON at the reported line.",
    ),
    Rule(
        "input/not-a-model-card",
        "A JSON or YAML file named as a card holds no model card fields.",
        "A configuration or data file passed by mistake must not pass as a card with "
        "every section missing.",
        '{"learning_rate": 0.001, "epochs": 3}',
        Severity.ERROR,
        "Point xdocs at the card, or use the Model Card Toolkit, SageMaker or house fields.",
    ),
)

#: front-matter that does not parse, or is not read as front-matter at all
FRONT_MATTER_RULES: tuple[Rule, ...] = (
    Rule(
        "metadata/yaml",
        "The front-matter is not valid YAML.",
        "Nothing in the card's metadata can be read until the YAML parses.",
        "name: Foo: bar   # an unquoted ': ' inside a value",
        Severity.ERROR,
        "Fix the YAML at the reported line.",
    ),
    Rule(
        "metadata/front-matter-not-read",
        "The card starts with a block that looks like front-matter but is not read as such.",
        "The Hugging Face hub (and xdocs, which reads front-matter the way the hub does) only "
        "reads a block opened by a line that is exactly `---` and closed by a `---` line at "
        "the start of a line; a block closed by `...` or a fence with extra characters leaves "
        "the card without metadata, and its YAML is read as prose.",
        "---\nlicense: mit\n...   (closed by `...`: the hub shows no licence)",
        Severity.WARNING,
        "Open and close the block with a line that is exactly `---`.",
    ),
)

#: the rules above by id: ``R["input/binary"].finding(...)``
R = rule_index(INPUT_RULES + FRONT_MATTER_RULES)
