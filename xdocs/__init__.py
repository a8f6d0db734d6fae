"""xdocs: a docs-as-code toolchain for AI model cards."""

__version__ = "0.1.0"
