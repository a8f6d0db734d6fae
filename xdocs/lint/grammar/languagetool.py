"""LanguageTool backend: a LanguageTool server's ``/v2/check``, through language-tool-python.

Used when ``grammar.languagetool_url`` (or ``XDOCS_LANGUAGETOOL_URL``) names a
server, e.g. ``http://localhost:8010`` for ``docker run -p 8010:8010
erikvl87/languagetool``. The server receives the card's prose only
(:func:`~xdocs.lint.prosetext.masked_text`: same length, code and markup
blanked), so its offsets are file offsets. Matches become findings
``grammar/languagetool/<RULE_ID>`` with the category and the first
replacements in the message and fix.

A server that is down, slow or answers something that is not LanguageTool's
JSON gives one ``grammar/languagetool-unavailable`` finding naming the URL
and what to do; the process then stops asking it (one failure per worker,
not one timeout per file).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xdocs.findings import Finding, Severity
from xdocs.lint.budget import Budget
from xdocs.rules import NO_FIX, LintContext, rule_index

if TYPE_CHECKING:
    from xdocs.card.model import ModelCard

#: masked text is runs of spaces where markup was: not a style problem of the writer
DISABLED_RULES = {"WHITESPACE_RULE", "CONSECUTIVE_SPACES"}
TIMEOUT = 20
WARNING_ISSUES = {"grammar", "misspelling", "typographical"}


def server_url(url: str) -> str:
    """Normalize to the API root language-tool-python expects (``…/v2/``)."""
    url = url.strip().rstrip("/")
    if "://" not in url:
        url = "http://" + url
    if url.endswith("/v2/check"):
        url = url[: -len("/check")]
    if not url.endswith("/v2"):
        url += "/v2"
    return url + "/"


class LanguageToolBackend:
    name = "languagetool"

    def __init__(self) -> None:
        self._tool: Any = None
        self._url: str | None = None
        self._error: str | None = None

    def _connect(self, url: str, language: str) -> Any:
        if self._url == url and (self._tool is not None or self._error):
            return self._tool
        import language_tool_python

        self._url, self._tool, self._error = url, None, None
        try:
            tool = language_tool_python.LanguageTool(language, remote_server=server_url(url))
        except Exception as exc:  # requests, JSON and LanguageToolError all mean "unusable"
            self._error = _one_line(exc)
            return None
        tool._TIMEOUT = TIMEOUT
        tool.disabled_rules = set(DISABLED_RULES)
        self._tool = tool
        return tool

    def check(self, card: ModelCard, ctx: LintContext, budget: Budget) -> list[Finding]:
        from xdocs.lint.grammar import RULES
        from xdocs.lint.notes import languagetool_url
        from xdocs.lint.prosetext import masked_text

        family = rule_index(RULES)["grammar/languagetool/*"]

        url = languagetool_url(ctx.config)
        if not url:
            return []
        doc = card.document
        text = masked_text(doc)
        if not text.strip():
            return []
        language = str(ctx.config.section("grammar").get("language") or "en-US")
        tool = self._connect(url, language)
        matches: list[Any] = []
        if tool is not None:
            try:
                matches = tool.check(text)
            except Exception as exc:  # down, timeout, garbage: one finding, then stop asking
                self._error = _one_line(exc)
                self._tool = None
        if self._error:
            return [_unavailable(card.path, url, self._error)]
        out = []
        for m in matches:
            try:
                start = int(m.offset)
                end = start + int(m.error_length)
                rule = str(m.rule_id)
                message = str(m.message)
                replacements = [str(r) for r in (m.replacements or [])][:3]
                category = str(getattr(m, "category", "") or "")
            except (AttributeError, TypeError, ValueError):
                return [_unavailable(card.path, url, "a match without offset/length/rule id")]
            line, col = doc.position(start)
            end_line, end_col = doc.position(end)
            issue = str(getattr(m, "rule_issue_type", "") or "")
            severity = Severity.WARNING if issue in WARNING_ISSUES else Severity.SUGGESTION
            suffix = f" ({category})" if category else ""
            out.append(
                family.finding(
                    card.path,
                    line,
                    col,
                    message + suffix,
                    rule_id=f"grammar/languagetool/{rule}",
                    severity=severity,
                    end_line=end_line,
                    end_column=end_col,
                    fix=("replace with " + " or ".join(repr(r) for r in replacements))
                    if replacements
                    else NO_FIX,
                    source="languagetool",
                )
            )
        return out


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    first = text[0] if text else type(exc).__name__
    return first[:300]


def _unavailable(path: str, url: str, reason: str) -> Finding:
    from xdocs.lint.grammar import RULES

    return rule_index(RULES)["grammar/languagetool-unavailable"].finding(
        path,
        0,
        0,
        f"LanguageTool server {url} could not check this file: {reason}",
        fix="start the server (docker run -p 8010:8010 erikvl87/languagetool), fix "
        "grammar.languagetool_url in site_config/xdocs.yml / XDOCS_LANGUAGETOOL_URL, or unset it",
        source="languagetool",
    )
