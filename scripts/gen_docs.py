"""Regenerate the generated docs: docs/report.schema.json and docs/checks.md.

Run after changing the report model or any provider's check catalog:

    python scripts/gen_docs.py          # write the files
    python scripts/gen_docs.py --check  # exit 1 if they are out of date (for CI)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a source checkout without installing
    sys.path.insert(0, str(ROOT))

from aiusage_doctor.core.schema import SCHEMA_PATH, schema_text  # noqa: E402

CHECKS_PATH = Path("docs") / "checks.md"


def checks_markdown() -> str:
    """docs/checks.md from every provider's catalog.

    The providers are imported here rather than at module level so the schema is
    still regenerated when a provider module is broken or not written yet.
    """
    from aiusage_doctor.core.catalog_docs import render_checks_markdown
    from aiusage_doctor.providers.registry import all_catalogs

    return render_checks_markdown(all_catalogs())


GENERATORS: dict[Path, Callable[[], str]] = {SCHEMA_PATH: schema_text, CHECKS_PATH: checks_markdown}


def _sync(rel: Path, content: str, check_only: bool) -> bool:
    """Write (or in check mode only compare) one file; True when it was up to date."""
    path = ROOT / rel
    if path.exists() and path.read_text(encoding="utf-8") == content:
        return True
    if not check_only:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        print(f"wrote {rel}")
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate docs/report.schema.json and docs/checks.md.")
    parser.add_argument("--check", action="store_true", help="only verify; exit 1 if anything is stale")
    args = parser.parse_args(argv)
    ok = True
    for rel, generate in GENERATORS.items():
        try:
            content = generate()
        except ImportError as exc:
            print(f"error: cannot generate {rel}: {exc}", file=sys.stderr)
            ok = False
            continue
        if not _sync(rel, content, args.check) and args.check:
            print(f"out of date: {rel} (run: python scripts/gen_docs.py)", file=sys.stderr)
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
