"""Webhooks sent by a real worker on Redis, killed with SIGKILL in the middle of a send.

Twelve events, each recorded in its own committed transaction, queue their delivery task on
commit. The receiver (a real HTTP server on loopback) answers slowly, so the worker dies while
a request is open: the receiver has the message, the platform never recorded the answer. The
restarted worker gets the unacknowledged tasks back (and the sweep finds what is due) and sends
the rest.

What "each event exactly once per id" means here: every event reaches the receiver (none is
lost) under its one stable `webhook-id`; the message that was in flight at the kill may arrive a
second time under the SAME id, with a valid signature and the same body, which a receiver drops
by its id as the Standard Webhooks specification expects. After that dedupe the receiver has
accepted each event exactly once; no message is sent again once its success is recorded.
"""

import json
import os
import threading
from collections import Counter
from collections.abc import Iterator

import pytest
from django.db import connection, transaction
from django_tenants.utils import schema_context

from config.celery import app
from ksmm.events.actions import do_emit
from ksmm.events.models import Event
from ksmm.webhooks.models import Delivery, DeliveryAttempt, SigningSecret, Subscription
from ksmm.webhooks.signing import new_secret, seal
from ksmm.webhooks.tasks import deliver_due
from tests.notifications.test_worker import TRANSPORT, kill, wait_until
from tests.processes import start_celery_worker
from tests.webhooks.receiver import Receiver, running_receiver, verify

pytestmark = [pytest.mark.django_db, pytest.mark.celery]

QUEUE = f"ksmm-test-webhooks-{os.getpid()}"
EVENTS = 12


@pytest.fixture(scope="module")
def be_endpoint(django_db_setup: None, django_db_blocker) -> Iterator[tuple[Receiver, Subscription, str]]:  # type: ignore[no-untyped-def]
    """A slow receiver and a committed BE subscription to it; removed afterwards with its
    deliveries and the events of the test."""
    with running_receiver(delay=1.0) as receiver:
        secret = new_secret()
        with django_db_blocker.unblock(), schema_context("be"):
            subscription = Subscription.objects.create(url=receiver.url(), event_kinds=["referral.received"])
            SigningSecret.objects.create(subscription=subscription, sealed=seal(secret, schema="be"))
            first_event = (Event.objects.order_by("-id").values_list("id", flat=True).first() or 0) + 1
        connection.set_schema_to_public()
        yield receiver, subscription, secret
        with django_db_blocker.unblock(), schema_context("be"):
            subscription.delete()
            Event.objects.filter(id__gte=first_event, object_type="cases.referral", object_id__startswith="wk").delete()
        connection.set_schema_to_public()


def emit_all() -> list[int]:
    """Each event in its own committed transaction, on a connection of its own (as requests
    would), so that the on-commit hand-over to the worker fires; returns the event ids."""
    outcome: list[list[int] | BaseException] = []

    def run() -> None:
        try:
            ids = []
            with schema_context("be"):
                for index in range(EVENTS):
                    with transaction.atomic():
                        event = do_emit(
                            kind=Event.Kind.REFERRAL_RECEIVED, object_type="cases.referral", object_id=f"wk{index}"
                        )
                    ids.append(event.pk)
            outcome.append(ids)
        except BaseException as error:  # noqa: BLE001 - handed to the test's thread
            outcome.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def test_a_worker_killed_mid_send_loses_no_event_and_resends_only_under_the_same_id(
    be_endpoint: tuple[Receiver, Subscription, str],
    django_db_blocker,  # type: ignore[no-untyped-def]
) -> None:
    receiver, subscription, secret = be_endpoint
    env = {"CELERY_BROKER_TRANSPORT_OPTIONS": TRANSPORT}

    def delivered() -> int:
        with django_db_blocker.unblock(), schema_context("be"):
            return Delivery.objects.filter(subscription=subscription, state=Delivery.State.SUCCEEDED).count()

    default_queue = app.conf.task_default_queue
    app.conf.task_default_queue = QUEUE  # where the listener's on-commit hand-over goes
    try:
        worker = start_celery_worker(queue=QUEUE, name="celery-webhooks-killed", concurrency=1, **env)
        try:
            event_ids = emit_all()
            wait_until(lambda: len(receiver.messages) >= 4, timeout=60, what="the first four messages")
            kill(worker)  # within the receiver's 1 s pause: the fourth request is open
        finally:
            worker.stop()
        received_before_kill = len(receiver.messages)
        assert delivered() < EVENTS, "the worker died in the middle of the deliveries"

        restarted = start_celery_worker(queue=QUEUE, name="celery-webhooks-restarted", concurrency=1, **env)
        try:
            with django_db_blocker.unblock(), schema_context("be"):
                deliver_due.apply_async(queue=QUEUE)  # the beat's sweep, as it would come within a minute
            wait_until(lambda: delivered() == EVENTS, timeout=90, what="every delivery")
        finally:
            restarted.stop()
    finally:
        app.conf.task_default_queue = default_queue
    connection.set_schema_to_public()

    expected = {f"msg_be_{event_id}" for event_id in event_ids}
    assert set(receiver.accepted_ids()) == expected, "no event lost, none invented"
    assert len(receiver.accepted_ids()) == EVENTS, "each event accepted once after dedupe by id"
    assert all(verify(secret=secret, headers=m.headers, body=m.body) for m in receiver.messages)
    repeats = Counter(message.message_id for message in receiver.messages)
    duplicated = [message_id for message_id, count in repeats.items() if count > 1]
    # The message in flight at the kill comes twice (proof that the kill landed mid-send), no other.
    assert len(duplicated) == 1, repeats
    for message_id in duplicated:
        bodies = {m.body for m in receiver.messages if m.message_id == message_id}
        assert len(bodies) == 1 and json.loads(bodies.pop())["data"]["id"] == message_id.rsplit("_", 1)[1]
    assert received_before_kill < len(receiver.messages)
    with django_db_blocker.unblock(), schema_context("be"):
        # The killed attempt was never recorded (its transaction died with the worker).
        assert DeliveryAttempt.objects.filter(delivery__subscription=subscription).count() == EVENTS
    connection.set_schema_to_public()
