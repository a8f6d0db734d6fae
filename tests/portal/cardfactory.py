"""Example cards for the portal tests, with real approval records.

Records are appended by ``xdocs approve`` itself (the workflow's own writer,
so digests are right) against the project roster ``site_config/roster.yml``.
Shared by tests/portal and tests/browser.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

from xdocs.cli import cli
from xdocs.portal.site import Portal, PortalSettings

REPO = Path(__file__).resolve().parents[2]
ROSTER = REPO / "site_config" / "roster.yml"
T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)

SENTINEL_1 = """\
---
name: Fraud Sentinel
version: "1.0"
owners: [Olga Owner]
submitted_by: Sam Submitter
license: apache-2.0
risk_rating: high
tags: [fraud, tabular]
metrics:
  - {name: auroc, value: 0.91, dataset: txn-2025q4, split: test, slice: all}
  - {name: auroc, value: 0.87, dataset: txn-2025q4, split: test, slice: new-customers}
---

# Fraud Sentinel

## Intended Use

Scores card transactions for manual fraud review by the payments risk team.

## Out-of-Scope Use

Not for automated account closure.

## Limitations

Not calibrated for wire transfers.

## Ethical Considerations

False positives fall more often on new customers; reviewers see the score, not a verdict.

## Training Data

Internal card transactions, 2023-2025, pseudonymized.

## Evaluation

AUROC 0.91 on the 2025 Q4 hold-out.

## Deployment

Batch scoring every 15 minutes on CPU.
"""

SENTINEL_2 = (
    SENTINEL_1.replace('version: "1.0"', 'version: "2.0"')
    .replace("Not calibrated for wire transfers.", "Not calibrated for wire or SEPA transfers.")
    .replace("## Out-of-Scope Use\n\nNot for automated account closure.\n\n", "")
    + "\n## Monitoring\n\nDrift is checked weekly against the training distribution.\n"
    + "\n## Citation\n\nXalura Tech (2026). Fraud Sentinel 2.0.\n"
)

TRIAGE = """\
---
name: Claims Triage
version: "0.3"
owners: [Dev Team]
submitted_by: Sam Submitter
license: mit
risk_rating: medium
---

# Claims Triage

## Intended Use

Routes insurance claims to the right queue.

## Limitations

English claims only.
"""

#: every payload sets document.title; the browser test asserts it never changes.
MALICIOUS = """\
---
name: "Evil <img src=x onerror=\\"document.title='pwned-name'\\"> Model"
version: "6.6.6"
owners: ["<script>document.title='pwned-owner'</script>"]
submitted_by: Sam Submitter
license: "<b onmouseover=\\"document.title='pwned-license'\\">mit</b>"
tags: ["<script>document.title='pwned-tag'</script>"]
---

# Evil Model

## Intended Use

Nothing good. <script>document.title='pwned-script'</script>

<img src="x" onerror="document.title='pwned-img'">

[click me](javascript:document.title='pwned-md-link')

<a id="evil-link" href="javascript:document.title='pwned-a'">evil link</a>

<iframe src="javascript:parent.document.title='pwned-iframe'"></iframe>

<object data="data:text/html,<script>parent.document.title='pwned-object'</script>"></object>

<svg onload="document.title='pwned-svg'"><circle r="4"/></svg>

<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data link</a>

<div style="background:url(https://evil.example/x.png)"
  onclick="document.title='pwned-click'">styled</div>

## <img src=x onerror="document.title='pwned-h'"> Limits {: onclick="document.title='pwned-attr'" }

Remote image: ![remote](https://evil.example/track.png)
"""

STALE = """\
---
name: Churn Forecaster
version: "1.2"
owners: [Olga Owner]
submitted_by: Sam Submitter
license: apache-2.0
---

# Churn Forecaster

## Intended Use

Forecasts monthly churn per segment.
"""


def people() -> dict[str, str]:
    """Roster ids by job, looked up by role (the project roster's ids may change)."""
    from xdocs.workflow.roster import load_roster

    roster = load_roster(ROSTER)

    def only(role: str) -> list[str]:
        return [p.id for p in roster.holders(role) if p.active and len(p.roles) == 1]

    workers = only("publishing-worker")
    return {
        "worker": workers[0],
        "worker2": workers[1],
        "manager": only("publishing-manager")[0],
        "executive": only("executive")[0],
        "chief": only("chief-ai")[0],
    }


def _at(hours: float) -> str:
    return (T0 + dt.timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")


_KEY_DIR: Path | None = None


def example_key(person: str) -> Path:
    """The example person's signing key (site_config/example-only-keys), copied
    once per process to a private folder: ssh-keygen refuses keys others can
    read, and git checks files out world-readable."""
    import shutil
    import tempfile

    global _KEY_DIR
    if _KEY_DIR is None:
        _KEY_DIR = Path(tempfile.mkdtemp(prefix="xdocs-example-keys-"))
    target = _KEY_DIR / person
    if not target.exists():
        source = REPO / "site_config" / "example-only-keys" / person
        shutil.copyfile(source, target)
        shutil.copyfile(source.with_name(person + ".pub"), target.with_name(person + ".pub"))
        target.chmod(0o600)
    return target


def approve(card: Path, stage: str, by: str, hours: float, *extra: str) -> None:
    result = CliRunner().invoke(
        cli,
        [
            "approve",
            str(card),
            "--stage",
            stage,
            "--by",
            by,
            "--roster",
            str(ROSTER),
            "--at",
            _at(hours),
            "--key",
            str(example_key(by)),
            *extra,
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output


def publish_all(card: Path, start: float = 0) -> None:
    """Walk a card through every stage to ``published``."""
    h, who = start, people()
    w, w2, m = who["worker"], who["worker2"], who["manager"]
    approve(card, "intake", w, h + 2)
    approve(card, "intake", m, h + 5, "--assignee", w2, "--priority", "high")
    approve(card, "evaluation", w2, h + 30)
    approve(card, "evaluation", m, h + 50, "--note", "metrics corroborated")
    approve(card, "documentation", w, h + 70)
    approve(card, "documentation", m, h + 75)
    release = ("--audience", "internal", "--timeline", "2026-Q2")
    approve(card, "executive", who["executive"], h + 120, *release)
    note = "approved for the internal portal"
    approve(card, "chief_ai", who["chief"], h + 150, "--note", note)


def make_cards(folder: Path) -> Path:
    """Write the example cards into ``folder`` and record their approvals."""
    folder.mkdir(parents=True, exist_ok=True)
    s1 = folder / "fraud-sentinel-1.0.md"
    s1.write_text(SENTINEL_1, encoding="utf-8")
    publish_all(s1)
    s2 = folder / "fraud-sentinel-2.0.md"
    s2.write_text(SENTINEL_2, encoding="utf-8")
    who = people()
    approve(s2, "intake", who["worker"], 400)
    approve(s2, "intake", who["manager"], 410, "--assignee", who["worker2"], "--priority", "medium")
    (folder / "claims-triage.md").write_text(TRIAGE, encoding="utf-8")
    (folder / "evil.md").write_text(MALICIOUS, encoding="utf-8")
    stale = folder / "churn-forecaster.md"
    stale.write_text(STALE, encoding="utf-8")
    approve(stale, "intake", who["worker"], 200)
    approve(stale, "intake", who["manager"], 220, "--assignee", who["worker"], "--priority", "low")
    text = stale.read_text(encoding="utf-8")
    stale.write_text(text.replace("per segment.", "per customer segment."), encoding="utf-8")
    return folder


#: what the workflow must derive for each example model (latest version).
EXPECTED_STATUS = {
    "Fraud Sentinel": "intake-passed",
    "Claims Triage": "submitted",
    "Churn Forecaster": "stale",
}


def make_portal(cards: Path, **kwargs: object) -> Portal:
    """A Portal over ``cards`` with the project roster (no summary cache unless asked)."""
    settings = PortalSettings(
        root=REPO,
        cards_dir=cards,
        roster_path=REPO / "site_config" / "roster.yml",
        **kwargs,  # type: ignore[arg-type]
    )
    return Portal(settings)
