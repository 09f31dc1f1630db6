"""The wizard's view-model: what the user entered and what the checks found. No Qt here.

Widgets stay thin: they copy input into `WizardInputs`, feed runner events into
`ResultsModel` (gui/results_model.py, re-exported here), and draw what its `groups()`,
`cause_groups()` and `banner()` return. Ordering, filtering, merging of re-run results and
the wording of the summary banner live in these two modules so they can be tested
without a display.

Core modules (pydantic models, config) are imported inside functions so that
importing this module costs nothing at startup: the first window must paint fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from aiusage_doctor.core.formats import EXPORT_FORMAT_NAMES, REPORT_FORMATS
from aiusage_doctor.core.labels import DESCRIBED, PROVIDER_ORDER, plural, provider_title, target_label
from aiusage_doctor.core.labels import STATUS_WORDS as _CHECK_STATUS_WORDS
from aiusage_doctor.gui.results_model import (  # re-exported: the pages import the view-model from here
    Banner,
    CauseView,
    Phase,
    ProviderView,
    ResultsModel,
    Row,
    TargetView,
    group_status,
    provider_of,
)

if TYPE_CHECKING:
    from aiusage_doctor.core.config import RunConfig
    from aiusage_doctor.core.models import CheckResult

__all__ = ["EXPORT_FORMATS", "MAILTO_BODY_LIMIT", "PROVIDERS", "STATUS_WORDS", "Banner", "CauseView", "Phase",
           "ProviderView", "ResultsModel", "Row", "TargetView", "WizardInputs", "check_details_text",
           "default_report_name", "described_secrets", "group_status", "mailto_url", "plural", "provider_of",
           "provider_title", "secret_for", "target_label"]

PROVIDERS = PROVIDER_ORDER
STATUS_WORDS = {**_CHECK_STATUS_WORDS, "running": "Running", "pending": "Waiting"}


# ----------------------------------------------------------------------------- inputs


@dataclass
class WizardInputs:
    """Everything the credential pages collect. Secrets live only here, in memory."""

    providers: list[str] = field(default_factory=lambda: list(PROVIDERS))
    github_token: str = field(default="", repr=False)
    enterprises: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    github_api_url: str = "https://api.github.com"
    cursor_key: str = field(default="", repr=False)
    cursor_api_url: str = "https://api.cursor.com"
    anthropic_key: str = field(default="", repr=False)
    anthropic_api_url: str = "https://api.anthropic.com"
    claude_local: bool = False
    proxy_url: str = ""
    """Advanced: a proxy for the vendor APIs ("" = the system's HTTPS_PROXY, if any)."""
    ca_file: str = ""
    """Advanced: extra CA certificates to trust besides the system's (a PEM file)."""
    demo_scenario: str | None = None
    timeout: float | None = None
    described: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)
    """Inputs of the descriptor-built providers (core.labels.DESCRIBED): provider -> field -> value."""
    described_urls: dict[str, str] = field(default_factory=dict)
    """Base URL overrides of those providers (the simulator's in demo mode)."""

    def to_config(self) -> RunConfig:
        """The RunConfig for a run. Only chosen providers carry their secrets."""
        from pydantic import SecretStr

        from aiusage_doctor.core.config import AnthropicConfig, CursorConfig, GitHubConfig, RunConfig

        def secret(value: str, provider: str) -> SecretStr | None:
            value = value.strip()
            return SecretStr(value) if value and provider in self.providers else None

        kw: dict[str, Any] = {}
        if self.timeout is not None:
            kw["timeout"] = self.timeout
        from aiusage_doctor.core.config import ProviderSettings

        more = {
            pid: ProviderSettings(
                secrets={f: SecretStr(v) for f in d.secrets if (v := self.described.get(pid, {}).get(f, "").strip())},
                values={f: v for f in d.values if (v := self.described.get(pid, {}).get(f, "").strip())},
                api_url=self.described_urls.get(pid),
            )
            for pid, d in DESCRIBED.items() if pid in self.providers
        }
        return RunConfig(
            providers=[p for p in (*PROVIDERS, *DESCRIBED) if p in self.providers],
            more=more,
            github=GitHubConfig(
                token=secret(self.github_token, "github"),
                enterprises=list(self.enterprises),
                orgs=list(self.orgs),
                api_url=self.github_api_url,
            ),
            cursor=CursorConfig(api_key=secret(self.cursor_key, "cursor"), api_url=self.cursor_api_url),
            anthropic=AnthropicConfig(
                admin_key=secret(self.anthropic_key, "anthropic"),
                api_url=self.anthropic_api_url,
                claude_local=self.claude_local and "anthropic" in self.providers,
            ),
            proxy_url=self.proxy_url.strip() or None,
            ca_file=self.ca_file.strip() or None,
            demo_scenario=self.demo_scenario,
            **kw,
        )

    @classmethod
    def from_config(cls, config: RunConfig) -> WizardInputs:
        """Prefill the wizard from a ready config (demo mode)."""

        def reveal(value: Any) -> str:
            return value.get_secret_value() if value is not None else ""

        described = {
            pid: {**{f: reveal(v) for f, v in s.secrets.items()}, **s.values} for pid, s in config.more.items()
        }
        return cls(
            providers=[p for p in (*PROVIDERS, *DESCRIBED) if p in config.providers],
            described=described,
            described_urls={pid: s.api_url for pid, s in config.more.items() if s.api_url},
            github_token=reveal(config.github.token),
            enterprises=list(config.github.enterprises),
            orgs=list(config.github.orgs),
            github_api_url=config.github.api_url,
            cursor_key=reveal(config.cursor.api_key),
            cursor_api_url=config.cursor.api_url,
            anthropic_key=reveal(config.anthropic.admin_key),
            anthropic_api_url=config.anthropic.api_url,
            claude_local=config.anthropic.claude_local,
            proxy_url=config.proxy_url or "",
            ca_file=config.ca_file or "",
            demo_scenario=config.demo_scenario,
            timeout=config.timeout,
        )


def secret_for(inputs: WizardInputs, provider: str) -> str:
    """The secret of one of the three built-in providers ('' for the descriptor-built ones,
    whose secrets are per field: `described_secrets`)."""
    return {"github": inputs.github_token, "cursor": inputs.cursor_key,
            "anthropic": inputs.anthropic_key}.get(provider, "")


def described_secrets(inputs: WizardInputs) -> dict[tuple[str, str], str]:
    """The chosen descriptor-built providers' secrets by (provider, field), for the keyring."""
    return {(pid, f): v for pid, d in DESCRIBED.items() if pid in inputs.providers for f in d.secrets
            if (v := inputs.described.get(pid, {}).get(f, "").strip())}


# ------------------------------------------------------------------------- export


EXPORT_FORMATS = {name: (REPORT_FORMATS[name].label, REPORT_FORMATS[name].extension, REPORT_FORMATS[name].file_filter)
                  for name in EXPORT_FORMAT_NAMES}
"""Format -> (label, extension, save dialog filter), in export-page order, from core.formats."""
MAILTO_BODY_LIMIT = 1500
"""Mail clients (Outlook on Windows especially) truncate or refuse longer mailto: URLs."""


def default_report_name(fmt: str, when: str) -> str:
    """'aiusage-doctor-report-2025-03-01.html' (`when` is the report date, YYYY-MM-DD)."""
    return f"aiusage-doctor-report-{when}.{EXPORT_FORMATS[fmt][1]}"


def mailto_url(address: str, subject: str, body: str, attachment_hint: str | None) -> str:
    """A mailto: URL with subject and body; the body ends with a reminder to attach the file.

    mailto: cannot attach files, so the user is asked to attach the saved report.
    """
    if len(body) > MAILTO_BODY_LIMIT:
        body = body[: MAILTO_BODY_LIMIT - 1].rstrip() + "…"
    note = (
        f"\n\nPlease find the full report attached ({attachment_hint})."
        if attachment_hint
        else "\n\nI will attach the full report saved from AI Usage Doctor."
    )
    body = body + note
    return (
        f"mailto:{quote(address.strip(), safe='@.+-_')}"
        f"?subject={quote(subject, safe='')}&body={quote(body, safe='')}"
    )


def check_details_text(result: CheckResult) -> str:
    """Plain text of one check for 'Copy details' (already-redacted fields, redacted again)."""
    import json

    from aiusage_doctor.core.redact import redact

    lines = [
        f"{STATUS_WORDS.get(result.status.value, result.status.value)}: {result.title}",
        f"Check: {result.id} · {provider_title(result.provider)} · {target_label(result.target)}",
        "",
        result.summary,
    ]
    from aiusage_doctor.gui.readable import detail_groups

    for heading, items in detail_groups(list(result.details)):
        lines += ["", *([f"{heading}:"] if heading else []), *(f"- {d}" for d in items)]
    if result.remediation:
        heading = {"pass": "Learn more:", "skip": "What to do:"}.get(result.status.value, "How to fix:")
        lines += ["", heading, *(f"- {link.text}: {link.url}" for link in result.remediation)]
    if result.evidence:
        lines += ["", "Evidence:", json.dumps(result.evidence, indent=2, ensure_ascii=False, default=str)]
    if result.help_url:
        lines += ["", f"About this check: {result.help_url}"]
    return redact("\n".join(lines))
