"""What the GitHub simulator's modules share: documented report names and scopes, the
policy-off text, scope expansion, GitHub's error shape, and the per-request context."""

from __future__ import annotations

from dataclasses import dataclass

from aiusage_doctor.sim.server import SimRequest, SimResponse


DOCS = "https://docs.github.com/rest"

ORG_REPORTS_1_DAY = ("organization-1-day", "users-1-day", "user-teams-1-day", "repos-1-day")
ORG_REPORTS_28_DAY = ("organization-28-day", "users-28-day")
ENT_REPORTS_1_DAY = ("enterprise-1-day", "users-1-day", "user-teams-1-day", "repos-1-day")
ENT_REPORTS_28_DAY = ("enterprise-28-day", "users-28-day")
ENT_1_DAY_WITH_204 = ("repos-1-day",)
"""Only these enterprise 1-day reports document 204 (github-openapi.md §0.2)."""

IMPLIED_SCOPES: dict[str, set[str]] = {
    "admin:org": {"write:org", "read:org"},
    "write:org": {"read:org"},
    "admin:enterprise": {"manage_runners:enterprise", "manage_billing:enterprise", "read:enterprise"},
    "copilot": {"manage_billing:copilot"},  # third-party hierarchy, UNVERIFIED in GitHub docs
    "user": {"read:user", "user:email", "user:follow"},
    "repo": {"repo:status", "repo_deployment", "public_repo", "repo:invite", "security_events"},
}

ORG_REPORT_SCOPES = ("read:org",)
ENT_REPORT_SCOPES = ("manage_billing:copilot", "read:enterprise")
SEAT_ORG_SCOPES = ("manage_billing:copilot", "read:org")
LIST_ORG_SCOPES = ("user", "read:org")

POLICY_OFF_MESSAGE = (
    "Copilot Usage Metrics API access is disabled for this {what}. "
    "Enable the Copilot usage metrics policy to access this endpoint."
)
"""UNDOCUMENTED: GitHub does not document the new report API's answer when the policy is
off. Third parties report 403; the text adapts the retired API's documented 422 message."""


def expand_scopes(scopes: tuple[str, ...] | list[str]) -> set[str]:
    out: set[str] = set()
    stack = list(scopes)
    while stack:
        s = stack.pop()
        if s in out:
            continue
        out.add(s)
        stack.extend(IMPLIED_SCOPES.get(s, ()))
    return out


def _error(status: int, message: str, doc: str = DOCS, headers: list[tuple[str, str]] | None = None) -> SimResponse:
    return SimResponse.json(status, {"message": message, "documentation_url": doc, "status": str(status)}, headers)


def not_found() -> SimResponse:
    return _error(404, "Not Found")


@dataclass
class _Ctx:
    req: SimRequest
    base: str
    """Absolute URL of the GitHub API root on the simulator, e.g. http://127.0.0.1:5555/github."""
    path: str
    """Path below the GitHub prefix, e.g. /user."""
