"""Permit requests over the API carry their eCH-0006 codes and validity as one object."""

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from cases.models import Case
from ksmm.accounts.models import User
from permits import permit_actions
from permits.ech0006 import residence_permit_data
from permits.models import PermitKind
from tests.auth import sign_in
from tests.permits.conftest import DAY0, Cast

JSON = "application/json"


def _client(user: User, host: str = "zh.localhost") -> Client:
    return sign_in(Client(HTTP_HOST=host), user)


@pytest.mark.parametrize(
    ("kind", "until", "category", "code"),
    [
        ("B", date(2027, 3, 9), "02", "0202"),
        ("F", date(2027, 3, 9), "05", "0503"),
        ("N", date(2026, 9, 1), "08", "0804"),
        ("L", date(2027, 3, 9), "07", "070201"),  # twelve months: ≥12
        ("L", date(2026, 9, 30), "07", "070202"),  # >4 to <12 months
        ("L", date(2026, 5, 1), "07", "070204"),  # ≤4 months
        ("L", None, "07", "0702"),  # not granted yet: the length is not known
    ],
)
def test_each_permit_kind_maps_to_its_ech0006_category_and_code(
    kind: str, until: date | None, category: str, code: str
) -> None:
    valid_from = DAY0 if until else None
    assert residence_permit_data(kind=kind, valid_from=valid_from, valid_until=until) == {
        "residencePermitCategory": category,
        "residencePermit": code,
        "residencePermitValidFrom": valid_from,
        "residencePermitValidTill": until,
    }


@pytest.mark.django_db
def test_a_granted_l_permit_reads_as_ech0006_next_to_its_plain_fields(cast: Cast, rosa: Case) -> None:
    created = _client(cast.vera).post(
        "/api/v1/permit-requests/",
        {"case": rosa.pk, "kind": "L", "addressed_to": cast.migration.pk, "expected_until": "2026-12-31"},
        content_type=JSON,
    )
    assert created.status_code == 201, created.content
    assert created.json()["ech0006"] == {
        "residencePermitCategory": "07",
        "residencePermit": "0702",
        "residencePermitValidFrom": None,
        "residencePermitValidTill": None,
    }
    decided = _client(cast.mia).post(
        f"/api/v1/permit-requests/{created.json()['id']}/decide/",
        {"approve": True, "valid_from": "2026-03-10", "valid_until": "2026-12-31"},
        content_type=JSON,
    )
    assert decided.status_code == 200, decided.content
    body = decided.json()
    assert body["ech0006"] == {
        "residencePermitCategory": "07",
        "residencePermit": body["ech0006_code"],
        "residencePermitValidFrom": body["valid_from"],
        "residencePermitValidTill": body["valid_until"],
    }
    assert body["ech0006"]["residencePermit"] == "070202"


@pytest.mark.django_db
def test_a_recorded_federal_decision_lists_with_its_ech0006_code(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        permit_actions.check_record_federal_decision(
            acting_user=cast.mia, organisation=cast.migration, case=rosa, kind=PermitKind.F, decided_on=DAY0,
            valid_from=DAY0, valid_until=date(2027, 3, 1), federal_reference="F 1",
        )  # fmt: skip
    listed = _client(cast.vera).get("/api/v1/permit-requests/").json()["results"]
    assert [row["ech0006"]["residencePermit"] for row in listed] == ["0503"]
    assert listed[0]["ech0006"]["residencePermitValidTill"] == "2027-03-01"


@pytest.mark.django_db
def test_an_outsider_canton_sees_no_permit_and_no_code(cast: Cast, rosa: Case, gabi: User) -> None:
    with schema_context("zh"):
        permit = permit_actions.check_record_federal_decision(
            acting_user=cast.mia, organisation=cast.migration, case=rosa, kind=PermitKind.N, decided_on=DAY0,
            valid_from=DAY0, valid_until=date(2026, 9, 1), federal_reference="N 1",
        )  # fmt: skip
    outsider = _client(gabi, host="ge.localhost")
    assert outsider.get(f"/api/v1/permit-requests/{permit.pk}/").status_code == 404
    assert "0804" not in outsider.get("/api/v1/permit-requests/").content.decode()


def _ask(cast: Cast, rosa: Case, **fields: object) -> Any:
    body = {"case": rosa.pk, "addressed_to": cast.migration.pk, "expected_until": "2026-12-31", **fields}
    return _client(cast.vera).post("/api/v1/permit-requests/", body, content_type=JSON, HTTP_ACCEPT_LANGUAGE="en")


def _fields(response: Any) -> list[str]:
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/problem+json"
    return [error["field"] for error in response.json()["errors"]]


@pytest.mark.django_db
def test_a_permit_is_asked_for_and_granted_in_the_ech_shape(cast: Cast, rosa: Case) -> None:
    created = _ask(cast, rosa, ech0006={"residencePermitCategory": "07"})
    assert created.status_code == 201, created.content
    assert created.json()["kind"] == "L"
    validity = {"residencePermitValidFrom": "2026-03-10", "residencePermitValidTill": "2026-06-30"}
    decided = _client(cast.mia).post(
        f"/api/v1/permit-requests/{created.json()['id']}/decide/",
        {"approve": True, "ech0006": validity},
        content_type=JSON,
    )
    assert decided.status_code == 200, decided.content
    assert (decided.json()["valid_from"], decided.json()["valid_until"]) == ("2026-03-10", "2026-06-30")
    assert decided.json()["ech0006"] == {**validity, "residencePermitCategory": "07", "residencePermit": "070204"}


@pytest.mark.django_db
def test_a_kind_and_a_category_that_disagree_are_refused(cast: Cast, rosa: Case) -> None:
    assert _fields(_ask(cast, rosa, kind="B", ech0006={"residencePermitCategory": "07"})) == ["kind"]
    assert _fields(_ask(cast, rosa)) == ["kind"]
    assert _fields(_ask(cast, rosa, ech0006={"residencePermitCategory": "05"})) == ["ech0006.residencePermitCategory"]
    assert _ask(cast, rosa, kind="L", ech0006={"residencePermitCategory": "07"}).status_code == 201


@pytest.mark.django_db
def test_a_decision_whose_plain_and_ech_validity_disagree_decides_nothing(cast: Cast, rosa: Case) -> None:
    created = _ask(cast, rosa, kind="L").json()
    decided = _client(cast.mia).post(
        f"/api/v1/permit-requests/{created['id']}/decide/",
        {"approve": True, "valid_from": "2026-03-10", "valid_until": "2026-12-31",
         "ech0006": {"residencePermitValidTill": "2026-06-30"}},
        content_type=JSON,
    )  # fmt: skip
    assert _fields(decided) == ["valid_until"]
    assert _client(cast.vera).get(f"/api/v1/permit-requests/{created['id']}/").json()["status"] == created["status"]


@pytest.mark.django_db
def test_an_ech_permit_request_by_an_outsider_or_a_non_party_is_refused(cast: Cast, rosa: Case, gabi: User) -> None:
    body = {"case": rosa.pk, "addressed_to": cast.migration.pk, "ech0006": {"residencePermitCategory": "07"}}
    outsider = _client(gabi, host="ge.localhost").post("/api/v1/permit-requests/", body, content_type=JSON)
    assert outsider.status_code == 404
    # The migration office is no party of Rosa's case: 404, as for any case it may not see.
    assert _client(cast.mia).post("/api/v1/permit-requests/", body, content_type=JSON).status_code == 404
