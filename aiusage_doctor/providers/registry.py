"""The list of providers, in report order. Imported lazily so `--help` stays fast."""

from __future__ import annotations

from aiusage_doctor.core.checks import Catalog, Provider


def all_providers() -> list[Provider]:
    from aiusage_doctor.providers import anthropic, cursor, github

    return [github.PROVIDER, cursor.PROVIDER, anthropic.PROVIDER]


def all_catalogs() -> list[Catalog]:
    return [p.catalog for p in all_providers()]
