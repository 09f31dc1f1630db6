"""The scenarios about every vendor at once: the healthy company every other scenario
changes, the network misbehaving, and the large company the benchmarks use."""

from __future__ import annotations

from aiusage_doctor.sim.faults import Fault
from aiusage_doctor.sim.scenarios._info import ScenarioInfo

HEALTHY: tuple[ScenarioInfo, ...] = (
    ScenarioInfo(
        name="healthy",
        title="Everything set up correctly",
        description=(
            "A company on GitHub Enterprise Cloud (enterprise acme-corp, orgs acme and acme-labs, "
            "3 teams of 6 Copilot users each), a Cursor Enterprise team and a Claude Console "
            "organization. The GitHub token is a classic PAT with read:org, read:enterprise, "
            "manage_billing:copilot and read:user, expiring in 60 days; orgs and the enterprise "
            "are discovered from the token. Every report is published and downloadable."
        ),
        expected={},
    ),
)

NETWORK_SCENARIOS: tuple[ScenarioInfo, ...] = (
    ScenarioInfo(
        name="rate-limited",
        title="Rate limited, then recovers",
        description=(
            "The first GitHub request exhausts the token's primary rate limit: for the next 1–2 s "
            "every GitHub answer is 403 with x-ratelimit-remaining: 0 and x-ratelimit-reset at "
            "the next whole second (documented shape). Cursor's first request gets 429 with "
            "Retry-After: 1–2 (documented shape; real value 60). The HTTP adapter waits and "
            "retries, so the diagnosis is the same as 'healthy', about 2 s later."
        ),
        faults=(
            Fault("* /github/*", "rate_limit", seconds=1.0),
            Fault("* /cursor/*", "rate_limit", seconds=1.0),
        ),
    ),
    ScenarioInfo(
        name="captive-portal-html",
        title="A captive portal answers instead of the APIs",
        description=(
            "Every API and download request gets HTTP 200 with a 'Guest Wi-Fi - Sign in' HTML "
            "page, as on hotel or guest networks that want a login first. The first network "
            "check of each provider errors; the rest are skipped."
        ),
        expected={"github.token.auth": "error", "cursor.key.auth": "error", "anthropic.key.auth": "error"},
        key_links={
            "github.token.auth": "#html-instead-of-json",
            "cursor.key.auth": "#html-instead-of-json",
            "anthropic.key.auth": "#html-instead-of-json",
        },
        faults=(Fault("*", "html"),),
    ),
    ScenarioInfo(
        name="slow",
        title="Slow network (150–250 ms per answer)",
        description=(
            "Every answer is delayed by 150 ms plus up to 100 ms of jitter, well within the "
            "timeouts. The diagnosis is the same as 'healthy'."
        ),
        world={"latency": 0.15, "jitter": 0.1},
    ),
    ScenarioInfo(
        name="enterprise-large",
        title="Large enterprise (benchmark): N orgs × M teams, latency L",
        description=(
            "One enterprise with `orgs` organizations of `teams` teams (6 Copilot users each), "
            "every answer delayed by `latency` seconds. Org listings, teams and seats paginate "
            "with Link headers (100 per page at most). Used by the benchmarks; the diagnosis is "
            "the same as 'healthy'."
        ),
        params={"orgs": 100, "teams": 20, "latency": 0.1},
    ),
)
