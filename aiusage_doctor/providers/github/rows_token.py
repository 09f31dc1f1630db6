"""Diagnosis table rows for the kinds of token the report endpoints accept besides classic
PATs: OAuth app tokens (scopes in X-OAuth-Scopes) and GitHub App tokens (permissions, named
by X-Accepted-GitHub-Permissions when GitHub refuses)."""

from __future__ import annotations

from aiusage_doctor.core.checks import Diagnosis
from aiusage_doctor.core.models import Status
from aiusage_doctor.providers.github import links as L
from aiusage_doctor.providers.github import sources as S

SCOPES_MISSING = "The token lacks scopes the Copilot reports need"
"""The one cause behind a classic token's scope refusals on every enterprise and organization:
reports count it once (one new token with the pre-filled scopes fixes them all)."""
FINE_GRAINED_AT_ENTERPRISE = "A fine-grained token can't read enterprise-level Copilot reports"
"""The one cause behind a fine-grained token's enterprise refusals (a classic token fixes them all)."""

INSTALLATION_SIGN_IN = Diagnosis(
    "token.auth.installation", "GET /user with a ghs_ installation token",
    "403 'Resource not accessible by integration' (a bad token gets 401)",
    "GitHub accepts this GitHub App installation token (it acts as the App, so GET /user is refused).",
    Status.PASS,
    sources=(S.API_USER, S.DOC_TOKEN_FORMATS, S.DOC_APP_PERMISSIONS),
)
APP_PERMISSION = Diagnosis(
    "token.app.permission", "An organization or enterprise endpoint with a ghu_/ghs_ token",
    "403 'Resource not accessible by integration', or X-Accepted-GitHub-Permissions naming a permission",
    "The GitHub App behind this token lacks the {permission} permission for {owner}'s {what}{asked}, or "
    "isn't installed on {owner}. Give the App that permission (read) and have {owner} approve it.",
    Status.FAIL,
    links=(L.DOC_APP_EDIT_PERMISSIONS, L.DOC_APP_PERMISSIONS),
    sources=(S.DOC_APP_PERMISSIONS, S.DOC_TROUBLESHOOTING, S.API_ORG_REPORT_28, S.API_ENT_REPORT_28),
)

ROWS_AUTH = (INSTALLATION_SIGN_IN,)
ROWS_APP = (APP_PERMISSION,)
