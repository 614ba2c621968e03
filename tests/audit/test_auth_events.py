import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.audit.models import AuditEntry
from tests.factories import TEST_PASSWORD, UserFactory
from tests.personas import ALICE, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice() -> User:
    """A police officer in ZH."""
    return member(ALICE)


def entries_in(schema_name: str, action: AuditEntry.Action) -> list[AuditEntry]:
    with schema_context(schema_name):
        return list(AuditEntry.objects.filter(action=action).order_by("sequence"))


def sign_in_with_password(client: Client, email: str, password: str) -> int:
    response = client.post("/accounts/login/", {"username": email, "password": password})
    return response.status_code


def test_a_sign_in_on_zh_is_recorded_in_zhs_chain(zh_client: Client, alice: User) -> None:
    assert sign_in_with_password(zh_client, alice.email, TEST_PASSWORD) == 302
    [entry] = entries_in("zh", AuditEntry.Action.LOGIN)
    assert entry.actor_user_id == alice.pk
    assert entry.request_host == "zh.localhost"
    assert entry.request_id
    assert entries_in("ge", AuditEntry.Action.LOGIN) == []
    assert entries_in("public", AuditEntry.Action.LOGIN) == []


def test_a_sign_out_on_zh_is_recorded_in_zhs_chain(zh_client: Client, alice: User) -> None:
    sign_in_with_password(zh_client, alice.email, TEST_PASSWORD)
    zh_client.post("/accounts/logout/")
    [entry] = entries_in("zh", AuditEntry.Action.LOGOUT)
    assert entry.actor_user_id == alice.pk


def test_a_failed_sign_in_is_recorded_without_the_typed_address(zh_client: Client, alice: User) -> None:
    assert sign_in_with_password(zh_client, alice.email, "wrong password, surely") == 200
    [entry] = entries_in("zh", AuditEntry.Action.LOGIN_FAILED)
    assert entry.actor_user_id is None
    assert entry.actor_organisation_id is None
    stored = " ".join(str(value) for value in model_to_dict(entry).values())
    assert alice.email not in stored
    assert "@" not in stored
    assert "wrong password" not in stored


def test_a_sign_in_on_the_federal_host_is_recorded_in_the_public_chain(federal_client: Client) -> None:
    user = UserFactory(federal_role="analyst")  # only analysts may sign in on the federal host
    assert sign_in_with_password(federal_client, user.email, TEST_PASSWORD) == 302
    [entry] = entries_in("public", AuditEntry.Action.LOGIN)
    assert entry.actor_user_id == user.pk
    assert entry.actor_organisation_id is None
    assert entries_in("zh", AuditEntry.Action.LOGIN) == []
