"""Who reaches the statistics on which host: analysts on the bare host, coordinators and canton
administrators on their own canton's host, nobody else (404 where they have no business, 403 for a
member of the canton whose role is too weak)."""

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.audit.models import AuditEntry
from ksmm.statistics.models import Release
from tests.auth import sign_in
from tests.conftest import canton_client

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dashboard_release")]

ROUTES = (
    "/statistics/",
    "/statistics/?year=2024&quarter=2&form=labour",
    "/statistics/export/trends.csv",
    "/statistics/export/victims_sex.xlsx",
    "/statistics/export/all.xlsx",
    "/statistics/report/2025/de/",
)


@pytest.mark.parametrize("path", ROUTES)
def test_an_analyst_reads_every_route_on_the_bare_host(analyst_client: Client, path: str) -> None:
    assert analyst_client.get(path).status_code == 200


@pytest.mark.parametrize("path", ROUTES)
def test_a_coordinator_reads_every_route_on_the_own_canton_host(carla_client: Client, path: str) -> None:
    assert carla_client.get(path).status_code == 200


@pytest.mark.parametrize("path", ROUTES)
def test_a_canton_administrator_reads_the_own_canton_too(adam: User, path: str) -> None:
    assert sign_in(canton_client("ZH"), adam).get(path).status_code == 200


@pytest.mark.parametrize("path", ROUTES)
def test_a_canton_users_session_on_the_bare_host_ends_before_any_statistics(
    carla: User, federal_client: Client, path: str
) -> None:
    """She cannot sign in there (tests/federal/test_sign_in.py); a session made by hand is ended."""
    response = sign_in(federal_client, carla).get(path)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert "_auth_user_id" not in federal_client.session


@pytest.mark.parametrize("path", ROUTES)
def test_an_analyst_on_a_canton_host_gets_404(analyst: User, path: str) -> None:
    assert sign_in(canton_client("ZH"), analyst).get(path).status_code == 404


@pytest.mark.parametrize("path", ROUTES)
def test_a_coordinator_of_another_canton_gets_404(bob_coordinator: User, path: str) -> None:
    assert sign_in(canton_client("ZH"), bob_coordinator).get(path).status_code == 404


@pytest.mark.parametrize("path", ROUTES)
def test_a_member_who_is_not_coordinator_gets_403(alice: User, path: str) -> None:
    assert sign_in(canton_client("ZH"), alice).get(path).status_code == 403


@pytest.mark.parametrize("host", ["localhost", "zh.localhost"])
@pytest.mark.parametrize("path", ROUTES)
def test_anonymous_visitors_are_sent_to_sign_in(host: str, path: str, db: None) -> None:
    response = Client(HTTP_HOST=host).get(path)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("path", ROUTES)
def test_a_password_only_analyst_session_is_sent_to_sign_in(analyst: User, federal_client: Client, path: str) -> None:
    response = sign_in(federal_client, analyst, verified=False).get(path)
    assert response.status_code == 302


def test_a_coordinator_cannot_choose_another_canton(carla_client: Client) -> None:
    page = carla_client.get("/statistics/?canton=ge").content.decode()
    assert 'name="canton"' not in page
    assert 'id="cantons"' not in page  # no side-by-side of the cantons either


@pytest.mark.parametrize(
    ("path", "action"),
    [
        ("/statistics/", AuditEntry.Action.READ),
        ("/statistics/export/trends.csv", AuditEntry.Action.EXPORT),
        ("/statistics/report/2024/fr/", AuditEntry.Action.PRINT),
    ],
)
def test_every_analyst_read_is_in_the_public_chain(
    analyst_client: Client, analyst: User, dashboard_release: Release, path: str, action: str
) -> None:
    analyst_client.get(path)
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert entry is not None
    assert (entry.action, entry.actor_user_id, entry.object_type, entry.object_id) == (
        action,
        analyst.pk,
        "statistics.release",
        str(dashboard_release.pk),
    )


def test_a_coordinator_read_is_in_the_canton_chain(carla_client: Client, carla: User) -> None:
    with schema_context("public"):
        public_before = AuditEntry.objects.count()
    carla_client.get("/statistics/export/trends.xlsx")
    with schema_context("zh"):
        entry = AuditEntry.objects.order_by("-sequence").first()
        assert entry is not None
        assert (entry.action, entry.actor_user_id) == (AuditEntry.Action.EXPORT, carla.pk)
        assert "canton zh" in entry.purpose
    with schema_context("public"):
        assert AuditEntry.objects.count() == public_before


def test_a_signed_in_analyst_lands_on_a_start_page_that_leads_to_the_statistics(
    analyst_client: Client, dashboard_release: Release
) -> None:
    page = analyst_client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<a class="button" href="/statistics/">Open the statistics</a>' in page
    assert '<a href="/statistics/">Statistics</a>' in page  # the header's link
    assert f"counting rules {dashboard_release.rules_version}" in page


def test_the_bare_host_shows_no_statistics_link_to_anyone_else(carla: User, federal_client: Client) -> None:
    assert "/statistics/" not in federal_client.get("/").content.decode()
    assert "/statistics/" not in sign_in(federal_client, carla).get("/").content.decode()
