from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from ksmm.cantons.models import Canton, Heartbeat

pytestmark = pytest.mark.django_db


def beat_all_active_cantons() -> None:
    for canton in Canton.objects.cantons().active():
        Heartbeat.objects.update_or_create(
            canton=canton, defaults={"beat_at": timezone.now(), "schema_name": canton.schema_name}
        )


def test_health_is_ok_when_every_active_canton_beat_recently(federal_client: Client) -> None:
    beat_all_active_cantons()
    response = federal_client.get("/health/")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["database"] == {"ok": True}
    assert body["redis"] == {"ok": True}
    assert set(body["cantons"]) == {"zh", "ge", "ti", "be"}
    assert all(c["last_heartbeat_age_seconds"] < 60 for c in body["cantons"].values())


def test_health_fails_when_a_heartbeat_is_stale(federal_client: Client) -> None:
    beat_all_active_cantons()
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        response = federal_client.get("/health/")
    assert response.status_code == 503
    assert response.json()["status"] == "fail"
    assert response.json()["cantons"]["zh"]["ok"] is False


def test_health_fails_when_a_canton_never_beat(zh_client: Client) -> None:
    beat_all_active_cantons()
    Heartbeat.objects.filter(canton__code="TI").delete()
    response = zh_client.get("/health/")
    assert response.status_code == 503
    assert response.json()["cantons"]["ti"] == {"ok": False, "last_heartbeat_age_seconds": None}


def test_health_fails_when_redis_is_unreachable(federal_client: Client, settings) -> None:  # type: ignore[no-untyped-def]
    beat_all_active_cantons()
    settings.REDIS_URL = "unix:///nonexistent/redis.sock"
    response = federal_client.get("/health/")
    assert response.status_code == 503
    assert response.json()["redis"]["ok"] is False
