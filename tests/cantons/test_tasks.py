"""Celery with a real worker process and Redis: tasks run in the schema they were sent from."""

import time
from datetime import datetime
from pathlib import Path

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from config.celery import app
from ksmm.cantons.models import Heartbeat
from ksmm.cantons.scheduler import ActiveCantonScheduler
from ksmm.cantons.tasks import heartbeat
from tests.conftest import ACTIVE_TEST_CANTONS, INACTIVE_TEST_CANTON
from tests.processes import ServerProcess

pytestmark = [pytest.mark.django_db, pytest.mark.celery]


def wait_for_heartbeats(codes: list[str], *, after: datetime, timeout: float = 30) -> dict[str, datetime]:
    deadline = time.monotonic() + timeout
    while True:
        beats = dict(Heartbeat.objects.filter(beat_at__gt=after).values_list("canton__code", "beat_at"))
        if set(codes) <= set(beats) or time.monotonic() > deadline:
            return beats
        time.sleep(0.2)


def test_a_task_sent_from_zh_runs_in_zhs_schema(celery_worker: ServerProcess) -> None:
    with schema_context("zh"):
        result = heartbeat.delay()
    assert result.get(timeout=30) == "zh"
    assert Heartbeat.objects.get(canton__code="ZH").schema_name == "zh"


def test_a_task_sent_from_ge_runs_in_ges_schema(celery_worker: ServerProcess) -> None:
    with schema_context("ge"):
        assert heartbeat.delay().get(timeout=30) == "ge"


def test_beat_schedules_active_cantons_only() -> None:
    schemas = set(ActiveCantonScheduler.get_queryset().values_list("schema_name", flat=True))
    assert {code.lower() for code in ACTIVE_TEST_CANTONS} <= schemas
    assert INACTIVE_TEST_CANTON.lower() not in schemas
    assert "public" not in schemas


def test_beat_fans_a_periodic_task_out_once_per_active_canton(celery_worker: ServerProcess, tmp_path: Path) -> None:
    scheduler = ActiveCantonScheduler(app=app, schedule_filename=str(tmp_path / "beat"))
    entry = scheduler.schedule["canton-heartbeat@__all_tenants_only__"]
    started = timezone.now()

    try:
        scheduler.apply_entry(entry)
    finally:
        scheduler.close()

    beats = wait_for_heartbeats(list(ACTIVE_TEST_CANTONS), after=started)
    assert set(beats) == set(ACTIVE_TEST_CANTONS), "every active canton beat, and no other"
    sent = celery_worker.log().count("Task ksmm.cantons.tasks.heartbeat")
    assert sent >= len(ACTIVE_TEST_CANTONS)
    assert not Heartbeat.objects.filter(canton__code=INACTIVE_TEST_CANTON, beat_at__gt=started).exists()
