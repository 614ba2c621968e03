"""The copy from ZH to GE: what arrives, what never does, dates kept, the sending case silent."""

from datetime import date

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from cases.models import Case, CounsellingEntry, Identity
from cases.policy import decide
from cases.transfers.actions import (
    TransferRefused,
    check_accept_transfer,
    check_request_transfer,
)
from cases.transfers.copy import do_copy_transfer
from cases.transfers.models import IncomingTransfer, TransferRequest
from ksmm.audit.models import AuditEntry
from ksmm.compartments import Compartment
from ksmm.deadlines.models import Deadline, RuleKey
from ksmm.deadlines.queries import canton_deadlines
from ksmm.notifications.models import Reminder
from ksmm.transfers.models import Transfer
from permits.models import ReflectionPeriod, Stay

from .conftest import MARKER, NOTES_MARKER, World

pytestmark = pytest.mark.django_db


def request_transfer(world: World, *, compartments=("identity",), parts=(), consent=None) -> TransferRequest:  # type: ignore[no-untyped-def]
    with schema_context("zh"):
        return check_request_transfer(
            acting_user=world.lena, membership=world.membership(world.lena), case=world.case,
            receiving_canton="GE", receiving_organisation_id=world.ge_aid.pk, reason="Place in a shelter in Geneva",
            compartments=compartments, counselling_parts=parts, consent_given_on=consent,
        )  # fmt: skip


def accept_and_copy(world: World, sent: TransferRequest) -> int:
    with schema_context("ge"):
        incoming = IncomingTransfer.objects.get(transfer_id=sent.transfer_id)
        check_accept_transfer(acting_user=world.gino, membership=world.membership(world.gino, "ge"), incoming=incoming)
    connection.set_schema_to_public()
    received = do_copy_transfer(transfer_id=sent.transfer_id)
    assert received is not None
    return received


def text_in_schema(schema: str, needle: str) -> list[str]:
    """Every table of `schema` with a text column holding `needle` (plaintext scan)."""
    hits = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = %s"
            " AND data_type IN ('text', 'character varying', 'jsonb', 'ARRAY')",
            [schema],
        )
        for table, column in cursor.fetchall():
            cursor.execute(
                f'SELECT 1 FROM "{schema}"."{table}" WHERE "{column}"::text LIKE %s LIMIT 1',  # noqa: S608 - catalogue names
                [f"%{needle}%"],
            )
            if cursor.fetchone():
                hits.append(f"{table}.{column}")
    return hits


def counselling_texts_in_ge(case_id: int) -> list[str]:
    with schema_context("ge"):
        return sorted(CounsellingEntry.objects.filter(case_id=case_id).values_list("text", flat=True))


def test_counselling_never_reaches_the_receiving_canton_without_consent(world: World) -> None:
    received = accept_and_copy(world, request_transfer(world, compartments=("identity", "residence")))
    assert counselling_texts_in_ge(received) == []
    # Neither as plaintext nor anywhere: not in GE's tables, not in public.
    assert text_in_schema("ge", MARKER) == []
    assert text_in_schema("public", MARKER) == []
    assert text_in_schema("ge", "Geheimweg") == []


def test_counselling_without_a_consent_date_is_refused_with_a_clear_error(world: World) -> None:
    with pytest.raises(TransferRefused, match="only with the person's consent"):
        request_transfer(world, compartments=("identity", "counselling"), parts=("accommodation",))
    with schema_context("zh"):
        assert not TransferRequest.objects.exists()
    assert not Transfer.objects.exists()


def test_with_consent_exactly_the_consented_parts_arrive_encrypted_with_the_receiving_key(world: World) -> None:
    sent = request_transfer(world, compartments=("identity",), parts=("accommodation",), consent=date(2026, 3, 5))
    received = accept_and_copy(world, sent)
    assert counselling_texts_in_ge(received) == [MARKER]
    assert text_in_schema("ge", NOTES_MARKER) == []  # notes were not consented to
    # Stored as GE's ciphertext, never as plaintext.
    assert text_in_schema("ge", MARKER) == []
    assert text_in_schema("public", MARKER) == []


def test_the_police_lead_cannot_send_counselling_even_with_a_consent_date(world: World) -> None:
    with schema_context("zh"), pytest.raises(TransferRefused):
        check_request_transfer(
            acting_user=world.pia, membership=world.membership(world.pia), case=world.case, receiving_canton="GE",
            receiving_organisation_id=world.ge_aid.pk, reason="x", compartments=("counselling",),
            counselling_parts=("notes",), consent_given_on=date(2026, 3, 5),
        )  # fmt: skip


def test_a_member_who_is_not_a_lead_cannot_ask(world: World) -> None:
    with schema_context("zh"), pytest.raises(TransferRefused, match="Only the lead"):
        check_request_transfer(
            acting_user=world.vera, membership=world.membership(world.vera), case=world.case, receiving_canton="GE",
            receiving_organisation_id=world.ge_aid.pk, reason="x", compartments=(),
        )  # fmt: skip


def test_an_organisation_outside_the_receiving_directory_is_refused(world: World) -> None:
    with schema_context("zh"), pytest.raises(TransferRefused, match="directory"):
        check_request_transfer(
            acting_user=world.lena, membership=world.membership(world.lena), case=world.case, receiving_canton="GE",
            receiving_organisation_id=world.ge_migration.pk + 10_000, reason="x", compartments=(),
        )  # fmt: skip


def test_the_receiving_canton_gets_a_new_number_the_identity_and_the_reflection_period_with_its_dates(
    world: World,
) -> None:
    received = accept_and_copy(world, request_transfer(world, compartments=("identity", "residence")))
    with schema_context("zh"):
        a_deadline = Deadline.objects.get(rule_key=RuleKey.REFLECTION_END, case=world.case)
    with schema_context("ge"):
        case = Case.objects.get(pk=received)
        assert case.case_number.startswith("GE-")
        assert case.opened_on == date(2026, 3, 1)
        assert Identity.objects.get(case=case).official_name == "Popescu"
        period = ReflectionPeriod.objects.get(case=case)
        assert (period.starts_on, period.ends_on, period.length_days) == (
            world.period.starts_on, world.period.ends_on, 60,
        )  # fmt: skip
        assert period.grounds == "Gründe der Opferhilfe"
        deadline = Deadline.objects.get(rule_key=RuleKey.REFLECTION_END, case=case)
        # The 30-day clock does not restart: due when it was due in ZH.
        assert deadline.due_on == a_deadline.due_on
        assert deadline.subject_id == period.pk
        assert Stay.objects.filter(case=case).count() == 1
        incoming = IncomingTransfer.objects.get(case=case)
        assert incoming.carried["identity"] == 1 and incoming.carried["reflection_periods"] == 1
        lead = case.parties.get(is_lead=True)
        assert lead.organisation_id == world.ge_aid.pk


def test_residence_details_stay_behind_when_the_residence_compartment_is_not_sent(world: World) -> None:
    received = accept_and_copy(world, request_transfer(world, compartments=()))
    with schema_context("ge"):
        period = ReflectionPeriod.objects.get(case_id=received)
        assert period.ends_on == world.period.ends_on
        assert period.grounds == ""
        assert not Identity.objects.filter(case_id=received).exists()


def test_the_sending_case_becomes_read_only_silent_and_linked(world: World) -> None:
    sent = request_transfer(world)
    received = accept_and_copy(world, sent)
    with schema_context("ge"):
        number = Case.objects.get(pk=received).case_number
    with schema_context("zh"):
        case = Case.objects.get(pk=world.case.pk)
        assert case.transferred_out and case.status == Case.Status.CLOSED
        sent.refresh_from_db()
        assert sent.status == "completed" and sent.received_case_number == number
        decision = decide(reader=world.membership(world.lena), case=case)
        assert decision.can_read(Compartment.COUNSELLING) and decision.writable == frozenset()
        # No reminder: no live deadline but retention, which still runs.
        live = set(canton_deadlines().filter(case=case).values_list("rule_key", flat=True))
        assert live == {RuleKey.RETENTION}
        assert not Deadline.objects.filter(case=case, status="open").exclude(rule_key=RuleKey.RETENTION).exists()


def test_a_rerun_is_idempotent(world: World) -> None:
    sent = request_transfer(world)
    received = accept_and_copy(world, sent)
    assert do_copy_transfer(transfer_id=sent.transfer_id) == received
    with schema_context("ge"):
        assert Case.objects.filter(incoming_transfer__sender_case_id=world.case.pk).count() == 1
        assert Case.objects.filter(source=Case.Source.OTHER_CANTON).count() == 1


def test_every_chain_records_the_transfer_and_public_only_metadata(world: World) -> None:
    sent = request_transfer(world)
    accept_and_copy(world, sent)
    public = list(
        AuditEntry.objects.filter(object_type="transfers.transfer")
        .order_by("sequence")
        .values_list("purpose", flat=True)
    )
    assert public == ["transfer requested ZH->GE", "transfer accepted ZH->GE", "transfer completed ZH->GE"]
    with schema_context("zh"):
        assert AuditEntry.objects.filter(purpose="transferred to GE").exists()
    with schema_context("ge"):
        assert AuditEntry.objects.filter(purpose="transfer from ZH").exists()
    row = Transfer.objects.get(pk=sent.transfer_id)
    assert row.status == "completed" and row.received_case_id is not None


def test_both_sides_are_notified(world: World) -> None:
    sent = request_transfer(world)
    with schema_context("ge"):
        kinds = set(Reminder.objects.values_list("recipient_id", "kind"))
        assert (world.cora.pk, "transfer_requested") in kinds
        assert (world.gabi.pk, "transfer_requested") in kinds
    accept_and_copy(world, sent)
    with schema_context("zh"):
        kinds = set(Reminder.objects.filter(recipient=world.vera).values_list("kind", flat=True))
        assert {"transfer_accepted", "transfer_completed"} <= kinds
