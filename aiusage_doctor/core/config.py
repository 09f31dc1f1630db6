"""The run configuration built by the GUI or the CLI, and its secret-free summary.

Secrets are `SecretStr` so that a stray `repr()` or log line shows `**********`.
`public_summary()` is the only view of the config that reaches a report.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from aiusage_doctor.core.labels import PROVIDER_LIST, PROVIDER_ORDER
from aiusage_doctor.core.models import ConfigSummary

DEFAULT_GITHUB_API = PROVIDER_LIST["github"].api_url
DEFAULT_CURSOR_API = PROVIDER_LIST["cursor"].api_url
DEFAULT_ANTHROPIC_API = PROVIDER_LIST["anthropic"].api_url


class GitHubConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: SecretStr | None = None
    enterprises: list[str] = Field(default_factory=list)
    orgs: list[str] = Field(default_factory=list)
    api_url: str = DEFAULT_GITHUB_API


class CursorConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    api_key: SecretStr | None = None
    api_url: str = DEFAULT_CURSOR_API


class AnthropicConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    admin_key: SecretStr | None = None
    api_url: str = DEFAULT_ANTHROPIC_API
    claude_local: bool = False


class ProviderSettings(BaseModel):
    """Inputs of a provider described by a `ProviderDescriptor` (core/descriptor.py): its
    secrets by field name, its plain values (a workspace id) and its base URL. One generic
    shape, so a new provider needs no new config field."""

    model_config = ConfigDict(extra="forbid")

    secrets: dict[str, SecretStr] = Field(default_factory=dict)
    values: dict[str, str] = Field(default_factory=dict)
    api_url: str | None = None

    def has_secret(self) -> bool:
        return any(v.get_secret_value() for v in self.secrets.values())


class RunConfig(BaseModel):
    """Everything one diagnosis run needs. Built by GUI/CLI, read by providers."""

    model_config = ConfigDict(extra="forbid")

    providers: list[str] = Field(default_factory=lambda: list(PROVIDER_ORDER))
    github: GitHubConfig = Field(default_factory=GitHubConfig)
    cursor: CursorConfig = Field(default_factory=CursorConfig)
    anthropic: AnthropicConfig = Field(default_factory=AnthropicConfig)
    more: dict[str, ProviderSettings] = Field(default_factory=dict)
    """Descriptor-built providers (codex, windsurf, …) by provider id."""
    skipped_on_request: list[str] = Field(default_factory=list)
    """Providers the admin chose to skip ("Skip this provider"): not checked, and the
    report says so, so a support engineer doesn't read their absence as a clean bill."""
    timeout: float = Field(default=30.0, gt=0, description="Per-check timeout in seconds")
    concurrency: int = Field(default=8, ge=1, le=64, description="Concurrent requests per host")
    ca_file: str | None = None
    proxy_url: str | None = None
    """An explicit proxy for the vendor APIs; None uses the environment (HTTPS_PROXY ...)."""
    demo_scenario: str | None = None
    """Set when the run targets the built-in simulator; reports then say 'simulated'."""

    @classmethod
    def assemble(cls, inputs: Mapping[str, ProviderSettings],
                 options: Mapping[str, Mapping[str, Any]] | None = None, **run: Any) -> RunConfig:
        """A config from every provider's inputs in one generic shape (as the CLI and the
        simulator gather them by looping over core.labels.PROVIDER_LIST): the first three
        providers' go to their own config model (secret fields and options are its
        attributes), the others' to `more` when anything was given."""
        options = options or {}
        built: dict[str, Any] = {}
        more: dict[str, ProviderSettings] = {}
        for pid, entry in PROVIDER_LIST.items():
            given = inputs.get(pid) or ProviderSettings()
            if entry.custom_page:
                built[pid] = {**{f: given.secrets.get(f) for f in entry.secrets}, **options.get(pid, {}),
                              "api_url": given.api_url or entry.api_url}
            elif given.secrets or given.values or given.api_url:
                more[pid] = given
        return cls(**built, more=more, **run)

    def inputs(self, provider: str) -> ProviderSettings:
        """One provider's inputs in the generic shape, whichever model holds them."""
        entry = PROVIDER_LIST[provider]
        if not entry.custom_page:
            return self.more.get(provider) or ProviderSettings()
        model = getattr(self, provider)
        return ProviderSettings(secrets={f: v for f in entry.secrets if (v := getattr(model, f)) is not None},
                                api_url=model.api_url)

    def secrets(self) -> list[str]:
        """Every secret value in this config, for the redactor."""
        values = [v for pid in PROVIDER_ORDER for v in self.inputs(pid).secrets.values()]
        values += [v for settings in self.more.values() for v in settings.secrets.values()]
        return [v.get_secret_value() for v in values if v is not None and v.get_secret_value()]

    def public_summary(self) -> ConfigSummary:
        built_in = {pid: self.inputs(pid) for pid in PROVIDER_ORDER}
        return ConfigSummary(
            providers=list(self.providers),
            enterprises=list(self.github.enterprises),
            orgs=list(self.github.orgs),
            base_urls={
                **{p: s.api_url for p, s in built_in.items()},
                **{p: s.api_url for p, s in self.more.items() if s.api_url},
            },
            credentials_present={
                **{p: s.has_secret() for p, s in built_in.items()},
                **{p: s.has_secret() for p, s in self.more.items()},
            },
            claude_local=self.anthropic.claude_local,
            demo_scenario=self.demo_scenario,
            skipped_on_request=[p for p in self.skipped_on_request if p not in self.providers],
        )
