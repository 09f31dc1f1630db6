"""What a demo scenario is: a name, what it sets up, and what the diagnosis must say."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiusage_doctor.sim.faults import Fault

GENERIC_PARAMS: dict[str, Any] = {"latency": 0.0, "jitter": 0.0}
"""Every scenario accepts these (seconds added to each answer)."""


@dataclass(frozen=True)
class ScenarioInfo:
    name: str
    title: str
    description: str
    expected: dict[str, str] = field(default_factory=dict)
    key_links: dict[str, str] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)
    world: dict[str, Any] = field(default_factory=dict)
    faults: tuple[Fault, ...] = ()

    @property
    def problems(self) -> dict[str, str]:
        """The expected checks that end in fail or error (these make the CLI exit 1)."""
        return {k: v for k, v in self.expected.items() if v in ("fail", "error")}

    @property
    def exit_code(self) -> int:
        return 1 if self.problems else 0

    def all_params(self) -> dict[str, Any]:
        merged = dict(GENERIC_PARAMS)
        for name in GENERIC_PARAMS:
            if name in self.world:
                merged[name] = self.world[name]
        merged.update(self.params)
        return merged


_EXPLICIT = {"config_enterprises": ("acme-corp",), "config_orgs": ("acme", "acme-labs")}
"""Scenarios about one org or the enterprise name them in the demo config, as an admin would."""
