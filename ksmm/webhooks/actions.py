"""What a canton administrator does with webhooks: subscribe an endpoint, rotate its secret,
disable or enable it, delete it, send a delivery again and send a test message.

The endpoint and the kinds are checked by the form (forms.SubscriptionForm, which calls
addresses.check_endpoint) before `do_create_subscription`; each send checks the endpoint again.

Each write is audited with ids only (never the URL or a secret). A secret is returned once, to
be shown once; only its sealed form is stored.
"""

import uuid
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.cantons.current import current_schema

from .delivery import queue_send
from .models import Delivery, SigningSecret, Subscription
from .signing import new_secret, seal

PURPOSE = "webhooks"
# How long the previous secret keeps signing after a rotation, while the receiver switches.
ROTATION_OVERLAP = timedelta(hours=24)


def do_create_subscription(
    *, acting_user: User, url: str, event_kinds: list[str], description: str
) -> tuple[Subscription, str]:
    secret = new_secret()
    with transaction.atomic():
        subscription = Subscription.objects.create(
            url=url, event_kinds=sorted(set(event_kinds)), description=description, created_by=acting_user
        )
        SigningSecret.objects.create(subscription=subscription, sealed=seal(secret, schema=current_schema()))
        do_record(actor=acting_user, action=AuditAction.CREATE, obj=subscription, purpose=PURPOSE)
    return subscription, secret


def do_rotate_secret(*, acting_user: User, subscription: Subscription) -> str:
    """A new current secret; the previous one keeps signing for ROTATION_OVERLAP, older ones
    stop at once. Returns the new secret."""
    secret = new_secret()
    now = timezone.now()
    with transaction.atomic():
        # Two rotations at once take turns: each sees the other's new secret as the current one.
        Subscription.objects.select_for_update().filter(pk=subscription.pk).first()
        live = SigningSecret.objects.filter(subscription=subscription)
        live.filter(expires_at__gt=now).update(expires_at=now)
        live.filter(expires_at__isnull=True).update(expires_at=now + ROTATION_OVERLAP)
        SigningSecret.objects.create(subscription=subscription, sealed=seal(secret, schema=current_schema()))
        do_record(actor=acting_user, action=AuditAction.UPDATE, obj=subscription, purpose="webhook secret rotated")
    return secret


def do_set_active(*, acting_user: User, subscription: Subscription, active: bool) -> None:
    """Disables an endpoint (its deliveries wait), or enables it again: the failure count starts
    anew and what waited is sent now."""
    with transaction.atomic():
        if active:
            Subscription.objects.filter(pk=subscription.pk).update(
                is_active=True, disabled_reason=Subscription.DisabledReason.NONE, consecutive_failures=0
            )
            waiting = subscription.deliveries.filter(state__in=[Delivery.State.PENDING, Delivery.State.FAILED])
            waiting.update(next_attempt_at=timezone.now())
            ids = list(waiting.values_list("id", flat=True))
            if ids:
                _queue_on_commit(ids)
        else:
            Subscription.objects.filter(pk=subscription.pk).update(
                is_active=False, disabled_reason=Subscription.DisabledReason.BY_ADMINISTRATOR
            )
        do_record(actor=acting_user, action=AuditAction.UPDATE, obj=subscription, purpose=PURPOSE)
    subscription.refresh_from_db()


def do_delete_subscription(*, acting_user: User, subscription: Subscription) -> None:
    """Deletes the endpoint, its secrets and its delivery log."""
    with transaction.atomic():
        do_record(actor=acting_user, action=AuditAction.DELETE, obj=subscription, purpose=PURPOSE)
        subscription.delete()


def do_redeliver(*, acting_user: User, delivery: Delivery) -> None:
    """Sends a delivery again, under its same id, with a fresh backoff schedule."""
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(
            state=Delivery.State.PENDING, attempts=0, next_attempt_at=timezone.now(), delivered_at=None
        )
        do_record(actor=acting_user, action=AuditAction.UPDATE, obj=delivery, purpose="webhook redelivery")
        _queue_on_commit([delivery.pk])


def do_send_test(*, acting_user: User, subscription: Subscription) -> Delivery:
    """A `webhook.test` message to the endpoint, signed and logged like any delivery."""
    with transaction.atomic():
        delivery = Delivery.objects.create(
            subscription=subscription,
            message_id=f"msg_{current_schema()}_test_{uuid.uuid4().hex[:16]}",
            next_attempt_at=timezone.now(),
        )
        do_record(actor=acting_user, action=AuditAction.CREATE, obj=delivery, purpose="webhook test")
        _queue_on_commit([delivery.pk])
    return delivery


def _queue_on_commit(delivery_ids: list[int]) -> None:
    schema = current_schema()
    transaction.on_commit(lambda: queue_send(schema_name=schema, delivery_ids=delivery_ids), robust=True)
