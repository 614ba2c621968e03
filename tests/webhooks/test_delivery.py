"""Deliveries from events to a real receiver on loopback: signed, ids only, retried with backoff
under the same id, given up and the endpoint disabled after the whole schedule fails."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from cases.models import Identity
from ksmm.accounts.models import User
from ksmm.audit.models import AuditEntry
from ksmm.events.actions import do_emit
from ksmm.events.models import Event
from ksmm.notifications.models import Reminder
from ksmm.webhooks import sending
from ksmm.webhooks.actions import do_redeliver, do_rotate_secret, do_send_test, do_set_active
from ksmm.webhooks.delivery import BACKOFF_SECONDS, MAX_ATTEMPTS, deliver_one, retry_delay, send_due
from ksmm.webhooks.models import Delivery, SigningSecret, Subscription
from tests.factories import open_test_case
from tests.personas import ADAM, new_organisation
from tests.queries import captured, touching
from tests.webhooks.conftest import subscribe
from tests.webhooks.receiver import Receiver, running_receiver, verify

pytestmark = pytest.mark.django_db

VICTIM_NAME = "Zuzana Markerova"
ID = re.compile(r"^[A-Za-z0-9_.-]*$")


def emit(kind: str = Event.Kind.CASE_CLOSED, **fields: object) -> Event:
    with schema_context("zh"):
        return do_emit(kind=kind, **{"object_type": "cases.case", "object_id": "41", "case_id": 41, **fields})  # type: ignore[arg-type]


def deliveries_of(event: Event) -> list[Delivery]:
    with schema_context("zh"):
        return list(Delivery.objects.filter(event=event))


def send(delivery: Delivery) -> sending.Outcome | None:
    with schema_context("zh"):
        return deliver_one(delivery.pk)


def make_due(delivery: Delivery) -> None:
    with schema_context("zh"):
        Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


def test_an_event_of_a_subscribed_kind_is_delivered_signed_under_a_stable_id(adam: User, receiver: Receiver) -> None:
    _subscription, secret = subscribe(user=adam, url=receiver.url())
    event = emit()
    (delivery,) = deliveries_of(event)
    assert delivery.message_id == f"msg_zh_{event.pk}"

    outcome = send(delivery)

    assert outcome is not None and outcome.succeeded
    (message,) = receiver.messages
    assert message.message_id == f"msg_zh_{event.pk}"
    assert verify(secret=secret, headers=message.headers, body=message.body)
    assert json.loads(message.body) == {
        "type": "case.closed",
        "timestamp": event.occurred_at.isoformat(),
        "data": {"id": str(event.pk), "object_type": "cases.case", "object_id": "41", "case": 41, "canton": "zh"},
    }
    with schema_context("zh"):
        delivery.refresh_from_db()
        assert (delivery.state, delivery.attempts, delivery.last_status_code) == (Delivery.State.SUCCEEDED, 1, 204)
        assert delivery.attempt_log.get().status_code == 204
    assert send(delivery) is None, "a delivered message is not sent again"
    assert len(receiver.messages) == 1


def test_the_payload_names_no_person_and_carries_ids_and_labels_only(adam: User, receiver: Receiver) -> None:
    _subscription, _secret = subscribe(user=adam, url=receiver.url(), description=f"System for {VICTIM_NAME}")
    with schema_context("zh"):
        organisation = new_organisation("zh", ADAM.organisation_type)
        case = open_test_case(organisation=organisation, pseudonym=VICTIM_NAME)
        first_name, official_name = VICTIM_NAME.split()
        Identity.objects.create(case=case, official_name=official_name, first_name=first_name)
        event = do_emit(kind=Event.Kind.CASE_CLOSED, obj=case)
    for delivery in deliveries_of(event):
        send(delivery)
    body = receiver.messages[-1].body
    for part in [VICTIM_NAME, *VICTIM_NAME.split(), case.case_number]:
        assert part.encode() not in body
    payload = json.loads(body)
    assert set(payload) == {"type", "timestamp", "data"}
    assert set(payload["data"]) == {"id", "object_type", "object_id", "case", "canton"}
    assert payload["data"]["case"] == case.pk
    for value in payload["data"].values():
        assert isinstance(value, int) or ID.match(value)


def test_kinds_nobody_subscribed_make_no_delivery_and_changes_cost_no_query(adam: User, receiver: Receiver) -> None:
    subscribe(user=adam, url=receiver.url(), kinds=["decision.taken"])
    assert deliveries_of(emit(Event.Kind.CASE_CLOSED)) == []
    with captured() as statements:
        change = emit(Event.Kind.UPDATED)
    assert touching(statements, "webhooks_") == []
    assert deliveries_of(change) == []


def test_each_active_subscription_gets_its_own_delivery_and_a_disabled_one_none(adam: User) -> None:
    with running_receiver() as first, running_receiver() as second, running_receiver() as third:
        subscribe(user=adam, url=first.url())
        subscribe(user=adam, url=second.url())
        disabled, _ = subscribe(user=adam, url=third.url())
        with schema_context("zh"):
            do_set_active(acting_user=adam, subscription=disabled, active=False)
        deliveries = deliveries_of(emit())
        assert len(deliveries) == 2
        with schema_context("zh"):
            assert send_due() >= 2
        assert len(first.messages) == len(second.messages) == 1
        assert third.messages == []
        assert first.messages[0].message_id == second.messages[0].message_id


def test_a_failed_attempt_is_retried_after_the_backoff_under_the_same_id(adam: User) -> None:
    with running_receiver(status=500) as receiver:
        subscription, secret = subscribe(user=adam, url=receiver.url())
        (delivery,) = deliveries_of(emit())
        before = timezone.now()
        assert send(delivery) is not None
        with schema_context("zh"):
            delivery.refresh_from_db()
            subscription.refresh_from_db()
        assert (delivery.state, delivery.last_status_code, delivery.last_error) == (
            Delivery.State.FAILED,
            500,
            "status",
        )
        assert delivery.next_attempt_at is not None
        assert timedelta(seconds=3.9) < delivery.next_attempt_at - before < timedelta(seconds=6.5)
        assert subscription.consecutive_failures == 1
        assert send(delivery) is None, "not due yet"

        receiver.status = 200
        make_due(delivery)
        assert send(delivery) is not None
        assert [message.message_id for message in receiver.messages] == [delivery.message_id] * 2
        assert all(verify(secret=secret, headers=m.headers, body=m.body) for m in receiver.messages)
        with schema_context("zh"):
            delivery.refresh_from_db()
            subscription.refresh_from_db()
            assert list(delivery.attempt_log.values_list("status_code", flat=True)) == [200, 500]
        assert (delivery.state, delivery.attempts, subscription.consecutive_failures) == (
            Delivery.State.SUCCEEDED,
            2,
            0,
        )


def test_the_backoff_grows_from_seconds_to_a_day_with_jitter() -> None:
    assert BACKOFF_SECONDS[0] == 5 and BACKOFF_SECONDS[-1] == 24 * 3600
    assert list(BACKOFF_SECONDS) == sorted(BACKOFF_SECONDS)
    for attempts, base in enumerate(BACKOFF_SECONDS, start=1):
        delays = {retry_delay(attempts).total_seconds() for _ in range(20)}
        assert all(0.8 * base <= delay <= 1.2 * base for delay in delays)
        assert len(delays) > 1, "jitter"
    assert 2 * 86400 < sum(BACKOFF_SECONDS) < 4 * 86400, "given up after about three days"


def test_after_the_whole_schedule_fails_the_endpoint_is_disabled_and_administrators_told(
    adam: User, carla: User
) -> None:
    with running_receiver(status=503) as receiver:
        subscription, _ = subscribe(user=adam, url=receiver.url())
        (delivery,) = deliveries_of(emit())
        for _ in range(MAX_ATTEMPTS):
            make_due(delivery)
            assert send(delivery) is not None
        make_due(delivery)
        assert send(delivery) is None
    assert len(receiver.messages) == MAX_ATTEMPTS
    with schema_context("zh"):
        delivery.refresh_from_db()
        subscription.refresh_from_db()
        notices = list(Reminder.objects.filter(kind=Reminder.Kind.WEBHOOK_DISABLED))
        audited = AuditEntry.objects.filter(
            object_type="webhooks.subscription",
            object_id=str(subscription.pk),
            purpose="webhook disabled after failures",
        )
        assert audited.count() == 1
    assert delivery.state == Delivery.State.DEAD
    assert (subscription.is_active, subscription.disabled_reason) == (False, Subscription.DisabledReason.FAILING)
    assert subscription.consecutive_failures == MAX_ATTEMPTS
    assert [notice.recipient_id for notice in notices] == [adam.pk], "the canton administrators, not the coordinator"
    assert notices[0].link == f"/webhooks/{subscription.pk}/"
    assert notices[0].case_id is None


def test_a_redirect_is_a_failure_and_is_not_followed(adam: User) -> None:
    with running_receiver(status=302) as receiver:
        receiver.location = receiver.url("/elsewhere")
        subscribe(user=adam, url=receiver.url())
        (delivery,) = deliveries_of(emit())
        outcome = send(delivery)
    assert outcome is not None and (outcome.status_code, outcome.error) == (302, "status")
    assert [message.path for message in receiver.messages] == ["/hooks/ksmm"]


def test_a_slow_endpoint_times_out(adam: User, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sending, "TOTAL_TIMEOUT", 0.5)
    with running_receiver(delay=1.5) as receiver:
        subscribe(user=adam, url=receiver.url())
        (delivery,) = deliveries_of(emit())
        outcome = send(delivery)
    assert outcome is not None and outcome.error == "timeout" and outcome.status_code is None


def test_an_endpoint_pointing_inside_at_send_time_is_refused_without_a_connection(
    adam: User, receiver: Receiver
) -> None:
    subscription, _ = subscribe(user=adam, url=receiver.url())
    with schema_context("zh"):
        Subscription.objects.filter(pk=subscription.pk).update(url="http://169.254.169.254/latest/meta-data/")
    (delivery,) = deliveries_of(emit())
    outcome = send(delivery)
    assert outcome is not None and outcome.error == "refused_address"
    assert receiver.messages == []


def test_after_a_rotation_both_secrets_sign_until_the_old_one_expires(adam: User, receiver: Receiver) -> None:
    subscription, old = subscribe(user=adam, url=receiver.url())
    with schema_context("zh"):
        new = do_rotate_secret(acting_user=adam, subscription=subscription)
    assert new != old
    for delivery in deliveries_of(emit()):
        send(delivery)
    during = receiver.messages[-1]
    assert len(during.headers["webhook-signature"].split(" ")) == 2
    assert verify(secret=old, headers=during.headers, body=during.body)
    assert verify(secret=new, headers=during.headers, body=during.body)

    with schema_context("zh"):
        SigningSecret.objects.filter(subscription=subscription, expires_at__isnull=False).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
    for delivery in deliveries_of(emit(object_id="42")):
        send(delivery)
    after = receiver.messages[-1]
    assert verify(secret=new, headers=after.headers, body=after.body)
    assert not verify(secret=old, headers=after.headers, body=after.body)


def test_a_redelivery_sends_the_same_message_again_and_is_audited(adam: User, receiver: Receiver) -> None:
    subscribe(user=adam, url=receiver.url())
    (delivery,) = deliveries_of(emit())
    send(delivery)
    with schema_context("zh"):
        do_redeliver(acting_user=adam, delivery=delivery)
        assert AuditEntry.objects.filter(object_type="webhooks.delivery", object_id=str(delivery.pk)).exists()
    send(delivery)
    assert [message.message_id for message in receiver.messages] == [delivery.message_id] * 2
    assert receiver.accepted_ids() == [delivery.message_id]


def test_a_test_message_is_signed_and_logged_like_an_event(adam: User, receiver: Receiver) -> None:
    subscription, secret = subscribe(user=adam, url=receiver.url())
    with schema_context("zh"):
        delivery = do_send_test(acting_user=adam, subscription=subscription)
    send(delivery)
    (message,) = receiver.messages
    assert json.loads(message.body)["type"] == "webhook.test"
    assert verify(secret=secret, headers=message.headers, body=message.body)


def test_enabling_again_sends_what_waited(adam: User, receiver: Receiver) -> None:
    subscription, _ = subscribe(user=adam, url=receiver.url())
    (delivery,) = deliveries_of(emit())
    with schema_context("zh"):
        do_set_active(acting_user=adam, subscription=subscription, active=False)
    assert send(delivery) is None
    with schema_context("zh"):
        do_set_active(acting_user=adam, subscription=subscription, active=True)
    assert send(delivery) is not None
    assert len(receiver.messages) == 1
