import pytest
from django.db import IntegrityError, transaction
from django_tenants.utils import schema_context

from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditEntry
from ksmm.events.actions import do_emit
from ksmm.events.models import Event
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_an_audited_write_becomes_one_change_with_its_object() -> None:
    with schema_context("zh"):
        organisation = OrganisationFactory()
        before = Event.objects.count()
        do_record(actor=None, action=AuditEntry.Action.UPDATE, obj=organisation, compartment="")
        change = Event.objects.order_by("-id").first()
        assert Event.objects.count() == before + 1
    assert change is not None
    assert (change.kind, change.object_type, change.object_id) == (
        Event.Kind.UPDATED,
        "partners.organisation",
        str(organisation.pk),
    )


def test_reads_and_denials_are_not_changes() -> None:
    with schema_context("zh"):
        before = Event.objects.count()
        do_record(actor=None, action=AuditEntry.Action.READ, object_type="cases.case", object_id="1")
        do_record(actor=None, action=AuditEntry.Action.ACCESS_DENIED, object_type="cases.case", object_id="1")
        assert Event.objects.count() == before


def test_a_write_of_several_compartments_is_one_change() -> None:
    from ksmm.audit.actions import do_record_compartments

    with schema_context("zh"):
        before = Event.objects.count()
        do_record_compartments(
            actor=None,
            action=AuditEntry.Action.CREATE,
            object_type="cases.case",
            object_id="7",
            compartments=["core", "identity"],
        )
        assert Event.objects.count() == before + 1


def test_a_rolled_back_action_leaves_no_event() -> None:
    with schema_context("zh"):
        before = Event.objects.count()
        with pytest.raises(RuntimeError), transaction.atomic():
            do_emit(kind=Event.Kind.CASE_CLOSED, object_type="cases.case", object_id="3", case_id=3)
            raise RuntimeError("the work failed")
        assert Event.objects.count() == before


def test_events_are_numbered_in_the_order_they_were_recorded() -> None:
    with schema_context("zh"):
        first = do_emit(kind=Event.Kind.REFERRAL_RECEIVED, object_type="cases.referral", object_id="1", case_id=2)
        second = do_emit(kind=Event.Kind.DECISION_TAKEN, object_type="permits.permitrequest", object_id="4")
    assert second.id > first.id


def test_an_unknown_kind_is_refused() -> None:
    with schema_context("zh"), pytest.raises(ValueError):
        do_emit(kind="case.gossip", object_type="cases.case", object_id="1")


def test_the_table_refuses_anything_but_labels_and_ids() -> None:
    with schema_context("zh"), pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(kind=Event.Kind.UPDATED, object_type="cases.case", object_id="Anna Muster")


def test_writes_in_the_federal_chain_record_no_event() -> None:
    # `public` has no events table: recording there must not fail.
    do_record(actor=None, action=AuditEntry.Action.CREATE, object_type="transfers.transfer", object_id="1")
