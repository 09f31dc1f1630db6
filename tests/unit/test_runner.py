"""The runner: concurrency, prerequisites, crash containment, order, cancel, re-run."""

from __future__ import annotations

import asyncio

import httpx
import respx

from aiusage_doctor.core.checks import Catalog, CheckSpec, Outcome, PlannedCheck, ProviderDef
from aiusage_doctor.core.config import RunConfig
from aiusage_doctor.core.models import Link, Status
from aiusage_doctor.core.runner import Runner

LINK = Link(text="Fix it", url="https://docs.example/fix")


def spec(check_id: str) -> CheckSpec:
    return CheckSpec(id=check_id, title=check_id.replace(".", " "), probes="test", explains="test", remediation=(LINK,))


SPECS = {s.id: s for s in map(spec, ["demo.auth", "demo.org.a", "demo.org.b", "demo.slow", "demo.boom"])}
CATALOG = Catalog("demo", SPECS.values())


def provider(planned: list[PlannedCheck], name: str = "demo") -> ProviderDef:
    return ProviderDef(name=name, title="Demo", catalog=CATALOG, planner=lambda cfg: planned, configured=lambda cfg: True)


def config(**kw) -> RunConfig:
    return RunConfig(providers=["demo"], **kw)


def run(planned, cfg=None, **kw):
    runner = Runner(cfg or config(), providers=[provider(planned)], **kw)
    return asyncio.run(runner.run())


def outcome(status: Status, summary: str = "done", delay: float = 0.0):
    async def fn(ctx):
        if delay:
            await asyncio.sleep(delay)
        return Outcome(status, summary)

    return fn


AUTH = ("demo.auth", "token")


def test_independent_checks_run_concurrently():
    """Each check waits until all ten have started: run one after another, the first would
    give up waiting (the deadline only guards against that; it is not a speed limit)."""
    started: list[int] = []
    all_started = asyncio.Event()

    async def together(ctx):
        started.append(1)
        if len(started) == 10:
            all_started.set()
        try:
            await asyncio.wait_for(all_started.wait(), 30)
        except TimeoutError:
            all_started.set()  # let the others finish: this run has already failed
            return Outcome(Status.FAIL, f"only {len(started)} of 10 checks had started")
        return Outcome(Status.PASS, "all ten were running at once")

    planned = [PlannedCheck(SPECS["demo.org.a"], together, target=f"org:o{i}") for i in range(10)]
    results = run(planned, config(timeout=60))
    assert [r.status for r in results] == [Status.PASS] * 10, [r.summary for r in results]


def test_failed_prerequisite_skips_dependents_and_names_it():
    planned = [
        PlannedCheck(SPECS["demo.auth"], outcome(Status.FAIL, "Bad credentials"), target="token"),
        PlannedCheck(SPECS["demo.org.a"], outcome(Status.PASS), target="org:acme", needs=(AUTH,)),
    ]
    auth, org = run(planned)
    assert auth.status is Status.FAIL
    assert org.status is Status.SKIP
    assert "demo.auth" in org.summary and "fail" in org.summary
    assert org.remediation and org.remediation[0].url.endswith("#demo-auth")


def test_warning_prerequisite_does_not_block():
    planned = [
        PlannedCheck(SPECS["demo.auth"], outcome(Status.WARN, "expires soon"), target="token"),
        PlannedCheck(SPECS["demo.org.a"], outcome(Status.PASS), target="org:acme", needs=(AUTH,)),
    ]
    assert [r.status for r in run(planned)] == [Status.WARN, Status.PASS]


def test_exception_in_a_check_becomes_an_error_and_the_run_completes():
    async def boom(ctx):
        raise KeyError("missing 'login'")

    planned = [
        PlannedCheck(SPECS["demo.auth"], outcome(Status.PASS), target="token"),
        PlannedCheck(SPECS["demo.boom"], boom, target="token"),
    ]
    results = run(planned)
    boom_result = next(r for r in results if r.id == "demo.boom")
    assert boom_result.status is Status.ERROR
    assert "unexpected problem stopped this check (KeyError)" in boom_result.summary
    assert boom_result.remediation


def test_timeout_becomes_an_error_with_the_limit():
    planned = [PlannedCheck(SPECS["demo.slow"], outcome(Status.PASS, delay=5), target="token")]
    (result,) = run(planned, config(timeout=0.2))
    assert result.status is Status.ERROR
    assert "did not finish within its 0.2 s time limit" in result.summary


@respx.mock
def test_network_failure_inside_a_check_is_a_plain_error():
    respx.get("https://api.example/x").mock(side_effect=httpx.ConnectError("[Errno 111] Connection refused"))

    async def call(ctx):
        await ctx.http.get("https://api.example/x")
        return Outcome.passed("unreachable")

    (result,) = run([PlannedCheck(SPECS["demo.auth"], call, target="token")], config(timeout=2))
    assert result.status is Status.ERROR
    assert "refused the connection" in result.summary
    assert result.evidence["failure"] == "refused"


def test_results_come_out_in_declaration_then_target_order():
    planned = [
        PlannedCheck(SPECS["demo.org.b"], outcome(Status.PASS), target="org:b"),
        PlannedCheck(SPECS["demo.org.a"], outcome(Status.PASS, delay=0.05), target="org:zeta"),
        PlannedCheck(SPECS["demo.org.a"], outcome(Status.PASS), target="org:alpha"),
        PlannedCheck(SPECS["demo.auth"], outcome(Status.PASS, delay=0.02), target="token"),
    ]
    assert [(r.id, r.target) for r in run(planned)] == [
        ("demo.auth", "token"),
        ("demo.org.a", "org:alpha"),
        ("demo.org.a", "org:zeta"),
        ("demo.org.b", "org:b"),
    ]


def test_checks_scheduled_at_run_time_are_run_and_counted():
    async def discover(ctx):
        ctx.facts["orgs"] = ["a", "b", "c"]
        ctx.schedule([
            PlannedCheck(SPECS["demo.org.a"], outcome(Status.PASS), target=f"org:{o}", needs=(AUTH,))
            for o in ctx.facts["orgs"]
        ])
        return Outcome.passed("found 3")

    events = []
    results = run([PlannedCheck(SPECS["demo.auth"], discover, target="token")], on_event=events.append)
    assert [r.target for r in results] == ["token", "org:a", "org:b", "org:c"]
    finished = [e for e in events if e.kind == "finished"]
    assert finished[-1].done == 4 and finished[-1].total == 4


def test_cancel_returns_what_finished_and_marks_the_rest():
    planned = [
        PlannedCheck(SPECS["demo.auth"], outcome(Status.PASS), target="token"),
        PlannedCheck(SPECS["demo.slow"], outcome(Status.PASS, delay=10), target="token"),
    ]
    runner = Runner(config(), providers=[provider(planned)])

    async def scenario():
        task = asyncio.ensure_future(runner.run())
        await asyncio.sleep(0.1)
        runner.cancel()
        return await asyncio.wait_for(task, 2)

    results = asyncio.run(scenario())
    assert [r.status for r in results] == [Status.PASS, Status.SKIP]
    assert results[1].summary.startswith("Cancelled")


def test_a_check_scheduled_while_the_run_is_cancelled_never_runs_and_is_not_finished():
    """A cancelled check's cleanup may schedule a follow-up; it must not run and give a verdict."""
    ran: list[str] = []

    async def follow_up(ctx):
        ran.append("follow-up")
        return Outcome.warn("fix the checks above first")

    async def slow_then_schedule(ctx):
        try:
            await asyncio.sleep(10)
        finally:
            ctx.schedule([PlannedCheck(SPECS["demo.org.a"], follow_up, target="org:late")])
        return Outcome.passed("never")

    planned = [
        PlannedCheck(SPECS["demo.auth"], outcome(Status.PASS), target="token"),
        PlannedCheck(SPECS["demo.slow"], slow_then_schedule, target="token"),
    ]
    runner = Runner(config(), providers=[provider(planned)])

    async def scenario():
        task = asyncio.ensure_future(runner.run())
        await asyncio.sleep(0.1)
        runner.cancel()
        return await asyncio.wait_for(task, 2)

    results = asyncio.run(scenario())
    assert ran == []
    late = next(r for r in results if r.target == "org:late")
    assert late.cancelled and late.status == Status.SKIP
    state = runner.state()
    assert state.cancelled and state.checks_finished == 1


def test_rerun_of_one_check_runs_its_prerequisites_only():
    calls: list[str] = []

    def tracked(name: str):
        async def fn(ctx):
            calls.append(name)
            return Outcome.passed(name)

        return fn

    planned = [
        PlannedCheck(SPECS["demo.auth"], tracked("auth"), target="token"),
        PlannedCheck(SPECS["demo.org.a"], tracked("a"), target="org:acme", needs=(AUTH,)),
        PlannedCheck(SPECS["demo.org.b"], tracked("b"), target="org:acme", needs=(AUTH,)),
    ]
    runner = Runner(config(), providers=[provider(planned)])
    results = asyncio.run(runner.run(select={("demo.org.b", "org:acme")}))
    assert sorted(calls) == ["auth", "b"]
    assert {r.id for r in results} == {"demo.auth", "demo.org.b"}


def test_results_never_carry_a_configured_secret():
    secret = "sk-ant-admin01-" + "Q" * 20 + "wxyz1234abcd"

    async def leaky(ctx):
        return Outcome.fail(f"The key {secret} was refused", details=[f"sent {secret}"], evidence={"echo": secret})

    cfg = config(anthropic={"admin_key": secret})
    (result,) = run([PlannedCheck(SPECS["demo.auth"], leaky, target="key")], cfg)
    dumped = result.model_dump_json()
    assert secret not in dumped
    assert "Q" * 12 not in dumped


def test_after_waits_for_evidence_whatever_its_outcome():
    seen: list[str] = []

    async def verdict(ctx):
        evidence = ctx.result_of("demo.slow", "token")
        seen.append(evidence.status.value if evidence else "missing")
        return Outcome.passed("verdict given")

    planned = [
        PlannedCheck(SPECS["demo.slow"], outcome(Status.FAIL, "no data", delay=0.1), target="token"),
        PlannedCheck(SPECS["demo.boom"], verdict, target="token", after=(("demo.slow", "token"),)),
    ]
    results = run(planned)
    assert seen == ["fail"]
    assert [r.status for r in results] == [Status.FAIL, Status.PASS]


@respx.mock
def test_critical_path_counts_requests_that_waited_for_each_other():
    respx.get(url__startswith="https://api.example/").mock(return_value=httpx.Response(200, json={}))

    def calls(n: int, prefix: str):
        async def fn(ctx):
            for i in range(n):
                await ctx.http.get(f"https://api.example/{prefix}/{ctx.target}/{i}")
            return Outcome.passed(f"{n} calls")

        return fn

    planned = [
        PlannedCheck(SPECS["demo.auth"], calls(1, "auth"), target="token"),
        PlannedCheck(SPECS["demo.org.a"], calls(2, "a"), target="org:x", needs=(AUTH,)),
        PlannedCheck(SPECS["demo.org.b"], calls(1, "b"), target="org:x", needs=(AUTH,)),
    ]
    runner = Runner(config(), providers=[provider(planned)])
    asyncio.run(runner.run())
    assert runner.stats.total == 4
    assert runner.stats.critical_path == 3  # auth, then org.a's two calls in sequence


def test_evidence_quoting_an_api_answer_does_not_name_people():
    async def members(ctx):
        return Outcome.passed("3 members", evidence={"body": '{"teamMembers":[{"email":"alice@acme.com"}]}'})

    (result,) = run([PlannedCheck(SPECS["demo.auth"], members, target="key")])
    assert "alice@" not in result.model_dump_json()
    assert "a…@acme.com" in result.evidence["body"]


def _retiring_run(headers: dict[str, str], provider_name: str = "demo"):
    respx.get(url__startswith="https://api.example/").mock(
        return_value=httpx.Response(200, json={}, headers=headers))

    async def call(ctx):
        await ctx.http.get(f"https://api.example/report/{ctx.target}")
        return Outcome.passed("report found")

    planned = [PlannedCheck(SPECS["demo.org.a"], call, target=f"org:{o}") for o in ("a", "b", "c")]
    runner = Runner(RunConfig(providers=[provider_name]), providers=[provider(planned, name=provider_name)])
    return asyncio.run(runner.run())


@respx.mock
def test_a_future_deprecation_without_sunset_is_one_warning_with_its_own_link():
    from aiusage_doctor.core.rootcause import root_causes

    results = _retiring_run({"Deprecation": "@1893456000"})  # 2030-01-01, no Sunset header
    assert [r.status for r in results] == [Status.WARN] * 3
    for r in results:
        assert "will be deprecated on 2030-01-01" in r.summary
        assert "not announced a retirement date" in r.summary
        assert "stop coming" not in r.summary
        assert LINK not in r.remediation  # the check's failure fix does not apply
        assert r.remediation and r.remediation[0].url.endswith("network.md#endpoint-retiring")
    assert len(root_causes(results)) == 1


@respx.mock
def test_a_github_retirement_links_to_githubs_api_versions_and_changelog():
    results = _retiring_run({"Deprecation": "@1893456000", "Sunset": "Tue, 01 Apr 2031 00:00:00 GMT"},
                            provider_name="github")
    urls = [link.url for link in results[0].remediation]
    assert urls == ["https://docs.github.com/en/rest/about-the-rest-api/api-versions",
                    "https://github.blog/changelog/"]
    assert "being retired on 2031-04-01" in results[0].summary
