"""Signed approval records: SSHSIG, the format git uses for SSH commit signing.

Why SSHSIG: approvers already sign commits with an SSH key; ``ssh-keygen -Y
sign`` signs with a key file, an ssh-agent or a hardware key, and anyone can
verify offline with the public key alone (``ssh-keygen -Y verify`` or this
module). The namespace ``xdocs-approval`` keeps a signature made for xdocs from
passing as a git commit signature and the other way round.

**What is signed** (:func:`signed_payload`): a domain line, then every field
of the record except ``signature`` (stage, role, by, decision, at, digest,
note, stage data such as assignee, priority and release), encoded with the
same type-tagged canonical form as the v2 digest: keys sorted, ``at`` as
``YYYY-MM-DDTHH:MM:SSZ``, the digest in its normalized spelling. The digest
binds the record to the card's content, so changing the card, or any field
of the record, or moving the signature to another record, breaks it.

**Signing** calls ``ssh-keygen -Y sign`` (OpenSSH): the private key never
passes through xdocs, and passphrases, agents and security keys work as they
do for git. **Verifying** is pure Python (the ``sshsig`` package over
``cryptography``): fast enough for a portal build, no subprocess per record.
Supported key types: ``ssh-ed25519`` and ``ssh-rsa`` (RSA signatures with
SHA-256/512).

The signature is stored as one line: the base64 of the SSHSIG blob (what
``ssh-keygen`` armors between ``-----BEGIN SSH SIGNATURE-----`` lines).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import os
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xdocs.workflow.digest import canonical, normalize_digest

NAMESPACE = "xdocs-approval"
_DOMAIN = b"xdocs approval record v1\n"
_BEGIN = "-----BEGIN SSH SIGNATURE-----"
_END = "-----END SSH SIGNATURE-----"
#: key types the verifier supports (the ``sshsig`` package's algorithms)
KEY_TYPES = ("ssh-ed25519", "ssh-rsa")

VERIFIED, UNSIGNED, INVALID = "verified", "unsigned", "invalid"


class SigningError(Exception):
    """Signing failed: the message says why and what to do."""


@dataclass(frozen=True)
class PublicKey:
    """One roster key: an OpenSSH public key with its validity."""

    type: str
    blob: str  # base64, as in the OpenSSH line
    comment: str = ""
    valid_after: dt.datetime | None = None
    valid_before: dt.datetime | None = None
    revoked: bool = False

    @property
    def fingerprint(self) -> str:
        """``SHA256:…`` as ``ssh-keygen -l`` prints it."""
        raw = hashlib.sha256(base64.b64decode(self.blob)).digest()
        return "SHA256:" + base64.b64encode(raw).decode().rstrip("=")

    @property
    def openssh(self) -> str:
        return f"{self.type} {self.blob}"

    def valid_at(self, moment: dt.datetime | None) -> str | None:
        """Why this key cannot vouch for a record dated ``moment`` (None: it can)."""
        if self.revoked:
            return f"key {self.fingerprint} is revoked in the roster"
        if moment is None:
            return "the record has no valid `at` to check the key's validity against"
        if self.valid_after is not None and moment < self.valid_after:
            return f"key {self.fingerprint} is valid only from {self.valid_after:%Y-%m-%d}"
        if self.valid_before is not None and moment >= self.valid_before:
            return f"key {self.fingerprint} expired on {self.valid_before:%Y-%m-%d} (rotated)"
        return None


def parse_public_key(line: str) -> PublicKey:
    """An OpenSSH public key line (``ssh-ed25519 AAAA… comment``), optionally
    preceded by allowed_signers options (``valid-after="20260101"``,
    ``valid-before="…"``). Raises ValueError with the reason."""
    from sshsig import PublicKey as SshPublicKey

    text = line.strip()
    options: dict[str, str] = {}
    while text and not text.startswith(("ssh-", "ecdsa-", "sk-")):
        opt, _, rest = _split_option(text)
        name, _, value = opt.partition("=")
        options[name.lower()] = value.strip('"')
        text = rest.strip()
    parts = text.split(None, 2)
    if len(parts) < 2:
        raise ValueError("expected `TYPE BASE64 [comment]`, e.g. `ssh-ed25519 AAAAC3… you@host`")
    kind, blob = parts[0], parts[1]
    if kind not in KEY_TYPES:
        raise ValueError(f"key type {kind} is not supported; use one of {', '.join(KEY_TYPES)}")
    try:
        SshPublicKey.from_openssh_str(f"{kind} {blob}")
    except Exception as exc:  # noqa: BLE001 - any parse failure is a bad key line
        raise ValueError(f"not a valid {kind} public key ({exc or type(exc).__name__})") from None
    if "cert-authority" in options:
        raise ValueError("certificate authorities are not supported: list each person's key")
    return PublicKey(
        kind,
        blob,
        parts[2] if len(parts) > 2 else "",
        valid_after=parse_key_date(options.get("valid-after")),
        valid_before=parse_key_date(options.get("valid-before")),
    )


def _split_option(text: str) -> tuple[str, str, str]:
    """The first comma/space-separated allowed_signers option (quotes respected)."""
    quoted = False
    for i, ch in enumerate(text):
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in ", ":
            return text[:i], ch, text[i + 1 :]
    return text, "", ""


def parse_key_date(value: Any) -> dt.datetime | None:
    """A validity bound: an ISO date/date-time, a YAML date, or allowed_signers'
    ``YYYYMMDD[HHMM[SS]][Z]``. Raises ValueError when it is none of them."""
    if value is None or value == "":
        return None
    from xdocs.card.flags import parse_date

    moment = parse_date(value)
    if moment is not None:
        return moment
    text = str(value).strip().rstrip("Zz")
    for fmt in ("%Y%m%d%H%M%S", "%Y%m%d%H%M", "%Y%m%d"):
        try:
            return dt.datetime.strptime(text, fmt).replace(tzinfo=dt.UTC)
        except ValueError:
            continue
    raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)")


# -- what is signed ----------------------------------------------------------------------
def signed_payload(record: Mapping[str, Any]) -> bytes:
    """The bytes a record's signature covers (see the module docstring)."""
    from xdocs.workflow.records import format_time, parse_time

    fields: dict[str, Any] = {}
    for key, value in record.items():
        name = str(key)
        if name == "signature":
            continue
        if name == "at":
            moment = parse_time(value)
            value = format_time(moment) if moment else value
        elif name == "digest":
            value = normalize_digest(value) or value
        fields[name] = value
    body = json.dumps(canonical(fields), ensure_ascii=False, separators=(",", ":"))
    return _DOMAIN + body.encode("utf-8", "surrogatepass")


def armor(signature: str) -> str:
    """The one-line stored signature as ``ssh-keygen`` writes it."""
    lines = [_BEGIN]
    lines += [signature[i : i + 70] for i in range(0, len(signature), 70)]
    lines += [_END, ""]
    return "\n".join(lines)


def dearmor(text: str) -> str:
    """``ssh-keygen``'s armored output → the one-line base64 stored in a record."""
    inside = []
    started = False
    for line in text.splitlines():
        line = line.strip()
        if line == _BEGIN:
            started = True
        elif line == _END:
            break
        elif started and line:
            inside.append(line)
    if not inside:
        raise SigningError("ssh-keygen printed no SSH signature")
    return "".join(inside)


# -- verifying -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Verdict:
    """What verification concluded about one record."""

    status: str  # verified | unsigned | invalid
    reason: str = ""
    key: PublicKey | None = None


def verify_record(
    record: Mapping[str, Any], keys: Iterable[PublicKey], moment: dt.datetime | None
) -> Verdict:
    """Verify a record's signature against the approver's roster keys.

    ``invalid`` when the signature does not parse, is not over this record,
    was made with a key the approver does not hold, or with a key that was
    revoked or not valid at the record's date.
    """
    raw = record.get("signature")
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Verdict(UNSIGNED, "the record is not signed")
    if not isinstance(raw, str):
        return Verdict(INVALID, "`signature` must be the base64 SSH signature (one line)")
    text = "".join(raw.split())
    if text.startswith("-----BEGIN"):
        text = dearmor(raw)
    try:
        blob = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return Verdict(INVALID, "`signature` is not base64")
    signer = _signer_blob(blob)
    if signer is None:
        return Verdict(INVALID, "`signature` is not an SSH signature (SSHSIG)")
    held = [k for k in keys if k.blob == signer]
    if not held:
        return Verdict(
            INVALID,
            f"signed with key {_fingerprint(signer)}, which is not one of "
            f"{record.get('by')}'s keys in the roster",
        )
    try:
        from sshsig import check_signature

        check_signature(signed_payload(record), armor(text), namespace=NAMESPACE)
    except Exception:  # noqa: BLE001 - hostile input: any failure is "does not verify"
        return Verdict(
            INVALID,
            "the signature does not match the record: a field was changed after signing, "
            "or the signature was copied from another record",
        )
    why = held[0].valid_at(_moment(record))
    if why:
        return Verdict(INVALID, why, held[0])
    return Verdict(VERIFIED, "", held[0])


def _moment(record: Mapping[str, Any]) -> dt.datetime | None:
    from xdocs.workflow.records import parse_time

    return parse_time(record.get("at"))


def _signer_blob(blob: bytes) -> str | None:
    """The base64 public key embedded in an SSHSIG blob (None when it is not one)."""
    if not blob.startswith(b"SSHSIG") or len(blob) < 14:
        return None
    pos = 10  # magic (6) + version (4)
    if len(blob) < pos + 4:
        return None
    size = int.from_bytes(blob[pos : pos + 4], "big")
    key = blob[pos + 4 : pos + 4 + size]
    if size == 0 or len(key) != size:
        return None
    return base64.b64encode(key).decode("ascii")


def _fingerprint(blob_b64: str) -> str:
    raw = hashlib.sha256(base64.b64decode(blob_b64)).digest()
    return "SHA256:" + base64.b64encode(raw).decode().rstrip("=")


# -- signing -------------------------------------------------------------------------------
def sign_payload(payload: bytes, key: str | Path) -> str:
    """Sign with ``ssh-keygen -Y sign -n xdocs-approval -f KEY``; the one-line
    signature. ``key`` is a private key file, or a public key file whose
    private half is in ssh-agent. Raises :class:`SigningError`."""
    path = Path(key).expanduser()
    if not path.is_file():
        raise SigningError(f"signing key {key} not found: pass --key PATH to your SSH key")
    with tempfile.TemporaryDirectory(prefix="xdocs-sign-") as tmp:
        message = Path(tmp) / "record"
        message.write_bytes(payload)
        try:
            proc = subprocess.run(
                ["ssh-keygen", "-Y", "sign", "-n", NAMESPACE, "-f", str(path), str(message)],
                stdin=None,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )
        except FileNotFoundError:
            raise SigningError(
                "ssh-keygen not found: install OpenSSH (Debian: apt-get install openssh-client)"
            ) from None
        except subprocess.TimeoutExpired:
            raise SigningError("ssh-keygen did not finish signing within 5 minutes") from None
        sig = message.with_name("record.sig")
        if proc.returncode != 0 or not sig.is_file():
            reason = (proc.stderr or proc.stdout).strip().splitlines()
            detail = reason[-1] if reason else f"exit {proc.returncode}"
            hint = ""
            if "UNPROTECTED PRIVATE KEY" in proc.stderr or "too open" in proc.stderr:
                hint = f" (run: chmod 600 {path})"
            raise SigningError(f"ssh-keygen could not sign with {key}: {detail}{hint}")
        return dearmor(sig.read_text(encoding="ascii", errors="replace"))


def public_key_of(key: str | Path) -> PublicKey:
    """The public half of a signing key file (``KEY.pub`` beside it, or the
    file itself when it is a public key, else asked of ``ssh-keygen -y``)."""
    path = Path(key).expanduser()
    candidates = [path] if path.suffix == ".pub" else [Path(str(path) + ".pub"), path]
    for cand in candidates:
        try:
            first = cand.read_text(encoding="utf-8", errors="replace").strip().splitlines()
        except OSError:
            continue
        if first and first[0].startswith(KEY_TYPES):
            return parse_public_key(first[0])
    try:
        proc = subprocess.run(
            ["ssh-keygen", "-y", "-f", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (FileNotFoundError, subprocess.TimeoutExpired):
        proc = None
    if proc is not None and proc.returncode == 0 and proc.stdout.strip():
        return parse_public_key(proc.stdout.strip().splitlines()[0])
    raise SigningError(f"cannot read the public key of {key}: put KEY.pub beside it")


def git_signing_key(cwd: str | Path | None = None) -> str | None:
    """git's SSH signing key (``user.signingkey`` when ``gpg.format`` is ``ssh``),
    as a file path; a literal ``key::ssh-ed25519 …`` is written to a private
    temporary ``.pub`` file (its private half must be in ssh-agent)."""

    def git(*args: str) -> str:
        try:
            proc = subprocess.run(
                ["git", "config", "--get", *args],
                cwd=cwd,
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
        except (FileNotFoundError, subprocess.TimeoutExpired):
            return ""
        return proc.stdout.strip() if proc.returncode == 0 else ""

    if git("gpg.format").lower() != "ssh":
        return None
    value = git("user.signingkey")
    if not value:
        return None
    if value.startswith("key::") or value.startswith(KEY_TYPES):
        literal = value.removeprefix("key::")
        fd, name = tempfile.mkstemp(prefix="xdocs-signingkey-", suffix=".pub")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(literal + "\n")
        return name
    return str(Path(value).expanduser())
