"""What admins paste into the enterprise / organization / API URL fields, and what comes out."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiusage_doctor.core.inputs import (
    ORG_MAX_LEN,
    InputError,
    api_base,
    github_api_kind,
    graphql_url,
    is_valid_slug,
    parse_enterprise,
    parse_list,
    parse_org,
    web_base,
)

# --------------------------------------------------------------------------- examples


@pytest.mark.parametrize("raw", [
    "acme", " Acme ", "@acme", "ACME", '"acme"', "'acme'\n",
    "https://github.com/orgs/acme", "https://github.com/orgs/Acme/people/", "github.com/orgs/acme",
    "https://github.com/acme", "https://github.com/acme/some-repo", "https://www.github.com/acme",
    "https://github.com/organizations/acme/settings/copilot/policies",
    "https://api.github.com/orgs/acme", "https://api.github.com/orgs/acme/copilot/billing/seats",
    "https://octocorp.ghe.com/orgs/acme", "https://ghes.example.com/orgs/acme",
    "\u200bacme", "acme/",
])
def test_org_forms(raw):
    assert parse_org(raw) == "acme"


@pytest.mark.parametrize("raw", [
    "bigco", " BigCo ", "@bigco", "https://github.com/enterprises/bigco",
    "https://github.com/enterprises/bigco/settings", "github.com/enterprises/BigCo/ai-controls",
    "https://octocorp.ghe.com/enterprises/bigco", "https://api.github.com/enterprises/bigco/copilot/metrics",
])
def test_enterprise_forms(raw):
    assert parse_enterprise(raw) == "bigco"


@pytest.mark.parametrize(("raw", "message"), [
    ("acme corp", "'acme corp' has a space; GitHub org names can't contain spaces."),
    ("acme_corp", "'acme_corp' contains '_'; GitHub org names may only contain letters, digits and single hyphens."),
    ("-acme", "'-acme' starts or ends with a hyphen; GitHub org names can't."),
    ("acme-", "'acme-' starts or ends with a hyphen; GitHub org names can't."),
    ("ac--me", "'ac--me' has two hyphens in a row; GitHub org names can't."),
    ("a" * 40, f"'{'a' * 40}' is 40 characters long; GitHub org names are at most 39."),
    ("", "No organization name was given."),
    ("   ", "No organization name was given."),
    ("acme.com", "'acme.com' contains '.'; GitHub org names may only contain letters, digits and single hyphens."),
])
def test_bad_org_names_explain_themselves(raw, message):
    with pytest.raises(InputError) as info:
        parse_org(raw)
    assert str(info.value) == message
    assert isinstance(info.value, ValueError)


def test_org_field_refuses_enterprise_and_settings_urls():
    with pytest.raises(InputError, match="enterprise's address"):
        parse_org("https://github.com/enterprises/bigco")
    with pytest.raises(InputError, match="not an organization address"):
        parse_org("https://github.com/settings/tokens")
    with pytest.raises(InputError, match="not an organization address"):
        parse_org("https://github.com/")
    with pytest.raises(InputError, match="not an organization address"):
        parse_org("https://github.com/orgs/")


def test_enterprise_field_refuses_org_urls_and_bad_slugs():
    with pytest.raises(InputError, match="organization's address"):
        parse_enterprise("https://github.com/orgs/acme")
    with pytest.raises(InputError, match="not an enterprise address"):
        parse_enterprise("https://github.com/acme")
    with pytest.raises(InputError, match="has a space"):
        parse_enterprise("big co")
    with pytest.raises(InputError, match="No enterprise slug"):
        parse_enterprise(None)


def test_enterprise_slug_may_exceed_the_org_limit():
    assert parse_enterprise("a" * 60) == "a" * 60


def test_parse_list_splits_parses_and_dedupes():
    raw = "acme, beta gamma\nAcme;https://github.com/orgs/delta\n\n  @epsilon  "
    assert parse_list(raw) == ["acme", "beta", "gamma", "delta", "epsilon"]
    assert parse_list(["acme", "beta, gamma"]) == ["acme", "beta", "gamma"]
    assert parse_list("") == [] and parse_list(None) == []
    assert parse_list("bigco https://github.com/enterprises/other", parse=parse_enterprise) == ["bigco", "other"]


def test_parse_list_reports_every_bad_item():
    with pytest.raises(InputError) as info:
        parse_list("good, bad_one, -worse")
    assert "'bad_one' contains '_'" in str(info.value) and "'-worse' starts or ends" in str(info.value)


@pytest.mark.parametrize(("url", "kind", "api", "web", "graphql"), [
    ("https://api.github.com", "dotcom", "https://api.github.com", "https://github.com", "https://api.github.com/graphql"),
    ("https://api.github.com/", "dotcom", "https://api.github.com", "https://github.com", "https://api.github.com/graphql"),
    ("https://github.com", "dotcom", "https://api.github.com", "https://github.com", "https://api.github.com/graphql"),
    ("https://api.octocorp.ghe.com", "ghe_com", "https://api.octocorp.ghe.com", "https://octocorp.ghe.com",
     "https://api.octocorp.ghe.com/graphql"),
    ("octocorp.ghe.com", "ghe_com", "https://api.octocorp.ghe.com", "https://octocorp.ghe.com",
     "https://api.octocorp.ghe.com/graphql"),
    ("https://ghes.example.com/api/v3/", "ghes", "https://ghes.example.com/api/v3", "https://ghes.example.com",
     "https://ghes.example.com/api/graphql"),
    ("http://127.0.0.1:8765", "other", "http://127.0.0.1:8765", "http://127.0.0.1:8765", "http://127.0.0.1:8765/graphql"),
    ("https://api.proxy.example", "other", "https://api.proxy.example", "https://proxy.example", "https://api.proxy.example/graphql"),
])
def test_api_kinds_and_web_base(url, kind, api, web, graphql):
    assert github_api_kind(url) == kind
    assert api_base(url) == api
    assert web_base(url) == web
    assert graphql_url(url) == graphql


# --------------------------------------------------------------------------- properties

_ALNUM = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_chunk = st.text(alphabet=_ALNUM, min_size=1, max_size=8)
slugs = st.lists(_chunk, min_size=1, max_size=5).map("-".join).filter(lambda s: len(s) <= ORG_MAX_LEN)
_space = st.sampled_from(["", " ", "  ", "\t", "\n", " \n "])


def _wrap(slug: str, form: int, lead: str, trail: str, slash: bool) -> str:
    tail = "/" if slash else ""
    return lead + [
        slug,
        f"@{slug}",
        f"https://github.com/orgs/{slug}{tail}",
        f"github.com/orgs/{slug}{tail}",
        f"https://github.com/orgs/{slug}/people{tail}",
        f"https://github.com/organizations/{slug}/settings/copilot/policies{tail}",
        f"https://api.github.com/orgs/{slug}{tail}",
        f"https://octocorp.ghe.com/orgs/{slug}{tail}",
    ][form] + trail


@settings(max_examples=300)
@given(slugs, st.integers(min_value=0, max_value=7), _space, _space, st.booleans())
def test_any_valid_org_survives_any_wrapping(slug, form, lead, trail, slash):
    assert parse_org(_wrap(slug, form, lead, trail, slash)) == slug.lower()


@settings(max_examples=200)
@given(slugs, st.sampled_from(["{s}", "@{s}", "https://github.com/enterprises/{s}", "https://github.com/enterprises/{s}/settings",
                               "github.com/enterprises/{s}/", "https://x.ghe.com/enterprises/{s}/ai-controls"]), _space, _space)
def test_any_valid_enterprise_survives_any_wrapping(slug, template, lead, trail):
    assert parse_enterprise(lead + template.format(s=slug) + trail) == slug.lower()


@given(slugs)
def test_parsed_names_are_valid_and_idempotent(slug):
    name = parse_org(slug)
    assert is_valid_slug(name)
    assert parse_org(name) == name
    assert parse_org(f"https://github.com/orgs/{name}") == name


@given(st.lists(slugs, min_size=1, max_size=6), st.sampled_from([",", ", ", "\n", " ", ";", ",\n"]))
def test_parse_list_round_trip(names, sep):
    expected = list(dict.fromkeys(n.lower() for n in names))
    assert parse_list(sep.join(f"https://github.com/orgs/{n}" for n in names)) == expected


@given(st.text(max_size=60))
def test_parse_org_never_crashes_with_anything_but_input_error(raw):
    try:
        name = parse_org(raw)
    except InputError as exc:
        assert str(exc).endswith(".")
    else:
        assert is_valid_slug(name)


@given(st.text(alphabet=_ALNUM + "-", min_size=1, max_size=20).filter(
    lambda s: s.strip("-") == s and "--" not in s and s.lower() != "api"))  # api.ghe.com is the API host itself
def test_ghe_subdomains_map_between_api_and_web(sub):
    sub = sub.lower()
    assert web_base(f"https://api.{sub}.ghe.com") == f"https://{sub}.ghe.com"
    assert api_base(f"https://{sub}.ghe.com") == f"https://api.{sub}.ghe.com"
    assert github_api_kind(f"https://api.{sub}.ghe.com/") == "ghe_com"
