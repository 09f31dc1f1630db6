"""The wizard's pages. Each page is layout plus thin slots; state lives in the wizard's
`WizardInputs` / `ResultsModel`, and network work goes through the wizard's controllers."""

from aiusage_doctor.gui.pages.base import PROVIDER_PAGES, BasePage, PageId
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
