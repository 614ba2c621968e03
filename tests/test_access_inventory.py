"""Every route is in the inventory, and no route serves a password-only session."""

import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django_tenants.utils import schema_context

from ksmm.memberships.models import Membership
from tests.access_inventory import INVENTORY, PASSWORD_STEP, PUBLIC, TOKEN
from tests.auth import sign_in
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

SAMPLE_VALUES = {"int": "1", "str": "sample", "slug": "sample", "uuid": "00000000-0000-0000-0000-000000000000"}


def walk(patterns: list[URLPattern | URLResolver], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            yield namespace + (pattern.name or str(pattern.pattern)), prefix + str(pattern.pattern)


def routes(urlconf: str) -> dict[str, str]:
    return dict(walk(get_resolver(urlconf).url_patterns))


def sample_path(pattern: str) -> str:
    path = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_VALUES.get(m.group(1) or "str", "sample"), pattern)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)  # DRF router patterns are regular expressions
    return "/" + path.replace("^", "").replace("$", "").replace("\\", "")


@pytest.mark.parametrize("urlconf", sorted(INVENTORY))
def test_every_route_is_listed_in_the_access_inventory(urlconf: str) -> None:
    resolved = set(routes(urlconf))
    listed = set(INVENTORY[urlconf])
    assert resolved - listed == set(), f"routes without an entry in tests/access_inventory.py: {resolved - listed}"
    assert listed - resolved == set(), f"inventory entries without a route: {listed - resolved}"


def canton_route_cases() -> list[tuple[str, str]]:
    protected = {PUBLIC, PASSWORD_STEP, TOKEN}
    return [
        (name, path)
        for name, path in routes("config.urls_canton").items()
        if INVENTORY["config.urls_canton"].get(name, "unlisted") not in protected
    ]


@pytest.mark.parametrize(("name", "pattern"), canton_route_cases())
def test_a_password_only_session_gets_no_page_and_no_endpoint(name: str, pattern: str) -> None:
    with schema_context("zh"):
        admin = MembershipFactory(role=Membership.Role.CANTON_ADMIN).user
    client = sign_in(Client(HTTP_HOST="zh.localhost"), admin, verified=False)
    for method in (client.get, client.post):
        response = method(sample_path(pattern))
        # 415: the API refuses a form body before it would look at the session; no data either way.
        assert response.status_code in {301, 302, 401, 403, 404, 405, 415}, (
            name,
            method.__name__,
            response.status_code,
        )
        if response.status_code in {301, 302}:
            assert "/accounts/login/" in response["Location"], name


@pytest.mark.parametrize(("name", "pattern"), canton_route_cases())
def test_an_outsider_from_another_canton_gets_404_everywhere(name: str, pattern: str) -> None:
    with schema_context("ge"):
        ge_admin = MembershipFactory(role=Membership.Role.CANTON_ADMIN).user
    client = sign_in(Client(HTTP_HOST="zh.localhost"), ge_admin)
    assert client.get(sample_path(pattern)).status_code == 404, name
