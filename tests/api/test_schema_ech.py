"""The OpenAPI schema names the eCH shapes as components, citing standard and version, and
places them where the API serves them."""

from typing import Any

import pytest
from django.test import Client
from drf_spectacular.validation import validate_schema

from ksmm.accounts.models import User
from tests.auth import sign_in

pytestmark = pytest.mark.django_db

COMPONENTS = {
    "ECH0044PersonIdentification": "eCH-0044 v4.1",
    "ECH0044DatePartiallyKnown": "eCH-0044 v4.1",
    "ECH0044NamedPersonId": "eCH-0044 v4.1",
    "ECH0011NationalityData": "eCH-0011 v8.1",
    "ECH0010AddressInformation": "eCH-0010 v6.0",
    "ECH0010OrganisationMailAddress": "eCH-0010 v6.0",
    "ECH0006ResidencePermit": "eCH-0006 v2.0",
    "ECH0006PermitInputRequest": "eCH-0006 v2.0",
}


def _schema(client: Client, user: User) -> dict[str, Any]:
    sign_in(client, user)
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema: dict[str, Any] = response.json()
    validate_schema(schema)
    return schema


def test_the_schema_has_a_component_per_ech_shape_citing_its_standard(zh_client: Client, alice: User) -> None:
    components = _schema(zh_client, alice)["components"]["schemas"]
    for name, standard in COMPONENTS.items():
        assert name in components, name
        assert standard in components[name]["description"], name


def _ref(schema: dict[str, Any], component: str, field: str) -> str:
    prop = schema["components"]["schemas"][component]["properties"][field]
    return str(prop.get("$ref") or prop["allOf"][0]["$ref"])


def test_the_identity_the_permits_and_the_directory_point_at_the_ech_components(zh_client: Client, alice: User) -> None:
    schema = _schema(zh_client, alice)
    assert _ref(schema, "Identity", "ech0044").endswith("/ECH0044Person")
    assert _ref(schema, "Identity", "ech0011").endswith("/ECH0011Person")
    assert _ref(schema, "IdentityRequest", "ech0044").endswith("/ECH0044PersonRequest")
    assert _ref(schema, "IntakeRequest", "ech0044").endswith("/ECH0044PersonRequest")
    assert _ref(schema, "PermitRequest", "ech0006").endswith("/ECH0006ResidencePermit")
    assert _ref(schema, "PermitRequestInputRequest", "ech0006").endswith("/ECH0006PermitInputRequest")
    assert _ref(schema, "PermitDecisionRequest", "ech0006").endswith("/ECH0006PermitInputRequest")
    assert _ref(schema, "Organisation", "ech0010").endswith("/ECH0010OrganisationMailAddress")
    assert _ref(schema, "OrganisationRequest", "ech0010").endswith("/ECH0010OrganisationMailAddressRequest")
    assert _ref(schema, "FederalPartner", "ech0010").endswith("/ECH0010OrganisationMailAddress")
