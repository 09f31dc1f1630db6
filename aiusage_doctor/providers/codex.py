"""OpenAI Codex (Enterprise) Analytics API: is the key usable, does it carry the scope,
does it reach this workspace, and is there data yet?

What OpenAI publishes (re-read 2026-12-04; details and gaps in docs/vendors/codex.md):

* developers.openai.com/codex/enterprise/admin-setup: create a Platform API key (read
  only), then email OpenAI support to have it scoped to `codex.enterprise.analytics.read`;
  call `https://api.chatgpt.com/v1/analytics/codex` with `Authorization: Bearer KEY` and
  the workspace id in the path: `/workspaces/{workspace_id}/usage` (also `/code_reviews`,
  `/code_review_responses`); optional `start_time`/`end_time`; `next_page` pages on.
  The workspace id is in the ChatGPT Admin console under Workspace details.
* developers.openai.com/docs/enterprise/analytics-api: results are scoped to one ChatGPT
  workspace; the key's organization must match the workspace's organization; the API
  reference is the authority for routes, schemas, time semantics and pagination.
* Not found in any public source: the key format, the error statuses and bodies, rate
  limits. So the key's shape is never refused offline, and every refusal below is an
  inference that names OpenAI's words and the other causes that fit.

One request is sent: `GET …/workspaces/{id}/usage` with no parameters (the documented
curl example). Nothing is written.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from aiusage_doctor.core.checks import (
    Alternative, Catalog, CheckContext, CheckSpec, Diagnosis, Outcome, PlannedCheck, ProviderDef, Source,
)
from aiusage_doctor.core.descriptor import (
    CredentialField, PageSpec, ProviderDescriptor, plain_value_rule, undocumented_secret_rule,
)
from aiusage_doctor.core.http import HttpFailure, Response
from aiusage_doctor.core.models import Link, Status

ID = "codex"
DEFAULT_API = "https://api.chatgpt.com"
CHECKED = date(2026, 12, 4)
SCOPE = "codex.enterprise.analytics.read"
USAGE_PATH = "/v1/analytics/codex/workspaces/{workspace}/usage"

# ------------------------------------------------------------------------------- table

LINKS: dict[str, Link] = {
    "support": Link(text=f"Ask OpenAI support (support@openai.com) to scope the key to {SCOPE}",
                    url="https://developers.openai.com/codex/enterprise/admin-setup#analytics-api-setup-steps"),
    "keys": Link(text="OpenAI Platform → API keys (create a read-only key in the workspace's organization)",
                 url="https://platform.openai.com/settings/organization/api-keys"),
    "workspace": Link(text="ChatGPT Admin console → Workspace details (the workspace ID)",
                      url="https://chatgpt.com/admin"),
    "analytics_api": Link(text="Codex Analytics API: one workspace, the key's organization must match",
                          url="https://developers.openai.com/docs/enterprise/analytics-api"),
    "governance": Link(text="Codex governance: Analytics dashboard and API",
                       url="https://developers.openai.com/codex/enterprise/governance"),
    "enterprise": Link(text="Codex for ChatGPT Enterprise: admin setup",
                       url="https://developers.openai.com/codex/enterprise/admin-setup"),
}

SRC_SETUP = Source(
    f"OpenAI Codex docs, Admin Setup: Analytics API setup steps (Platform key scoped to {SCOPE} by "
    "OpenAI support; GET /v1/analytics/codex/workspaces/{workspace_id}/usage on api.chatgpt.com, Bearer)",
    "https://developers.openai.com/codex/enterprise/admin-setup", CHECKED)
SRC_BOUNDARY = Source(
    "OpenAI docs, Codex Analytics API: results scoped to one ChatGPT workspace; the key's "
    "organization must match the workspace's organization",
    "https://developers.openai.com/docs/enterprise/analytics-api", CHECKED)
SRC_GOVERNANCE = Source(
    "OpenAI Codex docs, Governance: Analytics API daily metrics; dashboard data can lag up to 12 hours",
    "https://developers.openai.com/codex/enterprise/governance", CHECKED)
SRC_DX = Source(
    "DX connector docs, OpenAI Codex (Enterprise): needs an Enterprise plan with Codex, a key with "
    f"{SCOPE} that can't be self-served, and the workspace ID",
    "https://docs.getdx.com/connectors/codex-enterprise/", CHECKED)

_ASK_SUPPORT = Alternative(f"The key hasn't been scoped to {SCOPE} by OpenAI support yet", (LINKS["support"],))
_WRONG_ID = Alternative("The workspace ID is wrong (copy it from Workspace details)", (LINKS["workspace"],))
_NOT_ENTERPRISE = Alternative("The workspace isn't a ChatGPT Enterprise workspace with Codex",
                              (LINKS["enterprise"],))

D: dict[str, Diagnosis] = {d.key: d for d in (
    Diagnosis("key.empty", "offline", "no key", "Not configured: no Codex Analytics API key was given "
              "(set AIUSAGE_CODEX_API_KEY, or enter it in the app)", Status.SKIP, (LINKS["support"],), (SRC_SETUP,)),
    Diagnosis("key.foreign", "offline", "another product's token", "Another product's token: said which, and not sent to OpenAI.",
              Status.FAIL, (LINKS["keys"], LINKS["support"]), (SRC_SETUP,)),
    Diagnosis("key.unusable", "offline", "space or non-ASCII character inside",
              "The key can't be sent as it is: paste it again.",
              Status.FAIL, (LINKS["keys"],), (SRC_SETUP,)),
    Diagnosis("key.undocumented", "offline", "usable value, format not published",
              "Key entered; its format isn't documented, so it is checked online.",
              Status.PASS, (), (SRC_SETUP,)),
    Diagnosis("key.unusual", "offline", "no sk- prefix, or the paste needed cleaning",
              "Key entered, with a note (no sk- prefix, or characters removed); sent anyway.",
              Status.WARN, (LINKS["keys"],), (SRC_SETUP,)),
    Diagnosis("workspace.missing", "offline", "no workspace ID", "No Codex workspace ID was given: the Analytics "
              "API needs it in the path (set AIUSAGE_CODEX_WORKSPACE_ID, or enter it in the app).",
              Status.FAIL, (LINKS["workspace"],), (SRC_SETUP,)),
    Diagnosis("workspace.bad", "offline", "space, slash, URL syntax or non-ASCII",
              "The workspace ID can't go into the request as it is: copy the ID alone.",
              Status.FAIL, (LINKS["workspace"],), (SRC_SETUP,)),
    Diagnosis("workspace.ok", "offline", "usable value", "Workspace ID entered; whether it matches the key's "
              "organization is checked online.", Status.PASS, (), (SRC_SETUP, SRC_BOUNDARY)),
    Diagnosis("access.ok", "GET " + USAGE_PATH, "200 with a data list",
              "OpenAI accepted the key for this workspace's Codex analytics.", Status.PASS, (), (SRC_SETUP,)),
    Diagnosis("access.scope", "GET " + USAGE_PATH, "401/403 naming a missing scope",
              f"OpenAI accepted the key but it lacks the {SCOPE} scope (HTTP {{status}} “{{message}}”). "
              "This scope can't be self-served: ask OpenAI support to add it.",
              Status.FAIL, (LINKS["support"],), (SRC_SETUP, SRC_DX)),
    Diagnosis("access.refused", "GET " + USAGE_PATH, "401 without a scope message",
              "OpenAI refused the key (HTTP 401 “{message}”): most likely it is wrong, revoked or cut short "
              "while copying.", Status.FAIL,
              (LINKS["keys"], LINKS["support"]), (SRC_SETUP,),
              because="OpenAI answers 401 when the key itself is not accepted, and no scope was named",
              alternatives=(Alternative("It is a ChatGPT or personal key rather than a Platform API key",
                                        (LINKS["keys"],)),
                            _ASK_SUPPORT)),
    Diagnosis("access.org", "GET " + USAGE_PATH, "403/404 naming the organization",
              "OpenAI says the key's organization doesn't match this workspace (HTTP {status} “{message}”): "
              "the key must come from the Platform organization linked to the workspace.",
              Status.FAIL, (LINKS["keys"], LINKS["analytics_api"]), (SRC_BOUNDARY,)),
    Diagnosis("access.plan", "GET " + USAGE_PATH, "403 naming Enterprise, plan or Codex access",
              "OpenAI says this workspace can't use Codex analytics (HTTP {status} “{message}”): "
              "the Analytics API is for ChatGPT Enterprise workspaces with Codex.",
              Status.FAIL, (LINKS["enterprise"], LINKS["governance"]), (SRC_DX, SRC_GOVERNANCE)),
    Diagnosis("access.workspace", "GET " + USAGE_PATH, "403/404 without a recognisable message",
              "OpenAI refused this workspace's analytics (HTTP {status} “{message}”): most likely the key "
              "comes from a different Platform organization than the workspace's.", Status.FAIL,
              (LINKS["workspace"], LINKS["keys"], LINKS["analytics_api"], LINKS["support"]),
              (SRC_BOUNDARY, SRC_SETUP),
              because="the key was not refused outright (no 401) and OpenAI requires the key's organization "
                      "to match the workspace's",
              alternatives=(_WRONG_ID, _ASK_SUPPORT, _NOT_ENTERPRISE)),
    Diagnosis("access.rate", "GET " + USAGE_PATH, "429 (limit not documented)",
              "OpenAI is rate-limiting these requests, so access could not be checked; try again later.",
              Status.ERROR,
              (LINKS["governance"],), (SRC_GOVERNANCE,)),
    Diagnosis("data.rows", "GET " + USAGE_PATH, "data list with rows",
              "Codex usage data is there: {rows} row(s) in the first page{more}.", Status.PASS, (), (SRC_GOVERNANCE,)),
    Diagnosis("data.none", "GET " + USAGE_PATH, "empty data list",
              "The key and workspace work, but OpenAI returned no Codex usage yet — this is not a credential "
              "problem: most likely nobody in the workspace has used Codex yet.",
              Status.WARN, (LINKS["governance"], LINKS["enterprise"]), (SRC_GOVERNANCE,),
              because="access was granted and the answer is an empty list",
              alternatives=(Alternative("The data hasn't arrived yet: OpenAI's dashboard can lag up to 12 hours; "
                                        "the API's lag is not documented", (LINKS["governance"],)),
                            Alternative("Codex is turned off for the workspace's members", (LINKS["enterprise"],)))),
)}

# ------------------------------------------------------------------------------ catalog

CATALOG = Catalog(ID, [
    CheckSpec(id="codex.key.format", title="Codex Analytics API key",
              probes="Offline: the key is present and could travel in a header; nothing is sent. "
                     "OpenAI doesn't publish a format for these keys, so none is enforced.",
              explains="The value is empty, another product's token, or has a space or look-alike character inside.",
              remediation=(LINKS["keys"], LINKS["support"]), per="key",
              sources=(SRC_SETUP,), diagnoses=tuple(D[k] for k in ("key.empty", "key.foreign", "key.unusable",
                                                                     "key.undocumented", "key.unusual"))),
    CheckSpec(id="codex.workspace.id", title="Codex workspace ID",
              probes="Offline: the workspace ID is present and safe to put in the URL path.",
              explains="The Analytics API needs the ChatGPT workspace ID (Admin console → Workspace details).",
              remediation=(LINKS["workspace"],), per="workspace",
              sources=(SRC_SETUP,), diagnoses=tuple(D[k] for k in ("workspace.missing", "workspace.bad",
                                                                     "workspace.ok"))),
    CheckSpec(id="codex.analytics.access", title="Codex Analytics API access for this workspace",
              probes="GET https://api.chatgpt.com/v1/analytics/codex/workspaces/{workspace_id}/usage "
                     "with Authorization: Bearer KEY (read-only).",
              explains=f"The key needs the {SCOPE} scope (added by OpenAI support) and must belong to the "
                       "Platform organization of the workspace, which must be a ChatGPT Enterprise workspace.",
              remediation=(LINKS["support"], LINKS["keys"], LINKS["analytics_api"]), per="workspace",
              sources=(SRC_SETUP, SRC_BOUNDARY, SRC_DX),
              diagnoses=tuple(D[k] for k in ("access.ok", "access.scope", "access.refused", "access.org",
                                             "access.plan", "access.workspace", "access.rate"))),
    CheckSpec(id="codex.usage.data", title="Codex usage data present",
              probes="The same answer: does the first page of `data` have rows?",
              explains="Access works but there is nothing to read yet.",
              remediation=(LINKS["governance"],), per="workspace",
              sources=(SRC_GOVERNANCE,), diagnoses=(D["data.rows"], D["data.none"])),
])
FORMAT, WORKSPACE, ACCESS, DATA = (spec.id for spec in CATALOG)

# ---------------------------------------------------------------------------- descriptor

KEY_RULE = undocumented_secret_rule("Codex Analytics API key", usual_prefix="sk-",
                                    where=" for Codex Analytics keys")
WORKSPACE_RULE = plain_value_rule("Codex workspace ID")


def _field(ctx_or_config: Any, name: str) -> str:
    config = getattr(ctx_or_config, "config", ctx_or_config)
    return DESCRIPTOR.check_field(name, DESCRIPTOR.raw(config, name)).value


def _message(resp: Response) -> str:
    """OpenAI's error text if the body has one (shape not documented for this API;
    OpenAI's usual `{"error": {"message": …}}` and a flat `{"error"|"message": …}` are read)."""
    body = resp.json_or_none()
    if isinstance(body, dict):
        err = body.get("error")
        for value in ((err.get("message") if isinstance(err, dict) else err), body.get("message"),
                      body.get("detail")):
            if isinstance(value, str) and value.strip():
                return value.strip()[:300]
    text = resp.text.strip()
    return text[:200] if text and not resp.is_html else "no message"


def _evidence(resp: Response) -> dict[str, Any]:
    return resp.evidence("x-request-id", "content-type", "retry-after", "openai-organization")


async def check_key_format(ctx: CheckContext) -> Outcome:
    verdict = KEY_RULE(DESCRIPTOR.raw(ctx.config, "api_key"))
    from aiusage_doctor.core.tokens import mask

    evidence = {"masked": mask(verdict.value), "length": len(verdict.value)}
    key = {"error": "key.unusable", "warn": "key.unusual", "ok": "key.undocumented"}[verdict.level] \
        if verdict.level != "empty" else "key.empty"
    if verdict.level == "error" and verdict.message.startswith("This looks like"):
        key = "key.foreign"
    summary = f"{verdict.message} It was not sent to OpenAI." if key == "key.foreign" else verdict.message
    return D[key].outcome(summary if key != "key.empty" else None, evidence=evidence)


async def check_workspace(ctx: CheckContext) -> Outcome:
    verdict = WORKSPACE_RULE(DESCRIPTOR.raw(ctx.config, "workspace_id"))
    key = {"empty": "workspace.missing", "error": "workspace.bad"}.get(verdict.level, "workspace.ok")
    return D[key].outcome(verdict.message if key == "workspace.bad" else None)


def _has(text: str, *words: str) -> bool:
    low = text.lower()
    return any(w in low for w in words)


async def check_access(ctx: CheckContext) -> Outcome:
    workspace = _field(ctx, "workspace_id")
    url = DESCRIPTOR.api_url(ctx.config) + USAGE_PATH.format(workspace=quote(workspace, safe=""))
    try:
        resp = await ctx.http.get(url, headers={"Authorization": f"Bearer {_field(ctx, 'api_key')}"})
    except HttpFailure as failure:
        if failure.status == 429:
            return D["access.rate"].outcome(details=[str(failure)], evidence=failure.evidence())
        raise
    evidence = _evidence(resp)
    status, message = resp.status, _message(resp)
    details = [f"{resp.method} {resp.path} answered HTTP {status}"
               + ("." if resp.ok else f": “{message}”.")]
    if resp.ok:
        body = resp.json_or_none()
        if not isinstance(body, dict) or not isinstance(body.get("data"), list):
            return Outcome.unexpected_answer("OpenAI", "the Codex usage answer has no data list",
                                             evidence=evidence, details=details, sources=(SRC_SETUP,))
        ctx.facts["codex.usage"] = {"rows": len(body["data"]), "has_more": bool(body.get("has_more"))}
        return D["access.ok"].outcome(details=details, evidence=evidence)
    fmt = {"status": status, "message": message}
    if status == 429:
        return D["access.rate"].outcome(details=details, evidence=evidence, **fmt)
    if status in (401, 403) and _has(message, "scope", SCOPE, "insufficient permissions"):
        return D["access.scope"].outcome(details=details, evidence=evidence, **fmt)
    if status == 401:
        return D["access.refused"].outcome(details=details, evidence=evidence, **fmt)
    if status in (403, 404) and _has(message, "organization", "organisation"):
        return D["access.org"].outcome(details=details, evidence=evidence, **fmt)
    if status == 403 and _has(message, "enterprise", "plan", "not enabled", "codex access"):
        return D["access.plan"].outcome(details=details, evidence=evidence, **fmt)
    if status in (403, 404):
        return D["access.workspace"].outcome(details=details, evidence=evidence, **fmt)
    return Outcome.unexpected_answer("OpenAI", f"HTTP {status} to the Codex usage request",
                                     evidence=evidence, details=details, sources=(SRC_SETUP,))


async def check_data(ctx: CheckContext) -> Outcome:
    usage = ctx.facts.get("codex.usage") or {}
    rows = int(usage.get("rows") or 0)
    if rows:
        more = ", and more pages" if usage.get("has_more") else ""
        return D["data.rows"].outcome(rows=rows, more=more)
    return D["data.none"].outcome()


# ------------------------------------------------------------------------------ planning


async def _not_configured(ctx: CheckContext) -> Outcome:
    return D["key.empty"].outcome()


def plan(config: Any) -> list[PlannedCheck]:
    if not DESCRIPTOR.raw(config, "api_key").strip():
        return [PlannedCheck(CATALOG[FORMAT], _not_configured, target="key")]
    fmt, ws = (FORMAT, "key"), (WORKSPACE, "workspace")
    access = (ACCESS, "workspace")
    return [
        PlannedCheck(CATALOG[FORMAT], check_key_format, target="key"),
        PlannedCheck(CATALOG[WORKSPACE], check_workspace, target="workspace"),
        PlannedCheck(CATALOG[ACCESS], check_access, target="workspace", needs=(fmt, ws)),
        PlannedCheck(CATALOG[DATA], check_data, target="workspace", needs=(access,)),
    ]


PROVIDER = ProviderDef(name=ID, title="OpenAI Codex", catalog=CATALOG, planner=plan,
                       configured=lambda config: bool(DESCRIPTOR.raw(config, "api_key").strip()))

DESCRIPTOR = ProviderDescriptor(
    id=ID,
    title="OpenAI Codex",
    plan="ChatGPT Enterprise workspaces with Codex",
    default_api_url=DEFAULT_API,
    fields=(
        CredentialField("api_key", "Codex Analytics API key", "AIUSAGE_CODEX_API_KEY", rule=KEY_RULE,
                        hint=f"A Platform API key that OpenAI support scoped to {SCOPE}."),
        CredentialField("workspace_id", "Codex workspace ID", "AIUSAGE_CODEX_WORKSPACE_ID", secret=False,
                        flag="--codex-workspace-id", rule=WORKSPACE_RULE,
                        hint="ChatGPT Admin console → Workspace details."),
    ),
    links=LINKS,
    provider=PROVIDER,
    page=PageSpec(
        intro=("Codex usage comes from OpenAI's Codex Analytics API for one ChatGPT Enterprise workspace. "
               "It needs a Platform API key from the workspace's organization that OpenAI support has "
               f"scoped to {SCOPE} (it can't be self-served), and the workspace ID."),
        create_link=LINKS["support"],
    ),
    sim_module="aiusage_doctor.sim.codex",
    api_url_flag="--codex-api-url",
)
