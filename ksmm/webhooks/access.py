"""The gate of the webhook pages: the canton administrator's permission, then the object in
this canton's schema (another canton's ids are simply not there: 404)."""

from django.http import Http404

from ksmm.memberships.access import permission_required_here

from .models import Delivery, Subscription

webhooks_admin_required = permission_required_here("webhooks.manage_webhooks")


def access_subscription(subscription_id: int) -> Subscription:
    subscription = Subscription.objects.filter(pk=subscription_id).first()
    if subscription is None:
        raise Http404
    return subscription


def access_delivery(subscription: Subscription, delivery_id: int) -> Delivery:
    delivery = Delivery.objects.filter(pk=delivery_id, subscription=subscription).first()
    if delivery is None:
        raise Http404
    return delivery
