"""The main navigation: three groups, links by permission, the current section marked."""

import re

import pytest
from django_tenants.utils import schema_context

from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _nav(html: str) -> dict[str, list[str]]:
    """Group label -> the link texts in it."""
    nav = re.search(r'<nav class="nav"[^>]*>(.*?)</nav>', html, re.S)
    assert nav is not None
    groups = re.findall(r'<ul class="nav-group" aria-label="([^"]+)">(.*?)</ul>', nav.group(1), re.S)
    return {
        label: [re.sub(r"<[^>]+>|\s+\d+$", "", text).strip() for text in re.findall(r"<a [^>]*>(.*?)</a>", body, re.S)]
        for label, body in groups
    }


def test_casework_round_table_and_administration_are_apart() -> None:
    with schema_context("zh"):
        carla = MembershipFactory(role=Membership.Role.COORDINATOR, user__language="en").user
        adam = MembershipFactory(role=Membership.Role.CANTON_ADMIN, user__language="en").user
    page = sign_in(canton_client("zh"), carla).get("/cases/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    groups = _nav(page)
    assert list(groups) == ["Casework", "Round table"]
    assert groups["Casework"][:4] == ["My work", "Cases", "My deadlines", "Inbox"]
    assert "Workload" in groups["Casework"]
    # A coordinator working for a police corps sees its corps' operations (cases/operations/policy.py).
    assert "Operations" in groups["Casework"]
    assert groups["Round table"] == [
        "Round table", "Co-operation agreement", "Partner directory", "Statistics", "Victims' notices",
    ]  # fmt: skip
    admin = _nav(sign_in(canton_client("zh"), adam).get("/partners/").content.decode())
    assert admin["Administration"] == ["Deadline rules", "People", "Audit trail", "Webhooks"]
    assert "Statistics" in admin["Round table"]  # the canton's statistics: coordinators and administrators
    # The page's own section is marked for the eye and for screen readers.
    assert re.search(r'<a href="/cases/" aria-current="page">Cases</a>', page)


def test_a_caseworker_gets_no_administration_group_and_the_migration_office_its_queue() -> None:
    with schema_context("zh"):
        polly = MembershipFactory(organisation__type=Organisation.Type.CANTONAL_POLICE, user__language="en").user
        mia = MembershipFactory(organisation__type=Organisation.Type.MIGRATION_OFFICE, user__language="en").user
    polly_nav = _nav(sign_in(canton_client("zh"), polly).get("/partners/").content.decode())
    assert "Administration" not in polly_nav
    assert "Requests to decide" not in polly_nav["Casework"]
    assert "Workload" not in polly_nav["Casework"]
    assert "Statistics" not in polly_nav["Round table"]
    mia_nav = _nav(sign_in(canton_client("zh"), mia).get("/partners/").content.decode())
    assert "Requests to decide" in mia_nav["Casework"]
