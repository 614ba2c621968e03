"""Event notifications e-mailed by a real worker on Redis, killed with SIGKILL in the middle.

Twenty events, each told in its own committed transaction, queue their e-mail task on commit
(the queue of this test, not the run's). The SMTP server answers slowly, so the worker is still
sending when it dies; the restarted worker gets the unacknowledged task back. Every (event,
person) is e-mailed exactly once, and replaying the events inserts and sends nothing.
"""

import os
import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date

import pytest
from django.db import connection, transaction
from django_tenants.utils import schema_context

from cases.models import Case, CaseParty
from config.celery import app
from ksmm.accounts.models import User
from ksmm.memberships.models import Membership
from ksmm.notifications.actions import do_notify
from ksmm.notifications.models import Reminder
from ksmm.partners.models import Organisation
from tests.factories import MembershipFactory, OrganisationFactory
from tests.processes import start_celery_worker

from .test_worker import TRANSPORT, SlowMailbox, kill, slow_smtp, wait_until

pytestmark = [pytest.mark.django_db, pytest.mark.celery]

__all__ = ["slow_smtp"]

QUEUE = f"ksmm-test-event-mail-{os.getpid()}"
EVENTS = 20
PEOPLE = 3
Kind = Reminder.Kind


@pytest.fixture(scope="module")
def be_world(django_db_setup: None, django_db_blocker) -> Iterator[tuple[list[int], list[int]]]:  # type: ignore[no-untyped-def]
    """(case ids, member ids): twenty cases and the three members of the organisation they
    are referred to, committed in BE."""
    with django_db_blocker.unblock(), schema_context("be"):
        intake = OrganisationFactory(name="Opferhilfe Bern (Meldungen)", type=Organisation.Type.VICTIM_AID)
        recipient = OrganisationFactory(name="Verein Bern (Meldungen)", type=Organisation.Type.NGO)
        members = MembershipFactory.create_batch(PEOPLE, organisation=recipient)
        cases = [
            Case.objects.create(
                case_number=f"BE-2026-{7000 + index}",
                pseudonym="Rosa",
                intake_organisation=intake,
                opened_on=date(2026, 3, 1),
            )
            for index in range(EVENTS)
        ]
    connection.set_schema_to_public()
    yield [case.pk for case in cases], [member.user_id for member in members]
    with django_db_blocker.unblock(), schema_context("be"):
        Reminder.objects.filter(case__in=cases).delete()
        CaseParty.objects.filter(case__in=cases).delete()
        Case.objects.filter(pk__in=[case.pk for case in cases]).delete()
        Membership.objects.filter(organisation=recipient).delete()
        recipient.delete()
        intake.delete()
        User.objects.filter(pk__in=[member.user_id for member in members]).delete()
    connection.set_schema_to_public()


def tell_all(case_ids: list[int], people: list[int]) -> int:
    """Each event in its own committed transaction, as the actions run in a request (on a
    connection of its own, outside the test's transaction, so that the worker sees the items
    and the on-commit hand-over fires); returns the items inserted."""
    outcome: list[int | BaseException] = []

    def run() -> None:
        try:
            created = 0
            with schema_context("be"):
                for case_id in case_ids:
                    with transaction.atomic():
                        created += do_notify(
                            kind=Kind.REFERRAL_RECEIVED, case_id=case_id, recipient_ids=people,
                            link=f"/cases/referrals/{case_id}/", event_key=f"referral_received:worker-{case_id}",
                        )  # fmt: skip
            outcome.append(created)
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


def test_a_worker_killed_while_e_mailing_events_sends_each_exactly_once(
    be_world: tuple[list[int], list[int]],
    slow_smtp: tuple[SlowMailbox, int],
    django_db_blocker,  # type: ignore[no-untyped-def]
) -> None:
    case_ids, people = be_world
    mailbox, port = slow_smtp
    mailbox.messages.clear()
    env = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port), "CELERY_BROKER_TRANSPORT_OPTIONS": TRANSPORT}
    expected = EVENTS * PEOPLE

    def emailed() -> int:
        with django_db_blocker.unblock(), schema_context("be"):
            return Reminder.objects.filter(case_id__in=case_ids, emailed_at__isnull=False).count()

    default_queue = app.conf.task_default_queue
    app.conf.task_default_queue = QUEUE  # where do_notify's on-commit hand-over goes
    try:
        worker = start_celery_worker(queue=QUEUE, name="celery-event-mail-killed", concurrency=1, **env)
        try:
            assert tell_all(case_ids, people) == expected
            wait_until(lambda: len(mailbox.messages) >= 10, timeout=60, what="the first ten e-mails")
            kill(worker)
        finally:
            worker.stop()
        sent_before_kill = len(mailbox.messages)
        assert 10 <= sent_before_kill < expected, "the worker died in the middle of the e-mails"

        restarted = start_celery_worker(queue=QUEUE, name="celery-event-mail-restarted", concurrency=1, **env)
        try:
            wait_until(lambda: emailed() == expected, timeout=90, what="the redelivered e-mail task")
            # Replayed events insert nothing, so nothing more is sent.
            assert tell_all(case_ids, people) == 0
            time.sleep(2)
        finally:
            restarted.stop()
    finally:
        app.conf.task_default_queue = default_queue
    connection.set_schema_to_public()

    assert len(mailbox.messages) == expected
    assert set(Counter(message["Message-ID"] for message in mailbox.messages).values()) == {1}
    assert "send_reminder_emails" in restarted.log()
    with django_db_blocker.unblock(), schema_context("be"):
        assert Reminder.objects.filter(case_id__in=case_ids).count() == expected
    connection.set_schema_to_public()
