"""docs/report.schema.json is the contract for anyone parsing exported reports."""

from __future__ import annotations

import json
from pathlib import Path

from aiusage_doctor.core.schema import REGENERATE_COMMAND, SCHEMA_PATH, report_json_schema, write_generated_docs

ROOT = Path(__file__).resolve().parents[2]


def test_published_schema_matches_the_report_model() -> None:
    path = ROOT / SCHEMA_PATH
    assert path.exists(), f"{SCHEMA_PATH} is missing; run `{REGENERATE_COMMAND}`"
    published = json.loads(path.read_text(encoding="utf-8"))
    assert published == report_json_schema(), (
        f"{SCHEMA_PATH} is stale (the Report model changed); run `{REGENERATE_COMMAND}` and commit it"
    )


def test_schema_describes_the_fixed_report_shape() -> None:
    schema = report_json_schema()
    assert set(schema["required"]) >= {"tool", "generated_at", "environment", "config", "checks", "summary"}
    assert schema["properties"]["schema_version"]["const"] == 1


def test_write_generated_docs_writes_the_report_models_schema(tmp_path: Path) -> None:
    written = write_generated_docs(tmp_path)
    assert written == [tmp_path / SCHEMA_PATH]
    assert json.loads((tmp_path / SCHEMA_PATH).read_text(encoding="utf-8")) == report_json_schema()
