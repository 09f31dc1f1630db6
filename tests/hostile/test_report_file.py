"""Report files from outside: size cap, nesting, field lengths, control characters, and a
fuzz target over the loader (any bytes end in a Report or a ReportFileError, nothing else)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aiusage_doctor.core.config import RunConfig
from aiusage_doctor.core.models import CheckResult, Link, Status
from aiusage_doctor.core.render import render
from aiusage_doctor.core.report import build_report
from aiusage_doctor.core.report_file import (
    MAX_REPORT_BYTES, MAX_REPORT_CHECKS, MAX_RUN, ReportFileError, load_report_file, parse_report,
)
from aiusage_doctor.core.untrusted import MAX_FIELD_CHARS, has_unsafe

from .server import ESCAPES


def report_dict(n: int = 3, summary: str = "All good", evidence: object = None) -> dict:
    results = [
        CheckResult(id=f"cursor.check{i}", provider="cursor", target="team", title=f"Check {i}",
                    status=Status.FAIL, summary=summary, details=["one", "two"],
                    remediation=[Link(text="Fix it", url="https://cursor.com/docs")],
                    evidence={"body": "x"} if evidence is None else evidence)
        for i in range(n)
    ]
    return json.loads(render(build_report(RunConfig(), results), "json"))


def write(tmp_path: Path, data: bytes | str | dict) -> Path:
    path = tmp_path / "report.json"
    if isinstance(data, dict):
        data = json.dumps(data)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def test_an_exported_report_opens_as_it_was_saved(tmp_path) -> None:
    report = load_report_file(write(tmp_path, report_dict()))
    assert [c.summary for c in report.checks] == ["All good"] * 3


def test_a_summary_the_checks_contradict_is_worked_out_again(tmp_path) -> None:
    data = report_dict()
    data["summary"].update(verdict="ok", headline="No problems found in 1 provider.",
                           counts={"pass": 3}, providers_with_problems=[], root_causes=0)
    data["root_causes"] = []
    report = load_report_file(write(tmp_path, data))
    assert report.summary.verdict == "problems"
    assert "No problems" not in render(report, "text")
    assert report.root_causes and report.summary.counts["fail"] == 3 and report.summary.counts["pass"] == 0
    # A cancelled run whose file claims a clean bill of health.
    data = report_dict()
    for check in data["checks"]:
        check["status"] = "pass"
    data["summary"].update(verdict="ok", headline="No problems found in 1 provider.")
    data["run"] = {"completed": False, "cancelled": True, "checks_planned": 40, "checks_finished": 3}
    report = load_report_file(write(tmp_path, data))
    assert report.summary.verdict != "ok"
    assert "No problems found" not in report.summary.headline


def test_the_help_an_opened_report_shows_is_the_apps_own(tmp_path) -> None:
    data = report_dict()
    data["checks"][0]["help_url"] = "docs/checks.md#github-token-auth"
    data["help"] = [{"ref": "docs/checks.md#github-token-auth", "title": "GitHub token sign-in",
                     "markdown": "Support needs your token: mail it to helpdesk@evil.test."}]
    report = load_report_file(write(tmp_path, data))
    assert "evil.test" not in json.dumps(report.model_dump(mode="json")["help"])
    assert [t.ref for t in report.help] == ["docs/checks.md#github-token-auth"]
    assert "check id `github.token.auth`" in report.help[0].markdown  # the shipped section


def test_a_file_over_the_cap_is_refused_without_reading_it_whole(tmp_path, monkeypatch) -> None:
    path = tmp_path / "big.json"
    with open(path, "wb") as handle:  # sparse: 100 MB on paper, nothing on disk
        handle.truncate(100 * 1024 * 1024)
    reads: list[int] = []
    real_open = open

    class Spy:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def read(self, n=-1):
            reads.append(n)
            return self.handle.read(n)

    monkeypatch.setattr("builtins.open", lambda *a, **k: Spy(real_open(*a, **k)))
    with pytest.raises(ReportFileError) as refused:
        load_report_file(path)
    assert refused.value.title == "Report too large" and "100 MiB" in refused.value.message
    assert reads and all(0 < n <= MAX_REPORT_BYTES + 1 for n in reads)


def test_too_many_checks_are_refused(tmp_path) -> None:
    data = report_dict(1)
    data["checks"] = data["checks"] * (MAX_REPORT_CHECKS + 1)
    with pytest.raises(ReportFileError, match="checks"):
        load_report_file(write(tmp_path, data))


def test_deep_nesting_is_not_a_report(tmp_path) -> None:
    data = report_dict(1)
    text = json.dumps(data).replace('"body": "x"', '"body": ' + "[" * 5000 + "]" * 5000)
    with pytest.raises(ReportFileError) as refused:
        load_report_file(write(tmp_path, text))
    assert refused.value.title == "Not an AI Usage Doctor report" and "nested" in refused.value.detail


def test_fields_are_cleaned_cut_and_elided_at_load(tmp_path) -> None:
    data = report_dict(1, summary=ESCAPES + " " + "A" * 1_000_000,
                       evidence={"body": "x" * 50_000, "list": list(range(10_000))})
    report = load_report_file(write(tmp_path, data))
    check = report.checks[0]
    assert "All checks passed" in check.summary and not has_unsafe(check.summary)
    assert len(check.summary) <= MAX_FIELD_CHARS
    assert max(len(w) for w in check.summary.split()) <= MAX_RUN
    assert len(check.evidence["list"]) <= 200 and len(check.evidence["body"]) <= MAX_RUN


# ------------------------------------------------------------------------ fuzzing

_LEAVES = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=50))
_JSON = st.recursive(_LEAVES, lambda inner: st.one_of(st.lists(inner, max_size=5),
                                                      st.dictionaries(st.text(max_size=10), inner, max_size=5)),
                     max_leaves=30)


def _mutated(seed: int, data: bytes) -> bytes:
    rng = random.Random(seed)
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(4)
        i = rng.randrange(len(out) + 1)
        if op == 0 and out:
            del out[i : i + rng.randint(1, 40)]
        elif op == 1:
            out[i:i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif op == 2:
            out[i:i] = rng.choice([b"[" * 300, b"\x1b[2J", "\u202e".encode(), b'"' * 5, b"\\u0000", b"{}", b"\xff"])
        else:
            out[i:i] = out[i : i + rng.randint(0, 200)]
    return bytes(out)


_BASE = json.dumps(report_dict(2)).encode()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(
    st.binary(max_size=2000),
    st.integers(0, 2**32 - 1).map(lambda seed: _mutated(seed, _BASE)),
    _JSON.map(lambda v: json.dumps(v).encode()),
    st.tuples(st.sampled_from(["summary", "title", "id", "target", "status"]), _JSON).map(
        lambda kv: json.dumps({**report_dict(1), "checks": [{**report_dict(1)["checks"][0], kv[0]: kv[1]}]}).encode()),
))
def test_any_bytes_end_in_a_report_or_a_plain_refusal(data: bytes) -> None:
    try:
        report = parse_report(data, "fuzz.json")
    except ReportFileError as exc:
        assert exc.title and exc.message and not has_unsafe(exc.message)
        return
    for check in report.checks:
        for text in (check.summary, check.title, check.id, check.target, *check.details):
            assert not has_unsafe(text) and len(text) <= MAX_FIELD_CHARS
