"""``workflow:`` in xdocs.yml: how strict the approval workflow is.

``signatures`` (``required`` | ``optional`` | ``off``):

* ``required``: a record counts only when its SSH signature verifies with a
  roster key of its approver (:mod:`xdocs.workflow.signature`); unsigned,
  badly signed or wrongly attributed records count for nothing
  (``workflow/signature``). Use it once every approver has a key in the roster.
* ``optional`` (the default): unsigned records count; a signature that is
  present must verify, or the record counts for nothing.
* ``off``: signatures are not read (a project that has not adopted them).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SIGNATURE_MODES = ("required", "optional", "off")


@dataclass(frozen=True)
class WorkflowSettings:
    """The workflow's policy knobs."""

    signatures: str = "optional"

    @property
    def signatures_required(self) -> bool:
        return self.signatures == "required"

    @property
    def signatures_checked(self) -> bool:
        return self.signatures != "off"

    @classmethod
    def from_config(cls, config: Any) -> WorkflowSettings:
        """Read ``workflow:`` from a loaded :class:`~xdocs.config.Config`
        (raises ConfigError on an unknown key or value)."""
        from xdocs.config import ConfigError

        section = config.section("workflow") if config is not None else {}
        path = str(config.path) if config is not None and config.path else "xdocs.yml"
        unknown = set(section) - {"signatures"}
        if unknown:
            raise ConfigError(
                path,
                f"workflow: unknown setting(s) {', '.join(sorted(unknown))}; known: signatures",
            )
        mode = section.get("signatures", "optional")
        if mode is False:  # YAML `off` unquoted is a boolean in YAML 1.1 readers
            mode = "off"
        if mode not in SIGNATURE_MODES:
            raise ConfigError(
                path,
                f"workflow.signatures must be one of {', '.join(SIGNATURE_MODES)}, got {mode!r}",
            )
        return cls(signatures=str(mode))


def load_settings(config: Any = None) -> WorkflowSettings:
    """The project's workflow settings (config discovered when not given)."""
    if config is None:
        from xdocs.config import load_config

        config = load_config()
    return WorkflowSettings.from_config(config)
