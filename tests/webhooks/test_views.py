"""The canton administrator's webhook pages: who may use them, what they do, what they cost."""

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.audit.models import AuditEntry
from ksmm.events.actions import do_emit
from ksmm.events.models import Event
from ksmm.webhooks.models import Delivery, SigningSecret, Subscription
from tests.auth import sign_in
from tests.personas import ALICE, GABI, member
from tests.queries import assert_count, statements_of
from tests.webhooks.conftest import subscribe

pytestmark = pytest.mark.django_db

URL = "http://127.0.0.1:9/hooks"


@pytest.fixture
def world(adam: User) -> tuple[Subscription, Delivery]:
    subscription, _ = subscribe(user=adam, url=URL)
    with schema_context("zh"):
        event = do_emit(kind=Event.Kind.CASE_CLOSED, object_type="cases.case", object_id="7", case_id=7)
        delivery = Delivery.objects.get(event=event, subscription=subscription)
    return subscription, delivery


def pages(subscription: Subscription, delivery: Delivery) -> list[tuple[str, str]]:
    base = f"/webhooks/{subscription.pk}"
    return [
        ("get", "/webhooks/"),
        ("get", "/webhooks/new/"),
        ("post", "/webhooks/new/"),
        ("get", f"{base}/"),
        ("post", f"{base}/rotate/"),
        ("post", f"{base}/active/"),
        ("post", f"{base}/test/"),
        ("post", f"{base}/deliveries/{delivery.pk}/redeliver/"),
        ("post", f"{base}/delete/"),
    ]


def test_a_coordinator_and_a_member_get_403_on_every_webhook_page(
    world: tuple[Subscription, Delivery], carla: User, zh_client: Client
) -> None:
    for user in (carla, member(ALICE)):
        client = sign_in(Client(HTTP_HOST="zh.localhost"), user)
        for method, path in pages(*world):
            assert getattr(client, method)(path).status_code == 403, (user, path)
    with schema_context("zh"):
        assert Subscription.objects.filter(pk=world[0].pk).exists()


def test_someone_of_another_canton_gets_404_on_every_webhook_page(world: tuple[Subscription, Delivery]) -> None:
    client = sign_in(Client(HTTP_HOST="zh.localhost"), member(GABI))
    for method, path in pages(*world):
        assert getattr(client, method)(path).status_code == 404, path


def test_a_subscription_of_another_canton_is_not_found(adam: User, zh_client: Client) -> None:
    sign_in(zh_client, adam)
    with schema_context("ge"):
        foreign = Subscription.objects.create(url=URL, event_kinds=["case.closed"])
    with schema_context("zh"):
        Subscription.objects.filter(pk=foreign.pk).delete()
    assert zh_client.get(f"/webhooks/{foreign.pk}/").status_code == 404
    assert zh_client.post(f"/webhooks/{foreign.pk}/rotate/").status_code == 404


def test_an_administrator_subscribes_an_endpoint_and_sees_the_secret_once(adam: User, zh_client: Client) -> None:
    sign_in(zh_client, adam)
    form = zh_client.get("/webhooks/new/")
    assert "Fall abgeschlossen" in form.content.decode() or "Case closed" in form.content.decode()
    response = zh_client.post(
        "/webhooks/new/", {"url": URL, "event_kinds": ["case.closed", "decision.taken"], "description": "Polizei"}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    secret = html.split('<code class="secret">', 1)[1].split("<", 1)[0]
    assert secret.startswith("whsec_")
    with schema_context("zh"):
        subscription = Subscription.objects.get(description="Polizei")
        assert subscription.event_kinds == ["case.closed", "decision.taken"]
        assert secret not in SigningSecret.objects.get(subscription=subscription).sealed
        assert AuditEntry.objects.filter(
            action=AuditEntry.Action.CREATE, object_type="webhooks.subscription", object_id=str(subscription.pk)
        ).exists()
    assert secret not in zh_client.get(f"/webhooks/{subscription.pk}/").content.decode()


def test_an_address_inside_the_network_is_refused_on_the_form(adam: User, zh_client: Client, settings: object) -> None:
    settings.WEBHOOKS_ALLOW_LOOPBACK = False  # type: ignore[attr-defined]
    sign_in(zh_client, adam)
    response = zh_client.post("/webhooks/new/", {"url": "https://169.254.169.254/", "event_kinds": ["case.closed"]})
    assert response.status_code == 200
    with schema_context("zh"):
        assert not Subscription.objects.exists()


def test_the_buttons_rotate_disable_enable_test_redeliver_and_delete(
    world: tuple[Subscription, Delivery], adam: User, zh_client: Client
) -> None:
    subscription, delivery = world
    sign_in(zh_client, adam)
    base = f"/webhooks/{subscription.pk}"
    rotated = zh_client.post(f"{base}/rotate/")
    assert rotated.status_code == 200 and "whsec_" in rotated.content.decode()
    assert zh_client.post(f"{base}/active/", {"active": "0"}).status_code == 302
    with schema_context("zh"):
        subscription.refresh_from_db()
        assert (subscription.is_active, subscription.disabled_reason) == (False, "administrator")
        assert SigningSecret.objects.filter(subscription=subscription).count() == 2
    assert zh_client.post(f"{base}/active/", {"active": "1"}).status_code == 302
    assert zh_client.post(f"{base}/test/").status_code == 302
    assert zh_client.post(f"{base}/deliveries/{delivery.pk}/redeliver/").status_code == 302
    with schema_context("zh"):
        subscription.refresh_from_db()
        assert subscription.is_active
        assert Delivery.objects.filter(subscription=subscription, event__isnull=True).count() == 1
    assert zh_client.post(f"{base}/delete/").status_code == 302
    with schema_context("zh"):
        assert not Subscription.objects.filter(pk=subscription.pk).exists()
        assert AuditEntry.objects.filter(
            action=AuditEntry.Action.DELETE, object_type="webhooks.subscription", object_id=str(subscription.pk)
        ).exists()


def test_the_list_costs_the_same_for_1_and_50_subscriptions(adam: User, zh_client: Client) -> None:
    sign_in(zh_client, adam)
    subscribe(user=adam, url=URL)
    one = statements_of(zh_client, "/webhooks/")
    for _ in range(49):
        subscribe(user=adam, url=URL)
    fifty = statements_of(zh_client, "/webhooks/")
    assert_count(one, 5, without_search_path=4)
    assert_count(fifty, len(one))


def test_the_delivery_log_costs_the_same_for_1_and_50_deliveries(adam: User, zh_client: Client) -> None:
    sign_in(zh_client, adam)
    subscription, _ = subscribe(user=adam, url=URL)
    with schema_context("zh"):
        do_emit(kind=Event.Kind.CASE_CLOSED, object_type="cases.case", object_id="1", case_id=1)
    one = statements_of(zh_client, f"/webhooks/{subscription.pk}/")
    with schema_context("zh"):
        for index in range(49):
            do_emit(kind=Event.Kind.REFERRAL_RECEIVED, object_type="cases.referral", object_id=str(index))
        assert Delivery.objects.filter(subscription=subscription).count() == 50
    fifty = statements_of(zh_client, f"/webhooks/{subscription.pk}/")
    assert "msg_zh_" in zh_client.get(f"/webhooks/{subscription.pk}/").content.decode()
    assert_count(one, 7, without_search_path=6)
    assert_count(fifty, len(one))
