"""xdocs test suite (a package, so `tests.*` imports resolve here first)."""
