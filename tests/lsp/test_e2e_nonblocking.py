"""Typing is never blocked by a slow pass.

A long card keeps the slow passes (grammar, Markdown, proselint, links, evidence)
busy for seconds. While they run, an edit must still get its fast diagnostics
and a completion request its answer: the test records the order of events and
requires both before the slow passes' first result (Harper's repeated-word
finding) is published. Order, not time, is asserted: the suite never times.
"""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

from lsprotocol import types

from .conftest import CARD_HEAD, change, client_test, codes, open_doc, wait_diagnostics

SLOW_FINDING = "grammar/harper/RepeatedWords"


def long_card(paragraphs: int) -> str:
    # no "error" or "delay": word salad full of them is read as a limitation
    # (tests/card/test_section_substance.py keeps that case), and the card must miss one
    rng = random.Random(16)
    words = ["model", "ticket", "queue", "sender", "routes", "customer", "billing", "refund",
             "account", "login", "invoice", "shipment", "report"]  # fmt: skip
    body = [
        f"Paragraph {i} says that the {' '.join(rng.choice(words) for _ in range(12))} "
        f"matters for case {i * 7}.\n"
        for i in range(paragraphs)
    ]
    return CARD_HEAD + "\nThe the queue is wrong.\n\n" + "\n".join(body)


@client_test
async def test_fast_diagnostics_and_completion_while_slow_passes_run(client, project: Path) -> None:
    path = project / "cards" / "long.md"
    text = long_card(1500)
    uri = open_doc(client, path, text)
    first = await wait_diagnostics(client, uri, lambda ds: "structure/missing-section" in codes(ds))
    assert SLOW_FINDING not in codes(first), "the slow passes finished first: card too short"

    # type a rejected term at the top of the body, and ask for completion meanwhile
    line = text.split("\n").index("# Demo Model") + 1
    at = types.Position(line=line, character=0)
    change(client, uri, 2, [types.TextEdit(types.Range(start=at, end=at), "A data set.\n")])
    completion = asyncio.ensure_future(
        client.text_document_completion_async(
            types.CompletionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                position=types.Position(line=8, character=len("risk_rating: ")),
            )
        )
    )
    items = (await completion).items
    assert {i.label for i in items} == {"high", "medium", "low", "unknown"}
    assert SLOW_FINDING not in codes(client.diagnostics[uri]), "completion waited for them"

    fresh = await wait_diagnostics(client, uri, lambda ds: "terminology/Dataset" in codes(ds))
    (term,) = [d for d in fresh if d.code == "terminology/Dataset"]
    assert term.range.start == types.Position(line=line, character=2)
    assert SLOW_FINDING not in codes(fresh), "the edit's diagnostics waited for them"

    # and the slow passes do report, in their own time, at the right place
    done = await wait_diagnostics(client, uri, lambda ds: SLOW_FINDING in codes(ds), timeout=180)
    expected = text.split("\n").index("The the queue is wrong.") + 1  # below the new line
    assert expected in {d.range.start.line for d in done if d.code == SLOW_FINDING}
