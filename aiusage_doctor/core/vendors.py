"""Where each vendor's credentials are created and documented.

The wizard's credential pages link here ("create a token with the right scopes"), and
the providers' remediation tables use the same constants, so a vendor moving a page is
fixed in one place. Kept free of imports so the wizard can show the links at start-up
without loading the providers.
"""

from __future__ import annotations

GITHUB_TOKEN_DOCS = (
    "https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/"
    "managing-your-personal-access-tokens"
)
GITHUB_CLASSIC_TOKEN_DOCS = f"{GITHUB_TOKEN_DOCS}#creating-a-personal-access-token-classic"
GHE_COM_DOCS = (
    "https://docs.github.com/en/enterprise-cloud@latest/admin/data-residency/"
    "about-github-enterprise-cloud-with-data-residency"
)

GITHUB_API_VERSIONS_DOCS = "https://docs.github.com/en/rest/about-the-rest-api/api-versions"
GITHUB_CHANGELOG = "https://github.blog/changelog/"

CURSOR_KEYS_URL = "https://cursor.com/dashboard/api"
CURSOR_ADMIN_API_DOCS = "https://cursor.com/docs/account/teams/admin-api"

ANTHROPIC_ADMIN_KEYS_URL = "https://platform.claude.com/settings/admin-keys"
ANTHROPIC_ADMIN_KEYS_DOCS = "https://platform.claude.com/docs/en/manage-claude/admin-api-keys"
