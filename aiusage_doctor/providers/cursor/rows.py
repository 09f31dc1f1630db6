"""The diagnosis tables of the Cursor checks: probe → answer → verdict → links → sources
(verified on sources.VERIFIED). Rows with `because` are inferences: they say so and list the
other causes that fit the same answer."""

from __future__ import annotations

from aiusage_doctor.core.checks import Alternative, Diagnosis
from aiusage_doctor.core.models import Status
from aiusage_doctor.providers.cursor.sources import REF, SRC, USAGE_DAYS


_P_FORMAT = "Offline: the key's shape"
_P_MEMBERS = "GET /teams/members (Basic auth, key as user name, empty password)"
_P_USAGE = f"POST /teams/daily-usage-data (last {USAGE_DAYS} days, epoch ms)"
_P_ANALYTICS = "GET /analytics/team/dau and GET /analytics/ai-code/commits"
_ALT_USER_KEY = Alternative("A personal (user) API key instead of a team admin key.", (REF["keys"],))
_ALT_ORG_KEY = Alternative("An Organization API key, which only works on /organizations endpoints.",
                           (REF["org_api"],))
_ALT_BEARER = Alternative("The product sends the key as Bearer instead of Basic auth.", (REF["auth"],))

FORMAT_ROWS = {r.key: r for r in (
    Diagnosis("format.ok", _P_FORMAT, "key_ + 64 hex, or crsr_ + 64", "Cursor API key — format OK.",
              Status.PASS, sources=(SRC["api"],)),
    Diagnosis("format.cleaned", _P_FORMAT, "key with spaces, quotes or a label around it",
              "Format OK, but the pasted value had extra characters around it.", Status.WARN,
              (REF["keys"],), (SRC["api"],)),
    Diagnosis("format.soft", _P_FORMAT, "crsr_ key of an unusual length",
              "Cursor API key of an unusual length: part of it may be missing.", Status.WARN,
              (REF["keys"],), (SRC["api"],)),
    Diagnosis("format.other_product", _P_FORMAT, "another product's secret",
              "This belongs to a different product, so it was not sent to Cursor.", Status.FAIL,
              (REF["keys"], REF["auth"]), (SRC["api"],)),
    Diagnosis("format.malformed", _P_FORMAT, "empty, cut short or not key_/crsr_",
              "Not a usable Cursor API key.", Status.FAIL, (REF["keys"], REF["auth"]), (SRC["api"],)),
)}

AUTH_ROWS = {r.key: r for r in (
    Diagnosis("auth.ok", _P_MEMBERS, "200 {teamMembers: [...]} (or the 2025 bare list)",
              "Cursor accepted the key as a team admin key.", Status.PASS, sources=(SRC["admin_api"],)),
    Diagnosis("auth.401.org_key", _P_MEMBERS, "401 whose message names an organization key",
              "Cursor rejected the key: it is an Organization API key; team usage needs a Team API key.",
              Status.FAIL, (REF["keys"], REF["auth"], REF["org_api"]), (SRC["org_api"], SRC["api"])),
    Diagnosis("auth.401.scope", _P_MEMBERS, "401 whose message names a missing scope",
              "Cursor rejected the key: it lacks the admin scope the Admin API needs.", Status.FAIL,
              (REF["keys"], REF["auth"]), (SRC["api"],)),
    Diagnosis("auth.401", _P_MEMBERS, "401 'Invalid API key'",
              "Cursor rejected the key: most likely it is wrong or revoked.", Status.FAIL,
              (REF["keys"], REF["auth"]), (SRC["api"],),
              because="Cursor answers 401 'Invalid API key' for keys it doesn't accept on this API",
              alternatives=(_ALT_USER_KEY, _ALT_ORG_KEY, _ALT_BEARER)),
    Diagnosis("auth.403.plan", _P_MEMBERS, "403 whose message names Enterprise or the plan",
              "The key is valid, but the team's plan doesn't include the Admin API (Cursor lists it for "
              "Enterprise teams).", Status.FAIL, (REF["admin_api"], REF["api_overview"], REF["plans"]),
              (SRC["api"],)),
    Diagnosis("auth.403", _P_MEMBERS, "403 with another message",
              "Cursor refused the key: most likely it is not an admin-scoped team key.", Status.FAIL,
              (REF["keys"], REF["admin_api"]), (SRC["api"],),
              because="Cursor documents 403 for keys whose scope doesn't match the endpoint",
              alternatives=(Alternative("The team's plan doesn't include the Admin API (Enterprise teams).",
                                        (REF["api_overview"], REF["plans"])),)),
    Diagnosis("auth.404", _P_MEMBERS, "404",
              "Cursor's API answered 404 for a documented path: most likely the base URL is wrong.",
              Status.FAIL, (REF["admin_api"],), (SRC["api"],),
              because="/teams/members is a documented path, so a 404 points at the address"),
    Diagnosis("auth.error", _P_MEMBERS, "400, 429 after retries, or 500",
              "Cursor answered the key check with an error.", Status.FAIL, (REF["auth"], REF["admin_api"]),
              (SRC["api"],)),
    Diagnosis("unexpected", _P_MEMBERS, "an undocumented status, or 200 without a member list",
              "Unexpected answer from Cursor: its API may have changed.", Status.ERROR, (REF["admin_api"],),
              (SRC["admin_api"], SRC["api"])),
)}

USAGE_ROWS = {r.key: r for r in (
    Diagnosis("usage.active", _P_USAGE, "200 with active user-day rows",
              "Cursor returned usage for active users.", Status.PASS, sources=(SRC["admin_api"],)),
    Diagnosis("usage.none", _P_USAGE, "200 with no rows or only inactive rows",
              "The key works, but no active users: most likely nobody used Cursor signed in to this "
              "team in the window.", Status.WARN, (REF["admin_api"], REF["keys"]), (SRC["admin_api"],),
              because="without page/pageSize Cursor returns only active users, and the key works",
              alternatives=(Alternative("Usage hasn't arrived yet (Cursor asks integrations to poll at "
                                        "most once an hour).", (REF["admin_api"],)),)),
    Diagnosis("usage.refused.plan", _P_USAGE, "401/403 naming Enterprise or the plan",
              "The team's plan doesn't include usage data through the API.", Status.FAIL,
              (REF["keys"], REF["admin_api"], REF["plans"]), (SRC["api"],)),
    Diagnosis("usage.refused", _P_USAGE, "401/403 after /teams/members worked",
              "Cursor refused the usage data: most likely the key lacks the admin scope.", Status.FAIL,
              (REF["keys"], REF["admin_api"]), (SRC["api"], SRC["admin_api"]),
              because="the same key read the member list, and the Admin API needs admin:*",
              alternatives=(Alternative("The team's plan doesn't include usage data through the API.",
                                        (REF["api_overview"], REF["plans"])),)),
    Diagnosis("usage.error", _P_USAGE, "400, 404, 429 after retries, or 500",
              "Cursor answered the usage query with an error.", Status.FAIL, (REF["admin_api"],),
              (SRC["admin_api"],)),
    Diagnosis("unexpected", _P_USAGE, "an undocumented status, or 200 without a `data` list",
              "Unexpected answer from Cursor: its API may have changed.", Status.ERROR, (REF["admin_api"],),
              (SRC["admin_api"],)),
)}

ANALYTICS_ROWS = {r.key: r for r in (
    Diagnosis("analytics.ok", _P_ANALYTICS, "200 and 200", "Both Enterprise APIs are available.",
              Status.PASS, sources=(SRC["analytics_api"], SRC["ai_code_api"])),
    Diagnosis("analytics.no_ai_code", _P_ANALYTICS, "200 and 401/403",
              "The Analytics API is available; AI Code Tracking (Enterprise, alpha) was refused.",
              Status.WARN, (REF["ai_code_api"], REF["plans"]), (SRC["ai_code_api"],)),
    Diagnosis("analytics.no_analytics", _P_ANALYTICS, "401/403 and 200",
              "AI Code Tracking is available; the Analytics API was refused.", Status.WARN,
              (REF["analytics_api"], REF["plans"]), (SRC["analytics_api"],)),
    Diagnosis("analytics.not_on_plan", _P_ANALYTICS, "401/403 on both, after the Admin API accepted the key",
              "Not available to this team: most likely its plan isn't Enterprise.", Status.WARN,
              (REF["plans"], REF["analytics_api"], REF["ai_code_api"]), (SRC["analytics_api"], SRC["ai_code_api"]),
              because="Cursor documents both APIs for Enterprise teams only and answers others with 401/403, "
                      "and the Admin API accepted this key",
              alternatives=(Alternative("The key lacks the admin:* scope these APIs need (a read-only key).",
                                        (REF["keys"], REF["analytics_api"])),)),
    Diagnosis("analytics.error", _P_ANALYTICS, "documented error statuses other than 401/403",
              "Neither access nor a plan refusal.", Status.FAIL, (REF["analytics_api"], REF["ai_code_api"]),
              (SRC["analytics_api"],)),
    Diagnosis("unexpected", _P_ANALYTICS, "an undocumented status",
              "Unexpected answer from Cursor: its API may have changed.", Status.ERROR,
              (REF["analytics_api"], REF["ai_code_api"]), (SRC["analytics_api"], SRC["ai_code_api"])),
)}
