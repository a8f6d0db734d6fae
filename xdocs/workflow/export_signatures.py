"""Signed records as files OpenSSH can verify with no xdocs at all.

``xdocs status CARD --export-signatures DIR`` writes, for each signed record
of each card, ``CARD-STEM.N.payload`` (the exact signed bytes),
``CARD-STEM.N.sig`` (the armored SSH signature) and one ``allowed_signers``
file built from the roster's keys, plus the command that checks each:

    ssh-keygen -Y verify -f DIR/allowed_signers -I priya.raman -n xdocs-approval \\
        -O verify-time=20260601091200Z -s DIR/card.1.sig < DIR/card.1.payload

(``verify-time`` is the record's date, so a key rotated out since still
verifies the records it signed while valid.)

So an auditor who distrusts xdocs' own verifier can verify with OpenSSH alone.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from xdocs.card.model import ModelCard
from xdocs.fileio import atomic_write
from xdocs.workflow.records import read_records
from xdocs.workflow.roster import Roster
from xdocs.workflow.signature import NAMESPACE, armor, signed_payload


def export_signatures(card: ModelCard, roster: Roster, folder: Path) -> list[str]:
    """Write the files; return one ``ssh-keygen`` command line per signed record."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for person in roster:
        for key in person.keys:
            opts = [f'namespaces="{NAMESPACE}"']
            if key.valid_after:
                opts.append(f'valid-after="{key.valid_after:%Y%m%d%H%M%S}Z"')
            if key.valid_before:
                opts.append(f'valid-before="{key.valid_before:%Y%m%d%H%M%S}Z"')
            if not key.revoked:
                lines.append(f"{person.id} {','.join(opts)} {key.openssh}")
    allowed = folder / "allowed_signers"
    atomic_write(allowed, "\n".join(lines) + "\n")
    stem = Path(card.path).stem
    records, _ = read_records(card)
    out = []
    for rec in records:
        if not rec.signature or not rec.by:
            continue
        n = rec.index + 1
        payload = folder / f"{stem}.{n}.payload"
        sig = folder / f"{stem}.{n}.sig"
        atomic_write(payload, signed_payload(rec.raw))
        atomic_write(sig, armor("".join(rec.signature.split())))
        when = f" -O verify-time={rec.at:%Y%m%d%H%M%S}Z" if rec.at else ""
        out.append(
            f"ssh-keygen -Y verify -f {shlex.quote(str(allowed))} -I {shlex.quote(rec.by)} "
            f"-n {NAMESPACE}{when} -s {shlex.quote(str(sig))} < {shlex.quote(str(payload))}"
        )
    return out
