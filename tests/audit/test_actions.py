import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse
from django_tenants.utils import schema_context

from ksmm.audit.actions import do_record, do_record_denied
from ksmm.audit.attribution import Actor, AuditRequestMiddleware, UnattributedEntry, attribute_request
from ksmm.audit.models import GENESIS_HASH, AuditEntry
from tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_consecutive_entries_are_chained_by_hash_and_sequence() -> None:
    with schema_context("zh"):
        first = do_record(actor=None, action=AuditEntry.Action.READ, object_type="cases.case", object_id="1")
        second = do_record(actor=None, action=AuditEntry.Action.UPDATE, object_type="cases.case", object_id="1")
    assert second.sequence == first.sequence + 1
    assert second.previous_hash == first.entry_hash
    assert len(second.entry_hash) == 64
    assert second.entry_hash != first.entry_hash


def test_the_first_entry_of_a_chain_points_to_the_genesis_hash() -> None:
    with schema_context("ti"):
        do_record(actor=None, action=AuditEntry.Action.READ)
        first = AuditEntry.objects.order_by("sequence").first()
    assert first is not None
    assert (first.sequence, first.previous_hash) == (1, GENESIS_HASH)


def test_a_rolled_back_transaction_leaves_no_entry_and_no_gap() -> None:
    with schema_context("zh"):
        last = do_record(actor=None, action=AuditEntry.Action.READ)
        with pytest.raises(RuntimeError), transaction.atomic():
            do_record(actor=None, action=AuditEntry.Action.DELETE, object_type="cases.case", object_id="9")
            raise RuntimeError("the work failed")
        assert not AuditEntry.objects.filter(action=AuditEntry.Action.DELETE, object_id="9").exists()
        following = do_record(actor=None, action=AuditEntry.Action.READ)
    assert following.sequence == last.sequence + 1
    assert following.previous_hash == last.entry_hash


def test_an_entry_names_the_actors_organisation_in_this_canton() -> None:
    with schema_context("zh"):
        membership = MembershipFactory()
        organisation = OrganisationFactory()
        entry = do_record(
            actor=membership.user,
            action=AuditEntry.Action.EXPORT,
            obj=organisation,
            compartment=AuditEntry.Compartment.IDENTITY,
            purpose="court order",
            recipient_organisation_id=organisation.pk,
        )
    assert entry.actor_user_id == membership.user.pk
    assert entry.actor_organisation_id == membership.organisation_id
    assert (entry.object_type, entry.object_id) == ("partners.organisation", str(organisation.pk))
    assert entry.compartment == "identity"


def test_an_entry_on_the_federal_level_has_no_organisation() -> None:
    with schema_context("zh"):
        user = MembershipFactory().user
    entry = do_record(actor=user, action=AuditEntry.Action.READ, object_type="federal.statistics")
    assert entry.actor_organisation_id is None
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_a_canton_writes_into_its_own_chain_only() -> None:
    with schema_context("ge"):
        entry = do_record(actor=None, action=AuditEntry.Action.PRINT, object_type="cases.case", object_id="3")
    with schema_context("zh"):
        assert not AuditEntry.objects.filter(entry_hash=entry.entry_hash).exists()
    with schema_context("ge"):
        assert AuditEntry.objects.filter(entry_hash=entry.entry_hash).exists()


def test_recording_holds_the_chains_lock_until_the_transaction_ends() -> None:
    with schema_context("be"):
        do_record(actor=None, action=AuditEntry.Action.READ)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()")
            (held,) = cursor.fetchone()
    assert held == 1


def test_an_entry_written_outside_any_request_is_the_systems() -> None:
    with schema_context("zh"):
        entry = do_record(actor=None, action=AuditEntry.Action.UPDATE, object_type="cases.case", object_id="4")
    assert (entry.actor_kind, entry.actor_user_id, entry.actor_client_id) == ("system", None, None)
    assert entry.request_id == ""


def test_nobody_known_in_a_request_may_only_fail_to_get_in() -> None:
    request = HttpRequest()
    request.user = AnonymousUser()
    with schema_context("zh"):
        denied = do_record_denied(actor=None, request=request, object_type="cases.case", object_id="5")
        with pytest.raises(UnattributedEntry):
            do_record(actor=None, action=AuditEntry.Action.READ, request=request)
    assert denied.actor_kind == "unidentified"


def test_the_actor_a_request_was_attributed_to_is_named_without_passing_the_request() -> None:
    request = HttpRequest()
    attribute_request(request, Actor(kind=AuditEntry.ActorKind.CLIENT, client_id=8, organisation_id=9))
    middleware = AuditRequestMiddleware(lambda _request: HttpResponse())
    recorded: list[AuditEntry] = []

    def view(_request: HttpRequest) -> HttpResponse:
        recorded.append(do_record(actor=None, action=AuditEntry.Action.READ))
        return HttpResponse()

    middleware.get_response = view
    with schema_context("zh"):
        middleware(request)
        after = do_record(actor=None, action=AuditEntry.Action.READ)
    assert (recorded[0].actor_kind, recorded[0].actor_client_id, recorded[0].actor_organisation_id) == ("client", 8, 9)
    assert recorded[0].request_id != ""
    assert after.actor_kind == "system"  # the request is forgotten once answered
