"""The canton administrator's webhook pages: the list, subscribing an endpoint, one endpoint
with its delivery log, and the buttons that rotate, disable, delete, test and redeliver.

A secret appears once, in the answer to the POST that made it (never in a URL, a message of
the session or a log); the page asks the browser not to keep it.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ksmm.events.models import Event
from ksmm.memberships.access import acting_user

from . import actions
from .access import access_delivery, access_subscription, webhooks_admin_required
from .forms import SubscriptionForm
from .models import Subscription
from .queries import delivery_log, subscriptions_with_counts

DELIVERIES_PER_PAGE = 50


def _kind_labels(subscription: Subscription) -> list[str]:
    labels = dict(Event.Kind.choices)
    return [str(labels.get(kind, kind)) for kind in subscription.event_kinds]


def _show_secret(request: HttpRequest, subscription: Subscription, secret: str) -> HttpResponse:
    return render(request, "webhooks/secret.html", {"subscription": subscription, "secret": secret})


@webhooks_admin_required
@require_GET
def subscription_list(request: HttpRequest) -> HttpResponse:
    subscriptions = list(subscriptions_with_counts())
    rows = [(subscription, _kind_labels(subscription)) for subscription in subscriptions]
    return render(request, "webhooks/list.html", {"rows": rows})


@webhooks_admin_required
@never_cache
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    form = SubscriptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        subscription, secret = actions.do_create_subscription(
            acting_user=acting_user(request), url=data["url"], event_kinds=list(data["event_kinds"]),
            description=data["description"],
        )  # fmt: skip
        return _show_secret(request, subscription, secret)
    return render(request, "webhooks/create.html", {"form": form})


@webhooks_admin_required
@require_GET
def detail(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = access_subscription(subscription_id)
    page = Paginator(delivery_log(subscription), DELIVERIES_PER_PAGE).get_page(request.GET.get("page"))
    context = {"subscription": subscription, "kinds": _kind_labels(subscription), "page": page}
    return render(request, "webhooks/detail.html", context)


@webhooks_admin_required
@never_cache
@require_POST
def rotate(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = access_subscription(subscription_id)
    secret = actions.do_rotate_secret(acting_user=acting_user(request), subscription=subscription)
    return _show_secret(request, subscription, secret)


@webhooks_admin_required
@require_POST
def set_active(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = access_subscription(subscription_id)
    active = request.POST.get("active") == "1"
    actions.do_set_active(acting_user=acting_user(request), subscription=subscription, active=active)
    messages.success(request, _("The webhook is enabled.") if active else _("The webhook is disabled."))
    return redirect("webhooks:detail", subscription_id=subscription.pk)


@webhooks_admin_required
@require_POST
def delete(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = access_subscription(subscription_id)
    actions.do_delete_subscription(acting_user=acting_user(request), subscription=subscription)
    messages.success(request, _("The webhook has been deleted."))
    return redirect("webhooks:list")


@webhooks_admin_required
@require_POST
def send_test(request: HttpRequest, subscription_id: int) -> HttpResponse:
    subscription = access_subscription(subscription_id)
    actions.do_send_test(acting_user=acting_user(request), subscription=subscription)
    messages.success(request, _("A test message is on its way."))
    return redirect("webhooks:detail", subscription_id=subscription.pk)


@webhooks_admin_required
@require_POST
def redeliver(request: HttpRequest, subscription_id: int, delivery_id: int) -> HttpResponse:
    subscription = access_subscription(subscription_id)
    delivery = access_delivery(subscription, delivery_id)
    actions.do_redeliver(acting_user=acting_user(request), delivery=delivery)
    messages.success(request, _("The message will be sent again."))
    return redirect("webhooks:detail", subscription_id=subscription.pk)
