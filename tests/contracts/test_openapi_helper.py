"""The contract helper itself: a documented answer passes, a broken one is caught."""

from __future__ import annotations

from .openapi import excerpt, problems

ORG_28 = "/orgs/acme/copilot/metrics/reports/organization-28-day/latest"
ORG_1 = "/orgs/acme/copilot/metrics/reports/organization-1-day"
GOOD_28 = {"download_links": ["https://copilot-reports.github.com/r/1.ndjson?sig=x"],
           "report_start_day": "2026-11-01", "report_end_day": "2026-11-28"}


def test_the_excerpt_records_where_it_came_from():
    origin = excerpt()["x-provenance"]
    assert origin["repository"] == "github/rest-api-description"
    assert origin["commit"] == "0000036e42b5e7121c2b1ac244cb7bba1d2f3914"
    assert origin["read_on"] == "2026-12-04"


def test_every_part_of_the_excerpt_names_the_characters_it_was_copied_from():
    doc = excerpt()
    read, size = doc["x-provenance"]["read"], doc["x-provenance"]["file_chars"]
    parts = [f"paths.{path}" for path in doc["paths"]]
    parts += [f"components.{kind}.{name}" for kind, items in doc["components"].items() for name in items]
    assert [part for part in parts if part not in read] == []
    for span in read.values():
        start, end = map(int, span.split("-"))
        assert 0 <= start < end <= size


def test_a_documented_answer_passes():
    assert problems(ORG_28, 200, GOOD_28) == []
    assert problems(ORG_1, 204, None) == []
    assert problems(ORG_28, 401, {"message": "Bad credentials"}) == []


def test_a_body_missing_a_required_field_is_caught():
    broken = {k: v for k, v in GOOD_28.items() if k != "download_links"}
    found = problems(ORG_28, 200, broken)
    assert found and "'download_links' is a required property" in found[0]


def test_a_field_of_the_wrong_type_or_format_is_caught():
    assert problems(ORG_28, 200, GOOD_28 | {"download_links": "https://x"})
    assert problems(ORG_1, 200, {"download_links": [], "report_day": "07/01/2026"})


def test_an_undocumented_status_is_caught():
    assert problems(ORG_28, 204, None)  # 204 is documented for the 1-day report only
    assert problems(ORG_28, 418, {"message": "teapot"})
