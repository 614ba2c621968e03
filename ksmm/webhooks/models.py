"""Webhook subscriptions of a canton's systems, their signing secrets, and the delivery log.

A subscription names an endpoint and the hand-off kinds it wants (ksmm/events). Each event of
such a kind becomes one `Delivery` per active subscription, inserted in the transaction that
recorded the event, so a delivery exists exactly when its event does. A delivery is sent until
the endpoint answers 2xx (at least once, always under the same `webhook-id`); each try is one
`DeliveryAttempt` row. Nothing a person typed about a case reaches these tables: a payload is
built from the event's ids and labels only.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ksmm.events.models import HAND_OFF_KINDS, Event

SUBSCRIBABLE_KINDS = [kind.value for kind in HAND_OFF_KINDS]


class Subscription(models.Model):
    """An endpoint of a cantonal system and the event kinds it is sent.

    `consecutive_failures` counts failed attempts since the last success; when one delivery has
    failed its whole backoff schedule (about three days), the subscription is disabled, with a
    reason, and the canton administrators are told.
    """

    class DisabledReason(models.TextChoices):
        NONE = "", _("Active")
        BY_ADMINISTRATOR = "administrator", _("Disabled by an administrator")
        FAILING = "failing", _("Disabled after repeated failed deliveries")

    url = models.URLField(_("endpoint URL"), max_length=500)
    event_kinds = ArrayField(models.CharField(max_length=32, choices=Event.Kind.choices), verbose_name=_("events"))
    # A label for the administrators' list; never sent to the endpoint.
    description = models.CharField(_("description"), max_length=200, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    disabled_reason = models.CharField(
        _("state"), max_length=16, choices=DisabledReason.choices, blank=True, default=DisabledReason.NONE
    )
    consecutive_failures = models.PositiveIntegerField(_("failed attempts in a row"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                name="webhooks_subscription_kinds_known",
                condition=Q(event_kinds__contained_by=SUBSCRIBABLE_KINDS) & Q(event_kinds__len__gt=0),
            ),
            models.CheckConstraint(
                name="webhooks_subscription_disabled_has_reason",
                condition=Q(is_active=True, disabled_reason="") | Q(is_active=False) & ~Q(disabled_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"webhook subscription {self.pk}"


class SigningSecret(models.Model):
    """One signing secret of a subscription, sealed with the canton's key (signing.py).

    The newest secret without `expires_at` is the current one; a rotation gives the previous
    one an end, and until then messages carry both signatures (Standard Webhooks), so the
    receiver can switch without losing a message.
    """

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="secrets")
    sealed = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["subscription"], condition=Q(expires_at__isnull=True), name="webhooks_secret_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"signing secret {self.pk}"


class Delivery(models.Model):
    """One event (or test message) to one subscription, sent until it succeeds.

    `message_id` is the `webhook-id` of every attempt: a receiver that saw it already drops the
    repeat. A delivery is due when it is pending or failed and `next_attempt_at` has passed.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SUCCEEDED = "succeeded", _("Delivered")
        FAILED = "failed", _("Failed, will be retried")
        DEAD = "dead", _("Given up")

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    message_id = models.CharField(_("message id"), max_length=64)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_status_code = models.PositiveIntegerField(_("last status"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(state__in=["pending", "failed"]),
                name="webhooks_delivery_due",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["subscription", "event"], name="webhooks_delivery_once_per_event"),
            models.UniqueConstraint(fields=["subscription", "message_id"], name="webhooks_delivery_message_id"),
            models.CheckConstraint(
                name="webhooks_delivery_due_has_time",
                condition=~Q(state__in=["pending", "failed"]) | Q(next_attempt_at__isnull=False),
            ),
            models.CheckConstraint(
                name="webhooks_delivery_succeeded_has_time",
                condition=~Q(state="succeeded") | Q(delivered_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.message_id


class DeliveryAttempt(models.Model):
    """One try of a delivery: when, how long, the HTTP status or the class of error, and no
    response content (an endpoint's answer may echo anything)."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    started_at = models.DateTimeField(_("time"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    status_code = models.PositiveIntegerField(_("status"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=32, blank=True)

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"attempt {self.pk}"
