"""A counting run end to end: a real Celery worker on Redis counts every active canton.

The cases are committed (the worker reads them on its own connection), in ZH and GE; TI and BE
are active and empty. The run is started on a connection of its own, so that its commit sends
the tasks, as a request or beat would.
"""

import threading
import time
from collections.abc import Callable, Iterator
from typing import TypeVar

import pytest
from celery import current_app
from django.db import connection, connections
from django.db.models import ProtectedError
from django_tenants.utils import schema_context

from cases.models import Case
from counting.synthetic import add_synthetic_cases, delete_synthetic_cases
from ksmm.accounts.models import User
from ksmm.audit.models import AuditEntry
from ksmm.cantons.models import Canton
from ksmm.statistics.models import Aggregate, CantonHealth, CountingRun, Release
from ksmm.statistics.runs import COUNT_TASK, do_finish_canton, do_start_counting_run
from tests.conftest import ACTIVE_TEST_CANTONS
from tests.factories import UserFactory
from tests.processes import ServerProcess

pytestmark = [pytest.mark.django_db, pytest.mark.celery]

CASES = {"ZH": 60, "GE": 40}
T = TypeVar("T")


def on_own_connection(work: Callable[[], T]) -> T:
    """Runs `work` in a thread with its own, autocommitting connection: its writes are committed."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(work())
        except BaseException as error:  # noqa: BLE001 - handed back to the test
            outcome.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]  # type: ignore[return-value]


@pytest.fixture(scope="module")
def two_cantons(django_db_setup: None, django_db_blocker) -> Iterator[User]:  # type: ignore[no-untyped-def]
    """Committed synthetic cases in ZH and GE, and an analyst who asks for the run."""
    with django_db_blocker.unblock():
        for code, count in CASES.items():
            with schema_context(code.lower()):
                add_synthetic_cases(count=count, seed=5)
        analyst = UserFactory(email="analyst.counting@example.test")
        connection.set_schema_to_public()
    yield analyst
    with django_db_blocker.unblock():
        for code in CASES:
            with schema_context(code.lower()):
                delete_synthetic_cases()
        Aggregate.objects.all().delete()
        CantonHealth.objects.all().delete()
        # A release the worker is still publishing for the last run may land meanwhile.
        for _attempt in range(40):
            Release.objects.all().delete()
            try:
                CountingRun.objects.all().delete()
                break
            except ProtectedError:
                time.sleep(0.5)
        # Deleting a user looks for its memberships, which live in the cantons' schemas.
        with schema_context("zh"):
            analyst.delete()
        connection.set_schema_to_public()


def wait_for_run(run_id: int, *, timeout: float = 90) -> CountingRun:
    deadline = time.monotonic() + timeout
    while True:
        run = CountingRun.objects.get(pk=run_id)
        if run.status != CountingRun.Status.RUNNING or time.monotonic() > deadline:
            return run
        time.sleep(0.2)


def opened_total(code: str) -> int:
    return sum(
        Aggregate.objects.filter(
            canton__code=code, measure="cases_opened", period_kind="year", dimension="", form="all"
        ).values_list("count", flat=True)
    )


def test_a_run_counts_every_active_canton_through_the_worker(celery_worker: ServerProcess, two_cantons: User) -> None:
    run = on_own_connection(
        lambda: do_start_counting_run(trigger=CountingRun.Trigger.ON_DEMAND, acting_user=two_cantons)
    )
    # Every active canton: the four of the test database, and those a browser test provisioned.
    active = sorted(Canton.objects.cantons().active().values_list("code", flat=True))
    assert set(ACTIVE_TEST_CANTONS) <= set(active)
    assert run.cantons_expected == active
    assert run.requested_by_user_id == two_cantons.pk

    done = wait_for_run(run.pk)
    assert done.status == CountingRun.Status.DONE
    assert sorted(done.cantons_done) == active
    assert done.finished_at is not None
    for code in ACTIVE_TEST_CANTONS:
        with schema_context(code.lower()):
            cases = Case.objects.count()
        assert opened_total(code) == cases, f"every case of {code} counted once"
    assert opened_total("ZH") >= CASES["ZH"] and opened_total("GE") >= CASES["GE"]
    assert set(Aggregate.objects.values_list("run_id", flat=True)) == {run.pk}
    assert set(CantonHealth.objects.filter(run=run.pk).values_list("canton__code", flat=True)) == set(active)
    # The run's start and each canton's count are in the public chain, without a figure.
    entries = AuditEntry.objects.filter(occurred_at__gte=done.started_at)
    assert entries.filter(object_type="statistics.countingrun", object_id=str(run.pk), actor_user_id=two_cantons.pk)
    counted = entries.filter(object_type="statistics.aggregate", purpose=f"counting run {run.pk}")
    assert sorted(counted.values_list("object_id", flat=True)) == active
    # The last canton asked for the dashboard release, by name, in the public schema.
    deadline = time.monotonic() + 20
    while not Release.objects.filter(run_id=run.pk).exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    release = Release.objects.get(run_id=run.pk)
    assert release.kind == Release.Kind.DASHBOARD and release.threshold == 5
    years = release.cells.filter(canton="ch", measure="cases_opened", period_kind="year", dimension="", form="all")
    assert years.exists()
    for cell in years.exclude(count=None):
        counted = Aggregate.objects.filter(
            measure="cases_opened", period_kind="year", period_start=cell.period_start, dimension="", form="all"
        ).values_list("count", flat=True)
        assert cell.count == sum(counted), "Switzerland's year is the sum of the cantons' counts"


def test_a_redelivered_count_replaces_its_rows_and_never_duplicates(
    celery_worker: ServerProcess, two_cantons: User
) -> None:
    run = on_own_connection(lambda: do_start_counting_run(trigger=CountingRun.Trigger.NIGHTLY))
    assert wait_for_run(run.pk).status == CountingRun.Status.DONE
    rows = Aggregate.objects.filter(canton__code="ZH").count()

    result = current_app.send_task(COUNT_TASK, kwargs={"run_id": run.pk}, headers={"_schema_name": "zh"})
    assert result.get(timeout=60) == rows
    assert Aggregate.objects.filter(canton__code="ZH").count() == rows
    with schema_context("zh"):
        assert opened_total("ZH") == Case.objects.count()
    run.refresh_from_db()
    assert sorted(run.cantons_done) == sorted(Canton.objects.cantons().active().values_list("code", flat=True))


def test_finishing_a_canton_twice_records_it_once(two_cantons: User) -> None:
    run = CountingRun.objects.create(trigger="on_demand", rules_version="2026_1", cantons_expected=["GE", "ZH"])
    do_finish_canton(run_id=run.pk, canton_code="ZH")
    do_finish_canton(run_id=run.pk, canton_code="ZH")
    run.refresh_from_db()
    assert (run.cantons_done, run.status) == (["ZH"], CountingRun.Status.RUNNING)
    do_finish_canton(run_id=run.pk, canton_code="GE")
    run.refresh_from_db()
    assert run.status == CountingRun.Status.DONE
    assert run.finished_at is not None
