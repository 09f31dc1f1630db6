"""The wizard's pages. Each page is layout plus thin slots; state lives in the wizard's
`WizardInputs` / `ResultsModel`, and network work goes through the wizard's controllers.

The names below load their module on first use (PEP 562), so importing the welcome page
for the first paint doesn't also import the credential, run, results and export pages.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from aiusage_doctor.gui.pages.base import PROVIDER_PAGES, BasePage, PageId

if TYPE_CHECKING:
    from aiusage_doctor.gui.pages.credentials import (
        ANTHROPIC_ADMIN_KEYS_URL,
        CURSOR_KEYS_URL,
        ClaudePage,
        CredentialPage,
        CursorPage,
        GitHubPage,
        github_token_url,
    )
    from aiusage_doctor.gui.pages.export import ExportPage
    from aiusage_doctor.gui.pages.results import ResultsPage, details_html
    from aiusage_doctor.gui.pages.run import RunPage, format_duration
    from aiusage_doctor.gui.pages.welcome import WelcomePage

_MODULES = {
    "ANTHROPIC_ADMIN_KEYS_URL": "credentials",
    "CURSOR_KEYS_URL": "credentials",
    "ClaudePage": "credentials",
    "CredentialPage": "credentials",
    "CursorPage": "credentials",
    "GitHubPage": "credentials",
    "github_token_url": "credentials",
    "ExportPage": "export",
    "ResultsPage": "results",
    "details_html": "results",
    "RunPage": "run",
    "format_duration": "run",
    "WelcomePage": "welcome",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "ANTHROPIC_ADMIN_KEYS_URL",
    "CURSOR_KEYS_URL",
    "PROVIDER_PAGES",
    "BasePage",
    "ClaudePage",
    "CredentialPage",
    "CursorPage",
    "ExportPage",
    "GitHubPage",
    "PageId",
    "ResultsPage",
    "RunPage",
    "WelcomePage",
    "details_html",
    "format_duration",
    "github_token_url",
]
