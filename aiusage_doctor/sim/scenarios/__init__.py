"""The demo scenarios: each is a few overrides on the healthy company plus injected faults.

A scenario is data, not code: `world` changes fields of `World` (see world.py), `faults`
lists `Fault`s (see faults.py), `params` names the knobs a caller may turn
(`enterprise-large:orgs=100,teams=20,latency=0.1`), and `expected` says which checks
the diagnosis must flag, with `key_links` naming a substring of the remediation link a
user needs for each of them. The end-to-end tests assert exactly these.

`expected` maps a check id to the worst status among that check's results; every
check that ends in `fail` or `error` must be listed. Checks skipped because a listed
check failed are not listed. `warn` entries are listed when the scenario is about them.

Everything is imported from here; the modules behind it are private: `_info` (what a
scenario is), the tables `_general` (healthy, the network, the benchmark company),
`_github` and `_cursor_claude`, and each provider's own simulator module (`SCENARIOS`).
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from aiusage_doctor.sim.scenarios._cursor_claude import CURSOR_CLAUDE_SCENARIOS, VENDOR_EVIDENCE_SCENARIOS
from aiusage_doctor.sim.scenarios._general import HEALTHY, NETWORK_SCENARIOS
from aiusage_doctor.sim.scenarios._github import GITHUB_SCENARIOS
from aiusage_doctor.sim.scenarios._info import GENERIC_PARAMS, ScenarioInfo
from aiusage_doctor.sim.world import World

__all__ = [
    "GENERIC_PARAMS",
    "SCENARIOS",
    "VENDOR_EVIDENCE_SCENARIOS",
    "ScenarioInfo",
    "coerce",
    "get",
    "names",
    "parse_arg",
    "world_for",
]

SCENARIOS: tuple[ScenarioInfo, ...] = HEALTHY + GITHUB_SCENARIOS + CURSOR_CLAUDE_SCENARIOS + NETWORK_SCENARIOS
SCENARIOS += VENDOR_EVIDENCE_SCENARIOS


def _described() -> tuple[ScenarioInfo, ...]:
    """The scenarios each provider's simulator module brings (`SCENARIOS`), in provider order
    after the ones above (the first three providers' scenarios are the ones above)."""
    from importlib import import_module

    from aiusage_doctor.core.labels import PROVIDER_LIST

    return tuple(ScenarioInfo(**s) for pid in PROVIDER_LIST
                 for s in getattr(import_module(f"aiusage_doctor.sim.{pid}"), "SCENARIOS", ()))


SCENARIOS = SCENARIOS + _described()
_BY_NAME = {s.name: s for s in SCENARIOS}
_WORLD_FIELDS = {f.name: f for f in fields(World)}


def get(name: str) -> ScenarioInfo:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise ValueError(f"unknown demo scenario '{name}'; choose one of: {', '.join(_BY_NAME)}") from None


def names() -> list[str]:
    return list(_BY_NAME)


def coerce(scenario: ScenarioInfo, params: dict[str, Any]) -> dict[str, Any]:
    """Check `params` against what `scenario` accepts and convert them to the field types."""
    allowed = scenario.all_params()
    out: dict[str, Any] = {}
    for key, value in params.items():
        if key not in allowed:
            raise ValueError(
                f"scenario '{scenario.name}' has no parameter '{key}'; it accepts: {', '.join(allowed)}"
            )
        default = allowed[key]
        try:
            if isinstance(default, bool):
                value = value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes", "on")
            elif isinstance(default, int):
                value = int(value)
            elif isinstance(default, float):
                value = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"parameter '{key}' of scenario '{scenario.name}' must be a number, got {value!r}") from None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
            raise ValueError(f"parameter '{key}' must not be negative")
        out[key] = value
    return out


def world_for(scenario: ScenarioInfo, params: dict[str, Any]) -> World:
    merged = {**scenario.world, **scenario.params, **params}
    unknown = [k for k in merged if k not in _WORLD_FIELDS]
    if unknown:  # a scenario table bug, not a user error
        raise RuntimeError(f"scenario '{scenario.name}' sets unknown world fields: {unknown}")
    return World(**merged)


def parse_arg(text: str) -> tuple[str, dict[str, Any]]:
    """'enterprise-large:orgs=100,teams=20,latency=0.1' -> ('enterprise-large', {...})."""
    text = (text or "").strip()
    name, _, rest = text.partition(":")
    name = name.strip()
    if not name:
        raise ValueError("no scenario name given (see `aiusage-doctor sim --list`)")
    params: dict[str, Any] = {}
    for item in filter(None, (p.strip() for p in rest.split(","))):
        key, sep, raw = item.partition("=")
        key, raw = key.strip(), raw.strip()
        if not sep or not key or not raw:
            raise ValueError(f"scenario parameter '{item}' must look like name=value")
        params[key] = _literal(raw)
    if name in _BY_NAME:
        params = coerce(_BY_NAME[name], params)
    return name, params


def _literal(raw: str) -> Any:
    low = raw.lower()
    if low in ("true", "false"):
        return low == "true"
    try:
        return int(raw)
    except ValueError:
        pass
    try:
        return float(raw)
    except ValueError:
        return raw
