"""The list of providers, in report order. Imported lazily so `--help` stays fast."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib import import_module
from typing import TYPE_CHECKING

from aiusage_doctor.core.checks import Catalog, CheckSpec, Provider
from aiusage_doctor.core.labels import DESCRIBED, PROVIDER_LIST

if TYPE_CHECKING:  # a run without descriptor-built providers doesn't load core.descriptor
    from aiusage_doctor.core.descriptor import ProviderDescriptor


def _provider(pid: str) -> Provider:
    """A provider's checks: its module's PROVIDER, or its descriptor's for one built from a
    descriptor (core.labels.DESCRIBED)."""
    module = import_module(f"aiusage_doctor.providers.{pid}")
    return module.DESCRIPTOR.provider if pid in DESCRIBED else module.PROVIDER


def all_providers(names: Iterable[str] | None = None) -> list[Provider]:
    """Every provider in report order (core.labels.PROVIDER_LIST), or only those named (a
    run of one provider imports only that provider's module)."""
    wanted = None if names is None else set(names)
    return [_provider(pid) for pid in PROVIDER_LIST if wanted is None or pid in wanted]


@cache
def all_descriptors() -> list[ProviderDescriptor]:
    """The descriptor of every provider named in core.labels.DESCRIBED, in that order."""
    return [import_module(f"aiusage_doctor.providers.{pid}").DESCRIPTOR for pid in DESCRIBED]


def descriptor(provider: str) -> ProviderDescriptor | None:
    return next((d for d in all_descriptors() if d.id == provider), None)


def all_catalogs() -> list[Catalog]:
    return [p.catalog for p in all_providers()]


@cache
def _specs_by_id() -> dict[str, CheckSpec]:
    return {spec.id: spec for catalog in all_catalogs() for spec in catalog}


def spec_for(check_id: str) -> CheckSpec | None:
    """The catalog entry of a check id; None for an id this version doesn't know (a report
    written by another version can name one)."""
    return _specs_by_id().get(check_id)
