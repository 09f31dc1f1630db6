"""Every network fault × each provider's sign-in check and one data check: the run must
end with that check in the right status, a cause a non-expert can act on, a remediation
link, no crash, no leaked secret, and within its time budget. The observations also
produce docs/fault-matrix.md, which must match them.

All 120 runs happen once, concurrently, in a module-scoped fixture (a few seconds).
"""

from __future__ import annotations

import json
import re

import pytest

from aiusage_doctor.core.models import Status

from .conftest import ROOT, leaks
from .faults import (
    BUDGET, DOC_PATH, FAULTS, FAULTS_BY_ID, REGENERATE, TARGETS, Observation, render_markdown, run_matrix,
)

CELLS = [(case.id, target.check_id) for case in FAULTS for target in TARGETS]
TARGET_BY_CHECK = {t.check_id: t for t in TARGETS}
AUTH_CHECK = {t.provider: t.check_id for t in TARGETS if t.role == "auth"}


@pytest.fixture(scope="module")
def observed(tmp_path_factory) -> dict[tuple[str, str], Observation]:
    return run_matrix(tmp_path_factory.mktemp("fault-net"))


def _context(obs: Observation) -> str:
    rows = "\n".join(f"  {r.status.value:5} {r.id:32} {r.summary[:140]}" for r in obs.results)
    return f"{obs.fault} on {obs.check_id} ({obs.mode}, {obs.seconds:.1f} s):\n{rows}"


@pytest.mark.parametrize(("fault", "check_id"), CELLS, ids=[f"{f}-{c}" for f, c in CELLS])
def test_fault_ends_in_the_right_status_with_a_plain_cause(observed, fault, check_id):
    obs = observed[(fault, check_id)]
    case = FAULTS_BY_ID[fault]
    result = obs.result
    assert result is not None, _context(obs)
    assert result.status.value == case.status, _context(obs)
    assert case.cause in result.summary, _context(obs)
    assert "\n" not in result.summary and len(result.summary) < 400
    assert result.remediation, "a problem without a link to what to do about it"
    assert obs.seconds < BUDGET, f"took {obs.seconds:.1f} s (budget {BUDGET:g} s); {_context(obs)}"


@pytest.mark.parametrize(("fault", "check_id"), CELLS, ids=[f"{f}-{c}" for f, c in CELLS])
def test_the_rest_of_the_run_stays_truthful(observed, fault, check_id):
    """Nothing crashed; a data check's fault was met only after sign-in passed; checks that
    needed the broken one say so instead of guessing; no secret in any result."""
    obs = observed[(fault, check_id)]
    target = TARGET_BY_CHECK[check_id]
    assert not [r.id for r in obs.results if "This is a bug" in r.summary], _context(obs)
    assert obs.routed >= 1 or obs.mode == "unmodified client", f"the fault was never hit; {_context(obs)}"
    if target.role == "data":
        auth = obs.result_of(AUTH_CHECK[target.provider])
        assert auth is not None and auth.status in (Status.PASS, Status.WARN), _context(obs)
    for r in obs.results:
        if m := re.match(r"Skipped: it needs '[^']+' \(([\w.]+)\), which ended in (\w+)\.", r.summary):
            assert any(x.id == m[1] and x.status.value == m[2] for x in obs.results), _context(obs)
    dumped = json.dumps([r.model_dump(mode="json") for r in obs.results], ensure_ascii=False)
    assert not leaks(dumped, obs.secrets), f"a credential fragment appears in the results of {fault}/{check_id}"


def test_nothing_left_the_test_network(observed):
    escaped = {key: obs.escaped for key, obs in observed.items() if obs.escaped}
    assert not escaped, f"requests to non-loopback hosts were attempted: {escaped}"


def test_a_redirect_to_another_host_is_not_followed(observed):
    for target in TARGETS:
        obs = observed[("redirect_other_host", target.check_id)]
        assert obs.result is not None
        assert obs.result.evidence.get("status") == 302
        assert "sso.intranet.example.com" in obs.result.summary
        assert obs.escaped == [], "the credentials would have gone to the redirect target"


def test_the_proxy_never_saw_a_credential(observed):
    """The 407 proxy got a CONNECT for the vendor's API host, and nothing that carries a secret."""
    for provider, check_id in AUTH_CHECK.items():
        obs = observed[("proxy_407", check_id)]
        assert obs.proxy_heads, "the client did not go through HTTPS_PROXY"
        host = {"github": "api.github.com", "cursor": "api.cursor.com", "anthropic": "api.anthropic.com"}[provider]
        # The proxy is shared by concurrent runs, so other hosts' CONNECTs may be in the slice.
        assert any(head.startswith(f"CONNECT {host}:443 ") for head in obs.proxy_heads), obs.proxy_heads
        assert all(head.startswith("CONNECT ") for head in obs.proxy_heads), obs.proxy_heads
        seen = "\n".join(obs.proxy_heads)
        assert "authorization" not in seen.lower() and "x-api-key" not in seen.lower()
        assert not leaks(seen, obs.secrets)


def test_tls_failures_say_how_to_trust_a_proxy_certificate(observed):
    for fault in ("tls_untrusted_ca", "tls_self_signed"):
        for target in TARGETS:
            result = observed[(fault, target.check_id)].result
            assert result is not None
            assert any("--ca-file" in d for d in result.details), result.details
            assert any(link.url.endswith("network.md#tls") for link in result.remediation)


def test_rate_limits_name_the_reset_time_and_do_not_wait(observed):
    for fault in ("rate_limit_429", "rate_limit_403"):
        for target in TARGETS:
            obs = observed[(fault, target.check_id)]
            assert obs.result is not None
            assert "retry_at" in obs.result.evidence
            assert obs.seconds < BUDGET


def test_docs_fault_matrix_is_up_to_date(observed):
    path = ROOT / DOC_PATH
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    assert current == render_markdown(observed), (
        f"{DOC_PATH} does not match what the fault-matrix tests observe; regenerate it with "
        f"`{REGENERATE}` and commit it"
    )
