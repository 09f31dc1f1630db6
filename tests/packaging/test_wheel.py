"""`pip install` of the built wheel works on its own: resources come from the installed
package, not from this source tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, **kw)


def test_wheel_installs_into_a_fresh_venv_and_runs_the_demo(tmp_path):
    wheels = tmp_path / "wheels"
    built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(ROOT)])
    if built.returncode != 0:  # no hatchling in this environment: let pip fetch the build backend
        built = run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)])
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("aiusage_doctor-*.whl")

    venv = tmp_path / "venv"
    assert run([sys.executable, "-m", "venv", str(venv)]).returncode == 0
    py = venv / "bin" / "python"
    installed = run([str(py), "-m", "pip", "install", "-q", str(wheel)])
    assert installed.returncode == 0, installed.stderr

    elsewhere = tmp_path / "elsewhere"  # not the source tree: nothing can be found by accident
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIUSAGE_", "PYTHON"))}
    env.update(HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen")
    cli = venv / "bin" / "aiusage-doctor"
    proc = run([str(cli), "check", "--demo", "healthy", "--format", "json"], cwd=elsewhere, env=env)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert report["environment"]["simulated"] is True
    assert report["summary"]["verdict"] == "ok"

    where = run([str(py), "-c", "from aiusage_doctor.core.resources import resource_path; print(resource_path('icons', 'app.svg'))"],
                cwd=elsewhere, env=env)
    assert where.returncode == 0, where.stderr
    assert str(venv) in where.stdout and str(ROOT) not in where.stdout

    # The help pages the wizard opens offline are installed with the package.
    helped = run([str(py), "-c", "from aiusage_doctor.core.help_docs import DOCS_BASE, help_section; "
                  "from aiusage_doctor.core.resources import resource_path; "
                  "print(help_section(DOCS_BASE + 'network.md#tls').title); print(resource_path('docs', 'checks.md'))"],
                 cwd=elsewhere, env=env)
    assert helped.returncode == 0, helped.stderr
    title, path = helped.stdout.splitlines()
    assert title == "TLS verification failed" and path.startswith(str(venv))

    gui = run([str(venv / "bin" / "aiusage-doctor-gui"), "--demo"], cwd=elsewhere,
              env={**env, "AIUSAGE_EXIT_AFTER_FIRST_PAINT": "1"})
    assert gui.returncode == 0, gui.stderr
