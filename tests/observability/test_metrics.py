"""/metrics: only on the bare host with the bearer token, routes by name, Celery read from the real
Redis and counted by a real worker, the platform's ages from public."""

import io
import math
import re
import time
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context
from prometheus_client.parser import text_string_to_metric_families

from cases.models import Case
from ksmm.accounts.models import User
from ksmm.audit.checks import check_all_chains
from ksmm.cantons.models import AuditChainCheck, Canton, Heartbeat
from ksmm.notifications.actions import do_notify
from ksmm.notifications.delivery import send_pending_emails
from ksmm.notifications.models import Reminder
from ksmm.notifications.tasks import send_daily_digests_task
from ksmm.observability.collectors import KOMBU_PRIORITY_SEPARATOR, KOMBU_PRIORITY_STEPS
from ksmm.observability.counters import metrics_redis
from ksmm.partners.models import Organisation
from tests.conftest import ACTIVE_TEST_CANTONS, INACTIVE_TEST_CANTON
from tests.factories import open_test_case
from tests.personas import POLLY, member, new_organisation
from tests.processes import ServerProcess
from tests.queries import captured

pytestmark = pytest.mark.django_db

TOKEN = "scrape-token-for-the-tests"
AUTH = {"HTTP_AUTHORIZATION": f"Bearer {TOKEN}"}


@pytest.fixture(autouse=True)
def _metrics_token(settings) -> None:  # type: ignore[no-untyped-def]
    settings.METRICS_TOKEN = TOKEN


def scrape(client: Client | None = None) -> str:
    response = (client or Client(HTTP_HOST="localhost")).get("/metrics", **AUTH)  # type: ignore[arg-type]
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/plain; version=")
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    return response.content.decode()


def samples(text: str, name: str) -> dict[frozenset[tuple[str, str]], float]:
    """Every sample called `name` in an exposition, by its labels."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name:
                found[frozenset(sample.labels.items())] = sample.value
    return found


def value(text: str, name: str, **labels: str) -> float:
    return samples(text, name).get(frozenset(labels.items()), 0.0)


def test_a_canton_host_has_no_metrics_even_with_the_token(zh_client: Client) -> None:
    assert zh_client.get("/metrics", **AUTH).status_code == 404  # type: ignore[arg-type]
    assert zh_client.get("/metrics/", **AUTH).status_code == 404  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "authorization",
    ["", "Bearer", "Bearer wrong-token", f"Basic {TOKEN}", f"Bearer {TOKEN}x", f"bearer{TOKEN}"],
)
def test_the_bare_host_answers_404_without_the_right_bearer_token(federal_client: Client, authorization: str) -> None:
    extra = {"HTTP_AUTHORIZATION": authorization} if authorization else {}
    assert federal_client.get("/metrics", **extra).status_code == 404  # type: ignore[arg-type]


def test_any_other_method_without_the_token_is_404_too(federal_client: Client) -> None:
    assert federal_client.post("/metrics").status_code == 404
    assert federal_client.post("/metrics", **AUTH).status_code == 405  # type: ignore[arg-type]


def test_no_token_configured_means_no_metrics_at_all(federal_client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.METRICS_TOKEN = ""
    assert federal_client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


def test_a_signed_in_federal_administrator_gets_no_metrics_without_the_token(federal_client: Client) -> None:
    from tests.auth import sign_in
    from tests.personas import FIONA, federal_person

    sign_in(federal_client, federal_person(FIONA))
    assert federal_client.get("/metrics").status_code == 404


def test_requests_are_counted_by_route_name_never_by_path(zh_client: Client) -> None:
    before = scrape()
    assert zh_client.get("/cases/987654/").status_code in {302, 404}
    assert zh_client.get("/accounts/login/").status_code == 200
    after = scrape()
    assert "987654" not in after, "a path's id in the metrics"
    detail = {"route": "cases:detail", "method": "GET", "status": "3xx", "canton": "zh"}
    assert value(after, "ksmm_http_requests_total", **detail) == value(before, "ksmm_http_requests_total", **detail) + 1
    login = {"route": "accounts:login", "method": "GET", "status": "2xx", "canton": "zh"}
    assert value(after, "ksmm_http_requests_total", **login) == value(before, "ksmm_http_requests_total", **login) + 1
    counts = samples(after, "ksmm_http_request_duration_seconds_count")
    assert counts[frozenset({"route": "accounts:login", "method": "GET", "status": "2xx"}.items())] >= 1


def test_an_unknown_path_counts_as_unresolved(zh_client: Client) -> None:
    before = scrape()
    assert zh_client.get("/no-such-page-qxjvz/").status_code == 404
    after = scrape()
    labels = {"route": "unresolved", "method": "GET", "status": "4xx", "canton": "zh"}
    assert value(after, "ksmm_http_requests_total", **labels) == value(before, "ksmm_http_requests_total", **labels) + 1
    assert "qxjvz" not in after  # letters: digits turn up in timestamps


def test_every_response_names_its_request_id(zh_client: Client) -> None:
    first, second = zh_client.get("/health/"), zh_client.get("/health/", HTTP_X_REQUEST_ID="proxy-id-1")
    assert re.fullmatch(r"[0-9a-f-]{36}", first["X-Request-ID"])
    assert second["X-Request-ID"] != first["X-Request-ID"]
    assert second["X-Request-ID"] != "proxy-id-1", "the id is ours, not the caller's"


@pytest.fixture
def idle_queue(settings) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """A queue no worker takes from, watched by /metrics, emptied afterwards."""
    queue = "ksmm-test-metrics-idle"
    keys = [queue, *(f"{queue}{KOMBU_PRIORITY_SEPARATOR}{step}" for step in KOMBU_PRIORITY_STEPS)]
    settings.KSMM_METRICS_QUEUES = [queue]
    metrics_redis().delete(*keys)
    yield queue
    metrics_redis().delete(*keys)


def test_queue_length_is_read_from_redis_at_scrape_time(idle_queue: str) -> None:
    assert value(scrape(), "ksmm_celery_queue_length", queue=idle_queue) == 0
    with schema_context("zh"):
        for _ in range(3):
            send_daily_digests_task.apply_async(queue=idle_queue)
    send_daily_digests_task.apply_async(queue=idle_queue, priority=9)
    assert metrics_redis().llen(idle_queue) == 3, "three messages in the queue's plain list"
    assert value(scrape(), "ksmm_celery_queue_length", queue=idle_queue) == 4, "the priority list counts too"


@pytest.mark.celery
def test_a_failing_task_in_the_real_worker_counts_as_a_failure(celery_worker: ServerProcess) -> None:
    labels = {"task": "ksmm.notifications.tasks.send_daily_digests", "canton": "zh", "outcome": "failure"}
    before = value(scrape(), "ksmm_celery_tasks_total", **labels)
    with schema_context("zh"):
        result = send_daily_digests_task.apply_async(args=["not-a-day"])
    result.get(timeout=30, propagate=False)
    assert result.failed()
    deadline = time.monotonic() + 10
    while value(scrape(), "ksmm_celery_tasks_total", **labels) != before + 1:
        assert time.monotonic() < deadline, "the failure was not counted"
        time.sleep(0.1)
    success = {**labels, "outcome": "success"}
    before_success = value(scrape(), "ksmm_celery_tasks_total", **success)
    with schema_context("zh"):
        send_daily_digests_task.apply_async().get(timeout=30)
    deadline = time.monotonic() + 10
    while value(scrape(), "ksmm_celery_tasks_total", **success) != before_success + 1:
        assert time.monotonic() < deadline, "the success was not counted"
        time.sleep(0.1)


def test_beat_lag_is_the_age_of_each_active_cantons_heartbeat() -> None:
    now = timezone.now()
    zh = Canton.objects.get(code="ZH")
    Heartbeat.objects.update_or_create(
        canton=zh, defaults={"beat_at": now - timedelta(seconds=90), "schema_name": "zh"}
    )
    Heartbeat.objects.filter(canton__code="GE").delete()
    lags = {dict(labels)["canton"]: lag for labels, lag in samples(scrape(), "ksmm_beat_lag_seconds").items()}
    assert set(lags) == {code.lower() for code in ACTIVE_TEST_CANTONS}, "active cantons only"
    assert INACTIVE_TEST_CANTON.lower() not in lags
    assert 90 <= lags["zh"] < 120
    assert math.isinf(lags["ge"]), "a canton that never beat shows as infinitely late"


def test_audit_chain_age_comes_from_the_last_verification() -> None:
    AuditChainCheck.objects.all().delete()
    before = samples(scrape(), "ksmm_audit_chain_verified_age_seconds")
    assert all(math.isinf(age) for age in before.values()), "never verified"
    reports = check_all_chains()
    assert all(report.is_intact for report in reports)
    text = scrape()
    ages = {
        dict(labels)["schema"]: age for labels, age in samples(text, "ksmm_audit_chain_verified_age_seconds").items()
    }
    assert {"public", "zh", "ge"} <= set(ages)
    assert all(0 <= age < 60 for age in ages.values())
    assert value(text, "ksmm_audit_chain_intact", schema="zh") == 1


def test_a_broken_chain_keeps_its_last_intact_time_and_reads_as_not_intact() -> None:
    from ksmm.audit.chain import ChainReport
    from ksmm.audit.checks import do_record_chain_checks

    do_record_chain_checks(reports=[ChainReport("zh", 3, "head")])
    verified_at = AuditChainCheck.objects.get(schema_name="zh").verified_at
    do_record_chain_checks(reports=[ChainReport("zh", 3, "head", first_broken=2, reason="entry hash")])
    check = AuditChainCheck.objects.get(schema_name="zh")
    assert not check.is_intact
    assert check.verified_at == verified_at
    assert value(scrape(), "ksmm_audit_chain_intact", schema="zh") == 0


def test_a_scrape_costs_three_queries_in_public(federal_client: Client) -> None:
    scrape(federal_client)
    with captured() as statements:
        scrape(federal_client)
    assert connection.schema_name == "public"
    reads = [sql for sql in statements if not sql.startswith("SET search_path")]
    assert len(reads) == 3, reads


def test_each_inbox_e_mail_sent_counts_as_a_reminder_sent(mailbox, cast_for_reminders) -> None:  # type: ignore[no-untyped-def]
    polly, case = cast_for_reminders
    labels = {"canton": "zh", "kind": "immediate"}
    before = value(scrape(), "ksmm_reminders_sent_total", **labels)
    with schema_context("zh"):
        do_notify(
            kind=Reminder.Kind.CASE_CLOSED, case_id=case.pk, recipient_ids=[polly.pk], link=f"/cases/{case.pk}/",
            event_key=f"case_closed:{case.pk}",
        )  # fmt: skip
        assert send_pending_emails() == 1
    assert len(mailbox.messages) == 1
    assert value(scrape(), "ksmm_reminders_sent_total", **labels) == before + 1


@pytest.fixture
def cast_for_reminders(db: None) -> tuple[User, Case]:
    police = new_organisation("zh", Organisation.Type.CANTONAL_POLICE, "Kantonspolizei Metriken")
    polly = member(POLLY, organisation=police)
    with schema_context("zh"):
        return polly, open_test_case(organisation=police)


def test_the_nightly_task_and_audit_verify_both_record_their_checks() -> None:
    from django.conf import settings
    from django.core.management import call_command

    from ksmm.audit.tasks import verify_chains

    entry = settings.CELERY_BEAT_SCHEDULE["audit-chain-verification"]
    assert entry["task"] == verify_chains.name
    assert entry["tenant_schemas"] == ["public"]
    AuditChainCheck.objects.all().delete()
    assert verify_chains() == []
    assert set(AuditChainCheck.objects.values_list("schema_name", flat=True)) >= {"public", "zh", "ge"}
    AuditChainCheck.objects.all().delete()
    call_command("audit_verify", "--schema", "zh", stdout=io.StringIO())
    assert list(AuditChainCheck.objects.values_list("schema_name", "is_intact")) == [("zh", True)]
