"""One description of a provider that every consumer loops over.

Before this module a new provider meant about 22 edits (engine, CLI, wizard, simulator),
each with its own hard-coded `(github, cursor, claude)` list. A provider that is described
here instead brings everything those places need in one value:

* who it is (`id`, `title`) and what plan it needs (`plan`);
* its inputs (`fields`): for each, the label and hint the wizard shows, the environment
  variable and CLI flag the headless run reads, whether it is a secret (then it is only
  read from the environment or the keyring, registered with the redactor and masked),
  and an offline `rule` that judges a pasted value without sending it anywhere;
* its default base URL, its vendor links (`links`, including the "create a key" page),
  its check catalog and planner (`provider`);
* the simulator module that answers like the vendor (`sim_module`, a dotted name so core
  never imports the simulator), and the wizard page spec (`page`).

Settings for descriptor-built providers live in `RunConfig.more[id]` (`ProviderSettings`),
so the config model, the redactor and the keyring need no new field per provider.

Pure data plus two helpers; no I/O, no Qt, and core still never imports providers.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from aiusage_doctor.core.models import Link

if TYPE_CHECKING:
    from aiusage_doctor.core.checks import ProviderDef
    from aiusage_doctor.core.config import ProviderSettings, RunConfig

Level = Literal["empty", "ok", "warn", "error"]


@dataclass(frozen=True)
class FieldCheck:
    """The offline verdict on one input: a level for the field's colour and one plain sentence.
    `value` is the cleaned value to use (stray spaces and quotes removed); never shown."""

    level: Level
    message: str
    value: str = field(default="", repr=False)

    @property
    def ok(self) -> bool:
        """Usable for a run (warnings included)."""
        return self.level in ("ok", "warn")


Rule = Callable[[str], FieldCheck]


@dataclass(frozen=True)
class CredentialField:
    """One input of a provider: a secret (key) or a plain value (workspace id)."""

    name: str
    """Key in ProviderSettings.secrets (secret) or .values (plain), e.g. 'api_key'."""
    label: str
    """Wizard label and CLI help noun, e.g. 'Codex Analytics API key'."""
    env: str
    """Environment variable the headless run reads, e.g. AIUSAGE_CODEX_API_KEY."""
    secret: bool = True
    flag: str | None = None
    """CLI flag for a plain value (secrets never get one: shell history, process lists)."""
    rule: Rule | None = None
    """Offline verdict on a pasted value; None = anything non-empty is accepted."""
    hint: str = ""
    """One line under the field: where the value comes from."""
    required: bool = True


@dataclass(frozen=True)
class PageSpec:
    """What the wizard page of a provider shows, beyond its fields."""

    intro: str
    """One paragraph: what this provider's check needs and who can get it."""
    create_link: Link
    """The vendor page where the key is created or requested."""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProviderDescriptor:
    """Everything the CLI, config, runner, keyring, redactor, wizard and simulator need
    to know about one provider."""

    id: str
    title: str
    plan: str
    """Which vendor plan the analytics API needs, in a few words ('Enterprise plans only')."""
    default_api_url: str
    fields: tuple[CredentialField, ...]
    links: Mapping[str, Link]
    provider: ProviderDef
    """Catalog + planner: what the runner executes and docs/checks.md lists."""
    page: PageSpec
    sim_module: str
    """Dotted module with `Api(uni, state)`, `STATES` and `SCENARIOS` (the simulator)."""
    api_url_flag: str = ""
    """CLI flag that overrides the base URL, e.g. --codex-api-url."""
    api_url_env: str = ""
    """Unused for now; base URLs come from flags (kept for symmetry with the wizard)."""

    @property
    def secret_fields(self) -> tuple[CredentialField, ...]:
        return tuple(f for f in self.fields if f.secret)

    @property
    def value_fields(self) -> tuple[CredentialField, ...]:
        return tuple(f for f in self.fields if not f.secret)

    def check_field(self, name: str, raw: str) -> FieldCheck:
        """The offline verdict for one input, as the wizard and the format check show it."""
        spec = next(f for f in self.fields if f.name == name)
        if spec.rule is not None:
            return spec.rule(raw or "")
        value = (raw or "").strip()
        if not value:
            return FieldCheck("empty", f"No {spec.label} entered.", "")
        return FieldCheck("ok", f"{spec.label} entered.", value)

    def settings(self, config: RunConfig) -> ProviderSettings:
        """This provider's part of a run config (empty settings when absent)."""
        from aiusage_doctor.core.config import ProviderSettings

        return config.more.get(self.id) or ProviderSettings(api_url=self.default_api_url)

    def raw(self, config: RunConfig, name: str) -> str:
        """An input's raw value from a run config ('' when absent)."""
        s = self.settings(config)
        if name in s.secrets:
            return s.secrets[name].get_secret_value()
        return s.values.get(name, "")

    def api_url(self, config: RunConfig) -> str:
        return (self.settings(config).api_url or self.default_api_url).rstrip("/")

    def is_configured(self, config: RunConfig) -> bool:
        """Every required input has a non-blank value."""
        return all(self.raw(config, f.name).strip() for f in self.fields if f.required)


def undocumented_secret_rule(label: str, *, usual_prefix: str = "", where: str = "") -> Rule:
    """An offline rule for a key whose format the vendor does not document.

    Such a key is never refused for its shape: only an empty field, another product's
    token (recognised by core/tokens), or characters that can't travel in a request
    (a space or a look-alike character inside it) are errors. A value without the usual
    prefix is a warning that still lets the run go ahead, so a vendor format change can't
    lock anyone out."""
    from aiusage_doctor.core.tokens import TokenKind, classify, clean_secret, with_article

    def rule(raw: str) -> FieldCheck:
        value, cleaned = clean_secret(raw or "")
        if not value:
            return FieldCheck("empty", f"No {label} entered.", "")
        info = classify(value)
        if info.provider is not None and info.kind is not TokenKind.GITHUB_LEGACY_HEX:
            return FieldCheck(
                "error", f"This looks like {with_article(info.label)}, not {with_article(label)}.", value
            )
        if any(ch.isspace() for ch in value) or not value.isascii() or not value.isprintable():
            return FieldCheck(
                "error",
                f"This {label} has a space or a character that isn't plain ASCII inside it "
                "(often a smart quote or a line break from copying); paste it again.",
                value,
            )
        note = (f" Removed while reading it: {'; '.join(cleaned).lower()}." if cleaned else "")
        if usual_prefix and not value.startswith(usual_prefix):
            return FieldCheck(
                "warn",
                f"{label} entered; it doesn't start with {usual_prefix} like these keys usually do. "
                f"The format isn't documented{where}, so it is sent anyway.{note}",
                value,
            )
        level: Level = "warn" if cleaned else "ok"
        return FieldCheck(
            level, f"{label} entered; its format isn't documented{where}, so it is checked online.{note}",
            value,
        )

    return rule


def plain_value_rule(label: str, *, max_len: int = 200) -> Rule:
    """An offline rule for an identifier that goes into a URL path (a workspace id): no
    spaces, slashes or URL syntax, printable ASCII, bounded length. Its format is not judged
    beyond that."""

    def rule(raw: str) -> FieldCheck:
        value = (raw or "").strip().strip("\"'")
        if not value:
            return FieldCheck("empty", f"No {label} entered.", "")
        if len(value) > max_len:
            return FieldCheck("error", f"That's {len(value):,} characters, far longer than {with_a(label)}.", value)
        bad = next((ch for ch in value if not (ch.isascii() and ch.isprintable()) or ch in " /\\?#%&"), None)
        if bad is not None:
            shown = "a space" if bad == " " else ("a character that isn't plain ASCII" if not bad.isascii()
                                                  or not bad.isprintable() else f"'{bad}'")
            return FieldCheck("error", f"The {label} contains {shown}; copy the ID alone.", value)
        return FieldCheck("ok", f"{label} entered.", value)

    return rule


def with_a(label: str) -> str:
    return ("an " if label[:1].lower() in "aeiou" else "a ") + label
