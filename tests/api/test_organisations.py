import pytest
from django.test import Client
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.partners.models import Organisation
from tests.api.conftest import bearer
from tests.auth import sign_in
from tests.factories import OrganisationFactory
from tests.queries import assert_statements

pytestmark = pytest.mark.django_db


def create_organisations(count: int) -> None:
    with schema_context("zh"):
        OrganisationFactory.create_batch(count)


def test_a_member_lists_the_active_organisations_of_her_canton_only(
    zh_client: Client, alice: User, bob: User, zh_police: Organisation
) -> None:
    with schema_context("zh"):
        OrganisationFactory(name="Aufgelöster Verein", is_active=False)
    sign_in(zh_client, alice)
    body = zh_client.get("/api/v1/organisations/", HTTP_ACCEPT="application/json").json()
    names = [organisation["name"] for organisation in body["results"]]
    assert names == ["Kantonspolizei Zürich"]
    # The same address in the eCH-0010 shape (tests/partners/test_api_ech0010.py).
    assert body["results"][0].pop("ech0010")["addressInformation"]["country"]["countryIdISO2"] == "CH"
    assert body["results"][0] == {
        "id": zh_police.pk,
        "name": "Kantonspolizei Zürich",
        "short_name": "",
        "type": "cantonal_police",
        "group": "core",
        "level": "cantonal",
        "street": "",
        "house_number": "",
        "post_office_box": "",
        "postal_code": "",
        "town": "",
        "country": "CH",
        "phone": "",
        "email": "",
        "emergency_phone": "",
        "languages": [],
        "services": "",
        "cantons_served": [],
        "website": "",
        "correspondence_language": "",
        "specialised_in_trafficking": False,
    }


def test_a_member_reads_one_organisation(zh_client: Client, alice: User, zh_police: Organisation) -> None:
    sign_in(zh_client, alice)
    response = zh_client.get(f"/api/v1/organisations/{zh_police.pk}/")
    assert response.status_code == 200
    assert response.json()["name"] == "Kantonspolizei Zürich"


def test_an_organisation_of_another_canton_is_not_found(zh_client: Client, alice: User) -> None:
    with schema_context("ge"):
        geneva = OrganisationFactory(name="Police cantonale genevoise", pk=987654)
    sign_in(zh_client, alice)
    response = zh_client.get(f"/api/v1/organisations/{geneva.pk}/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_organisations_filter_by_type_and_group(zh_client: Client, alice: User) -> None:
    with schema_context("zh"):
        OrganisationFactory(name="FIZ", type=Organisation.Type.VICTIM_AID, group=Organisation.Group.CORE)
        OrganisationFactory(name="IOM Bern", type=Organisation.Type.IOM, group=Organisation.Group.ASSOCIATE)
    sign_in(zh_client, alice)
    by_type = zh_client.get("/api/v1/organisations/?type=victim_aid").json()["results"]
    by_group = zh_client.get("/api/v1/organisations/?group=associate").json()["results"]
    assert [o["name"] for o in by_type] == ["FIZ"]
    assert [o["name"] for o in by_group] == ["IOM Bern"]


def test_an_unknown_filter_value_is_a_400_problem_with_field_errors(zh_client: Client, alice: User) -> None:
    sign_in(zh_client, alice)
    response = zh_client.get("/api/v1/organisations/?type=secret_service")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert [error["field"] for error in response.json()["errors"]] == ["type"]


def test_organisations_are_paged_with_a_cursor(zh_client: Client, alice: User) -> None:
    create_organisations(4)
    sign_in(zh_client, alice)
    first = zh_client.get("/api/v1/organisations/?page_size=2").json()
    assert len(first["results"]) == 2
    assert first["next"]
    assert "cursor=" in first["next"]
    second = zh_client.get(first["next"]).json()
    third = zh_client.get(second["next"]).json()
    seen = [o["name"] for page in (first, second, third) for o in page["results"]]
    assert len(seen) == 5
    assert len(set(seen)) == 5
    assert third["next"] is None


def test_the_page_size_is_50_by_default(zh_client: Client, alice: User) -> None:
    create_organisations(60)
    sign_in(zh_client, alice)
    body = zh_client.get("/api/v1/organisations/").json()
    assert len(body["results"]) == 50
    assert body["next"]


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_costs_the_same_queries_for_1_and_50_organisations_for_a_member(
    zh_client: Client, alice: User, rows: int
) -> None:
    create_organisations(rows - 1)  # alice's own organisation is the first
    sign_in(zh_client, alice)
    # session, user (host, device and membership are remembered), organisations
    assert_statements(zh_client, "/api/v1/organisations/", 4, without_search_path=3, warm_up=False)


@pytest.mark.parametrize("rows", [1, 50])
def test_the_list_costs_the_same_queries_for_1_and_50_organisations_for_a_client(
    zh_client: Client, zh_token: str, rows: int
) -> None:
    create_organisations(rows - 1)
    # token with application, client with organisation, organisations (the host is remembered)
    assert_statements(zh_client, "/api/v1/organisations/", 4, without_search_path=3, warm_up=False, **bearer(zh_token))
