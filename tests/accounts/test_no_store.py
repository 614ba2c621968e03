"""No answer of the application may be kept by a browser or a proxy (`Cache-Control: no-store`)."""

import re

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from cases.identity import IdentityData, do_save_identity
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation
from tests.access_inventory import INVENTORY
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.factories import MembershipFactory, UserFactory, open_test_case
from tests.test_access_inventory import routes

pytestmark = pytest.mark.django_db


def _path(pattern: str, object_id: int) -> str:
    """A URL of the route with every id set to `object_id` (other parameters: a sample word)."""
    path = re.sub(r"\(\?P<\w+>[^)]*\)", str(object_id), pattern)  # DRF router patterns
    path = re.sub(r"<int:\w+>", str(object_id), path)
    path = re.sub(r"<(?:\w+:)?\w+>", "sample", path)
    return "/" + path.replace("^", "").replace("$", "").replace("\\", "")


def _not_stored(response: object) -> bool:
    value = str(getattr(response, "headers", {}).get("Cache-Control", ""))
    directives = {part.strip() for part in value.split(",")}
    return {"no-store", "private"} <= directives


def test_every_canton_route_answers_a_signed_in_admin_with_no_store() -> None:
    with schema_context("zh"):
        admin = MembershipFactory(
            role=Membership.Role.CANTON_ADMIN, organisation__type=Organisation.Type.CANTONAL_POLICE
        )
        case = open_test_case(organisation=admin.organisation, pseudonym="Cachefrei")
        do_save_identity(acting_user=None, case=case, data=IdentityData(official_name="Muster", first_name="Anna"))
    client = sign_in(canton_client("zh"), admin.user)
    answers = {}
    for name, pattern in routes("config.urls_canton").items():
        if name == "accounts:logout":
            continue  # a GET is refused anyway; signing out here would end the walk
        answers[name] = client.get(_path(pattern, case.pk))
    assert set(answers) | {"accounts:logout"} == set(INVENTORY["config.urls_canton"])
    # The RFC 8414 metadata is one public document, the same for everyone (PUBLIC_DOCUMENTS).
    assert "public" in answers.pop("oauth-metadata").headers["Cache-Control"]
    stored = {name: response.headers.get("Cache-Control") for name, response in answers.items()}
    assert {name: value for name, value in stored.items() if not _not_stored(answers[name])} == {}
    # The answers that matter most were real pages, not errors.
    for name in ("cases:detail", "cases:identity", "cases:summary_pdf", "api:case-identity", "api:case-list"):
        assert answers[name].status_code == 200, name


def test_every_federal_route_answers_a_signed_in_analyst_with_no_store(federal_client: Client) -> None:
    client = sign_in(federal_client, UserFactory(federal_role="analyst"))
    for name, pattern in routes("config.urls_federal").items():
        if name != "accounts:logout":
            assert _not_stored(client.get(_path(pattern, 1))), name


def test_a_view_that_asks_for_a_cache_is_overruled(zh_client: Client) -> None:
    # The health check sets its own header (never_cache); the answer still says no-store.
    assert _not_stored(zh_client.get("/health/"))
    assert zh_client.get("/health/")["Cache-Control"] == "private, no-store, max-age=0"


def test_static_files_keep_their_cache(zh_client: Client) -> None:
    response = zh_client.get("/static/css/ksmm.css")
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
