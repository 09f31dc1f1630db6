"""Contract: the simulator's Anthropic answers validate against the official SDK's types.

The `anthropic` Python SDK (pinned in the test extra) is generated from Anthropic's API
description, so its response models are the closest thing to a published schema. Every
body the simulator returns for an endpoint the product calls is validated with the
SDK model for that endpoint; a simulator that drifts from Anthropic's shapes fails here,
before a provider is tested against a fiction.

The Claude Code usage report (`/v1/organizations/usage_report/claude_code`) has no SDK
type in the pinned version: it is checked against the example in Anthropic's docs
instead (test_documented_examples.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import anthropic  # a test dependency (pyproject's test extra): missing means a broken setup, not a skip
import httpx
import pydantic
import pytest
from anthropic.types import OrganizationInfo
from anthropic.types.organization import AnalyticsUserActivity, OrganizationUser
from anthropic.types.organization.api_key import APIKey

from aiusage_doctor.sim import Simulator

PINNED = "2.17.0"
"""The SDK version these contracts were written against (pyproject's test extra pins it)."""


def test_the_pinned_sdk_is_the_one_installed():
    assert anthropic.__version__ == PINNED


def _get(sim: Simulator, path: str, **params: Any) -> dict[str, Any]:
    resp = httpx.get(sim.base_urls["anthropic"] + path, params=params, timeout=10,
                     headers={"x-api-key": sim.secrets["anthropic"], "anthropic-version": "2023-06-01"})
    assert resp.status_code == 200, resp.text
    return resp.json()


@pytest.fixture(scope="module")
def admin_sim() -> Iterator[Simulator]:
    with Simulator("healthy") as sim:
        yield sim


@pytest.fixture(scope="module")
def enterprise_sim() -> Iterator[Simulator]:
    with Simulator("claude-enterprise-analytics") as sim:
        yield sim


def _list_page(body: dict[str, Any], model: type[pydantic.BaseModel]) -> list[pydantic.BaseModel]:
    """A list page: `data` items of `model`, with has_more / first_id / last_id."""
    assert isinstance(body["has_more"], bool)
    assert all(key in body for key in ("first_id", "last_id"))
    return [model.model_validate(item) for item in body["data"]]


def test_organizations_me_is_an_organization_info(admin_sim):
    org = OrganizationInfo.model_validate(_get(admin_sim, "/v1/organizations/me"))
    assert org.type == "organization"


def test_organizations_users_is_a_page_of_organization_users(admin_sim):
    users = _list_page(_get(admin_sim, "/v1/organizations/users", limit=100), OrganizationUser)
    assert users


def test_organizations_api_keys_is_a_page_of_api_keys(admin_sim):
    keys = _list_page(_get(admin_sim, "/v1/organizations/api_keys", limit=100, status="active"), APIKey)
    assert keys


def test_enterprise_analytics_users_is_a_page_of_user_activity(enterprise_sim):
    from datetime import UTC, datetime, timedelta

    day = (datetime.now(UTC) - timedelta(days=5)).date().isoformat()
    body = _get(enterprise_sim, "/v1/organizations/analytics/users", date=day, limit=1000)
    assert "next_page" in body
    rows = [AnalyticsUserActivity.model_validate(item) for item in body["data"]]
    assert rows


@pytest.mark.parametrize(("model", "body"), [
    (OrganizationInfo, {"id": "4f1c2b9e", "name": "Acme Corp"}),  # `type` missing
    (OrganizationInfo, {"id": "4f1c2b9e", "name": "Acme Corp", "type": "workspace"}),  # wrong literal
    (OrganizationUser, {"id": "user_01", "type": "user", "email": "a@b.c", "name": "A", "role": "admin"}),  # no added_at
])
def test_the_sdk_models_refuse_a_body_that_drifted(model, body):
    """These contracts can fail: the SDK models reject missing fields and wrong literals."""
    with pytest.raises(pydantic.ValidationError):
        model.model_validate(body)
