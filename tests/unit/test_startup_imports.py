"""What start-up does not load: quick answers stay quick because they import nothing heavy.

Behaviour, not timing: each case runs the command in a fresh interpreter and lists which
heavy modules ended up imported."""

from __future__ import annotations

import ast
import importlib.metadata
import os
import subprocess
import sys

import pytest

import aiusage_doctor
from aiusage_doctor.core.tokens import make_github_token

HEAVY = ("PySide6", "qasync", "shiboken6", "pydantic", "httpx", "importlib.metadata")


def imported_after(args: list[str], env: dict[str, str] | None = None) -> tuple[int, set[str], str]:
    code = (
        "import sys\n"
        "from aiusage_doctor.cli import main\n"
        f"try:\n    rc = main({args!r})\nexcept SystemExit as exc:\n    rc = exc.code or 0\n"
        f"heavy = {HEAVY!r}\n"
        "loaded = sorted({h for h in heavy for m in sys.modules if m == h or m.startswith(h + '.')})\n"
        "print('LOADED:' + ','.join(loaded))\n"
        "print('RC:' + str(rc))\n"
    )
    run_env = {k: v for k, v in os.environ.items() if not k.startswith("AIUSAGE_")}
    run_env.update(env or {})
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=run_env)
    assert "LOADED:" in proc.stdout, proc.stderr
    lines = proc.stdout.strip().splitlines()
    loaded = set(filter(None, lines[-2].removeprefix("LOADED:").split(",")))
    return int(lines[-1].removeprefix("RC:")), loaded, proc.stdout


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["check", "--help"]])
def test_version_and_help_import_neither_qt_nor_pydantic_nor_httpx(args):
    rc, loaded, _ = imported_after(args)
    assert rc == 0
    assert loaded == set()


def test_a_token_that_fails_its_offline_check_is_reported_without_loading_the_network_stack():
    rc, loaded, out = imported_after(
        ["check", "--provider", "github", "--no-claude-local"], {"AIUSAGE_GITHUB_TOKEN": "ghp_" + "x" * 12})
    assert rc == 1  # the format check fails, and says so
    assert "GitHub token format" in out and "is not sent to GitHub" in out
    assert "httpx" not in loaded and "PySide6" not in loaded


RENDERERS = {"text": "aiusage_doctor.core.render.text", "markdown": "aiusage_doctor.core.render.markdown",
             "html": "aiusage_doctor.core.render.html"}


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "html"])
def test_an_offline_failure_loads_only_the_renderer_of_its_format(fmt):
    code = (
        "import sys\n"
        "from aiusage_doctor.cli import main\n"
        f"rc = main(['check', '--provider', 'github', '--no-claude-local', '--format', {fmt!r}])\n"
        f"print('RENDERERS:' + ','.join(sorted(m for m in {sorted(RENDERERS.values())!r} if m in sys.modules)))\n"
        "print('RC:' + str(rc))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIUSAGE_")}
    env["AIUSAGE_GITHUB_TOKEN"] = "ghp_" + "x" * 12
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    lines = proc.stdout.strip().splitlines()
    assert lines[-1] == "RC:1", proc.stderr  # the format check fails, and the report says so
    assert "github.token.format" in proc.stdout or "GitHub token format" in proc.stdout
    loaded = set(filter(None, lines[-2].removeprefix("RENDERERS:").split(",")))
    assert loaded == ({RENDERERS[fmt]} if fmt in RENDERERS else set())


def test_installing_the_crash_hooks_does_not_load_asyncio():
    code = (
        "import sys\n"
        "from aiusage_doctor.core import crash\n"
        "crash.install()\n"
        "assert sys.excepthook is not sys.__excepthook__\n"
        "print('asyncio' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"


def test_the_first_request_leaves_before_the_report_and_its_renderers_are_loaded():
    """`check` sends its first request before it loads what it only needs afterwards."""
    later = ("aiusage_doctor.core.report", "aiusage_doctor.core.rootcause", "aiusage_doctor.core.render.common",
             "aiusage_doctor.core.render.text")
    code = (
        "import sys\n"
        "from aiusage_doctor.core import http\n"
        "send = http.HttpClient.request\n"
        "seen = []\n"
        "async def request(self, method, url, **kw):\n"
        f"    if not seen:\n        seen.append(sorted(m for m in {later!r} if m in sys.modules))\n"
        "        print('FIRST-REQUEST:' + ','.join(seen[0]) + ':' + url, flush=True)\n"
        "    return await send(self, method, url, **kw)\n"
        "http.HttpClient.request = request\n"
        "from aiusage_doctor.cli import main\n"
        "rc = main(['check', '--provider', 'github', '--no-claude-local', '--timeout', '5',\n"
        "           '--github-api-url', 'http://127.0.0.1:9'])\n"
        f"print('AT-EXIT:' + ','.join(sorted(m for m in {later!r} if m in sys.modules)))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIUSAGE_")}
    env["AIUSAGE_GITHUB_TOKEN"] = make_github_token()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    first = [line for line in proc.stdout.splitlines() if line.startswith("FIRST-REQUEST:")]
    assert first, proc.stdout + proc.stderr
    loaded, url = first[0].removeprefix("FIRST-REQUEST:").split(":", 1)
    assert url.startswith("http://127.0.0.1:9/")
    assert loaded == ""
    assert proc.stdout.strip().splitlines()[-1] == "AT-EXIT:" + ",".join(sorted(later))  # the report was made


def test_the_garbage_collector_is_on_while_a_check_runs():
    """Start-up may pause it; the run itself (thousands of requests at scale) must not."""
    code = (
        "import gc, sys\n"
        "from aiusage_doctor.core import http\n"
        "send = http.HttpClient.request\n"
        "async def request(self, method, url, **kw):\n"
        "    print('GC-ON:' + str(gc.isenabled()), flush=True)\n"
        "    return await send(self, method, url, **kw)\n"
        "http.HttpClient.request = request\n"
        "from aiusage_doctor.cli import main\n"
        "sys.argv = ['aiusage-doctor', 'check', '--provider', 'github', '--no-claude-local', '--timeout', '5',\n"
        "            '--github-api-url', 'http://127.0.0.1:9']\n"
        "main()\n"  # as the installed command runs it: it ends the process itself
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIUSAGE_")}
    env["AIUSAGE_GITHUB_TOKEN"] = make_github_token()
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, env=env)
    seen = {line for line in proc.stdout.splitlines() if line.startswith("GC-ON:")}
    assert seen == {"GC-ON:True"}, proc.stdout + proc.stderr
    assert proc.returncode == 1  # the run finished and reported the unreachable server


def test_a_github_only_run_imports_only_the_github_provider():
    code = (
        "import asyncio, sys\n"
        "from aiusage_doctor.core.config import RunConfig\n"
        "from aiusage_doctor.core.runner import Runner\n"
        "Runner(RunConfig(providers=['github']))\n"
        "print(sorted(m for m in sys.modules if m.startswith('aiusage_doctor.providers.') and m.count('.') == 2))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    providers = ast.literal_eval(proc.stdout.strip())
    assert "aiusage_doctor.providers.github" in providers
    assert not {"aiusage_doctor.providers.cursor", "aiusage_doctor.providers.anthropic"} & set(providers)


def test_the_version_the_app_reports_is_the_installed_package_version():
    assert aiusage_doctor.__version__ == importlib.metadata.version("aiusage-doctor")
