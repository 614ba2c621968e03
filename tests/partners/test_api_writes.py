"""Idempotent POSTs and conditional changes, shown on the organisations endpoint."""

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.partners.models import Organisation
from tests.auth import sign_in
from tests.partners.test_api import NEW_ORGANISATION

pytestmark = pytest.mark.django_db


def _post(client: Client, body: dict[str, object], key: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/v1/organisations/", body, content_type="application/json", headers={"Idempotency-Key": key}
    )


def test_a_retried_post_with_the_same_key_creates_one_organisation(zh_client: Client, carla: User) -> None:
    sign_in(zh_client, carla)
    first = _post(zh_client, NEW_ORGANISATION, "retry-1")
    second = _post(zh_client, NEW_ORGANISATION, "retry-1")
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.json()["id"] == first.json()["id"]
    assert second.headers["Idempotent-Replayed"] == "true"
    with schema_context("zh"):
        assert Organisation.objects.filter(name=NEW_ORGANISATION["name"]).count() == 1


def test_the_same_key_for_another_request_is_refused(zh_client: Client, carla: User) -> None:
    sign_in(zh_client, carla)
    assert _post(zh_client, NEW_ORGANISATION, "reuse-1").status_code == 201
    other = _post(zh_client, {**NEW_ORGANISATION, "name": "Opferhilfe Uster", "town": "Uster"}, "reuse-1")
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    with schema_context("zh"):
        assert not Organisation.objects.filter(name="Opferhilfe Uster").exists()


def test_a_failed_post_releases_its_key_for_the_corrected_request(zh_client: Client, carla: User) -> None:
    sign_in(zh_client, carla)
    assert _post(zh_client, {**NEW_ORGANISATION, "postal_code": "84000"}, "fix-1").status_code == 400
    assert _post(zh_client, NEW_ORGANISATION, "fix-1").status_code == 201


def test_a_change_based_on_a_stale_etag_is_refused_and_changes_nothing(zh_client: Client, carla: User) -> None:
    sign_in(zh_client, carla)
    created = zh_client.post("/api/v1/organisations/", NEW_ORGANISATION, content_type="application/json").json()
    url = f"/api/v1/organisations/{created['id']}/"
    etag = zh_client.get(url).headers["ETag"]
    first = zh_client.patch(url, {"phone": "052 111 11 11"}, "application/json", headers={"If-Match": etag})
    assert first.status_code == 200
    assert first.headers["ETag"] != etag
    stale = zh_client.patch(url, {"phone": "052 222 22 22"}, "application/json", headers={"If-Match": etag})
    assert stale.status_code == 412
    assert stale.json()["code"] == "precondition_failed"
    with schema_context("zh"):
        assert Organisation.objects.get(pk=created["id"]).phone == "052 111 11 11"
    current = zh_client.get(url).headers["ETag"]
    assert current == first.headers["ETag"]
