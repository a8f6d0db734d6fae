"""Card pages rendered in worker processes: a card page is a pure function of its model.

Rendering a page (Jinja partials, the section diff) takes a few milliseconds;
at 10,000 cards that is worth spreading over the CPUs. Workers receive the
models (plain data) and the page options, and send back ``{page: text}``; below
:data:`PARALLEL_MIN` models the work stays in this process, where a worker
pool would cost more than it saves.
"""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

from xdocs.portal.card_page import PageOptions, card_pages
from xdocs.portal.entries import ModelEntry

#: below this many models, pages are rendered in this process.
PARALLEL_MIN = 400

_OPTIONS: PageOptions | None = None


def render_model(model: ModelEntry, options: PageOptions) -> dict[str, str]:
    """``{page path: Markdown}`` for every version of one model."""
    pages: dict[str, str] = {}
    for entry in model.versions:
        pages.update(card_pages(entry, model, options))
    return pages


def render_models(
    models: list[ModelEntry], options: PageOptions, jobs: int
) -> dict[str, dict[str, str]]:
    """``{model id: {page: text}}`` for ``models``, in worker processes when many."""
    if len(models) < PARALLEL_MIN or jobs < 2:
        return {m.model_id: render_model(m, options) for m in models}
    # the workflow state is not shown on a card page: do not ship it to the workers
    models = [_without_state(m) for m in models]
    size = max(32, len(models) // (jobs * 4))
    chunks = [models[i : i + size] for i in range(0, len(models), size)]
    out: dict[str, dict[str, str]] = {}
    with ProcessPoolExecutor(jobs, initializer=_init, initargs=(options,)) as pool:
        for part in pool.map(_render_chunk, chunks):
            out.update(part)
    return out


def _without_state(model: ModelEntry) -> ModelEntry:
    return ModelEntry(model.model_id, model.name, [replace(e, state=None) for e in model.versions])


def _init(options: PageOptions) -> None:
    global _OPTIONS
    _OPTIONS = options


def _render_chunk(models: list[ModelEntry]) -> dict[str, dict[str, str]]:
    assert _OPTIONS is not None
    return {m.model_id: render_model(m, _OPTIONS) for m in models}
