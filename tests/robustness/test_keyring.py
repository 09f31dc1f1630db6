"""Remembered secrets: one keyring entry per provider and account, read by the CLI only
with --use-keyring, and a missing, locked or broken keyring costs only the remembered
secret (with one line saying why), never the run."""

from __future__ import annotations

import json
import textwrap
from concurrent.futures import ThreadPoolExecutor

import pytest

from aiusage_doctor.cli import _build_parser, build_config
from aiusage_doctor.core.secret_store import SERVICE, SecretStore
from aiusage_doctor.core.tokens import TokenKind, make_fake_secret, make_github_token

from .conftest import isolated_env, leaks, run_cli


def test_secrets_are_scoped_per_provider_and_account(memory_keyring):
    store = SecretStore()
    values = {
        ("github", "default"): make_github_token(),
        ("github", "work"): make_github_token(),
        ("cursor", "default"): make_fake_secret(TokenKind.CURSOR_KEY),
        ("anthropic", "default"): make_fake_secret(TokenKind.ANTHROPIC_ADMIN),
    }
    for (provider, account), value in values.items():
        assert store.set(provider, value, account=account).available
    assert set(memory_keyring.store) == {(SERVICE, f"{p}:{a}") for p, a in values}
    for (provider, account), value in values.items():
        assert store.get(provider, account=account) == value
    assert store.get("cursor", account="work") is None
    assert store.delete("github", account="work")
    assert store.get("github", account="work") is None
    assert store.get("github") == values[("github", "default")]


def _args(*argv: str):
    return _build_parser().parse_args(["check", *argv])


def test_the_cli_reads_each_provider_from_its_own_entry_and_the_environment_wins():
    store = SecretStore()
    saved_github, saved_cursor = make_github_token(), make_fake_secret(TokenKind.CURSOR_KEY)
    store.set("github", saved_github)
    store.set("github", make_github_token(), account="work")
    store.set("cursor", saved_cursor)
    env_cursor = make_fake_secret(TokenKind.CURSOR_KEY)

    without = build_config(_args(), env={})
    assert without.secrets() == []  # the keyring is only read when asked
    config = build_config(_args("--use-keyring"), env={"AIUSAGE_CURSOR_API_KEY": env_cursor})
    assert config.github.token.get_secret_value() == saved_github
    assert config.cursor.api_key.get_secret_value() == env_cursor
    assert config.anthropic.admin_key is None


BACKENDS = textwrap.dedent('''
    """Keyring backends that fail the way real ones do (loaded with PYTHON_KEYRING_BACKEND)."""
    import keyring.backend
    from keyring.errors import KeyringLocked

    LEAKY = "D-Bus said: no secret for ghp_LEAKYLEAKYLEAKYLEAKYLEAKYLEAKY0123 (denied)"


    class Locked(keyring.backend.KeyringBackend):
        priority = 1

        def get_password(self, service, username):
            raise KeyringLocked("the collection is locked")

        def set_password(self, service, username, password):
            raise KeyringLocked("the collection is locked")

        def delete_password(self, service, username):
            raise KeyringLocked("the collection is locked")


    class Broken(Locked):
        def get_password(self, service, username):
            raise RuntimeError(LEAKY)
''')

CASES = {
    "locked": ("robust_keyrings.Locked", "The system keyring is locked"),
    "broken": ("robust_keyrings.Broken", "The system keyring refused the request"),
    "no backend": ("keyring.backends.fail.Keyring", "No keyring backend is available"),
    "disabled": ("keyring.backends.null.Keyring", "Secret storage is turned off"),
}


@pytest.fixture(scope="module")
def broken_runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("keyrings")
    (base / "robust_keyrings.py").write_text(BACKENDS)
    cursor_key = make_fake_secret(TokenKind.CURSOR_KEY)

    def run(name: str):
        backend, _ = CASES[name]
        home = base / name.replace(" ", "-")
        home.mkdir()
        env = isolated_env(home, PYTHON_KEYRING_BACKEND=backend, PYTHONPATH=str(base),
                           AIUSAGE_CURSOR_API_KEY=cursor_key)
        return run_cli(["check", "--use-keyring", "--provider", "github", "--format", "json"], env)

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = dict(zip(CASES, pool.map(run, CASES)))
    return results, cursor_key


@pytest.mark.parametrize("name", list(CASES))
def test_a_broken_keyring_degrades_to_not_remembered_with_one_line(broken_runs, name):
    results, cursor_key = broken_runs
    proc = results[name]
    expected = CASES[name][1]
    assert proc.returncode == 2, proc.stderr  # no token anywhere: nothing was checked, not a crash
    assert "nothing was checked" in proc.stderr
    warnings = [line for line in proc.stderr.splitlines() if line.startswith("aiusage-doctor: warning: --use-keyring:")]
    assert len(warnings) == 1 and expected in warnings[0], proc.stderr
    assert "Traceback" not in proc.stderr
    assert "LEAKY" not in proc.stderr  # what a backend echoes is redacted
    report = json.loads(proc.stdout)
    (github,) = [c for c in report["checks"] if c["provider"] == "github"]
    assert github["status"] == "skip" and "Not configured" in github["summary"]
    assert not leaks(proc.stdout + proc.stderr, [cursor_key])
