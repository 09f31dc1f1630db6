"""The PyInstaller bundle builds, stays small, and starts: a full demo diagnosis from the
bundled CLI and the wizard's first window (packaging/build.sh does both smoke runs).
The bundle is built once per test session (`bundle_build`)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from aiusage_doctor.core.labels import DESCRIBED, PROVIDER_ORDER

from aiusage_doctor.core.help_docs import DOC_FILES

ROOT = Path(__file__).resolve().parents[2]
MAX_MB = 140
"""The issue's budget, in decimal megabytes (the stricter reading of 'MB')."""


CLI_SCRIPT = Path(sys.executable).parent / "aiusage-doctor"
SCRIPT_BEFORE_BUILD: dict[str, int] = {}
"""The test venv's `aiusage-doctor` script's mtime (ns) just before build.sh ran."""


@pytest.fixture(scope="session")
def bundle_build() -> tuple[subprocess.CompletedProcess[str], Path]:
    """packaging/build.sh, run once per test session: (its output, the bundle folder)."""
    if CLI_SCRIPT.exists():
        SCRIPT_BEFORE_BUILD["mtime"] = CLI_SCRIPT.stat().st_mtime_ns
    env = dict(os.environ, PYTHON=sys.executable, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(["bash", str(ROOT / "packaging" / "build.sh")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    from aiusage_doctor import __version__

    (bundle,) = [p for p in (ROOT / "dist").glob(f"aiusage-doctor-{__version__}-*") if p.is_dir()]
    return proc, bundle


@pytest.mark.timeout(960)  # PyInstaller's analysis alone takes minutes on a busy machine
def test_bundle_starts_the_cli_and_the_wizard(bundle_build):
    proc, _ = bundle_build
    # The healthy demo checks every provider the app knows, from inside the bundle.
    assert f"bundle CLI: No problems found in {len(PROVIDER_ORDER) + len(DESCRIBED)} providers." in proc.stdout
    assert "bundle GUI: first window painted" in proc.stdout
    assert "bundle GUI program: opens the wizard" in proc.stdout


@pytest.mark.timeout(960)
def test_bundle_ships_the_help_pages_and_stays_under_the_size_budget(bundle_build):
    _, bundle = bundle_build
    for name in DOC_FILES:  # the help pages the wizard opens offline
        assert (bundle / "_internal" / "resources" / "docs" / name).is_file(), name
    size = sum(f.stat().st_size for f in bundle.rglob("*") if f.is_file() and not f.is_symlink())
    assert size / 1e6 <= MAX_MB, f"bundle is {size / 1e6:.1f} MB, over the {MAX_MB} MB budget"


@pytest.mark.timeout(960)
def test_building_the_bundle_leaves_the_tests_venv_alone(bundle_build):
    """Other tests run .venv/bin/aiusage-doctor while the bundle builds: build.sh must not
    reinstall the app into that venv (pip rewrites the script, and a test starting it at
    that moment finds no file)."""
    assert "mtime" in SCRIPT_BEFORE_BUILD, f"{CLI_SCRIPT} was missing before the build"
    assert CLI_SCRIPT.stat().st_mtime_ns == SCRIPT_BEFORE_BUILD["mtime"]
