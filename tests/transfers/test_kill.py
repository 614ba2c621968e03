"""A real Celery worker SIGKILLed at several points of the copy: the receiving canton then
holds no case, and the redelivered task makes exactly one complete case.

The data is committed (the worker is another process), from BE to TI so that no other test's
cantons see it, and removed afterwards. Each point is reached by holding, from a connection of
the test, a lock that the copy needs there; once the worker's backend waits for it, the worker
and its pool get SIGKILL. The copy's message is the one acceptance queues (acks late), so the
restarted worker gets exactly the message the killed one held.
"""

import json
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date

import psycopg
import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from cases.actions import do_add_party
from cases.attachments import sealing
from cases.attachments.actions import do_upload
from cases.attachments.models import Attachment
from cases.models import Case, CaseNumberCounter, CounsellingEntry, CounsellingPart, Identity
from cases.transfers.actions import check_accept_transfer, check_request_transfer
from cases.transfers.models import IncomingTransfer, TransferRequest
from ksmm.accounts.models import User
from ksmm.audit.actions import ADVISORY_LOCK_NAMESPACE
from ksmm.deadlines.models import Deadline
from ksmm.memberships.models import Membership
from ksmm.notifications.models import Reminder
from ksmm.partners.models import Organisation
from ksmm.transfers.models import Transfer
from permits.models import ReflectionPeriod
from tests import processes
from tests.caseattachments.conftest import pdf_bytes
from tests.factories import MembershipFactory, OrganisationFactory, open_test_case
from tests.processes import ServerProcess, start_celery_worker

pytestmark = [pytest.mark.django_db, pytest.mark.celery]

Type = Organisation.Type
Role = Membership.Role
KILL_FILE = "kill-test-attachment"
# Redeliver a killed worker's task after 3 s instead of an hour.
TRANSPORT = json.dumps({"visibility_timeout": 3, "unacked_restore_interval": 1, "unacked_restore_throttle": 1})


def _public_chain_key() -> int:
    import zlib

    return zlib.crc32(b"public") - 2**31


# Each point: a lock statement the test holds while the copy runs into it.
POINTS: dict[str, str] = {
    # Before anything: the public row the copy locks first.
    "start": "SELECT 1 FROM public.transfers_transfer WHERE id = {transfer} FOR UPDATE",
    # The sending case read, before the receiving case gets its number.
    "number": "SELECT 1 FROM ti.cases_casenumbercounter WHERE year = {year} FOR UPDATE",
    # The attachment's bytes written to the receiving canton's storage; its row not yet.
    "attachments": "LOCK TABLE ti.caseattachments_attachment IN SHARE MODE",
    # The receiving case, its party, identity, counselling and attachment written; the residence not yet.
    "residence": "LOCK TABLE ti.permits_reflectionperiod IN SHARE MODE",
    # The receiving case complete; the sending case not yet closed.
    "sender": "LOCK TABLE be.deadlines_deadline IN SHARE MODE",
    # Everything written but the public row's entry in the federal chain.
    "public": f"SELECT pg_advisory_xact_lock({ADVISORY_LOCK_NAMESPACE}, {_public_chain_key()})",
}


@dataclass
class KillWorld:
    sender: Organisation
    receiver: Organisation
    lead: Membership
    answerer: Membership
    users: list[int]


@pytest.fixture(scope="module")
def kill_world(django_db_setup: None, django_db_blocker) -> Iterator[KillWorld]:  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        with schema_context("be"):
            sender = OrganisationFactory(name="Opferhilfe Bern (Kill)", type=Type.VICTIM_AID)
            lead = MembershipFactory(organisation=sender, role=Role.LEAD)
        with schema_context("ti"):
            receiver = OrganisationFactory(name="Aiuto alle vittime Ticino (Kill)", type=Type.VICTIM_AID)
            answerer = MembershipFactory(organisation=receiver, role=Role.LEAD)
            CaseNumberCounter.objects.get_or_create(year=timezone.localdate().year)
    connection.set_schema_to_public()
    world = KillWorld(sender, receiver, lead, answerer, [lead.user_id, answerer.user_id])
    yield world
    with django_db_blocker.unblock():
        with schema_context("ti"):
            incoming = IncomingTransfer.objects.filter(receiving_organisation=receiver)
            received = [row.case_id for row in incoming if row.case_id]
            incoming.delete()
            _delete_cases(received)
            Membership.objects.filter(organisation=receiver).delete()
            Reminder.objects.filter(recipient_id__in=world.users).delete()
        with schema_context("be"):
            sent = TransferRequest.objects.filter(requesting_organisation=sender)
            cases = list(sent.values_list("case_id", flat=True))
            sent.delete()
            _delete_cases(cases)
            Membership.objects.filter(organisation=sender).delete()
            Reminder.objects.filter(recipient_id__in=world.users).delete()
            User.objects.filter(pk__in=world.users).delete()
        Transfer.objects.filter(sender_organisation_id=sender.pk, sending_canton="BE").delete()
    connection.set_schema_to_public()


def _delete_cases(case_ids: list[int]) -> None:
    for storage_key in Attachment.objects.filter(case_id__in=case_ids).values_list("storage_key", flat=True):
        sealing.discard(storage_key)
    Reminder.objects.filter(case_id__in=case_ids).delete()
    Deadline.objects.filter(case_id__in=case_ids).delete()
    Case.objects.filter(pk__in=case_ids).delete()


def committed(work: Callable[[], int]) -> int:
    """`work()` on a connection of its own, committed (the test's own runs in a transaction the
    worker never sees)."""
    result: list[int] = []

    def run() -> None:
        try:
            result.append(work())
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert result, "the committed work failed"
    return result[0]


def _accepted_transfer(world: KillWorld) -> int:
    """A BE case with identity and counselling, requested and accepted (the copy queued)."""
    with schema_context("be"):
        case = open_test_case(organisation=world.sender, pseudonym="Kill", opened_on=date(2026, 2, 1))
        do_add_party(acting_user=None, case=case, organisation=world.sender)
        Identity.objects.create(case=case, official_name="Muster")
        CounsellingEntry.objects.create(case=case, author_organisation=world.sender, part=CounsellingPart.NOTES,
                                        occurred_on=date(2026, 2, 2), text="Notiz")  # fmt: skip
        do_upload(acting_user=None, organisation=world.sender, case=case, compartment="counselling",
                  counselling_part="notes", kind="other", title="Notiz", data=pdf_bytes(KILL_FILE))  # fmt: skip
        ReflectionPeriod.objects.create(
            case=case, status="granted", requested_by_organisation=world.sender, addressed_to=world.sender,
            requested_on=date(2026, 2, 1), decided_on=date(2026, 2, 2), length_days=30,
            starts_on=date(2026, 2, 2), ends_on=date(2026, 3, 4),
        )  # fmt: skip
        sent = check_request_transfer(
            acting_user=world.lead.user, membership=world.lead, case=case, receiving_canton="TI",
            receiving_organisation_id=world.receiver.pk, reason="Kill test", compartments=("identity",),
            counselling_parts=("notes",), consent_given_on=date(2026, 2, 3),
        )  # fmt: skip
    with schema_context("ti"):
        incoming = IncomingTransfer.objects.get(transfer_id=sent.transfer_id)
        check_accept_transfer(acting_user=world.answerer.user, membership=world.answerer, incoming=incoming)
    connection.set_schema_to_public()
    return sent.transfer_id


def wait_until(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def kill(worker: ServerProcess) -> None:
    os.killpg(worker.process.pid, signal.SIGKILL)
    worker.process.wait()


def cases_in_ti(transfer_id: int) -> list[tuple[int, int]]:
    """(case id, copied rows) of the cases in TI that came from this transfer's sending case."""
    row = Transfer.objects.get(pk=transfer_id)
    with schema_context("ti"):
        found = []
        for case in Case.objects.filter(source=Case.Source.OTHER_CANTON, incoming_transfer__transfer_id=transfer_id):
            parts = (
                Identity.objects.filter(case=case).count()
                + CounsellingEntry.objects.filter(case=case).count()
                + ReflectionPeriod.objects.filter(case=case).count()
                + sum(
                    KILL_FILE.encode() in sealing.load(schema="ti", storage_key=key)
                    for key in Attachment.objects.filter(case=case).values_list("storage_key", flat=True)
                )
            )
            found.append((case.pk, parts))
        # A copy that left a case behind without its link would show here.
        orphans = Case.objects.filter(source=Case.Source.OTHER_CANTON, pseudonym="Kill", incoming_transfer__isnull=True)
        assert not orphans.exists()
    connection.set_schema_to_public()
    assert row.status in ("accepted", "completed")
    return found


@pytest.mark.parametrize("point", list(POINTS))
def test_a_worker_killed_during_the_copy_leaves_no_case_or_exactly_one(
    kill_world: KillWorld,
    point: str,
    django_db_blocker,  # type: ignore[no-untyped-def]
) -> None:
    with django_db_blocker.unblock():
        holder = psycopg.connect(processes.test_database_url(), autocommit=False)
        try:
            # The copy is queued at acceptance and waits for a worker: the lock comes after
            # (acceptance itself writes the tables some points lock).
            transfer_id = committed(lambda: _accepted_transfer(kill_world))
            holder.execute(POINTS[point].format(transfer=transfer_id, year=timezone.localdate().year))
            worker = start_celery_worker(name=f"celery-worker-transfer-{point}", concurrency=1,
                                         CELERY_BROKER_TRANSPORT_OPTIONS=TRANSPORT)  # fmt: skip
            try:
                wait_until(lambda: _someone_waits(holder), timeout=60, what=f"the copy to reach {point}")
                kill(worker)
            finally:
                worker.stop()
            assert "copy_transfer" in worker.log()
            assert cases_in_ti(transfer_id) == []
            assert Transfer.objects.get(pk=transfer_id).status == "accepted"
        finally:
            holder.rollback()
            holder.close()
        restarted = start_celery_worker(name=f"celery-worker-transfer-{point}-again", concurrency=1,
                                        CELERY_BROKER_TRANSPORT_OPTIONS=TRANSPORT)  # fmt: skip
        try:
            wait_until(lambda: Transfer.objects.get(pk=transfer_id).status == "completed", timeout=90,
                       what="the redelivered copy")  # fmt: skip
        finally:
            restarted.stop()
        (copied,) = cases_in_ti(transfer_id)
        assert copied[1] == 4  # identity, the consented note and its attachment, the reflection period
        with schema_context("be"):
            sent = TransferRequest.objects.get(transfer_id=transfer_id)
            assert sent.status == "completed" and Case.objects.get(pk=sent.case_id).transferred_out
    connection.set_schema_to_public()


def _someone_waits(holder: psycopg.Connection) -> bool:  # type: ignore[type-arg]
    """Whether another backend waits for a lock the holder has (the worker's copy)."""
    # pg_locks, not pg_stat_activity: the latter is a snapshot fixed for the holder's transaction.
    row = holder.execute("SELECT count(*) FROM pg_locks WHERE NOT granted").fetchone()
    return bool(row and row[0])
