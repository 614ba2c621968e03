"""Liveness of the platform's parts, for load balancers and operators. No personal data."""

from datetime import datetime

import redis
from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .models import Canton, Heartbeat


def check_database() -> dict[str, object]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure is reported, never raised
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True}


def check_redis() -> dict[str, object]:
    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
        client.ping()
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": True}


def check_heartbeats(*, now: datetime) -> dict[str, dict[str, object]]:
    """Age of the last heartbeat of each active canton, in seconds; None when never seen."""
    stale_after = settings.HEARTBEAT_STALE_AFTER_SECONDS
    beats = {b.canton_id: b.beat_at for b in Heartbeat.objects.filter(canton__is_active=True)}
    report: dict[str, dict[str, object]] = {}
    for canton_id, code in Canton.objects.cantons().active().values_list("id", "code"):
        beat_at = beats.get(canton_id)
        age = None if beat_at is None else round((now - beat_at).total_seconds(), 1)
        report[code.lower()] = {"ok": age is not None and age <= stale_after, "last_heartbeat_age_seconds": age}
    return report


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    database = check_database()
    redis_state = check_redis()
    cantons = check_heartbeats(now=timezone.now()) if database["ok"] else {}
    healthy = bool(database["ok"]) and bool(redis_state["ok"]) and all(c["ok"] for c in cantons.values())
    body = {
        "status": "ok" if healthy else "fail",
        "database": database,
        "redis": redis_state,
        "heartbeat_stale_after_seconds": settings.HEARTBEAT_STALE_AFTER_SECONDS,
        "cantons": cantons,
    }
    return JsonResponse(body, status=200 if healthy else 503)
