import pytest
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from roundtables.agreements.actions import check_adopt
from roundtables.models import Agreement
from tests.auth import sign_in
from tests.conftest import canton_client

from .conftest import complete_draft

pytestmark = pytest.mark.django_db


def test_a_member_reads_the_agreements(alice: User, zh_agreement: Agreement) -> None:
    client = sign_in(canton_client("zh"), alice)
    listing = client.get("/api/v1/agreements/")
    assert listing.status_code == 200
    detail = client.get(f"/api/v1/agreements/{zh_agreement.pk}/")
    assert detail.status_code == 200
    assert len(detail.json()["sections"]) == 14


def test_a_member_may_not_write(alice: User, zh_agreement: Agreement) -> None:
    client = sign_in(canton_client("zh"), alice)
    responses = [
        client.post("/api/v1/agreements/", {"title": "X"}, content_type="application/json"),
        client.patch(f"/api/v1/agreements/{zh_agreement.pk}/", {"title": "X"}, content_type="application/json"),
        client.post(f"/api/v1/agreements/{zh_agreement.pk}/adopt/", content_type="application/json"),
        client.post(f"/api/v1/agreements/{zh_agreement.pk}/new-version/", content_type="application/json"),
    ]
    assert [response.status_code for response in responses] == [403, 403, 403, 403]


def test_an_outsider_finds_nothing(bob: User, zh_agreement: Agreement) -> None:
    client = sign_in(canton_client("zh"), bob)
    assert client.get("/api/v1/agreements/").status_code == 404
    assert client.get(f"/api/v1/agreements/{zh_agreement.pk}/").status_code == 404
    assert (
        client.post(f"/api/v1/agreements/{zh_agreement.pk}/adopt/", content_type="application/json").status_code == 404
    )


def test_a_coordinator_drafts_adopts_and_the_adopted_version_answers_409(carla: User) -> None:
    client = sign_in(canton_client("zh"), carla)
    created = client.post("/api/v1/agreements/", {"title": "Neu", "form": "A"}, content_type="application/json")
    assert created.status_code == 201, created.content
    incomplete = client.post(f"/api/v1/agreements/{created.json()['id']}/adopt/", content_type="application/json")
    assert incomplete.status_code == 400
    with schema_context("zh"):
        draft = complete_draft()
    changed = client.patch(f"/api/v1/agreements/{draft.pk}/", {"financing": "Kanton"}, content_type="application/json")
    assert changed.status_code == 200
    adopted = client.post(f"/api/v1/agreements/{draft.pk}/adopt/", content_type="application/json")
    assert adopted.status_code == 200
    assert adopted.json()["status"] == "adopted"
    refused = client.patch(f"/api/v1/agreements/{draft.pk}/", {"title": "Anders"}, content_type="application/json")
    assert refused.status_code == 409
    assert refused["Content-Type"].startswith("application/problem+json")
    copied = client.post(f"/api/v1/agreements/{draft.pk}/new-version/", content_type="application/json")
    assert copied.status_code == 201
    assert copied.json()["status"] == "draft"
    assert len(copied.json()["sections"]) == 14


def test_adopting_twice_answers_409(carla: User) -> None:
    with schema_context("zh"):
        agreement = check_adopt(acting_user=None, agreement=complete_draft())
    client = sign_in(canton_client("zh"), carla)
    assert client.post(f"/api/v1/agreements/{agreement.pk}/adopt/", content_type="application/json").status_code == 409
