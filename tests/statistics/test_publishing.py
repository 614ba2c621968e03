"""The publishing page: counting runs, dashboard releases with a threshold, open data with ε."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from ksmm.accounts.models import User
from ksmm.audit.models import AuditEntry
from ksmm.statistics.models import CountingRun, Release
from tests.auth import sign_in
from tests.personas import ALICE, ANTON, FIONA, federal_person, member

from .cubes import random_rows, write_aggregates

pytestmark = pytest.mark.django_db

PAGE = "/statistics/releases/"
ADMIN_ACTIONS = [f"{PAGE}dashboard/", f"{PAGE}open-data/"]
EVERY_ROUTE = [(PAGE, "get"), (f"{PAGE}count/", "post"), *((path, "post") for path in ADMIN_ACTIONS)]


@pytest.fixture
def fiona() -> User:
    return federal_person(FIONA, email="fiona.publishing@fedpol.test")


@pytest.fixture
def anton() -> User:
    return federal_person(ANTON, email="anton.publishing@fedpol.test")


def test_an_analyst_sees_the_runs_and_releases_and_the_read_is_recorded(federal_client: Client, anton: User) -> None:
    CountingRun.objects.create(trigger=CountingRun.Trigger.NIGHTLY, rules_version="2026_1", cantons_expected=["ZH"])
    page = sign_in(federal_client, anton).get(PAGE)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Zähllauf" in html or "Nächtlich" in html
    assert "Open Data veröffentlichen" not in html, "publishing is for administrators"
    assert AuditEntry.objects.filter(actor_user_id=anton.pk, action="read", object_type="statistics.releases")


def test_a_run_running_for_more_than_an_hour_is_shown_as_overdue(federal_client: Client, anton: User) -> None:
    run = CountingRun.objects.create(
        trigger=CountingRun.Trigger.NIGHTLY, rules_version="2026_1", cantons_expected=["ZH", "GE"]
    )
    CountingRun.objects.filter(pk=run.pk).update(started_at=timezone.now() - datetime.timedelta(hours=2))
    html = sign_in(federal_client, anton).get(PAGE).content.decode()
    assert "überfällig" in html


def test_an_analyst_may_count_now_but_not_twice_at_once(federal_client: Client, anton: User) -> None:
    sign_in(federal_client, anton)
    CountingRun.objects.filter(status=CountingRun.Status.RUNNING).update(status=CountingRun.Status.FAILED)
    first = federal_client.post(f"{PAGE}count/", follow=True)
    assert first.status_code == 200
    run = CountingRun.objects.get(requested_by_user_id=anton.pk)
    assert run.trigger == CountingRun.Trigger.ON_DEMAND and run.requested_by_user_id == anton.pk
    second = federal_client.post(f"{PAGE}count/", follow=True)
    assert "läuft bereits" in second.content.decode()
    assert CountingRun.objects.filter(requested_by_user_id=anton.pk).count() == 1


@pytest.mark.parametrize("path", ADMIN_ACTIONS)
def test_an_analyst_may_not_publish(federal_client: Client, anton: User, path: str) -> None:
    before = Release.objects.count()
    assert sign_in(federal_client, anton).post(path, {"threshold": 5, "year": 2024, "epsilon": 0.1}).status_code == 403
    assert Release.objects.count() == before


def test_an_administrator_publishes_open_data_within_the_budget_only(federal_client: Client, fiona: User) -> None:
    write_aggregates(random_rows(seed=3, cantons=2, mean=2.0, families=("victims",)))
    sign_in(federal_client, fiona)
    assert federal_client.post(f"{PAGE}open-data/", {"year": 2024, "epsilon": 0.6}).status_code == 302
    release = Release.objects.get(kind=Release.Kind.OPEN_DATA, created_by_user_id=fiona.pk)
    assert (release.budget_year, release.epsilon) == (2024, 0.6)
    refused = federal_client.post(f"{PAGE}open-data/", {"year": 2024, "epsilon": 0.6})
    assert refused.status_code == 400
    assert "2024" in refused.content.decode()
    assert Release.objects.filter(kind=Release.Kind.OPEN_DATA, created_by_user_id=fiona.pk).count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": 2024, "epsilon": "abc"}, "Bitte eine Zahl eingeben."),
        ({"year": 2024, "epsilon": 5}, "Jahresbudget"),
        ({"year": 2999, "epsilon": 0.1}, "noch nicht begonnen"),
        ({"year": 2024, "epsilon": 0}, "0.01"),
    ],
)
def test_bad_open_data_input_is_explained_and_publishes_nothing(
    federal_client: Client, fiona: User, data: dict[str, object], message: str
) -> None:
    before = Release.objects.count()
    response = sign_in(federal_client, fiona).post(f"{PAGE}open-data/", data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Release.objects.count() == before


@pytest.mark.parametrize("threshold", ["2", "abc", "101"])
def test_a_threshold_below_3_or_not_a_number_is_refused(federal_client: Client, fiona: User, threshold: str) -> None:
    response = sign_in(federal_client, fiona).post(f"{PAGE}dashboard/", {"threshold": threshold})
    assert response.status_code == 400
    assert not AuditEntry.objects.filter(actor_user_id=fiona.pk, object_type="statistics.release").exists()


def test_a_dashboard_release_asked_for_is_recorded(federal_client: Client, fiona: User) -> None:
    response = sign_in(federal_client, fiona).post(f"{PAGE}dashboard/", {"threshold": 7})
    assert response.status_code == 302
    entry = AuditEntry.objects.get(actor_user_id=fiona.pk, object_type="statistics.release")
    assert entry.purpose == "dashboard release asked for, threshold 7"


@pytest.mark.parametrize(("path", "method"), EVERY_ROUTE)
def test_every_route_is_missing_on_a_canton_host(zh_client: Client, fiona: User, path: str, method: str) -> None:
    sign_in(zh_client, fiona)
    assert getattr(zh_client, method)(path).status_code == 404


@pytest.mark.parametrize(("path", "method"), EVERY_ROUTE)
def test_a_canton_user_never_reaches_the_publishing_page(federal_client: Client, path: str, method: str) -> None:
    sign_in(federal_client, member(ALICE))
    before = CountingRun.objects.count()
    response = getattr(federal_client, method)(path)
    assert response.status_code in (302, 404)
    assert response.status_code == 404 or response["Location"].startswith("/accounts/login/")
    assert CountingRun.objects.count() == before
