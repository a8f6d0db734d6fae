"""Independent validation: run the submitted model on the evaluation data.

One module per job: :mod:`.spec` (the card's ``evaluation:`` block),
:mod:`.runner` and :mod:`.worker` (a killable worker process with a time
budget and a memory cap), :mod:`.models` (ONNX Runtime and skops loading,
input mapping, output decoding), :mod:`.datafiles` (batched CSV/Parquet/JSONL
reading), :mod:`.session` (one entry end to end), :mod:`.reproduce` (reported
vs recomputed metrics), :mod:`.record` (``reproduction:``/``bias_audit:`` in the
front-matter), :mod:`.summary` (what the record says, for the portal and
exporters), :mod:`.check` (the evidence pass's part), :mod:`.report` (what
``xdocs evaluate`` prints) and :mod:`.rules`. The bias audit itself is
:mod:`xdocs.evidence.bias`.
"""
