"""The published JSON Schema of the exported report (docs/report.schema.json).

Support tooling and customers parse exported reports; the schema file in the repo
is their contract. It is generated from the `Report` model and a unit test fails
when the two drift, so a model change cannot ship without an updated schema.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aiusage_doctor.core.models import Report

SCHEMA_PATH = Path("docs") / "report.schema.json"
"""Relative to the repository root."""

REGENERATE_COMMAND = "python scripts/gen_docs.py"


def report_json_schema() -> dict[str, Any]:
    """The JSON Schema of `Report`, as pydantic derives it."""
    return Report.model_json_schema()


def schema_text() -> str:
    """The exact bytes written to docs/report.schema.json (stable, diff-friendly)."""
    return json.dumps(report_json_schema(), indent=2, ensure_ascii=False) + "\n"


def write_generated_docs(root: Path) -> list[Path]:
    """Write docs/report.schema.json under `root`; returns the files written."""
    path = root / SCHEMA_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")
    return [path]
