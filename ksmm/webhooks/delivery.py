"""Turning events into deliveries, and sending them: at least once, each under a stable id.

`queue_deliveries` is the events app's listener: it runs in the transaction that recorded the
events and inserts one delivery per subscribed event, then queues the send once that
transaction commits. If the broker is away, the sweep (`send_due`, every minute from beat)
finds the due rows anyway.

`deliver_one` sends one due delivery inside a transaction that holds the delivery's row lock:
the attempt's outcome is written before the commit, and the Celery task is acknowledged only
after that (acks late). A worker killed mid-send leaves the row as it was, still due, so the
same message (same `webhook-id`) is sent again; a concurrent run skips the locked row, and a
later one finds it delivered. A receiver can therefore see one id twice (a kill between its
answer and our commit), never lose one, and drops the repeat by its id, as the Standard
Webhooks specification expects of it.
"""

import json
import random
import time
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.cantons.current import current_schema, in_canton
from ksmm.events.models import Event
from ksmm.memberships.models import Membership
from ksmm.notifications.actions import do_notify
from ksmm.notifications.models import Reminder

from .models import SUBSCRIBABLE_KINDS, Delivery, DeliveryAttempt, SigningSecret, Subscription
from .sending import Outcome, post
from .signing import signature_header, unseal

# Seconds to wait after the 1st, 2nd, … failed attempt (each ±20 % at random); a delivery whose
# last retry fails too (about three days after the event) is given up and disables its endpoint.
BACKOFF_SECONDS = (5, 30, 120, 600, 3600, 6 * 3600, 12 * 3600, 24 * 3600, 24 * 3600)
MAX_ATTEMPTS = len(BACKOFF_SECONDS) + 1
DUE_STATES = (Delivery.State.PENDING, Delivery.State.FAILED)
SWEEP_BATCH = 200
TEST_TYPE = "webhook.test"


def message_id(*, schema: str, event_id: int) -> str:
    return f"msg_{schema}_{event_id}"


def retry_delay(attempts: int) -> timedelta:
    """The wait after the `attempts`-th failed attempt, with jitter so that many deliveries
    failing together do not all come back in the same second."""
    base = BACKOFF_SECONDS[min(attempts, len(BACKOFF_SECONDS)) - 1]
    return timedelta(seconds=base * random.uniform(0.8, 1.2))  # noqa: S311 - jitter, not a secret


def queue_deliveries(events: Sequence[Event]) -> None:
    """The events listener: a delivery for each event an active subscription names."""
    wanted = [event for event in events if event.kind in SUBSCRIBABLE_KINDS]
    if not wanted or not in_canton():  # the change feed's events cost no query here
        return
    kinds = sorted({event.kind for event in wanted})
    subscriptions = list(
        Subscription.objects.filter(is_active=True, event_kinds__overlap=kinds).values_list("id", "event_kinds")
    )
    if not subscriptions:
        return
    schema = current_schema()
    now = timezone.now()
    created = Delivery.objects.bulk_create(
        Delivery(
            subscription_id=subscription_id,
            event=event,
            message_id=message_id(schema=schema, event_id=event.pk),
            next_attempt_at=now,
        )
        for event in wanted
        for subscription_id, subscribed in subscriptions
        if event.kind in subscribed
    )
    ids = [delivery.pk for delivery in created]
    transaction.on_commit(lambda: queue_send(schema_name=schema, delivery_ids=ids), robust=True)


def queue_send(*, schema_name: str, delivery_ids: list[int]) -> None:
    """Hands deliveries to a worker; the schema travels in the message (tenant-schemas-celery)."""
    from .tasks import deliver

    with schema_context(schema_name):
        deliver.apply_async(kwargs={"delivery_ids": delivery_ids})


def payload(delivery: Delivery, *, schema: str) -> bytes:
    """The message body: the event's kind, time and ids, nothing else (no names, no text)."""
    event = delivery.event
    if event is None:
        body: dict[str, object] = {
            "type": TEST_TYPE,
            "timestamp": delivery.created_at.isoformat(),
            "data": {"id": delivery.message_id, "canton": schema},
        }
    else:
        body = {
            "type": event.kind,
            "timestamp": event.occurred_at.isoformat(),
            "data": {
                "id": str(event.pk),
                "object_type": event.object_type,
                "object_id": event.object_id,
                "case": event.case_id,
                "canton": schema,
            },
        }
    return json.dumps(body, separators=(",", ":"), sort_keys=True).encode()


def live_secrets(subscription_id: int, *, schema: str, now: datetime) -> list[str]:
    """The secrets that sign now: the current one first, then any still inside its rotation."""
    rows = SigningSecret.objects.filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now), subscription_id=subscription_id
    ).order_by(F("expires_at").desc(nulls_first=True), "-id")
    return [unseal(row.sealed, schema=schema) for row in rows]


def signed_headers(delivery: Delivery, *, body: bytes, schema: str, now: datetime) -> dict[str, str]:
    timestamp = int(time.time())
    secrets_ = live_secrets(delivery.subscription_id, schema=schema, now=now)
    return {
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature_header(
            secrets_=secrets_, message_id=delivery.message_id, timestamp=timestamp, body=body
        ),
    }


def deliver_one(delivery_id: int) -> Outcome | None:
    """Sends one delivery if it is still due and its subscription active; returns the outcome,
    or None when there was nothing to send (delivered, locked by another run, not yet due)."""
    now = timezone.now()
    schema = current_schema()
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("subscription", "event")
            .filter(pk=delivery_id, state__in=DUE_STATES, next_attempt_at__lte=now, subscription__is_active=True)
            .first()
        )
        if delivery is None:
            return None
        body = payload(delivery, schema=schema)
        headers = signed_headers(delivery, body=body, schema=schema, now=now)
        outcome = post(url=delivery.subscription.url, body=body, headers=headers)
        _record(delivery, outcome=outcome, started_at=now)
    return outcome


def _record(delivery: Delivery, *, outcome: Outcome, started_at: datetime) -> None:
    DeliveryAttempt.objects.create(
        delivery=delivery, started_at=started_at, duration_ms=outcome.duration_ms,
        status_code=outcome.status_code, error=outcome.error,
    )  # fmt: skip
    delivery.attempts += 1
    delivery.last_status_code = outcome.status_code
    delivery.last_error = outcome.error
    subscription = delivery.subscription
    if outcome.succeeded:
        delivery.state = Delivery.State.SUCCEEDED
        delivery.delivered_at = timezone.now()
        delivery.next_attempt_at = None
        Subscription.objects.filter(pk=subscription.pk).exclude(consecutive_failures=0).update(consecutive_failures=0)
    else:
        Subscription.objects.filter(pk=subscription.pk).update(consecutive_failures=F("consecutive_failures") + 1)
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.state = Delivery.State.DEAD
            delivery.next_attempt_at = None
            disable_failing(subscription)
        else:
            delivery.state = Delivery.State.FAILED
            delivery.next_attempt_at = timezone.now() + retry_delay(delivery.attempts)
    delivery.save(
        update_fields=["attempts", "last_status_code", "last_error", "state", "delivered_at", "next_attempt_at"]
    )


def disable_failing(subscription: Subscription) -> None:
    """Disables an endpoint that failed a whole backoff schedule, audits it, and tells the
    canton administrators in their inbox and by e-mail (no URL, no secret: a link to the page)."""
    changed = Subscription.objects.filter(pk=subscription.pk, is_active=True).update(
        is_active=False, disabled_reason=Subscription.DisabledReason.FAILING
    )
    if not changed:
        return
    subscription.is_active = False
    subscription.disabled_reason = Subscription.DisabledReason.FAILING
    do_record(actor=None, action=AuditAction.UPDATE, obj=subscription, purpose="webhook disabled after failures")
    administrators = Membership.objects.filter(
        role=Membership.Role.CANTON_ADMIN, is_active=True, organisation__is_active=True
    ).values_list("user_id", flat=True)
    do_notify(
        kind=Reminder.Kind.WEBHOOK_DISABLED,
        case_id=None,
        recipient_ids=list(administrators),
        link=reverse("webhooks:detail", kwargs={"subscription_id": subscription.pk}),
        event_key=f"webhook_disabled:{subscription.pk}:{int(time.time())}",
    )


def due_ids(*, limit: int = SWEEP_BATCH) -> list[int]:
    return list(
        Delivery.objects.filter(state__in=DUE_STATES, next_attempt_at__lte=timezone.now(), subscription__is_active=True)
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )


def send_due() -> int:
    """The sweep: sends what is due in the current canton (lost tasks, retries, a worker that
    died mid-send); returns how many attempts were made."""
    return sum(deliver_one(delivery_id) is not None for delivery_id in due_ids())
