"""Where this organization's Claude Code usage flows: the Console, Claude.ai subscriptions,
a cloud platform, or a mix, decided from the evidence the other Anthropic checks gathered.

The decision is a table (SOURCE_ROWS): each row names the evidence it needs, the verdict,
where to fix it and what it rests on; `_decide` picks one row, and a verdict inferred
from partial evidence (one computer, an empty report) is labelled as an inference with
the other causes that fit. tests/unit/test_usage_source_table.py has one case per row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiusage_doctor.core.checks import Alternative, CheckContext, CheckSpec, Diagnosis, Outcome
from aiusage_doctor.core.labels import plural
from aiusage_doctor.core.models import CheckResult, Link, Status
from aiusage_doctor.core.tokens import TokenKind, classify
from aiusage_doctor.providers import claude_local
from aiusage_doctor.providers.anthropic_refs import (
    ALT_OTHER_ORG,
    ENTERPRISE,
    LOCAL,
    MACHINE_TARGET,
    ORG_TARGET,
    REF,
    REPORT,
    REPORT_DAYS,
    SOURCE,
    SRC,
    count_text,
    key_kind,
    raw_key,
)


_P_SOURCE = "Offline: the key type, the Claude Code report, Enterprise Analytics, this computer's login"
_ALT_NOBODY = Alternative("Nobody used Claude Code through this Console organization recently.",
                          (REF["console_dashboard"],))
_ALT_CLOUD = Alternative("Developers use Claude Code through Amazon Bedrock, Google Vertex AI or "
                         "Microsoft Foundry, which no Anthropic API reports.", (REF["cc_monitoring"],))
_ALT_SUBSCRIPTION = Alternative("Developers sign in with Claude.ai subscriptions, which the Console "
                                "report never shows.", (REF["which_analytics"], REF["known_issue"]))
_ONE_COMPUTER = Alternative("Other developers sign in differently from this computer.", (REF["cc_settings"],))


def _source_row(key: str, answer: str, verdict: str, status: Status, link: str,
                because: str | None = None, *alternatives: Alternative) -> Diagnosis:
    sources = {"console": (SRC["cc_api"],), "cc_settings": (SRC["analytics"], SRC["known_issue"], SRC["cc_auth"]),
               "cc_monitoring": (SRC["cc_monitoring"], SRC["cc_api"]),
               "which_analytics": (SRC["analytics"], SRC["cc_auth"])}
    ref = "claude_code_api" if link == "console" else link
    return Diagnosis(key, _P_SOURCE, answer, verdict, status, (REF[ref],), sources[link], because,
                     tuple(alternatives))


SOURCE_ROWS = {r.key: r for r in (
    _source_row("source.enterprise.claude_code", "Enterprise Analytics key; Analytics shows Claude Code users",
                "Usage flows through Claude.ai (Claude Enterprise); the Enterprise Analytics API sees it.",
                Status.PASS, "cc_settings"),
    _source_row("source.enterprise.no_claude_code", "Enterprise Analytics key; no Claude Code users or no data",
                "Usage flows through Claude.ai (Claude Enterprise); read it with the Enterprise Analytics API.",
                Status.WARN, "cc_settings"),
    _source_row("source.console", "report has rows; this computer not on a subscription or cloud",
                "Usage flows through the Console; the Admin API sees it.", Status.PASS, "console"),
    _source_row("source.mixed.subscription", "report has rows; this computer signs in with a subscription",
                "Mixed: the Console sees some usage; logins like this computer's are missing.",
                Status.WARN, "cc_settings", "the report has usage, and this computer's subscription "
                "login is of the kind the report never shows",
                Alternative("This computer is the only one signed in that way.", (REF["cc_settings"],))),
    _source_row("source.mixed.third_party", "report has rows; this computer uses Bedrock/Vertex/Foundry",
                "Mixed: the Console sees some usage; this computer's cloud usage is invisible.",
                Status.WARN, "cc_monitoring", "the report has usage, and this computer uses a cloud "
                "platform that no Anthropic API reports",
                Alternative("This computer is the only one using a cloud platform.", (REF["cc_monitoring"],))),
    _source_row("source.empty.local_subscription", "report empty; this computer signs in with a subscription",
                "Usage flows through Claude.ai subscriptions, which the Admin API can't see.", Status.WARN,
                "cc_settings", "the report is empty for every day and this computer signs in with a "
                "subscription", _ONE_COMPUTER, _ALT_CLOUD),
    _source_row("source.empty.forced_claudeai", "report empty; managed settings force Claude.ai login",
                "Usage flows through Claude.ai subscriptions, which the Admin API can't see.", Status.WARN,
                "cc_settings", "the report is empty and managed settings here force Claude.ai login",
                _ONE_COMPUTER, _ALT_NOBODY),
    _source_row("source.empty.local_third_party", "report empty; this computer uses Bedrock/Vertex/Foundry",
                "Usage goes through a cloud platform, which no Anthropic API sees.", Status.WARN,
                "cc_monitoring", "the report is empty and this computer uses a cloud platform",
                _ALT_SUBSCRIPTION, _ALT_NOBODY),
    _source_row("source.empty.local_console", "report empty; this computer signs in through the Console",
                "Nobody used Claude Code through this Console organization recently, or the key belongs "
                "to another organization.", Status.WARN, "console",
                "this computer's Console login should appear in the report, yet it is empty",
                ALT_OTHER_ORG, _ALT_SUBSCRIPTION),
    _source_row("source.empty.org_in_use", "report empty; the organization has members or API keys",
                "Usage most likely flows through Claude.ai subscriptions, which the Admin API can't see.",
                Status.WARN, "cc_settings", "the organization has members and keys but no Claude Code "
                "usage in 7 days (subscription logins are missing from the report: #27780)",
                _ALT_NOBODY, _ALT_CLOUD, ALT_OTHER_ORG),
    _source_row("source.empty.org_unused", "report empty; no other members or API keys",
                "No Claude Code usage reaches this Console organization.", Status.WARN, "which_analytics",
                "the report is empty and nobody else is in the organization", _ALT_SUBSCRIPTION, _ALT_NOBODY),
    _source_row("source.oauth_token", "no usable report; the key is an OAuth token",
                "Usage most likely flows through Claude.ai subscriptions.", Status.WARN, "cc_settings",
                "the key given is an OAuth token, the kind Claude Code's subscription login creates",
                Alternative("The token is an org:admin OAuth token that was refused for another reason.",
                            (REF["oauth_admin"],))),
    _source_row("source.local_subscription", "no usable report; this computer signs in with a subscription",
                "Claude Code on this computer uses a Claude.ai subscription, which the Admin API can't see.",
                Status.WARN, "cc_settings", "this computer's login is the only evidence", _ONE_COMPUTER),
    _source_row("source.local_third_party", "no usable report; this computer uses Bedrock/Vertex/Foundry",
                "Claude Code on this computer uses a cloud platform, which no Anthropic API sees.",
                Status.WARN, "cc_monitoring", "this computer's login is the only evidence", _ONE_COMPUTER),
    _source_row("source.local_console", "no usable report; this computer signs in through the Console",
                "Claude Code on this computer signs in through the Console, so its usage should reach "
                "the Admin API.", Status.PASS, "console", "this computer's login is the only evidence", _ONE_COMPUTER),
    _source_row("source.forced.console", "no usable report or login; managed settings force Console login",
                "Managed settings force Console login, so usage likely flows through the Console.",
                Status.PASS, "console", "managed settings on this computer force the login method",
                _ONE_COMPUTER),
    _source_row("source.forced.claudeai", "no usable report or login; managed settings force Claude.ai login",
                "Managed settings force Claude.ai login, so usage likely flows through Claude.ai "
                "subscriptions.", Status.WARN, "cc_settings",
                "managed settings on this computer force the login method", _ONE_COMPUTER),
    _source_row("source.none", "no usable report and no login evidence",
                "No verdict: there is no evidence to work with.", Status.SKIP, "which_analytics"),
)}


SPEC = CheckSpec(
    id=SOURCE,
    title="Where Claude Code usage flows (Console or Claude.ai)",
    probes=(
        "Offline: combines the key type, the Claude Code report, Enterprise Analytics and "
        "(when enabled) this computer's Claude Code login."
    ),
    explains=(
        "Usage of developers who sign in with Claude.ai subscriptions (Pro, Max, Team, "
        "Enterprise) is not visible to the Console's Admin API; Bedrock/Vertex/Foundry usage "
        "is not visible to any Anthropic API."
    ),
    remediation=(REF["which_analytics"], REF["cc_settings"], REF["cc_monitoring"]),
    per="org",
    sources=(SRC["analytics"], SRC["known_issue"], SRC["cc_auth"]),
    diagnoses=tuple(SOURCE_ROWS.values()),
)


# ---------------------------------------------------------------------------- verdict

CONSOLE, SUBSCRIPTION, MIXED, THIRD_PARTY, UNDETERMINED = (
    "console", "subscription", "mixed", "third_party", "undetermined",
)
PLAN_NAMES = claude_local.PLAN_NAMES


@dataclass
class Verdict:
    """The usage-source decision: which row of SOURCE_ROWS matched, and its wording."""

    row: str
    source: str
    confidence: str
    summary: str
    status: Status
    plan: str | None = None


def _plan_text(plan: str | None) -> str:
    return f"Claude.ai subscriptions ({PLAN_NAMES[plan]})" if plan in PLAN_NAMES else "Claude.ai subscriptions"


def _what_to_do(source: str, plan: str | None) -> tuple[list[str], list[Link]]:
    if source == CONSOLE:
        return ([], [REF["claude_code_api"], REF["console_dashboard"]])
    if source == THIRD_PARTY:
        return (
            ["Bedrock, Vertex and Foundry usage is billed by the cloud provider and is invisible to "
             "Anthropic's APIs: export it with OpenTelemetry, or have developers sign in with a "
             "Console account instead."],
            [REF["cc_monitoring"], REF["cc_authentication"], REF["claude_code_api"]],
        )
    console = (
        "To make it visible to the Admin API: have developers sign in with \"Anthropic Console "
        "account\" (/login) or a Console API key, and enforce it with \"forceLoginMethod\": "
        "\"console\" (and \"forceLoginOrgUUID\") in managed settings (Linux "
        "/etc/claude-code/managed-settings.json, macOS /Library/Application "
        "Support/ClaudeCode/managed-settings.json, Windows C:\\Program "
        "Files\\ClaudeCode\\managed-settings.json)."
    )
    enterprise = (
        "Claude Enterprise: keep the subscriptions and read the usage with the Claude Enterprise "
        "Analytics API (an Analytics API key with read:analytics, created by the Primary Owner in "
        "claude.ai → Organization settings → API)."
    )
    team = (
        "Claude Team: there is no analytics API; use the Claude.ai dashboard "
        "(claude.ai/analytics/claude-code) or OpenTelemetry export."
    )
    if source == SUBSCRIPTION or source == MIXED:
        if plan == "enterprise":
            return ([enterprise, console], [REF["enterprise_start"], REF["enterprise_keys"],
                                            REF["cc_settings"], REF["which_analytics"]])
        if plan == "team":
            return ([team, console], [REF["cc_analytics"], REF["cc_monitoring"], REF["cc_settings"]])
        personal = (
            [f"Claude {PLAN_NAMES[plan]} is a personal plan: no analytics API or organization "
             "dashboard covers it."] if plan in ("pro", "max") else []
        )
        return (personal + [console, enterprise, team], [REF["cc_settings"], REF["cc_authentication"],
                                              REF["which_analytics"], REF["cc_monitoring"],
                                              REF["known_issue"]])
    return (
        ["Give an Admin API key (sk-ant-admin01-) and run --claude-local on a developer's computer "
         "so the verdict has evidence to work with."],
        [REF["which_analytics"], REF["claude_code_api"], REF["cc_authentication"]],
    )


def _decide(
    kind: TokenKind | None,
    report: dict[str, Any] | None,
    report_result: CheckResult | None,
    enterprise: dict[str, Any] | None,
    local: dict[str, Any] | None,
) -> Verdict:
    local_kind = local.get("kind") if local else None
    local_plan = local.get("plan") if local else None
    local_label = local.get("label") if local else None
    forced = ""
    if local and str(local.get("force_login_source") or "").startswith("managed settings"):
        forced = str(local.get("force_login_method") or "").lower()
    report_ok = report is not None and not report.get("failed") and report_result is not None \
        and report_result.status.is_passing

    if kind is TokenKind.ANTHROPIC_ENTERPRISE_ANALYTICS:
        if enterprise and enterprise.get("claude_code_users"):
            return Verdict("source.enterprise.claude_code", SUBSCRIPTION, "high",
                           "Claude Code usage flows through Claude.ai (Claude Enterprise): the Console "
                           "Admin API can't see it, but the Enterprise Analytics API does "
                           f"({enterprise['claude_code_users']} Claude Code users on {enterprise['date']}).",
                           Status.PASS, "enterprise")
        return Verdict("source.enterprise.no_claude_code", SUBSCRIPTION, "high",
                       "Claude Code usage flows through Claude.ai (Claude Enterprise), which the Console "
                       "Admin API can't see; read it with the Enterprise Analytics API (see that check).",
                       Status.WARN, "enterprise")

    if report_ok and report and not report.get("empty"):
        n_users, n_keys = report.get("user_actors", 0), report.get("api_actors", 0)
        seen = f"{plural(n_users, 'person').replace('persons', 'people')} and {plural(n_keys, 'API key')}"
        if local_kind == claude_local.SUBSCRIPTION:
            return Verdict("source.mixed.subscription", MIXED, "medium",
                           f"Mixed: the Console sees Claude Code usage from {seen}, but this computer "
                           f"signs in with a {local_label}, so usage from logins like it is missing.",
                           Status.WARN, local_plan)
        if local_kind == claude_local.THIRD_PARTY_KIND:
            return Verdict("source.mixed.third_party", MIXED, "medium",
                           f"Mixed: the Console sees Claude Code usage from {seen}, but this computer "
                           f"uses {local_label}, which no Anthropic API sees.",
                           Status.WARN)
        return Verdict("source.console", CONSOLE, "high",
                       f"Claude Code usage flows through the Console, so the Admin API sees it "
                       f"({seen} in the last {REPORT_DAYS} days).", Status.PASS)

    if report_ok and report and report.get("empty"):
        org = report.get("org") or {}
        if local_kind == claude_local.SUBSCRIPTION:
            return Verdict("source.empty.local_subscription", SUBSCRIPTION, "high",
                           f"Claude Code usage flows through {_plan_text(local_plan)}, which the Console "
                           "Admin API can't see: the report is empty and this computer signs in with a "
                           f"{local_label}.", Status.WARN, local_plan)
        if forced == "claudeai":
            return Verdict("source.empty.forced_claudeai", SUBSCRIPTION, "high",
                           "Claude Code usage flows through Claude.ai subscriptions, which the Console "
                           "Admin API can't see: managed settings force Claude.ai login and the report "
                           "is empty.", Status.WARN)
        if local_kind == claude_local.THIRD_PARTY_KIND:
            return Verdict("source.empty.local_third_party", THIRD_PARTY, "medium",
                           f"Claude Code usage on this computer goes through {local_label}, which no "
                           "Anthropic API sees, and the Console report is empty.", Status.WARN)
        if local_kind == claude_local.CONSOLE:
            return Verdict("source.empty.local_console", CONSOLE, "low",
                           "This computer signs in to Claude Code through the Console, yet the Console "
                           f"report is empty for {REPORT_DAYS} days: nobody used it recently, or the key "
                           "belongs to another Console organization.", Status.WARN)
        if (org.get("users") or 0) > 1 or (org.get("api_keys") or 0) > 0 \
                or (org.get("roles") or {}).get("claude_code_user"):
            return Verdict("source.empty.org_in_use", SUBSCRIPTION, "medium",
                           "Claude Code usage most likely flows through Claude.ai subscriptions, which "
                           "the Console Admin API can't see: the organization has members and keys but "
                           f"no Claude Code usage in {REPORT_DAYS} days.", Status.WARN)
        return Verdict("source.empty.org_unused", UNDETERMINED, "low",
                       "No Claude Code usage reaches this Console organization, and it has no other "
                       "members or API keys: Claude Code may not be used yet, or developers use "
                       "Claude.ai subscriptions.", Status.WARN)

    # No usable report: key kind and this computer are all there is.
    if kind is TokenKind.ANTHROPIC_OAUTH:
        plan = local_plan if local_kind == claude_local.SUBSCRIPTION else None
        return Verdict("source.oauth_token", SUBSCRIPTION, "medium",
                       f"Claude Code usage most likely flows through {_plan_text(plan)}: the key given "
                       "is an OAuth token the Admin API refused, the kind Claude Code's subscription "
                       "login creates.", Status.WARN, plan)
    basis = "based on this computer only"
    if local_kind == claude_local.SUBSCRIPTION:
        return Verdict("source.local_subscription", SUBSCRIPTION, "low",
                       f"Claude Code on this computer uses {_plan_text(local_plan)} ({basis}), which "
                       "the Console Admin API can't see.", Status.WARN, local_plan)
    if local_kind == claude_local.THIRD_PARTY_KIND:
        return Verdict("source.local_third_party", THIRD_PARTY, "low",
                       f"Claude Code on this computer uses {local_label} ({basis}), which no Anthropic "
                       "API sees.", Status.WARN)
    if local_kind == claude_local.CONSOLE:
        return Verdict("source.local_console", CONSOLE, "low",
                       f"Claude Code on this computer signs in through the Console ({basis}), so its "
                       "usage should reach the Admin API; the report could not confirm it.", Status.PASS)
    if forced in ("console", "claudeai"):
        source = CONSOLE if forced == "console" else SUBSCRIPTION
        return Verdict("source.forced." + ("console" if forced == "console" else "claudeai"), source, "low",
                       f"Managed settings on this computer force {'Console' if forced == 'console' else 'Claude.ai'} "
                       f"login, so Claude Code usage likely flows through "
                       f"{'the Console' if forced == 'console' else 'Claude.ai subscriptions'}.",
                       Status.PASS if forced == "console" else Status.WARN)
    why = []
    if report_result is not None:
        why.append(f"the Claude Code report ended in {report_result.status.value}")
    elif kind is not None:
        why.append("the Claude Code report was not available")
    if kind is TokenKind.ANTHROPIC_API:
        why.append("an ordinary API key can't read it")
    why.append("this computer's login was not checked (--claude-local)" if local is None
               else f"this computer shows no usable login ({local_label})")
    return Verdict("source.none", UNDETERMINED, "none", "No verdict: " + ", and ".join(why) + ".", Status.SKIP)


def _signals(
    ctx: CheckContext,
    kind: TokenKind | None,
    report: dict[str, Any] | None,
    report_result: CheckResult | None,
    enterprise: dict[str, Any] | None,
    enterprise_result: CheckResult | None,
    local: dict[str, Any] | None,
) -> list[str]:
    lines: list[str] = []
    if kind is None:
        lines.append("Key: none given.")
    else:
        org = ctx.facts.get("anthropic.org_name")
        lines.append(f"Key: {classify(raw_key(ctx.config)).label}"
                     + (f" for the organization \u201c{org}\u201d" if org else "") + ".")
    if report_result is not None:
        if report and not report.get("failed") and not report.get("empty"):
            lines.append(f"Console Claude Code report: {report.get('rows')} rows from "
                         f"{report.get('user_actors')} people and {report.get('api_actors')} API keys; "
                         "customer_type " + (", ".join(f"{k} ×{v}" for k, v in sorted(
                             (report.get("customer_types") or {}).items())) or "none") + ".")
        elif report and report.get("empty"):
            org = report.get("org") or {}
            lines.append(
                f"Console Claude Code report: empty on all {REPORT_DAYS} days; the organization has "
                f"{count_text(org.get('users'), bool(org.get('users_more')), 'member')} and "
                f"{count_text(org.get('api_keys'), bool(org.get('api_keys_more')), 'active API key')}.")
        else:
            lines.append(f"Console Claude Code report: {report_result.status.value} — {report_result.summary}")
    if enterprise_result is not None:
        if enterprise:
            lines.append(f"Enterprise Analytics ({enterprise['date']}): {enterprise['users']} active people, "
                         f"{enterprise['claude_code_users']} used Claude Code.")
        else:
            lines.append(f"Enterprise Analytics: {enterprise_result.status.value} — {enterprise_result.summary}")
    if local is not None:
        line = f"This computer: {local.get('label')} (from {local.get('source') or 'no evidence'})"
        if local.get("force_login_method"):
            line += f"; forceLoginMethod \"{local['force_login_method']}\" in {local.get('force_login_source')}"
        lines.append(line + ".")
    return lines


async def check_usage_source(ctx: CheckContext) -> Outcome:
    # The evidence checks are planned as `after` (not `needs`): the runner starts this
    # verdict once they have finished, whatever their outcome.
    waits = [tuple(k) for k in ctx.params.get("wait_for", ())]
    results = {key: ctx.result_of(*key) for key in waits}
    report_result = results.get((REPORT, ORG_TARGET))
    enterprise_result = results.get((ENTERPRISE, ORG_TARGET))
    local_result = results.get((LOCAL, MACHINE_TARGET))
    report = ctx.facts.get("anthropic.report") if report_result is not None else None
    enterprise = ctx.facts.get("anthropic.enterprise") if enterprise_result is not None else None
    local = ctx.facts.get("claude.local.login") if local_result is not None else None
    kind = key_kind(ctx.config)

    verdict = _decide(kind, report, report_result, enterprise, local)
    signals = _signals(ctx, kind, report, report_result, enterprise, enterprise_result, local)
    steps, links = _what_to_do(verdict.source, verdict.plan)
    confidence = "" if verdict.status is Status.SKIP else f" (confidence: {verdict.confidence})"
    outcome = SOURCE_ROWS[verdict.row].outcome(
        verdict.summary + confidence,
        details=["Evidence:", *signals] + (["What to do:", *steps] if steps else []),  # renderers add the bullets
        remediation=links,
        evidence={"verdict": verdict.source, "plan": verdict.plan, "confidence": verdict.confidence},
    )
    outcome.status = verdict.status
    return outcome
