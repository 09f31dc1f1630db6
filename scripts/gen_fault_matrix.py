"""Regenerate docs/fault-matrix.md by running the fault-matrix cases of the robustness tests.

The cases, the way each one is driven and the page layout live in
tests/robustness/faults.py, which the tests use too, so the page always shows what the
tests observe (and tests/robustness/test_fault_matrix.py fails when it doesn't):

    .venv/bin/python scripts/gen_fault_matrix.py          # run the matrix, write the page
    .venv/bin/python scripts/gen_fault_matrix.py --check  # exit 1 if the page is out of date

Nothing reaches the real network: see tests/robustness/harness.py. Takes a few seconds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for path in (ROOT, ROOT / "tests"):  # run from a source checkout; `robustness` is a test package
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from robustness.faults import DOC_PATH, FAULTS, REGENERATE, TARGETS, render_markdown, run_matrix  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Regenerate docs/fault-matrix.md from the robustness tests.")
    parser.add_argument("--check", action="store_true", help="only verify; exit 1 if the page is stale")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="fault-matrix-") as tmp:
        observed = run_matrix(Path(tmp))
    unexpected = [
        f"{case.id} on {target.check_id}: {observed[(case.id, target.check_id)].status} "
        f"({observed[(case.id, target.check_id)].summary[:120]})"
        for case in FAULTS for target in TARGETS
        if observed[(case.id, target.check_id)].status != case.status
        or case.cause not in observed[(case.id, target.check_id)].summary
    ]
    for line in unexpected:
        print(f"warning: not as the tests expect: {line}", file=sys.stderr)
    content = render_markdown(observed)
    path = ROOT / DOC_PATH
    if path.exists() and path.read_text(encoding="utf-8") == content:
        print(f"{DOC_PATH} is up to date")
        return 1 if unexpected else 0
    if args.check:
        print(f"out of date: {DOC_PATH} (run: {REGENERATE})", file=sys.stderr)
        return 1
    path.write_text(content, encoding="utf-8")
    print(f"wrote {DOC_PATH}")
    return 1 if unexpected else 0


if __name__ == "__main__":
    sys.exit(main())
