"""Report formats come from one list (core.formats): each is a `check --format` choice,
renders, has a file extension its save filter offers, and the ones that can be opened again
round-trip through the report loader. (The export page's use of the list is tested in
tests/gui/test_export.py.)"""

from __future__ import annotations

import contextlib
import io
from datetime import UTC, datetime

import pytest

from aiusage_doctor.cli import main
from aiusage_doctor.core.config import RunConfig
from aiusage_doctor.core.formats import EXPORT_FORMAT_NAMES, OPENABLE, REPORT_FORMATS, open_filter
from aiusage_doctor.core.models import CheckResult, Status
from aiusage_doctor.core.render import FORMATS, render
from aiusage_doctor.core.report import build_report
from aiusage_doctor.core.report_file import ReportFileError, parse_report


@pytest.fixture
def report():
    results = [
        CheckResult(id="github.org.sso", provider="github", target="org:acme", title="SSO", status=Status.FAIL,
                    summary="Token is not authorized for SAML SSO in acme"),
        CheckResult(id="cursor.key.valid", provider="cursor", target="key", title="Key", status=Status.PASS,
                    summary="The key works"),
    ]
    return build_report(RunConfig(), results, generated_at=datetime(2026, 12, 1, tzinfo=UTC))


def test_render_and_the_cli_offer_exactly_the_listed_formats():
    assert tuple(FORMATS) == tuple(REPORT_FORMATS)
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        main(["check", "--help"])
    assert "--format {" + ",".join(REPORT_FORMATS) + "}" in " ".join(out.getvalue().split())


@pytest.mark.parametrize("fmt", list(REPORT_FORMATS))
def test_each_format_renders_the_report_and_names_its_files(fmt, report):
    spec = REPORT_FORMATS[fmt]
    text = render(report, fmt)
    assert "acme" in text and "SSO" in text
    assert f"*.{spec.extension}" in spec.file_filter
    assert "/" in spec.mime and spec.label


def test_the_export_page_list_is_ordered_and_labelled():
    assert EXPORT_FORMAT_NAMES == ("html", "markdown", "json")
    for name in EXPORT_FORMAT_NAMES:
        spec = REPORT_FORMATS[name]
        assert spec.mnemonic.replace("&", "") == spec.label and spec.hint


@pytest.mark.parametrize("spec", OPENABLE, ids=lambda s: s.name)
def test_formats_that_open_again_round_trip(spec, report):
    again = parse_report(render(report, spec.name).encode(), f"report.{spec.extension}")
    assert again == report
    assert f"*.{spec.extension}" in open_filter()


@pytest.mark.parametrize("fmt", [f for f in EXPORT_FORMAT_NAMES if not REPORT_FORMATS[f].opens])
def test_exports_that_dont_open_again_are_refused_with_a_pointer_to_the_json(fmt, report):
    with pytest.raises(ReportFileError) as caught:
        parse_report(render(report, fmt).encode(), f"report.{REPORT_FORMATS[fmt].extension}")
    label = REPORT_FORMATS[fmt].label.removesuffix(" page")
    assert label in caught.value.message and ".json" in caught.value.message
