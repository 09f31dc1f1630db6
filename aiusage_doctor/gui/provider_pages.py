"""The wizard's provider pages in ONE ordered list, and the keyring entries they use.

The wizard creates, shows or skips, prefills, and saves the secrets of every provider by
looping over `PROVIDER_PAGES`: the three built-in providers with their own page classes,
then one generic `DescribedPage` per entry of core.labels.DESCRIBED. So a provider built
from a descriptor gets its page, its place in the walk, "Skip this provider", its base URL
and its keyring entries without an edit here or in gui/wizard.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from aiusage_doctor.core.labels import DESCRIBED, PROVIDER_ORDER
from aiusage_doctor.gui.pages.base import PageId

if TYPE_CHECKING:
    from aiusage_doctor.gui.pages.credentials import CredentialPage
    from aiusage_doctor.gui.state import WizardInputs
    from aiusage_doctor.gui.wizard import DoctorWizard

FIRST_DESCRIBED_ID = 10
"""Described pages get ids 10, 11, … in DESCRIBED order (0-6 are the built-in pages)."""


def page_id(provider: str) -> int:
    """The page id of a descriptor-built provider."""
    return FIRST_DESCRIBED_ID + list(DESCRIBED).index(provider)


@dataclass(frozen=True)
class ProviderPage:
    """One provider's place in the wizard. The page class is named, not imported, so that
    importing this list (and the wizard) loads no page module before it is built."""

    provider: str
    page_id: int
    page_class: str = "DescribedPage"
    """A class of gui/pages/credentials.py, or the generic page of gui/pages/described.py."""
    attr: str = ""
    """The wizard attribute that also names the page ('github' -> wizard.github), if any."""

    def make(self, wizard: DoctorWizard) -> CredentialPage:
        if self.page_class == "DescribedPage":
            from aiusage_doctor.gui.pages.described import DescribedPage

            return DescribedPage(wizard, self.provider)
        from aiusage_doctor.gui.pages import credentials

        page: CredentialPage = getattr(credentials, self.page_class)(wizard)
        return page


PROVIDER_PAGES: tuple[ProviderPage, ...] = (
    ProviderPage("github", PageId.GITHUB, "GitHubPage", "github"),
    ProviderPage("cursor", PageId.CURSOR, "CursorPage", "cursor"),
    ProviderPage("anthropic", PageId.CLAUDE, "ClaudePage", "claude"),
    *(ProviderPage(p, page_id(p)) for p in DESCRIBED),
)
"""In the order the wizard walks them (and reports list them)."""

PAGE_IDS = {entry.provider: entry.page_id for entry in PROVIDER_PAGES}
PROVIDER_AT = {entry.page_id: entry.provider for entry in PROVIDER_PAGES}
ALL_PROVIDERS = tuple(PAGE_IDS)


def in_order(providers: list[str] | tuple[str, ...]) -> list[str]:
    """`providers` in the wizard's order (unknown ids dropped)."""
    return [p for p in ALL_PROVIDERS if p in providers]


def keyring_entries() -> list[tuple[str, str, str]]:
    """(key in the wizard's memory, keyring provider, keyring account) of every secret a
    provider page can remember: one 'default' entry per built-in provider, one entry per
    secret field ('codex.api_key') for the described ones."""
    entries = [(p, p, "default") for p in PROVIDER_ORDER]
    entries += [(f"{p}.{name}", p, name) for p, d in DESCRIBED.items() for name in d.secrets]
    return entries


def secrets_to_keep(inputs: WizardInputs) -> list[tuple[str, str, str, str]]:
    """(key, provider, account, secret) of the chosen providers' non-empty secrets."""
    from aiusage_doctor.gui.state import described_secrets, secret_for

    fields = described_secrets(inputs)
    kept = []
    for key, provider, account in keyring_entries():
        if provider not in inputs.providers:
            continue
        value = secret_for(inputs, provider) if account == "default" else fields.get((provider, account), "")
        if value:
            kept.append((key, provider, account, value))
    return kept
