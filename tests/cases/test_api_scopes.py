"""What a cantonal system reads of a case: its scopes AND its organisation's grants.

Polly's police (party to Rosa, reading core, identity and investigation by default) runs a
case system; the scopes of its client decide which endpoints it may call, the grants which
cases' data it sees there.
"""

from typing import Any

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from cases import grants
from cases.identity import IdentityData, do_save_identity
from cases.models import Case
from ksmm.api.actions import do_create_api_client
from ksmm.audit.models import AuditEntry
from tests.api.conftest import bearer, obtain_token
from tests.conftest import canton_client

from .conftest import Cast

pytestmark = pytest.mark.django_db


def system_of(cast: Cast, *scopes: str) -> tuple[Client, dict[str, str]]:
    """A client of the police with `scopes`, and the header carrying its token."""
    with schema_context("zh"):
        api_client = do_create_api_client(organisation=cast.police, name="Polizei-System", scopes=list(scopes))
    client = canton_client("zh")
    response = obtain_token(client, api_client)
    assert response.status_code == 200, response.content
    return client, bearer(response.json()["access_token"])


@pytest.fixture
def rosa_named(rosa: Case) -> Case:
    with schema_context("zh"):
        do_save_identity(acting_user=None, case=rosa, data=IdentityData(official_name="Popescu", first_name="Rosa"))
    return rosa


def test_a_client_with_only_core_gets_403_on_identity_and_investigation_endpoints(cast: Cast, rosa: Case) -> None:
    client, token = system_of(cast, "core")
    for path in ("identity/", "checklist/", "evidence-notes/", "interviews/", "operations/", "proceedings/"):
        assert client.get(f"/api/v1/cases/{rosa.pk}/{path}", **token).status_code == 403, path
    detail = client.get(f"/api/v1/cases/{rosa.pk}/", **token)
    assert detail.status_code == 200
    # The police hold the identity and investigation grants; the scopes open only the core.
    assert detail.json()["compartments"] == ["core"]


def search(client: Client, token: dict[str, str], **body: str) -> Any:
    """The name search: a POST, so the name never lands in a URL."""
    return client.post("/api/v1/cases/search/", body, content_type="application/json", **token)


def test_a_client_with_core_only_finds_nobody_by_name(cast: Cast, rosa_named: Case) -> None:
    core_only, core_token = system_of(cast, "core")
    assert search(core_only, core_token, name="Popescu").status_code == 403
    with_identity, identity_token = system_of(cast, "core", "identity")
    found = search(with_identity, identity_token, name="Popescu").json()["results"]
    assert [row["id"] for row in found] == [rosa_named.pk]


def test_the_identity_scope_shows_no_identity_where_the_organisation_lacks_the_grant(
    cast: Cast, rosa_named: Case
) -> None:
    client, token = system_of(cast, "core", "identity")
    assert client.get(f"/api/v1/cases/{rosa_named.pk}/identity/", **token).json()["official_name"] == "Popescu"
    with schema_context("zh"):
        grants.set_grants(case=rosa_named, organisation=cast.police, read={"core", "investigation"}, write={"core"})
    assert client.get(f"/api/v1/cases/{rosa_named.pk}/identity/", **token).status_code == 404
    assert search(client, token, name="Popescu").json()["results"] == []
    assert client.get(f"/api/v1/cases/{rosa_named.pk}/", **token).json()["compartments"] == ["core"]


def test_every_entry_of_a_client_read_names_the_client_and_its_organisation(cast: Cast, rosa_named: Case) -> None:
    client, token = system_of(cast, "core", "identity", "investigation")
    with schema_context("zh"):
        before = AuditEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
    for path in ("identity/", "evidence-notes/", "timeline/", "counselling-notes/"):
        client.get(f"/api/v1/cases/{rosa_named.pk}/{path}", **token)
    search(client, token, name="Popescu")
    client.get("/api/v1/cases/999999/identity/", **token)  # a denied read is attributed too
    with schema_context("zh"):
        entries = list(AuditEntry.objects.filter(sequence__gt=before).order_by("sequence"))
        api_client_id = cast.police.api_clients.get().pk
    assert {entry.action for entry in entries} >= {"read", "access_denied"}
    assert {entry.compartment for entry in entries} >= {"identity", "investigation"}
    assert {(entry.actor_kind, entry.actor_client_id, entry.actor_organisation_id, entry.actor_user_id)
            for entry in entries} == {("client", api_client_id, cast.police.pk, None)}  # fmt: skip
