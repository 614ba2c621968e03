"""The directory's postal addresses in the eCH-0010 v6.0 shape: read next to the plain fields,
accepted as input instead of them, refused where the two disagree."""

from typing import Any

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.partners.ech0010 import organisation_name
from ksmm.partners.models import Organisation
from tests.auth import sign_in
from tests.partners.test_api import NEW_ORGANISATION

pytestmark = pytest.mark.django_db

JSON = "application/json"
ADDRESS = {"name": "Fachstelle Zürich", "type": "ngo", "group": "associate", "level": "cantonal"}


def _post(client: Client, body: dict[str, Any]) -> Any:
    return client.post("/api/v1/organisations/", body, content_type=JSON, HTTP_ACCEPT_LANGUAGE="en")


def _fields(response: Any) -> list[str]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    return [error["field"] for error in response.json()["errors"]]


def test_an_organisation_written_in_the_ech_shape_reads_back_the_same_in_both(zh_client: Client, carla: User) -> None:
    sign_in(zh_client, carla)
    address = {"street": "Badenerstrasse", "houseNumber": "12a", "postOfficeBoxText": "Postfach",
               "swissZipCode": 8004, "town": "Zürich", "country": {"countryIdISO2": "CH"}}  # fmt: skip
    created = _post(zh_client, {**ADDRESS, "ech0010": {"addressInformation": address}})
    assert created.status_code == 201, created.content
    body = zh_client.get(f"/api/v1/organisations/{created.json()['id']}/").json()
    assert body == created.json()
    assert (body["street"], body["house_number"], body["post_office_box"], body["postal_code"], body["town"]) == (
        "Badenerstrasse", "12a", "Postfach", "8004", "Zürich",
    )  # fmt: skip
    # The country's short name follows the reader's language.
    information = body["ech0010"]["addressInformation"]
    assert information.pop("country")["countryNameShort"] in {"Switzerland", "Schweiz", "Suisse", "Svizzera"}
    assert body["ech0010"]["organisation"] == {
        "organisationName": "Fachstelle Zürich", "organisationNameAddOn1": "", "organisationNameAddOn2": "",
    }  # fmt: skip
    assert information == {**{key: value for key, value in address.items() if key != "country"}, "foreignZipCode": ""}


def test_a_foreign_address_takes_a_foreign_zip_code(zh_client: Client, carla: User) -> None:
    sign_in(zh_client, carla)
    address = {"town": "Milano", "foreignZipCode": "20121", "country": {"countryIdISO2": "IT"}}
    created = _post(zh_client, {**ADDRESS, "ech0010": {"addressInformation": address}})
    assert created.status_code == 201, created.content
    assert (created.json()["postal_code"], created.json()["country"]) == ("20121", "IT")
    assert created.json()["ech0010"]["addressInformation"]["swissZipCode"] is None
    assert created.json()["ech0010"]["addressInformation"]["foreignZipCode"] == "20121"


def test_a_plain_organisation_is_served_in_the_ech_shape(zh_client: Client, carla: User) -> None:
    sign_in(zh_client, carla)
    created = _post(zh_client, NEW_ORGANISATION).json()
    information = created["ech0010"]["addressInformation"]
    assert (information["swissZipCode"], information["town"], information["country"]["countryIdISO2"]) == (
        8400, "Winterthur", "CH",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("address", "field"),
    [
        ({"swissZipCode": 999, "town": "Bern", "country": {"countryIdISO2": "CH"}}, "swissZipCode"),
        ({"swissZipCode": 10000, "town": "Bern", "country": {"countryIdISO2": "CH"}}, "swissZipCode"),
        ({"swissZipCode": 8004, "town": "Milano", "country": {"countryIdISO2": "IT"}}, "swissZipCode"),
        ({"foreignZipCode": "20121", "town": "Bern", "country": {"countryIdISO2": "CH"}}, "foreignZipCode"),
        ({"town": "Bern", "country": {"countryIdISO2": "XX"}}, "countryIdISO2"),
        ({"town": "Bern", "country": {"countryIdISO2": "che"}}, "countryIdISO2"),
        ({"town": "x" * 41, "country": {"countryIdISO2": "CH"}}, "town"),
        ({"street": "x" * 61, "town": "Bern", "country": {"countryIdISO2": "CH"}}, "street"),
        ({"houseNumber": "x" * 13, "town": "Bern", "country": {"countryIdISO2": "CH"}}, "houseNumber"),
        ({"country": {"countryIdISO2": "CH"}}, "town"),
        ({"town": "Bern"}, "country"),
    ],
)
def test_a_bad_ech0010_address_is_a_problem_document_naming_the_field(
    zh_client: Client, carla: User, address: dict[str, Any], field: str
) -> None:
    sign_in(zh_client, carla)
    fields = _fields(_post(zh_client, {**ADDRESS, "ech0010": {"addressInformation": address}}))
    assert any(name.startswith("ech0010.addressInformation") and name.endswith(field) for name in fields), fields


def test_a_plain_address_that_disagrees_with_the_ech_one_is_refused(zh_client: Client, carla: User) -> None:
    sign_in(zh_client, carla)
    address = {"swissZipCode": 8004, "town": "Zürich", "country": {"countryIdISO2": "CH"}}
    body = {**ADDRESS, "postal_code": "8400", "town": "Zürich", "ech0010": {"addressInformation": address}}
    assert _fields(_post(zh_client, body)) == ["postal_code"]
    with schema_context("zh"):
        assert not Organisation.objects.filter(name=ADDRESS["name"]).exists()


def test_a_member_may_not_write_an_address_in_the_ech_shape(
    zh_client: Client, alice: User, zh_police: Organisation
) -> None:
    sign_in(zh_client, alice)
    address = {"swissZipCode": 8004, "town": "Zürich", "country": {"countryIdISO2": "CH"}}
    response = zh_client.patch(
        f"/api/v1/organisations/{zh_police.pk}/", {"ech0010": {"addressInformation": address}}, content_type=JSON
    )
    assert response.status_code == 403


def test_the_federal_partners_carry_their_address_in_the_ech_shape(zh_client: Client, alice: User) -> None:
    sign_in(zh_client, alice)
    partners = zh_client.get("/api/v1/federal-partners/").json()["results"]
    assert partners, "the federal partners are seeded with the public schema"
    for partner in partners:
        lines = partner["ech0010"]["organisation"]
        assert all(len(line) <= 60 for line in lines.values())
        assert " ".join(line for line in lines.values() if line) == " ".join(partner["name"].split())
        assert partner["ech0010"]["addressInformation"]["town"] == partner["town"]


def test_a_long_organisation_name_is_broken_into_the_ech_add_on_lines() -> None:
    name = "Fachstelle für Frauenhandel und Frauenmigration " * 3
    lines = organisation_name(name.strip())
    assert list(lines) == ["organisationName", "organisationNameAddOn1", "organisationNameAddOn2"]
    assert all(len(line) <= 60 for line in lines.values())
    assert " ".join(lines.values()) == name.strip()
