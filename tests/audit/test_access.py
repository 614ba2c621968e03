import pytest
from django.test import Client
from django_tenants.utils import schema_context

from ksmm.audit.models import AuditEntry
from tests.auth import sign_in
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_ge_member_on_zh_gets_404_and_the_denial_lands_in_zhs_chain(zh_client: Client) -> None:
    with schema_context("ge"):
        bob = MembershipFactory().user
    sign_in(zh_client, bob)
    assert zh_client.get("/partners/").status_code == 404
    with schema_context("zh"):
        [entry] = AuditEntry.objects.filter(action=AuditEntry.Action.ACCESS_DENIED)
    assert entry.actor_user_id == bob.pk
    assert entry.actor_organisation_id is None
    with schema_context("ge"):
        assert not AuditEntry.objects.filter(action=AuditEntry.Action.ACCESS_DENIED).exists()


def test_an_anonymous_visitor_is_sent_to_sign_in_without_an_entry(zh_client: Client) -> None:
    assert zh_client.get("/partners/").status_code == 302
    with schema_context("zh"):
        assert not AuditEntry.objects.filter(action=AuditEntry.Action.ACCESS_DENIED).exists()
