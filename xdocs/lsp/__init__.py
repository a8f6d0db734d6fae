"""``xdocs lsp``: findings as writers type, in any editor that speaks LSP.

One file per job: :mod:`~xdocs.lsp.server` (pygls wiring),
:mod:`~xdocs.lsp.scheduler` (when to lint, what to publish),
:mod:`~xdocs.lsp.workers` (lint processes), :mod:`~xdocs.lsp.linting` (the
only module that calls :mod:`xdocs.lint`), :mod:`~xdocs.lsp.convert`
(findings to diagnostics), :mod:`~xdocs.lsp.actions`, :mod:`~xdocs.lsp.hover`,
:mod:`~xdocs.lsp.completion` and :mod:`~xdocs.lsp.status`. Set-up for editors:
docs/editors.md.
"""
