"""Every provider in core.labels.PROVIDER_LIST — GitHub, Cursor and Claude Code as much as
the descriptor-built ones — reaches the CLI (choices, flags, environment variables, keyring,
default run), the run config, the secret store and the simulator. A provider added to the
list but missed by one of them fails here."""

from __future__ import annotations

import argparse
import contextlib
import io
from importlib import import_module

import httpx
import pytest

from aiusage_doctor.cli import ENV, _build_parser, build_config, main
from aiusage_doctor.core.labels import PROVIDER_LIST, PROVIDER_ORDER, keyring_account
from aiusage_doctor.core.secret_store import SERVICE, SecretStore
from aiusage_doctor.sim import Simulator

PIDS = list(PROVIDER_LIST)


def parse(*argv: str) -> argparse.Namespace:
    return _build_parser().parse_args(["check", *argv])


def check_help() -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        main(["check", "--help"])
    return " ".join(out.getvalue().split())  # argparse wraps lines


def made_up(pid: str, field: str) -> str:
    """A value no token shape recognises, so it reads as nobody's real key."""
    return f"made-up-{pid}-{field}-q8w7e6r5t4y3"


def test_the_first_three_keep_their_environment_variables_and_keyring_entries():
    assert [ENV[p, PROVIDER_LIST[p].secrets[0]] for p in PROVIDER_ORDER] == [
        "AIUSAGE_GITHUB_TOKEN", "AIUSAGE_CURSOR_API_KEY", "AIUSAGE_ANTHROPIC_ADMIN_KEY"]
    assert {keyring_account(p, PROVIDER_LIST[p].secrets[0]) for p in PROVIDER_ORDER} == {"default"}


def test_every_provider_is_a_choice_with_its_flags_and_variables_in_the_help():
    text = check_help()
    assert "{" + ",".join(PIDS) + "}" in text
    for pid, entry in PROVIDER_LIST.items():
        assert f"--{pid}-api-url URL" in text
        for option in entry.options:
            assert option.flag in text
        for name in entry.values:
            assert f"--{pid}-{name.replace('_', '-')} VALUE" in text
        for name in (*entry.secrets, *entry.values):
            assert ENV[pid, name] in text


@pytest.mark.parametrize("pid", PIDS)
def test_each_providers_inputs_come_from_its_variables_and_flags(pid):
    entry = PROVIDER_LIST[pid]
    env = {ENV[pid, f]: made_up(pid, f) for f in (*entry.secrets, *entry.values)}
    cfg = build_config(parse("--provider", pid, f"--{pid}-api-url", f"https://{pid}.example.net/api"), env)
    assert cfg.providers == [pid]
    given = cfg.inputs(pid)
    assert {f: v.get_secret_value() for f, v in given.secrets.items()} == {f: made_up(pid, f) for f in entry.secrets}
    assert given.api_url == f"https://{pid}.example.net/api"
    assert all(made_up(pid, f) in cfg.secrets() for f in entry.secrets)
    assert cfg.public_summary().credentials_present[pid] is True
    assert cfg.public_summary().base_urls[pid] == f"https://{pid}.example.net/api"
    assert pid in build_config(parse(), env).providers  # a configured provider is in the default run


@pytest.mark.parametrize("pid", PIDS)
def test_use_keyring_reads_and_forget_all_deletes_each_providers_saved_secrets(pid, memory_keyring):
    entry = PROVIDER_LIST[pid]
    store = SecretStore()
    for f in entry.secrets:
        assert store.set(pid, made_up(pid, f), account=keyring_account(pid, f)).available
    cfg = build_config(parse("--use-keyring", "--provider", pid), {})
    assert {f: v.get_secret_value() for f, v in cfg.inputs(pid).secrets.items()} == {
        f: made_up(pid, f) for f in entry.secrets}
    assert store.forget_all() == [pid]
    assert not [key for key in memory_keyring.store if key[0] == SERVICE]


def test_the_simulator_serves_and_configures_every_provider():
    with Simulator("healthy") as sim:
        cfg = sim.demo_config()
        for pid, entry in PROVIDER_LIST.items():
            module = import_module(f"aiusage_doctor.sim.{pid}")
            assert hasattr(module, "vendor") or hasattr(module, "Api"), pid
            assert pid in cfg.providers
            assert cfg.inputs(pid).api_url == sim.base_urls[pid]
            assert cfg.inputs(pid).has_secret(), pid
            answer = httpx.get(sim.base_urls[pid] + "/", timeout=10)
            assert "Unknown simulator path" not in answer.text, pid
