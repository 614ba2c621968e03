"""The directory over the API: coordinators write organisations, members read contacts and
the federal partners."""

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.api.actions import do_create_api_client
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation
from tests.api.conftest import bearer, obtain_token
from tests.auth import sign_in
from tests.factories import ContactPersonFactory, MembershipFactory
from tests.queries import assert_statements

pytestmark = pytest.mark.django_db

NEW_ORGANISATION = {
    "name": "Opferhilfe Winterthur", "type": "victim_aid", "group": "associate", "level": "cantonal",
    "postal_code": "8400", "town": "Winterthur", "languages": ["de"], "cantons_served": ["ZH"],
}  # fmt: skip


def test_a_coordinator_creates_and_updates_an_organisation(zh_client: Client, carla: User) -> None:
    sign_in(zh_client, carla)
    created = zh_client.post("/api/v1/organisations/", NEW_ORGANISATION, content_type="application/json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["town"], body["country"], body["languages"]) == ("Winterthur", "CH", ["de"])
    updated = zh_client.patch(
        f"/api/v1/organisations/{body['id']}/", {"phone": "052 000 00 00"}, content_type="application/json"
    )
    assert updated.status_code == 200
    assert updated.json()["phone"] == "052 000 00 00"
    with schema_context("zh"):
        assert Organisation.objects.get(pk=body["id"]).phone == "052 000 00 00"


def test_a_bad_postal_code_over_the_api_is_a_400_with_the_field(zh_client: Client, carla: User) -> None:
    sign_in(zh_client, carla)
    response = zh_client.post(
        "/api/v1/organisations/", {**NEW_ORGANISATION, "postal_code": "84000"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["postal_code"]


def test_a_plain_member_may_not_write_organisations(zh_client: Client, alice: User, zh_police: Organisation) -> None:
    sign_in(zh_client, alice)
    created = zh_client.post("/api/v1/organisations/", NEW_ORGANISATION, content_type="application/json")
    updated = zh_client.patch(f"/api/v1/organisations/{zh_police.pk}/", {"phone": "1"}, content_type="application/json")
    assert (created.status_code, updated.status_code) == (403, 403)


def test_a_canton_admin_without_the_directory_right_may_not_write_organisations(
    zh_client: Client, zh_police: Organisation
) -> None:
    with schema_context("zh"):
        admin = MembershipFactory(organisation=zh_police, role=Membership.Role.CANTON_ADMIN).user
    sign_in(zh_client, admin)
    created = zh_client.post("/api/v1/organisations/", NEW_ORGANISATION, content_type="application/json")
    assert created.status_code == 403
    with schema_context("zh"):
        assert not Organisation.objects.filter(name=NEW_ORGANISATION["name"]).exists()


def test_a_member_reads_the_contacts_of_an_organisation(
    zh_client: Client, alice: User, zh_police: Organisation
) -> None:
    with schema_context("zh"):
        contact = ContactPersonFactory(organisation=zh_police, name="Dora Duss")
    sign_in(zh_client, alice)
    body = zh_client.get(f"/api/v1/contacts/?organisation={zh_police.pk}").json()
    assert [c["name"] for c in body["results"]] == ["Dora Duss"]
    assert zh_client.get(f"/api/v1/contacts/{contact.pk}/").json()["organisation"] == zh_police.pk


@pytest.mark.parametrize("host", ["zh", "ge"])
def test_the_federal_partners_are_readable_in_every_canton(host: str, alice: User, bob: User) -> None:
    client = sign_in(Client(HTTP_HOST=f"{host}.localhost"), alice if host == "zh" else bob)
    body = client.get("/api/v1/federal-partners/").json()
    short_names = {partner["short_name"] for partner in body["results"]}
    assert {"fedpol FSMM", "SEM", "IOM Bern", "FIZ", "ASTRÉE", "Antenna MayDay", "Act212"} <= short_names
    sem = next(partner for partner in body["results"] if partner["short_name"] == "SEM")
    assert (sem["level"], sem["phone"], sem["contacts"]) == ("federal", "", [])


def test_the_federal_partners_cannot_be_written_over_the_api(zh_client: Client, carla: User) -> None:
    sign_in(zh_client, carla)
    response = zh_client.post("/api/v1/federal-partners/", {"name": "X"}, content_type="application/json")
    assert response.status_code == 405


def test_a_member_of_another_canton_finds_no_directory_endpoint(
    zh_client: Client, bob: User, zh_police: Organisation
) -> None:
    sign_in(zh_client, bob)
    for path in ("/api/v1/contacts/", "/api/v1/federal-partners/", "/api/v1/organisations/"):
        assert zh_client.get(path).status_code == 404, path
    created = zh_client.post("/api/v1/organisations/", NEW_ORGANISATION, content_type="application/json")
    assert created.status_code == 404


@pytest.mark.parametrize("rows", [1, 50])
def test_the_contact_list_costs_the_same_queries_for_1_and_50_contacts(
    zh_client: Client, alice: User, zh_police: Organisation, rows: int
) -> None:
    with schema_context("zh"):
        ContactPersonFactory.create_batch(rows, organisation=zh_police)
    sign_in(zh_client, alice)
    # session, user (host, device and membership are remembered), contacts
    assert_statements(zh_client, "/api/v1/contacts/", 4, without_search_path=3, warm_up=False)


def test_the_federal_partner_list_fetches_contacts_in_one_query(zh_client: Client, alice: User) -> None:
    sign_in(zh_client, alice)
    # session, user (host, device and membership are remembered), partners, their contacts
    assert_statements(zh_client, "/api/v1/federal-partners/", 5, without_search_path=4, warm_up=False)


def test_an_oauth2_client_reads_the_directory_but_may_not_write_it(zh_client: Client, zh_police: Organisation) -> None:
    with schema_context("zh"):
        api_client = do_create_api_client(organisation=zh_police, name="Polizei-Fallsystem", scopes=["directory"])
    token = obtain_token(zh_client, api_client).json()["access_token"]
    for path in ("/api/v1/organisations/", "/api/v1/contacts/", "/api/v1/federal-partners/"):
        assert zh_client.get(path, **bearer(token)).status_code == 200, path
    created = zh_client.post(
        "/api/v1/organisations/", NEW_ORGANISATION, content_type="application/json", **bearer(token)
    )
    assert created.status_code == 403
