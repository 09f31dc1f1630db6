"""The simulated tenant: who the demo user is, which orgs, teams, seats, keys and plans exist.

A scenario is a handful of overrides on `World` (a flat, frozen description), so every
scenario starts from the same healthy company and changes only what its name says.
`Universe` derives the concrete entities (names, ids, members, credentials) from a
`World`. Entities are computed lazily and cheaply, so a 100-org world starts as fast
as a 2-org one.
"""

from __future__ import annotations

import hashlib
import hmac
import random
import secrets as _secrets
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cached_property
from typing import Literal

from aiusage_doctor.core.tokens import TokenKind, make_fake_secret, make_github_token

GitHubTokenKind = Literal["classic", "fine_grained", "oauth", "app_installation"]
DownloadMode = Literal["ok", "refused", "reset"]

ORG_NAMES = ("acme", "acme-labs", "acme-research", "acme-mobile", "acme-data", "acme-infra")
ENTERPRISE_SLUG = "acme-corp"
VIEWER_LOGIN = "octo-admin"

ENTERPRISE_REPORTS_FROM = date(2025, 10, 10)
"""GitHub: enterprise reports exist from 2025-10-10 (github-copilot.md §1.2)."""
ORG_REPORTS_FROM = date(2025, 12, 12)
"""GitHub: organization reports exist from 2025-12-12 (github-copilot.md §1.2)."""
REPORT_LAG_DAYS = 2
"""A day's report is published within two full UTC days after the day closes (§1.2)."""


@dataclass(frozen=True)
class World:
    """Everything a scenario can change. Defaults are the healthy company."""

    # --- transport
    latency: float = 0.0
    """Seconds added to every answer (API and report host)."""
    jitter: float = 0.0
    """Up to this many extra seconds, uniformly random (seeded), per answer."""
    jitter_seed: int = 7
    """Seeds the jitter, so a scenario's delays repeat from run to run."""

    # --- GitHub
    github_token: GitHubTokenKind = "classic"
    github_scopes: tuple[str, ...] = ("read:org", "read:enterprise", "manage_billing:copilot", "read:user")
    """Classic/OAuth scopes as GitHub reports them in X-OAuth-Scopes (ignored for other kinds)."""
    token_expires_days: int | None = 60
    """Days until the token expires (GitHub-Authentication-Token-Expiration); None = never."""
    enterprises: int = 1
    orgs: int = 2
    teams: int = 3
    """Teams per organization."""
    team_size: int = 6
    small_teams: int = 0
    """How many teams per org have only 3 Copilot-seated members (GitHub leaves teams with
    fewer than 5 seated users out of the user-teams reports)."""
    org_role: Literal["admin", "member", "billing_manager"] = "admin"
    enterprise_admin: bool = True
    enterprise_billing_manager: bool = False
    """Not an owner (viewerIsAdmin false) but a billing manager: documented to read the
    enterprise's Copilot reports and seats like an owner."""
    enterprise_seats_missing: bool = False
    """The enterprise seat list answers 404 (no Copilot billed to the enterprise itself)."""
    shell_orgs: tuple[str, ...] = ()
    """Org logins without seats of their own: their members' seats are assigned by the
    enterprise's first other org (a licensing org). GitHub still attributes the members'
    usage to the shell org, so its reports exist."""
    app_permission: bool = True
    """A GitHub App token's App has the 'Copilot metrics' permissions (org and enterprise)."""
    report_drift: bool = False
    """The 28-day reports answer a shape GitHub doesn't document (`download_links` renamed)."""
    retiring: bool = False
    """The report endpoints announce their retirement (Deprecation and Sunset headers)."""
    sso_unauthorized: tuple[str, ...] = ()
    """Org logins that enforce SAML SSO and for which the (classic/OAuth) token is not authorized."""
    policy_disabled: tuple[str, ...] = ()
    """'enterprise' and/or org logins whose "Copilot usage metrics" policy is off. An
    enterprise-level 'disabled' also governs every org of the enterprise."""
    reports_ready: bool = True
    """False: no report has been generated yet (policy just enabled, new org)."""
    report_lag_days: int = 2
    """Days between a day's end and its report: GitHub documents "within two full UTC days",
    and its dashboard "up to three"; larger values model a processing backlog."""
    download: DownloadMode = "ok"
    """How the report-download host behaves: answers, refuses connections, or resets them."""
    config_orgs: tuple[str, ...] | None = None
    """Orgs the demo config names; None leaves them empty so the provider discovers them."""
    config_enterprises: tuple[str, ...] | None = None

    # --- Cursor
    cursor_key: Literal["key", "crsr"] = "key"
    cursor_key_valid: bool = True
    cursor_plan: Literal["enterprise", "team"] = "enterprise"
    cursor_members: int = 12
    cursor_admin_api_plan: Literal["team", "enterprise"] = "team"
    """The lowest plan whose key the Admin API (/teams/*) accepts. 'enterprise' follows the APIs
    overview ("Enterprise teams"); 'team' the older dashboard page."""
    cursor_usage_shape: Literal["documented", "drifted"] = "documented"
    """'drifted': /teams/daily-usage-data answers without the documented `data` list."""

    # --- Anthropic
    anthropic_key: Literal["admin", "api", "enterprise_analytics", "oauth", "undocumented"] = "admin"
    """'undocumented': a key whose prefix Anthropic doesn't document (a personal or service-account
    key not scoped to a workspace), which the Admin API accepts; 'oauth': a Claude Code login token."""
    anthropic_usage: Literal["api", "none"] = "api"
    """'none': every Claude Code usage report is empty (developers log in with a Claude.ai
    subscription, which the Console Admin API does not report)."""
    anthropic_users: int = 8
    anthropic_report_shape: Literal["documented", "drifted"] = "documented"
    """'drifted': Claude Code report rows carry `user` instead of the documented `actor`."""

    # --- every other provider (core.labels.PROVIDER_LIST): its simulator module's state
    vendor_states: tuple[tuple[str, str], ...] = ()
    """(provider id, state) pairs; the provider's simulator module interprets its state
    (see its STATES). Unlisted providers are 'healthy'."""


@dataclass
class Team:
    id: int
    slug: str
    name: str
    members: list[str]


@dataclass
class Org:
    index: int
    login: str
    id: int
    enterprise: str | None
    members: list[str] = field(default_factory=list)
    teams: list[Team] = field(default_factory=list)

    def team_of(self, login: str) -> Team | None:
        """The team that gave `login` its seat (the first team it is in)."""
        index = self.__dict__.get("_team_index")
        if index is None:
            index = {}
            for team in self.teams:
                for member in team.members:
                    index.setdefault(member, team)
            self.__dict__["_team_index"] = index
        return index.get(login)


class Universe:
    """Concrete entities and credentials derived from a `World`."""

    def __init__(self, world: World, rng: random.Random | None = None) -> None:
        """`rng` makes the demo credentials reproducible (tests); by default they are random."""
        self.world = world
        self.signing_key = _secrets.token_bytes(16)
        rng = rng or random.Random()
        self.github_token = _make_github(world.github_token, rng)
        self.cursor_key = make_fake_secret(
            TokenKind.CURSOR_KEY if world.cursor_key == "key" else TokenKind.CURSOR_CRSR, rng
        )
        self.anthropic_key = make_fake_secret({
            "admin": TokenKind.ANTHROPIC_ADMIN,
            "api": TokenKind.ANTHROPIC_API,
            "enterprise_analytics": TokenKind.ANTHROPIC_ENTERPRISE_ANALYTICS,
            "oauth": TokenKind.ANTHROPIC_OAUTH,
            "undocumented": TokenKind.ANTHROPIC_OTHER,
        }[world.anthropic_key], rng)
        self.token_expires_at = (
            (datetime.now(UTC) + timedelta(days=world.token_expires_days)).replace(microsecond=0)
            if world.token_expires_days is not None
            else None
        )
        self.anthropic_org_id = "4f1c2b9e-6a1d-4c55-9d1e-0c2a7b3e5f10"
        self.cursor_team_id = 41234

    # -------------------------------------------------------------------- GitHub

    @cached_property
    def enterprise_slugs(self) -> list[str]:
        n = self.world.enterprises
        return [ENTERPRISE_SLUG if i == 0 else f"{ENTERPRISE_SLUG}-{i + 1}" for i in range(n)]

    @cached_property
    def org_logins(self) -> list[str]:
        n = self.world.orgs
        if n <= len(ORG_NAMES):
            return list(ORG_NAMES[:n])
        width = max(3, len(str(n)))
        return [f"acme-{i + 1:0{width}d}" for i in range(n)]

    @cached_property
    def _org_index(self) -> dict[str, int]:
        return {login.lower(): i for i, login in enumerate(self.org_logins)}

    def org(self, login: str) -> Org | None:
        """An org by login (case-insensitive, as GitHub treats org names), built on demand."""
        i = self._org_index.get(login.lower())
        if i is None:
            return None
        return self._build_org(i)

    def _build_org(self, i: int) -> Org:
        cache = self.__dict__.setdefault("_orgs", {})
        if i in cache:
            return cache[i]
        w = self.world
        login = self.org_logins[i]
        ents = self.enterprise_slugs
        org = Org(index=i, login=login, id=10_000 + i, enterprise=ents[i % len(ents)] if ents else None)
        for j in range(w.teams):
            size = 3 if j < w.small_teams else w.team_size
            members = [f"{login}-dev{j + 1:02d}{k + 1:02d}" for k in range(size)]
            org.teams.append(Team(
                id=100_000 + i * 1000 + j,
                slug=f"team-{j + 1:02d}" if w.teams > 6 else ("platform", "mobile", "data", "web", "infra", "ml")[j],
                name=f"Team {j + 1}" if w.teams > 6 else ("Platform", "Mobile", "Data", "Web", "Infra", "ML")[j],
                members=members,
            ))
            org.members.extend(members)
        if not org.members:
            org.members = [f"{login}-dev{k + 1:02d}" for k in range(w.team_size)]
        cache[i] = org
        return org

    def orgs(self) -> list[Org]:
        return [self._build_org(i) for i in range(len(self.org_logins))]

    def enterprise_orgs(self, slug: str) -> list[Org]:
        return [o for o in self.orgs() if o.enterprise == slug]

    def enterprise(self, slug: str) -> str | None:
        for s in self.enterprise_slugs:
            if s.lower() == slug.lower():
                return s
        return None

    def user_id(self, login: str) -> int:
        return 1_000_000 + int.from_bytes(hashlib.sha256(login.encode()).digest()[:3], "big")

    def policy_enabled(self, org: Org | None = None, enterprise: str | None = None) -> bool:
        disabled = set(self.world.policy_disabled)
        if "*" in disabled:
            return False
        ent = enterprise or (org.enterprise if org else None)
        if ent is not None and ("enterprise" in disabled or ent in disabled):
            return False
        return not (org is not None and org.login in disabled)

    def sso_blocks(self, org: Org) -> bool:
        if self.world.github_token not in ("classic", "oauth"):
            return False  # fine-grained and App tokens are authorized for SSO when created
        blocked = self.world.sso_unauthorized
        return "*" in blocked or org.login in blocked

    # ------------------------------------------------------------------ reports

    def sign(self, path: str, expires: int) -> str:
        return hmac.new(self.signing_key, f"{path}|{expires}".encode(), hashlib.sha256).hexdigest()[:32]

    def verify(self, path: str, expires: str | None, sig: str | None) -> bool:
        if not expires or not sig or not expires.isdigit():
            return False
        return hmac.compare_digest(self.sign(path, int(expires)), sig)

    # -------------------------------------------------------------------- Cursor

    @cached_property
    def cursor_members(self) -> list[dict[str, object]]:
        out: list[dict[str, object]] = []
        for k in range(self.world.cursor_members):
            role = "owner" if k == 0 else "member"
            out.append({
                "id": f"user_{hashlib.sha256(f'cursor{k}'.encode()).hexdigest()[:26]}",
                "name": f"Developer {k + 1}",
                "email": f"dev{k + 1:02d}@acme.example",
                "role": role,
                "isRemoved": False,
            })
        return out

    # ----------------------------------------------------------------- Anthropic

    @cached_property
    def anthropic_users(self) -> list[dict[str, object]]:
        out: list[dict[str, object]] = []
        for k in range(self.world.anthropic_users):
            out.append({
                "id": f"user_01{hashlib.sha256(f'anthropic{k}'.encode()).hexdigest()[:22]}",
                "type": "user",
                "email": f"dev{k + 1:02d}@acme.example",
                "name": f"Developer {k + 1}",
                "role": "admin" if k == 0 else ("developer" if k % 3 else "claude_code_user"),
                "added_at": "2025-11-03T09:12:44Z",
            })
        return out


def _make_github(kind: GitHubTokenKind, rng: random.Random) -> str:
    if kind == "classic":
        return make_github_token("ghp_", rng)
    if kind == "oauth":
        return make_github_token("gho_", rng)
    if kind == "fine_grained":
        return make_fake_secret(TokenKind.GITHUB_FINE_GRAINED, rng)
    return make_fake_secret(TokenKind.GITHUB_APP_INSTALLATION, rng)


def today_utc() -> date:
    return datetime.now(UTC).date()


def latest_report_day(lag_days: int = REPORT_LAG_DAYS) -> date:
    return today_utc() - timedelta(days=lag_days)
