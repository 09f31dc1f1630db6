"""The descriptor-built providers (core.labels.DESCRIBED) reach every consumer from one list:
CLI flags and environment variables, the run config, the registry, the simulator, and the
redactor; and each descriptor agrees with the import-free list."""

from __future__ import annotations

import argparse
import importlib

import pytest

from aiusage_doctor.cli import _build_parser, build_config
from aiusage_doctor.core.labels import DESCRIBED, PROVIDER_TITLES, described_env
from aiusage_doctor.core.redact import REGISTRY, redact
from aiusage_doctor.providers.registry import all_descriptors, all_providers
from aiusage_doctor.sim import Simulator
from aiusage_doctor.sim import scenarios as sim_scenarios


def parse(*argv: str) -> argparse.Namespace:
    return _build_parser().parse_args(["check", *argv])


def test_each_descriptor_matches_the_import_free_list():
    assert [d.id for d in all_descriptors()] == list(DESCRIBED)
    for d in all_descriptors():
        title, secrets, values = DESCRIBED[d.id].title, DESCRIBED[d.id].secrets, DESCRIBED[d.id].values
        assert d.title == title == PROVIDER_TITLES[d.id]
        assert [f.name for f in d.secret_fields] == list(secrets)
        assert [f.name for f in d.value_fields] == list(values)
        assert all(f.env == described_env(d.id, f.name) for f in d.fields)
        assert d.sim_module == f"aiusage_doctor.sim.{d.id}"
        assert d.provider.catalog.provider == d.id and d.provider.name == d.id
        assert d.provider in all_providers()
        sim = importlib.import_module(d.sim_module)
        assert set(sim.credentials()) == {f.name for f in d.fields}
        assert all(d.check_field(f.name, sim.credentials()[f.name]).ok for f in d.fields)


def test_env_and_flags_build_the_config_and_add_configured_providers():
    env = {"AIUSAGE_CODEX_API_KEY": " sk-proj-abc123def456ghi789 ", "AIUSAGE_CODEX_WORKSPACE_ID": "ws-env",
           "AIUSAGE_WINDSURF_SERVICE_KEY": "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"}
    cfg = build_config(parse("--codex-workspace-id", "ws-flag", "--windsurf-api-url", "https://ws.example.net/api/v1"),
                       env)
    assert cfg.providers[-2:] == ["codex", "windsurf"]
    assert cfg.more["codex"].secrets["api_key"].get_secret_value() == "sk-proj-abc123def456ghi789"
    assert cfg.more["codex"].values == {"workspace_id": "ws-flag"}
    assert cfg.more["windsurf"].api_url == "https://ws.example.net/api/v1"
    assert "sk-proj-abc123def456ghi789" in cfg.secrets()
    assert cfg.public_summary().credentials_present["windsurf"] is True


def test_without_their_secrets_the_new_providers_stay_out_of_the_default_run():
    cfg = build_config(parse(), {})
    assert "codex" not in cfg.providers and "windsurf" not in cfg.providers


def test_provider_flag_accepts_the_new_ids():
    cfg = build_config(parse("--provider", "windsurf"), {})
    assert cfg.providers == ["windsurf"]


@pytest.mark.parametrize("pid", list(DESCRIBED))
def test_every_state_has_a_scenario_and_healthy_includes_the_provider(pid):
    sim = importlib.import_module(f"aiusage_doctor.sim.{pid}")
    covered = {dict(s["world"]["vendor_states"])[pid] for s in sim.SCENARIOS}
    assert covered == set(sim.STATES) - {"healthy"}
    assert all(s["name"] in sim_scenarios.names() for s in sim.SCENARIOS)
    with Simulator("healthy") as running:
        cfg = running.demo_config()
    assert pid in cfg.providers and cfg.more[pid].api_url.endswith(f"/{pid}")


def test_a_windsurf_key_in_a_json_body_is_redacted_even_unregistered():
    REGISTRY.clear()
    text = '{"service_key": "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", "group_name": "eng"}'
    out = redact(text)
    assert "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0" not in out and "eng" in out
    assert "0f1e2d3c" not in redact("service_key=0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")
