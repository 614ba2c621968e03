"""The identity of a case in the eCH shapes (eCH-0044, eCH-0011) over the API: written in either
shape, read back in both, refused where the two disagree, and served only where the plain
identity fields are, with the same audit of the read."""

from typing import Any

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from cases import grants
from cases.identity import IdentityData, do_save_identity
from cases.models import Case, Identity
from ksmm.audit.models import AuditEntry
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.queries import assert_statements

from .conftest import Cast
from .test_api_scopes import system_of

pytestmark = pytest.mark.django_db

JSON = "application/json"

ANNA = {
    "personIdentification": {
        # In the stored order (by category: PASSPORT before ZEMIS).
        "otherPersonId": [
            {"personIdCategory": "OT.PASSPORT", "personId": "RO-9911"},
            {"personIdCategory": "CH.ZEMIS", "personId": "12345678.9"},
        ],
        "officialName": "Muster",
        "firstName": "Anna",
        "sex": "2",
        "dateOfBirth": {"yearMonth": "1990-04"},
    }
}
ROMANIA = {"nationalityData": {"nationalityStatus": "2", "countryInfo": [{"country": {"countryIdISO2": "RO"}}]}}


def _client(user: object) -> Client:
    return sign_in(canton_client("zh"), user)  # type: ignore[arg-type]


def _put(client: Client, case: Case, body: dict[str, Any], **extra: str) -> Any:
    return client.put(f"/api/v1/cases/{case.pk}/identity/", body, content_type=JSON, **extra)


def _errors(response: Any) -> dict[str, str]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    return {error["field"]: error["detail"] for error in response.json()["errors"]}


def test_an_identity_written_in_the_ech_shape_reads_back_the_same_in_both_shapes(cast: Cast, rosa: Case) -> None:
    police = _client(cast.polly)
    written = _put(police, rosa, {"ech0044": ANNA, "ech0011": ROMANIA})
    assert written.status_code == 200, written.content
    body = police.get(f"/api/v1/cases/{rosa.pk}/identity/").json()
    assert body == written.json()
    person = body["ech0044"]["personIdentification"]
    assert person["localPersonId"] == {"personIdCategory": "CH.KSMM", "personId": rosa.case_number}
    assert {key: value for key, value in person.items() if key != "localPersonId"} == ANNA["personIdentification"]
    assert body["ech0011"]["nationalityData"]["countryInfo"][0]["country"]["countryIdISO2"] == "RO"
    assert body["ech0011"]["nationalityData"]["countryInfo"][0]["country"]["countryNameShort"] == "Romania"
    assert (body["official_name"], body["first_name"], body["sex"], body["date_of_birth"], body["nationality"]) == (
        "Muster", "Anna", "2", "1990-04", "RO",
    )  # fmt: skip
    assert body["identifiers"] == [
        {"category": "PASSPORT", "value": "RO-9911"},
        {"category": "ZEMIS", "value": "12345678.9"},
    ]


def test_an_identity_written_in_plain_fields_is_served_in_the_ech_shape_too(cast: Cast, rosa: Case) -> None:
    police = _client(cast.polly)
    plain = {"official_name": "Popescu", "first_name": "Rosa", "sex": "1", "date_of_birth": "2001-02-03",
             "identifiers": [{"category": "N", "value": "N 123 456"}]}  # fmt: skip
    assert _put(police, rosa, plain).status_code == 200
    body = police.get(f"/api/v1/cases/{rosa.pk}/identity/").json()
    assert body["ech0044"]["personIdentification"]["otherPersonId"] == [
        {"personIdCategory": "CH.ZEMIS.N", "personId": "N 123 456"}
    ]
    assert body["ech0044"]["personIdentification"]["dateOfBirth"] == {"yearMonthDay": "2001-02-03"}
    assert body["ech0011"] == {"nationalityData": {"nationalityStatus": "0", "countryInfo": []}}


@pytest.mark.parametrize("sex", ["1", "2", "3"])
def test_each_ech0044_sex_code_is_the_stored_sex(cast: Cast, rosa: Case, sex: str) -> None:
    police = _client(cast.polly)
    response = _put(police, rosa, {"ech0044": {"personIdentification": {"sex": sex}}})
    assert response.status_code == 200, response.content
    assert response.json()["sex"] == sex
    assert response.json()["ech0044"]["personIdentification"]["sex"] == sex


@pytest.mark.parametrize(
    ("choice", "stored"),
    [({"year": "1990"}, "1990"), ({"yearMonth": "1990-04"}, "1990-04"), ({"yearMonthDay": "1990-04-17"}, "1990-04-17")],
)
def test_a_partly_known_date_of_birth_maps_to_its_precision(
    cast: Cast, rosa: Case, choice: dict[str, str], stored: str
) -> None:
    response = _put(_client(cast.polly), rosa, {"ech0044": {"personIdentification": {"dateOfBirth": choice}}})
    assert response.status_code == 200, response.content
    assert response.json()["date_of_birth"] == stored
    assert response.json()["ech0044"]["personIdentification"]["dateOfBirth"] == choice


def test_plain_fields_and_ech_objects_that_agree_are_accepted(cast: Cast, rosa: Case) -> None:
    body = {"official_name": "Muster", "first_name": "Anna", "sex": "2", "date_of_birth": "1990-04",
            "nationality": "RO", "ech0044": ANNA, "ech0011": ROMANIA,
            "identifiers": [{"category": "ZEMIS", "value": "12345678.9"},
                            {"category": "PASSPORT", "value": "RO-9911"}]}  # fmt: skip
    assert _put(_client(cast.polly), rosa, body).status_code == 200


def test_plain_fields_and_ech_objects_that_disagree_are_refused_field_by_field(cast: Cast, rosa: Case) -> None:
    body = {"official_name": "Other", "first_name": "Anna", "sex": "1", "nationality": "BG",
            "ech0044": ANNA, "ech0011": ROMANIA}  # fmt: skip
    errors = _errors(_put(_client(cast.polly), rosa, body, HTTP_ACCEPT_LANGUAGE="en"))
    assert errors == dict.fromkeys(["official_name", "sex", "nationality"], "The eCH object and this field disagree.")
    with schema_context("zh"):
        assert not Identity.objects.filter(case=rosa).exists()


@pytest.mark.parametrize(
    ("person", "field"),
    [
        ({"sex": "4"}, "ech0044.personIdentification.sex"),
        ({"sex": 2.5}, "ech0044.personIdentification.sex"),
        ({"officialName": "x" * 101}, "ech0044.personIdentification.officialName"),
        ({"firstName": "x" * 101}, "ech0044.personIdentification.firstName"),
        ({"dateOfBirth": {"year": "2999"}}, "ech0044.personIdentification.dateOfBirth"),
        ({"dateOfBirth": {"yearMonthDay": "1990-02-30"}}, "ech0044.personIdentification.dateOfBirth"),
        ({"dateOfBirth": {"yearMonth": "1990-13"}}, "ech0044.personIdentification.dateOfBirth"),
        ({"dateOfBirth": {"year": "90"}}, "ech0044.personIdentification.dateOfBirth.year"),
        ({"dateOfBirth": {"year": "\u0661\u0669\u0669\u0660"}}, "ech0044.personIdentification.dateOfBirth.year"),
        ({"dateOfBirth": {"year": "1990", "yearMonth": "1990-04"}}, "ech0044.personIdentification.dateOfBirth"),
        ({"dateOfBirth": {}}, "ech0044.personIdentification.dateOfBirth"),
        ({"dateOfBirth": "1990"}, "ech0044.personIdentification.dateOfBirth"),
        (
            {"otherPersonId": [{"personIdCategory": "CH.AHV", "personId": "1"}]},
            "ech0044.personIdentification.otherPersonId.0.personIdCategory",
        ),
        (
            {"otherPersonId": [{"personIdCategory": "CH.ZEMIS", "personId": "1" * 37}]},
            "ech0044.personIdentification.otherPersonId.0.personId",
        ),
        ([], "ech0044.personIdentification"),
    ],
)
def test_bad_ech0044_input_is_a_problem_document_naming_the_field(
    cast: Cast, rosa: Case, person: Any, field: str
) -> None:
    errors = _errors(_put(_client(cast.polly), rosa, {"ech0044": {"personIdentification": person}}))
    assert field in errors, errors


@pytest.mark.parametrize(
    ("nationality", "field"),
    [
        ({"nationalityStatus": "2", "countryInfo": [{"country": {"countryIdISO2": "XX"}}]}, "countryIdISO2"),
        ({"nationalityStatus": "2", "countryInfo": [{"country": {"countryIdISO2": "ro"}}]}, "countryIdISO2"),
        ({"nationalityStatus": "2", "countryInfo": [{"country": {"countryIdISO2": "ROU"}}]}, "countryIdISO2"),
        ({"nationalityStatus": "1"}, "ech0011.nationalityData.nationalityStatus"),
        ({"nationalityStatus": "2"}, "ech0011.nationalityData"),
        ({"nationalityStatus": "0", "countryInfo": [{"country": {"countryIdISO2": "RO"}}]}, "ech0011.nationalityData"),
    ],
)
def test_bad_ech0011_input_is_a_problem_document(cast: Cast, rosa: Case, nationality: Any, field: str) -> None:
    errors = _errors(_put(_client(cast.polly), rosa, {"ech0011": {"nationalityData": nationality}}))
    assert any(name.endswith(field) for name in errors), errors


def test_an_unknown_nationality_in_the_ech_shape_clears_the_stored_one(cast: Cast, rosa: Case) -> None:
    police = _client(cast.polly)
    assert _put(police, rosa, {"nationality": "RO"}).json()["nationality"] == "RO"
    cleared = _put(police, rosa, {"ech0011": {"nationalityData": {"nationalityStatus": "0"}}})
    assert cleared.json()["nationality"] == ""


def test_an_intake_in_the_ech_shape_stores_the_identity(cast: Cast) -> None:
    response = _client(cast.polly).post(
        "/api/v1/cases/",
        {"pseudonym": "Amira", "opened_on": "2026-03-02", "source": "hotline", "exploitation_type": "labour",
         "place_of_exploitation": "abroad", "ech0044": ANNA, "ech0011": ROMANIA},
        content_type=JSON,
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert "ech0044" not in body and "official_name" not in body
    with schema_context("zh"):
        identity = Identity.objects.get(case_id=body["id"])
        stored = (
            identity.official_name,
            identity.first_name,
            identity.sex,
            identity.date_of_birth,
            identity.nationality,
        )
        identifiers = sorted(identity.identifiers.values_list("category", "value"))
    assert stored == ("Muster", "Anna", "2", "1990-04", "RO")
    assert identifiers == [("PASSPORT", "RO-9911"), ("ZEMIS", "12345678.9")]


def test_an_intake_whose_plain_name_and_ech_name_disagree_opens_no_case(cast: Cast) -> None:
    with schema_context("zh"):
        before = Case.objects.count()
    response = _client(cast.polly).post(
        "/api/v1/cases/",
        {"pseudonym": "Amira", "opened_on": "2026-03-02", "source": "hotline", "exploitation_type": "labour",
         "place_of_exploitation": "abroad", "official_name": "Other", "ech0044": ANNA},
        content_type=JSON, HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert _errors(response) == {"official_name": "The eCH object and this field disagree."}
    with schema_context("zh"):
        assert Case.objects.count() == before


@pytest.fixture
def rosa_named(rosa: Case) -> Case:
    with schema_context("zh"):
        do_save_identity(acting_user=None, case=rosa, data=IdentityData(official_name="Popescu", first_name="Rosa"))
    return rosa


def test_a_reader_without_the_identity_grant_gets_no_ech_names(cast: Cast, rosa_named: Case) -> None:
    client, token = system_of(cast, "core", "identity")
    identity = client.get(f"/api/v1/cases/{rosa_named.pk}/identity/", **token)
    assert identity.json()["ech0044"]["personIdentification"]["officialName"] == "Popescu"
    with schema_context("zh"):
        grants.set_grants(case=rosa_named, organisation=cast.police, read={"core", "investigation"}, write={"core"})
    refused = client.get(f"/api/v1/cases/{rosa_named.pk}/identity/", **token)
    assert refused.status_code == 404
    detail = client.get(f"/api/v1/cases/{rosa_named.pk}/", **token)
    for response in (refused, detail):
        assert "Popescu" not in response.content.decode()
        assert "personIdentification" not in response.content.decode()


def test_a_client_without_the_identity_scope_gets_no_ech_names(cast: Cast, rosa_named: Case) -> None:
    client, token = system_of(cast, "core")
    response = client.get(f"/api/v1/cases/{rosa_named.pk}/identity/", **token)
    assert response.status_code == 403
    assert "Popescu" not in response.content.decode()


def test_reading_the_ech_shape_is_audited_once_as_the_plain_fields_are(cast: Cast, rosa_named: Case) -> None:
    police = _client(cast.polly)
    with schema_context("zh"):
        before = AuditEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    assert police.get(f"/api/v1/cases/{rosa_named.pk}/identity/").status_code == 200
    with schema_context("zh"):
        entries = list(AuditEntry.objects.filter(sequence__gt=before).values_list("action", "compartment", "object_id"))
    assert entries == [("read", "identity", str(rosa_named.pk))]


def test_an_outsider_canton_gets_404_on_the_identity_in_either_shape(
    cast: Cast, rosa_named: Case, gabi: object
) -> None:
    outsider = sign_in(canton_client("ge"), gabi)  # type: ignore[arg-type]
    assert outsider.get(f"/api/v1/cases/{rosa_named.pk}/identity/").status_code == 404
    assert _put(outsider, rosa_named, {"ech0044": ANNA}).status_code == 404


def test_a_member_not_party_gets_404_and_a_reader_without_write_403_for_an_ech_write(
    cast: Cast, rosa_named: Case
) -> None:
    assert _put(_client(cast.nora), rosa_named, {"ech0044": ANNA}).status_code == 404
    with schema_context("zh"):
        grants.set_grants(
            case=rosa_named, organisation=cast.migration, read={"core", "identity", "residence"}, write={"core"}
        )
    assert _put(_client(cast.mia), rosa_named, {"ech0044": ANNA}).status_code == 403
    with schema_context("zh"):
        assert Identity.objects.get(case=rosa_named).official_name == "Popescu"


def test_the_identity_with_its_ech_shapes_runs_a_fixed_number_of_statements(cast: Cast, rosa: Case) -> None:
    police = _client(cast.polly)
    assert _put(police, rosa, {"ech0044": ANNA, "ech0011": ROMANIA}).status_code == 200
    # session, user, case, grants, consents, audit (lock, last entry, insert), identity, identifiers:
    # the eCH shapes read what the plain fields read (the case number comes from the gate).
    assert_statements(police, f"/api/v1/cases/{rosa.pk}/identity/", 11, without_search_path=10)
