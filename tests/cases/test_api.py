import json

import pytest
from django.test import Client
from django_tenants.utils import schema_context
from rest_framework.renderers import JSONRenderer

from cases.identity import IdentityData, do_save_identity
from cases.models import Case, Identity, Referral
from ksmm.api.actions import do_create_api_client
from ksmm.audit.models import AuditEntry
from tests.api.conftest import bearer, obtain_token
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.factories import open_test_case
from tests.queries import assert_count, statements_of

from .conftest import Cast

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _client(user: object) -> Client:
    return sign_in(canton_client("zh"), user)  # type: ignore[arg-type]


def test_a_police_officer_opens_a_case_over_the_api(cast: Cast) -> None:
    response = _client(cast.polly).post(
        "/api/v1/cases/",
        {"pseudonym": "Amira", "opened_on": "2026-03-02", "source": "hotline", "exploitation_type": "labour",
         "exploitation_subtypes": ["begging"], "place_of_exploitation": "abroad", "official_name": "Popescu",
         "date_of_birth": "1990-04"},
        content_type=JSON,
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["case_number"].startswith("ZH-2026-")
    assert body["compartments"] == ["core", "identity", "investigation"]
    assert body["possible_duplicates"] == 0
    assert "official_name" not in body
    with schema_context("zh"):
        assert Identity.objects.get(case_id=body["id"]).official_name == "Popescu"


def test_a_bad_birth_date_is_a_problem_document(cast: Cast) -> None:
    response = _client(cast.polly).post(
        "/api/v1/cases/",
        {"pseudonym": "A", "opened_on": "2026-03-02", "source": "hotline", "exploitation_type": "labour",
         "place_of_exploitation": "abroad", "date_of_birth": "1990-02-30"},
        content_type=JSON,
        HTTP_ACCEPT_LANGUAGE="en",
    )  # fmt: skip
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "This date does not exist." in response.content.decode()


def test_identity_is_read_and_replaced_through_the_gate_and_audited(cast: Cast, rosa: Case) -> None:
    police = _client(cast.polly)
    response = police.put(
        f"/api/v1/cases/{rosa.pk}/identity/",
        {"official_name": "Muster", "first_name": "Anna", "date_of_birth": "2012", "aliases": ["Ani"],
         "identifiers": [{"category": "ZEMIS", "value": "12345678.9"}], "languages": ["ro"], "nationality": "RO"},
        content_type=JSON,
    )  # fmt: skip
    assert response.status_code == 200, response.content
    body = police.get(f"/api/v1/cases/{rosa.pk}/identity/").json()
    assert body["identifiers"] == [{"category": "ZEMIS", "value": "12345678.9"}]
    assert police.get(f"/api/v1/cases/{rosa.pk}/").json()["is_minor"] is True
    with schema_context("zh"):
        assert AuditEntry.objects.filter(action="read", compartment="identity", object_id=str(rosa.pk)).exists()
    assert _client(cast.nora).get(f"/api/v1/cases/{rosa.pk}/identity/").status_code == 404


def test_the_police_get_404_for_counselling_notes_and_403_for_writing_identity_as_migration(
    cast: Cast, rosa: Case
) -> None:
    assert _client(cast.polly).get(f"/api/v1/cases/{rosa.pk}/counselling-notes/").status_code == 404
    with schema_context("zh"):
        from cases.actions import check_change_grant

        check_change_grant(
            acting_user=None, case=rosa, organisation=cast.migration, compartment="identity", granted=False,
            reason="Nur lesen",
        )  # fmt: skip
        from cases import grants

        grants.set_grants(
            case=rosa, organisation=cast.migration, read={"core", "identity", "residence"}, write={"core", "residence"}
        )
    response = _client(cast.mia).put(f"/api/v1/cases/{rosa.pk}/identity/", {}, content_type=JSON)
    assert response.status_code == 403


def test_consent_revoked_means_the_next_api_request_no_longer_shows_counselling_data(cast: Cast, rosa: Case) -> None:
    aid = _client(cast.vera)
    note = aid.post(
        f"/api/v1/cases/{rosa.pk}/counselling-notes/",
        {"part": "medical", "occurred_on": "2026-03-03", "text": "API-SECRET-7"},
        content_type=JSON,
    )
    assert note.status_code == 201, note.content
    consent = aid.post(
        f"/api/v1/cases/{rosa.pk}/consents/",
        {"basis": "consent", "purpose": "Strafverfahren", "recipient_organisation": cast.prosecution.pk,
         "scope": ["medical"], "given_on": "2026-03-04"},
        content_type=JSON,
    )  # fmt: skip
    assert consent.status_code == 201, consent.content
    prosecutor = _client(cast.piet)
    assert "API-SECRET-7" in prosecutor.get(f"/api/v1/cases/{rosa.pk}/counselling-notes/").content.decode()
    revoked = aid.post(f"/api/v1/cases/{rosa.pk}/consents/{consent.json()['id']}/revoke/", content_type=JSON)
    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"] is not None
    assert prosecutor.get(f"/api/v1/cases/{rosa.pk}/counselling-notes/").status_code == 404
    assert "API-SECRET-7" not in prosecutor.get(f"/api/v1/cases/{rosa.pk}/timeline/").content.decode()


def test_the_minor_at_risk_exception_needs_a_minor_and_a_reason(cast: Cast, rosa: Case) -> None:
    body = {"basis": "minor_at_risk", "purpose": "Gefährdungsmeldung", "recipient_organisation": cast.police.pk,
            "scope": ["notes"], "given_on": "2026-03-04", "justification": ""}  # fmt: skip
    response = _client(cast.vera).post(
        f"/api/v1/cases/{rosa.pk}/consents/", body, content_type=JSON, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert "minors only" in response.content.decode()


def test_a_referral_over_the_api_from_request_to_acceptance(cast: Cast, rosa: Case) -> None:
    response = _client(cast.polly).post(
        "/api/v1/referrals/", {"case": rosa.pk, "to_organisation": cast.ngo.pk, "compartments": []}, content_type=JSON
    )
    assert response.status_code == 201, response.content
    referral_id = response.json()["id"]
    nora = _client(cast.nora)
    assert nora.get(f"/api/v1/cases/{rosa.pk}/").status_code == 404
    assert nora.post(f"/api/v1/referrals/{referral_id}/decline/", {"reason": ""}, content_type=JSON).status_code == 400
    assert nora.post(f"/api/v1/referrals/{referral_id}/accept/", content_type=JSON).status_code == 200
    assert nora.get(f"/api/v1/cases/{rosa.pk}/").json()["compartments"] == ["core"]
    assert nora.post(f"/api/v1/referrals/{referral_id}/done/", content_type=JSON).status_code == 200
    with schema_context("zh"):
        assert Referral.objects.get(pk=referral_id).status == "done"


def test_a_referral_for_a_case_the_sender_cannot_see_is_404(cast: Cast, rosa: Case) -> None:
    response = _client(cast.nora).post(
        "/api/v1/referrals/", {"case": rosa.pk, "to_organisation": cast.police.pk}, content_type=JSON
    )
    assert response.status_code == 404


def test_a_system_reads_cases_with_its_token_but_cannot_write(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        api_client = do_create_api_client(organisation=cast.police, name="Polizei-System", scopes=["core", "identity"])
    client = canton_client("zh")
    token = obtain_token(client, api_client).json()["access_token"]
    listed = client.get("/api/v1/cases/", **bearer(token)).json()
    assert [row["case_number"] for row in listed["results"]] == [rosa.case_number]
    assert client.get(f"/api/v1/cases/{rosa.pk}/identity/", **bearer(token)).status_code == 404  # none recorded
    # No client scope opens counselling notes (professional secrecy).
    assert client.get(f"/api/v1/cases/{rosa.pk}/counselling-notes/", **bearer(token)).status_code == 403
    response = client.post("/api/v1/cases/", {"pseudonym": "X"}, content_type=JSON, **bearer(token))
    assert response.status_code == 403


def test_name_search_needs_identity_access(cast: Cast, rosa: Case) -> None:
    _client(cast.polly).put(
        f"/api/v1/cases/{rosa.pk}/identity/", {"official_name": "Muster", "first_name": "Anna"}, content_type=JSON
    )
    with schema_context("zh"):
        from cases import grants

        grants.set_grants(case=rosa, organisation=cast.migration, read={"core", "residence"}, write={"core"})
    body = {"name": "anna MUSTER"}
    found = _client(cast.polly).post("/api/v1/cases/search/", body, content_type=JSON).json()["results"]
    assert [row["id"] for row in found] == [rosa.pk]
    assert _client(cast.mia).post("/api/v1/cases/search/", body, content_type=JSON).json()["results"] == []
    assert _client(cast.mia).get("/api/v1/cases/?q=Rosa").json()["results"][0]["id"] == rosa.pk


@pytest.mark.parametrize(
    "path", ["/api/v1/cases/?name=Muster", "/api/v1/cases/?birth=1990", "/api/v1/cases/{pk}/?name=x"]
)
def test_a_name_or_birth_date_in_the_url_is_refused_with_a_problem(cast: Cast, rosa: Case, path: str) -> None:
    response = _client(cast.polly).get(path.format(pk=rosa.pk), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    [error] = response.json()["errors"]
    assert error["field"] in {"name", "birth"}
    assert "POST /api/v1/cases/search/" in error["detail"]
    assert rosa.case_number not in response.content.decode()


def test_a_search_by_post_pages_with_the_same_body_and_is_audited(cast: Cast) -> None:
    with schema_context("zh"):
        cases = [open_test_case(organisation=cast.police, pseudonym=f"Fall {number}") for number in range(3)]
        for case in cases:
            do_save_identity(acting_user=None, case=case, data=IdentityData(official_name="Muster", first_name="Anna"))
        before = AuditEntry.objects.filter(purpose="API case search by name or date of birth").count()
    client = _client(cast.polly)
    body = {"name": "Anna Muster", "status": "open"}
    first = client.post("/api/v1/cases/search/?page_size=2", body, content_type=JSON).json()
    assert "Muster" not in first["next"]
    second = client.post(first["next"], body, content_type=JSON).json()
    assert second["next"] is None
    found = [row["id"] for row in first["results"] + second["results"]]
    assert sorted(found) == sorted(case.pk for case in cases)
    with schema_context("zh"):
        after = AuditEntry.objects.filter(purpose="API case search by name or date of birth").count()
    assert after == before + 2


def test_a_search_creates_nothing_so_an_idempotency_key_is_ignored(cast: Cast, rosa: Case) -> None:
    client = _client(cast.polly)
    headers = {"Idempotency-Key": "search-1"}
    for body in ({"q": "Rosa"}, {"q": "Rosa"}, {"q": "nothing"}):
        response = client.post("/api/v1/cases/search/", body, content_type=JSON, headers=headers)
        assert response.status_code == 200
        assert "Idempotent-Replayed" not in response
    assert response.json()["results"] == []
    with schema_context("zh"):
        from ksmm.api.models import IdempotencyKey

        assert not IdempotencyKey.objects.filter(key="search-1").exists()


def test_a_system_with_the_core_and_identity_scopes_may_search(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        api_client = do_create_api_client(organisation=cast.police, name="Polizei-System", scopes=["core", "identity"])
    client = canton_client("zh")
    token = obtain_token(client, api_client).json()["access_token"]
    response = client.post("/api/v1/cases/search/", {"q": "Rosa"}, content_type=JSON, **bearer(token))
    assert response.status_code == 200, response.content
    assert [row["id"] for row in response.json()["results"]] == [rosa.pk]


def test_a_malformed_birth_date_is_a_problem_about_the_field(cast: Cast) -> None:
    response = _client(cast.polly).post("/api/v1/cases/search/", {"birth": "2009-13"}, content_type=JSON)
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["birth"]


def test_the_search_is_described_in_the_schema(cast: Cast) -> None:
    schema = _client(cast.polly).get("/api/schema/?format=json").json()
    search = schema["paths"]["/api/v1/cases/search/"]["post"]
    body = search["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert set(schema["components"]["schemas"][body]["properties"]) == {"q", "name", "birth", "status"}
    assert search["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/PaginatedCaseList")
    assert {"oauth2": ["core", "identity"]} in search["security"]
    listed = schema["paths"]["/api/v1/cases/"]["get"]["parameters"]
    assert not {"name", "birth"} & {parameter["name"] for parameter in listed}


def test_the_api_list_runs_the_same_number_of_queries_for_1_and_50_cases(cast: Cast) -> None:
    """Counted with tests/queries.py after a warm-up request: 1 case and 50 cases both run 4
    statements (3 besides SET search_path)."""
    with schema_context("zh"):
        open_test_case(organisation=cast.police, pseudonym="Eins")
    client = _client(cast.polly)
    one = statements_of(client, "/api/v1/cases/")
    with schema_context("zh"):
        for number in range(49):
            open_test_case(organisation=cast.police, pseudonym=f"Fall {number}")
    assert len(client.get("/api/v1/cases/").json()["results"]) == 50  # and the warm-up
    fifty = statements_of(client, "/api/v1/cases/", warm_up=False)
    assert len(fifty) == len(one)
    assert_count(one, 4, without_search_path=3)
    assert_count(fifty, 4, without_search_path=3)


def test_the_list_and_the_search_answer_each_row_as_the_case_serializer_describes_it(cast: Cast, rosa: Case) -> None:
    from cases.api.serializers import CaseSerializer

    with schema_context("zh"):
        rosa.exploitation_subtypes = ["begging"]
        rosa.closed_on = None
        rosa.save()
        expected = json.loads(JSONRenderer().render(CaseSerializer(Case.objects.get(pk=rosa.pk)).data))
    client = _client(cast.polly)
    assert client.get("/api/v1/cases/").json()["results"] == [expected]
    assert client.post("/api/v1/cases/search/", {"q": rosa.case_number}, content_type=JSON).json()["results"] == [
        expected
    ]
