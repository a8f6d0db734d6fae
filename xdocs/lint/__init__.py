"""Lint: the rule registry, the runner and one module per pass."""
