"""Which usage-metrics checks are still to finish, so the report-download probe is
scheduled once per report host (or as a skip that says why no link was found).
"""

from __future__ import annotations

import asyncio

from collections.abc import Sequence

from aiusage_doctor.core.checks import CheckContext, CheckFn, Outcome, PlannedCheck
from aiusage_doctor.core.http import host_of
from aiusage_doctor.providers.github.catalog import AUTH_NEED, CATALOG, F_LINKS, ID_DOWNLOAD
from aiusage_doctor.providers.github.common import _expected_report_host, _site
from aiusage_doctor.providers.github.links import MAX_DOWNLOAD_HOSTS
from aiusage_doctor.providers.github.download import _no_report_link, check_reports_download


# ==================================================================== report-link watch


class _ReportWatch:
    """Which usage-metrics checks are still to finish in this run.

    A usage check that finds a report schedules the download probe for that report's host.
    When every usage check is done (or was blocked) and none found a link, a download
    check is still added, as a skip that says why, so the report always shows the row.
    """

    DISCOVERY = "discovery"

    def __init__(self, targets: Sequence[str], discovering: bool) -> None:
        self.pending: set[str] = set(targets)
        if discovering:
            self.pending.add(self.DISCOVERY)
        self.hosts: dict[str, str] = {}
        self.unprobed = 0
        """Links on further hosts beyond MAX_DOWNLOAD_HOSTS (counted, not probed)."""
        self.closed = False

    def expect(self, targets: Sequence[str]) -> None:
        if not self.closed:
            self.pending |= set(targets)

    def found(self, ctx: CheckContext, usage_id: str, links: Sequence[str]) -> None:
        new: list[PlannedCheck] = []
        for link in links:
            host = host_of(link)
            if not host or host in self.hosts:
                continue
            if len(self.hosts) >= MAX_DOWNLOAD_HOSTS:
                self.unprobed += 1
                continue
            self.hosts[host] = link
            new.append(
                PlannedCheck(
                    CATALOG[ID_DOWNLOAD],
                    check_reports_download,
                    target=f"host:{host}",
                    needs=((usage_id, ctx.target),),
                    params={"link": link, "source": ctx.target},
                    order_hint=len(self.hosts),
                )
            )
        if new:
            ctx.schedule(new)

    def settle(self, ctx: CheckContext, *targets: str, everything: bool = False) -> None:
        if self.closed:
            return
        if everything:
            self.pending.clear()
        else:
            self.pending.difference_update(targets)
        if self.pending:
            return
        self.closed = True
        if not self.hosts:
            host = _expected_report_host(_site(ctx.config))
            ctx.schedule(
                [PlannedCheck(CATALOG[ID_DOWNLOAD], _no_report_link, target=f"host:{host}", needs=AUTH_NEED)]
            )


def _watch(ctx: CheckContext) -> _ReportWatch | None:
    return ctx.params.get("watch")


def _gate(fn: CheckFn, *, everything: bool = False) -> CheckFn:
    """A prerequisite of usage checks: when it doesn't pass, those checks will be skipped,
    so tell the watch not to wait for them."""

    async def run(ctx: CheckContext) -> Outcome:
        ok = cancelled = False
        try:
            outcome = await fn(ctx)
            ok = outcome.status.is_passing
            return outcome
        except asyncio.CancelledError:
            cancelled = True  # the run is stopping: nothing may be scheduled after it
            raise
        finally:
            watch = _watch(ctx)
            if watch is not None and not ok and not cancelled:
                watch.settle(ctx, ctx.target, everything=everything)

    run.__name__ = fn.__name__
    run.__doc__ = fn.__doc__
    return run


def _usage(usage_id: str, fn: CheckFn) -> CheckFn:
    """A usage-metrics check: schedule the download probe for the links it found."""

    async def run(ctx: CheckContext) -> Outcome:
        watch = _watch(ctx)
        cancelled = False
        try:
            outcome = await fn(ctx)
            links = ctx.facts.get(F_LINKS, {}).get(ctx.target, [])
            if watch is not None and links and outcome.status.is_passing:
                watch.found(ctx, usage_id, links)
            return outcome
        except asyncio.CancelledError:
            cancelled = True  # the run is stopping: nothing may be scheduled after it
            raise
        finally:
            if watch is not None and not cancelled:
                watch.settle(ctx, ctx.target)

    run.__name__ = fn.__name__
    run.__doc__ = fn.__doc__
    return run


