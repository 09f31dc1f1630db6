"""The diagnosis tables of the Anthropic checks: probe → answer → verdict → links → sources
(verified on anthropic_refs.VERIFIED). Rows with `because` are inferences: they say so and
list the other causes that fit the same answer."""

from __future__ import annotations

from aiusage_doctor.core.checks import Alternative, Diagnosis
from aiusage_doctor.core.models import Status
from aiusage_doctor.providers.anthropic_refs import ALT_OTHER_ORG, REF, SRC


_P_FORMAT = "Offline: the key's prefix and shape"
_P_ME = "GET /v1/organizations/me"
_P_REPORT = "GET /v1/organizations/usage_report/claude_code?starting_at=<day> (last 7 days)"
_P_ENT = "GET /v1/organizations/analytics/users?date=<4-5 days ago>"
_ALT_INDIVIDUAL = Alternative(
    "The Console account is an individual account: the Admin API is unavailable until an "
    "organization is set up (Console → Settings → Organization).", (REF["admin_api"],))

FORMAT_ROWS = {r.key: r for r in (
    Diagnosis("format.admin", _P_FORMAT, "sk-ant-admin01- key, well formed",
              "Anthropic Admin API key — format OK.", Status.PASS, sources=(SRC["admin_keys"],)),
    Diagnosis("format.admin.cleaned", _P_FORMAT, "Admin key with spaces, quotes or a label around it",
              "Admin key — format OK, but the pasted value had extra characters around it.",
              Status.WARN, (REF["admin_keys"],), (SRC["admin_keys"],)),
    Diagnosis("format.workspace_key", _P_FORMAT, "sk-ant-api03- (ordinary Claude API key)",
              "An ordinary, workspace-scoped Claude API key: the Admin API refuses workspace keys, "
              "so it was not sent.", Status.FAIL, (REF["admin_keys"], REF["admin_keys_docs"]),
              (SRC["admin_keys"], SRC["cc_api"])),
    Diagnosis("format.enterprise_key", _P_FORMAT, "sk-ant-api01- (Claude Enterprise Analytics key)",
              "A Claude Enterprise Analytics API key: only the Enterprise Analytics checks use it.",
              Status.PASS, sources=(SRC["admin_keys"], SRC["analytics"])),
    Diagnosis("format.oauth", _P_FORMAT, "sk-ant-oat01- / sk-ant-ort01- (OAuth token)",
              "An Anthropic OAuth token: sent, because the Admin API accepts one with the org:admin "
              "scope; Claude Code login tokens (user:inference) are refused.",
              Status.WARN, (REF["oauth_admin"], REF["cc_authentication"]), (SRC["cc_api"],)),
    Diagnosis("format.undocumented", _P_FORMAT, "sk-ant-<prefix not documented by Anthropic>",
              "An Anthropic key of a type whose prefix isn't documented: sent, because the Admin API "
              "also accepts personal and service-account keys not scoped to a workspace.",
              Status.WARN, (REF["oauth_admin"],), (SRC["cc_api"],)),
    Diagnosis("format.other_product", _P_FORMAT, "another product's secret (ghp_, key_, crsr_, …)",
              "This belongs to a different product, so it was not sent to Anthropic.", Status.FAIL,
              (REF["admin_keys"], REF["admin_keys_docs"]), (SRC["admin_keys"],)),
    Diagnosis("format.malformed", _P_FORMAT, "empty, cut short, stray characters, or not sk-ant-",
              "Not a usable Anthropic key.", Status.FAIL, (REF["admin_keys"], REF["admin_keys_docs"]),
              (SRC["admin_keys"],)),
)}

AUTH_ROWS = {r.key: r for r in (
    Diagnosis("auth.ok", _P_ME, "200 {id, type: organization, name}",
              "Anthropic accepted the key for the organization.", Status.PASS,
              sources=(SRC["admin_api"],)),
    Diagnosis("auth.ok.users", f"{_P_ME}, then GET /v1/organizations/users?limit=1",
              "404 on /me, 200 on /users", "Anthropic accepted the key (no organization name at this "
              "address).", Status.PASS, sources=(SRC["admin_api"],)),
    Diagnosis("auth.401", _P_ME, "401 authentication_error (Admin key)",
              "Anthropic rejected the key: it is wrong, revoked or expired.", Status.FAIL,
              (REF["admin_keys"], REF["admin_keys_docs"], REF["errors"]), (SRC["errors"], SRC["admin_keys"])),
    Diagnosis("auth.401.oauth", _P_ME, "401 or 403 to an sk-ant-oat01- OAuth token",
              "Most likely a Claude Code login token (scope user:inference), which can't read "
              "organization data.", Status.FAIL, (REF["admin_keys"], REF["cc_authentication"]),
              (SRC["cc_api"], SRC["errors"]),
              because="Anthropic refused the token, and Claude Code's /login and setup-token tokens "
                      "carry this prefix without the org:admin scope",
              alternatives=(
                  Alternative("An OAuth token without the org:admin scope (the Admin API needs it).",
                              (REF["oauth_admin"],)),
                  Alternative("The token expired or was revoked.", (REF["errors"],)),
              )),
    Diagnosis("auth.401.undocumented", _P_ME, "401 or 403 to a key of an undocumented type",
              "Anthropic refused this key for the Admin API: most likely it is scoped to a workspace "
              "(workspace keys don't work there).", Status.FAIL,
              (REF["admin_keys"], REF["oauth_admin"], REF["errors"]), (SRC["cc_api"], SRC["errors"]),
              because="Anthropic refused a key whose type isn't documented, and workspace-scoped keys "
                      "are the documented kind the Admin API refuses",
              alternatives=(
                  Alternative("The key is wrong, revoked or expired.", (REF["errors"],)),
                  _ALT_INDIVIDUAL,
              )),
    Diagnosis("auth.403", _P_ME, "403 permission_error (Admin key)",
              "Anthropic refused organization access: most likely the key is real but has no "
              "organization admin access.", Status.FAIL,
              (REF["admin_keys"], REF["admin_keys_docs"], REF["errors"]), (SRC["errors"], SRC["admin_api"]),
              because="Anthropic answers 403 permission_error, which its errors page documents as a key "
                      "without permission for the resource",
              alternatives=(_ALT_INDIVIDUAL,)),
    Diagnosis("auth.error", _P_ME, "another documented error status (400, 404, 429, 5xx, …)",
              "Anthropic answered the key check with an error.", Status.FAIL,
              (REF["errors"], REF["admin_keys_docs"]), (SRC["errors"],)),
    Diagnosis("unexpected", _P_ME, "an undocumented status, or 200 without the organization's id",
              "Unexpected answer from Anthropic: its API may have changed.", Status.ERROR,
              (REF["errors"],), (SRC["errors"], SRC["admin_api"])),
)}

REPORT_ROWS = {r.key: r for r in (
    Diagnosis("report.usage", _P_REPORT, "200, rows on at least one day",
              "The Claude Code report has usage.", Status.PASS, sources=(SRC["cc_api"],)),
    Diagnosis("report.empty", _P_REPORT, "200 {data: [], has_more: false} on every day, key accepted",
              "The Claude Code report is empty: most likely developers sign in to Claude Code with "
              "Claude.ai subscriptions, whose usage the Console never sees.", Status.WARN,
              (REF["which_analytics"], REF["known_issue"], REF["cc_authentication"], REF["claude_code_api"]),
              (SRC["cc_api"], SRC["known_issue"], SRC["analytics"]),
              because="the key works and every day is empty; subscription logins are missing from this "
                      "report (known issue anthropics/claude-code#27780)",
              alternatives=(
                  Alternative("Nobody used Claude Code through this Console organization in those days "
                              "(usage shows about an hour later).", (REF["console_dashboard"],)),
                  Alternative("Claude Code runs through Amazon Bedrock, Google Vertex AI or Microsoft "
                              "Foundry, which no Anthropic API reports.", (REF["cc_monitoring"],)),
                  ALT_OTHER_ORG,
              )),
    Diagnosis("report.refused", _P_REPORT, "401 / 403 after the key was accepted",
              "Anthropic refused the Claude Code report for this key.", Status.FAIL,
              (REF["claude_code_api"], REF["admin_keys_docs"], REF["errors"]), (SRC["errors"], SRC["cc_api"])),
    Diagnosis("report.404", _P_REPORT, "404 not_found_error",
              "The Claude Code report is not available at this address: most likely the API base URL "
              "is wrong.", Status.FAIL, (REF["claude_code_api"], REF["errors"]), (SRC["cc_api"],),
              because="the same base URL answered the key check, but not this documented path",
              alternatives=(
                  Alternative("The organization is on Claude Platform on AWS, where this report isn't "
                              "offered.", (REF["claude_code_api"],)),
              )),
    Diagnosis("report.error", _P_REPORT, "another documented error status (400, 429, 5xx, …)",
              "Anthropic answered the Claude Code report with an error.", Status.FAIL,
              (REF["claude_code_api"], REF["errors"]), (SRC["errors"],)),
    Diagnosis("unexpected", _P_REPORT, "an undocumented status, or 200 without a `data` list / rows "
              "without `actor`", "Unexpected answer from Anthropic: its API may have changed.",
              Status.ERROR, (REF["claude_code_api"],), (SRC["cc_api"], SRC["errors"])),
)}

ENTERPRISE_ROWS = {r.key: r for r in (
    Diagnosis("enterprise.not_yet", "offline: today's date", "the newest readable day is before 2026-01-01",
              "The Enterprise Analytics API has no data yet.", Status.WARN, (REF["enterprise_reference"],),
              (SRC["enterprise_ref"],)),
    Diagnosis("enterprise.claude_code", _P_ENT, "200, some users with Claude Code activity",
              "The Enterprise Analytics API works and reports Claude Code use.", Status.PASS,
              sources=(SRC["enterprise_ref"],)),
    Diagnosis("enterprise.no_claude_code", _P_ENT, "200, no user with Claude Code activity",
              "The Enterprise Analytics API works, but reports no Claude Code use that day.", Status.WARN,
              (REF["enterprise_reference"], REF["which_analytics"]), (SRC["enterprise_ref"], SRC["analytics"])),
    Diagnosis("enterprise.404", _P_ENT, "404",
              "The key is missing, invalid, or lacks the read:analytics scope (this API's documented "
              "meaning of 404).", Status.FAIL,
              (REF["enterprise_keys"], REF["enterprise_reference"], REF["enterprise_start"]),
              (SRC["enterprise_ref"], SRC["admin_keys"])),
    Diagnosis("enterprise.401", _P_ENT, "401",
              "The Enterprise Analytics API rejected the key as missing or invalid.", Status.FAIL,
              (REF["enterprise_keys"], REF["enterprise_reference"]), (SRC["enterprise_ref"],)),
    Diagnosis("enterprise.403", _P_ENT, "403 permission_error",
              "The Enterprise Analytics API refused the key: most likely it lacks the read:analytics "
              "scope.", Status.FAIL, (REF["enterprise_keys"], REF["enterprise_reference"]),
              (SRC["enterprise_ref"], SRC["admin_keys"]),
              because="Anthropic documents 403 with the scopes a key has and needs as a scope refusal",
              alternatives=(
                  Alternative("API access is switched off for the organization (all requests are "
                              "denied).", (REF["enterprise_start"],)),
              )),
    Diagnosis("enterprise.error", _P_ENT, "another documented error status (400, 410, 429, 5xx)",
              "The Enterprise Analytics API answered with an error.", Status.FAIL,
              (REF["enterprise_reference"],), (SRC["enterprise_ref"],)),
    Diagnosis("unexpected", _P_ENT, "an undocumented status, or 200 without a `data` list",
              "Unexpected answer from Anthropic: its API may have changed.", Status.ERROR,
              (REF["enterprise_reference"],), (SRC["enterprise_ref"],)),
)}
