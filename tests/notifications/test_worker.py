"""A real worker on Redis, killed with SIGKILL in the middle of a reminder scan's e-mails.

The data is committed (the worker is another process), in BE, and removed afterwards. The SMTP
server answers slowly so that the e-mail task the scan handed its reminders to is still
sending when the worker dies.
"""

import asyncio
import json
import os
import re
import signal
import time
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import date

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django_tenants.utils import schema_context

from cases.models import Case, CaseParty
from ksmm.accounts.models import User
from ksmm.deadlines.models import Deadline, Rule, RuleKey
from ksmm.memberships.models import Membership
from ksmm.notifications.models import Reminder
from ksmm.notifications.tasks import scan_reminders
from ksmm.partners.models import Organisation
from tests.factories import MembershipFactory, OrganisationFactory
from tests.mailbox import Mailbox
from tests.processes import ServerProcess, free_port, start_celery_worker

pytestmark = [pytest.mark.django_db, pytest.mark.celery]

QUEUE = "ksmm-test-reminder-scan"
CASES = 20
PEOPLE = 3
# Redeliver a killed worker's task after 3 s instead of an hour.
TRANSPORT = json.dumps({"visibility_timeout": 3, "unacked_restore_interval": 1, "unacked_restore_throttle": 1})


class SlowMailbox(Mailbox):
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        await asyncio.sleep(0.15)
        envelope.rcpt_tos.append(address)
        return "250 OK"


def wait_until(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def kill(worker: ServerProcess) -> None:
    """SIGKILL to the worker and its pool: no shutdown, no acknowledgement."""
    os.killpg(worker.process.pid, signal.SIGKILL)
    worker.process.wait()


@pytest.fixture(scope="module")
def be_deadlines(django_db_setup: None, django_db_blocker) -> Iterator[list[int]]:  # type: ignore[no-untyped-def]
    """Twenty overdue deadlines of one organisation with three members, committed in BE."""
    with django_db_blocker.unblock(), schema_context("be"):
        organisation = OrganisationFactory(name="Kantonspolizei Bern (scan)", type=Organisation.Type.CANTONAL_POLICE)
        members = MembershipFactory.create_batch(PEOPLE, organisation=organisation)
        rule = Rule.objects.get(key=RuleKey.REFLECTION_END, valid_until__isnull=True)
        cases = [
            Case.objects.create(
                case_number=f"BE-2026-{index:04d}",
                pseudonym="Rosa",
                intake_organisation=organisation,
                opened_on=date(2026, 3, 1),
            )
            for index in range(CASES)
        ]
        deadlines = Deadline.objects.bulk_create(
            Deadline(
                rule=rule,
                rule_key=rule.key,
                subject_type="cases.case",
                subject_id=case.pk,
                case=case,
                responsible_organisation=organisation,
                anchor=date(2026, 3, 2),
                due_on=date(2026, 4, 1),
            )
            for case in cases
        )
    connection.set_schema_to_public()
    yield [deadline.pk for deadline in deadlines]
    with django_db_blocker.unblock(), schema_context("be"):
        Reminder.objects.filter(deadline__responsible_organisation=organisation).delete()
        Deadline.objects.filter(responsible_organisation=organisation).delete()
        CaseParty.objects.filter(case__in=cases).delete()
        Case.objects.filter(pk__in=[case.pk for case in cases]).delete()
        Membership.objects.filter(organisation=organisation).delete()
        organisation.delete()
        User.objects.filter(pk__in=[member.user_id for member in members]).delete()
    connection.set_schema_to_public()


@pytest.fixture(scope="module")
def slow_smtp() -> Iterator[tuple[SlowMailbox, int]]:
    mailbox = SlowMailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield mailbox, controller.port
    controller.stop()


def test_a_worker_killed_mid_scan_loses_no_reminder_and_doubles_none(
    be_deadlines: list[int],
    slow_smtp: tuple[SlowMailbox, int],
    django_db_blocker,  # type: ignore[no-untyped-def]
) -> None:
    mailbox, port = slow_smtp
    env = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port), "CELERY_BROKER_TRANSPORT_OPTIONS": TRANSPORT}
    expected = CASES * PEOPLE

    def emailed() -> int:
        with django_db_blocker.unblock(), schema_context("be"):
            return Reminder.objects.filter(deadline_id__in=be_deadlines, emailed_at__isnull=False).count()

    worker = start_celery_worker(queue=QUEUE, name="celery-worker-killed", concurrency=1, **env)
    try:
        with django_db_blocker.unblock(), schema_context("be"):
            killed_task = scan_reminders.apply_async(kwargs={"today": "2026-04-20"}, queue=QUEUE)
        wait_until(lambda: len(mailbox.messages) >= 10, timeout=60, what="the first ten e-mails")
        kill(worker)
    finally:
        worker.stop()
    sent_before_kill = len(mailbox.messages)
    assert 10 <= sent_before_kill < expected, "the worker died in the middle of the scan"
    with django_db_blocker.unblock(), schema_context("be"):
        assert Reminder.objects.filter(deadline_id__in=be_deadlines).count() == expected

    # The restarted worker gets the unacknowledged task back and finishes it.
    restarted = start_celery_worker(queue=QUEUE, name="celery-worker-restarted", concurrency=1, **env)
    try:
        wait_until(lambda: emailed() == expected, timeout=90, what="the redelivered scan")
        # Beat's next run finds nothing left to send and queues no e-mail task.
        with django_db_blocker.unblock(), schema_context("be"):
            result = scan_reminders.apply_async(kwargs={"today": "2026-04-20"}, queue=QUEUE)
        assert result.get(timeout=60) == {"created": 0, "emailed": 0, "handed_over": False}
    finally:
        restarted.stop()
    connection.set_schema_to_public()

    assert len(mailbox.messages) == expected
    per_message = Counter(message["Message-ID"] for message in mailbox.messages)
    assert set(per_message.values()) == {1}
    # The scan itself had finished and handed over; the killed e-mail task, redelivered,
    # finished the work.
    assert killed_task.get(timeout=10) == {"created": expected, "emailed": 0, "handed_over": True}
    killed_log = worker.log()
    assert f"scan_reminders[{killed_task.id}] succeeded" in killed_log
    handed_over = re.findall(r"send_reminder_emails\[([0-9a-f-]+)\] received", killed_log)
    assert len(handed_over) == 1
    assert f"send_reminder_emails[{handed_over[0]}] succeeded" not in killed_log
    assert f"send_reminder_emails[{handed_over[0]}] succeeded" in restarted.log()
