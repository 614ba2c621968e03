"""A row written in one canton's schema does not exist for another canton."""

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from ksmm.partners.models import Organisation
from tests.auth import sign_in
from tests.factories import TEST_PASSWORD, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_row_written_in_zh_is_invisible_from_ge_through_the_orm() -> None:
    with schema_context("zh"):
        OrganisationFactory(name="Nur in Zürich")
        assert Organisation.objects.filter(name="Nur in Zürich").exists()
    with schema_context("ge"):
        assert not Organisation.objects.filter(name="Nur in Zürich").exists()
    with schema_context("public"), pytest.raises(Exception, match="does not exist"):
        Organisation.objects.filter(name="Nur in Zürich").exists()


def test_a_row_written_in_zh_is_invisible_from_ge_over_http(zh_client: Client, ge_client: Client) -> None:
    with schema_context("zh"):
        zh_member = MembershipFactory(organisation__name="Nur in Zürich").user
    with schema_context("ge"):
        ge_member = MembershipFactory(organisation__name="Seulement à Genève").user

    sign_in(zh_client, zh_member)
    zh_page = zh_client.get("/partners/").content.decode()
    assert "Nur in Zürich" in zh_page
    assert "Seulement à Genève" not in zh_page

    sign_in(ge_client, ge_member)
    ge_page = ge_client.get("/partners/").content.decode()
    assert "Seulement à Genève" in ge_page
    assert "Nur in Zürich" not in ge_page


def test_a_zh_member_is_nobody_on_the_ge_host(ge_client: Client) -> None:
    with schema_context("zh"):
        zh_member = MembershipFactory().user
    sign_in(ge_client, zh_member)
    assert ge_client.get("/partners/").status_code == 404


def test_the_session_cookie_is_host_only(zh_client: Client) -> None:
    with schema_context("zh"):
        member = MembershipFactory().user
    response = zh_client.post("/accounts/login/", {"username": member.email, "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert response.cookies["sessionid"]["domain"] == ""
