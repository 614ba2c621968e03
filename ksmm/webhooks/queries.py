"""The read side of the webhook pages: one query for the list, one per page of the log."""

from django.db.models import Count, Q, QuerySet

from .models import Delivery, Subscription

LOG_FIELDS = (
    "id", "message_id", "state", "attempts", "next_attempt_at", "last_status_code", "last_error", "created_at",
    "delivered_at", "subscription_id", "event__id", "event__kind",
)  # fmt: skip
WAITING = Q(deliveries__state__in=[Delivery.State.PENDING, Delivery.State.FAILED])


def subscriptions_with_counts() -> QuerySet[Subscription]:
    return Subscription.objects.annotate(
        waiting=Count("deliveries", filter=WAITING),
        dead=Count("deliveries", filter=Q(deliveries__state=Delivery.State.DEAD)),
    ).order_by("id")


def delivery_log(subscription: Subscription) -> QuerySet[Delivery]:
    return Delivery.objects.filter(subscription=subscription).select_related("event").only(*LOG_FIELDS).order_by("-id")
