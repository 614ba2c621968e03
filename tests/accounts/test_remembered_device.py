"""The second-factor device a session remembers: removing it counts on the next request."""

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from ksmm.accounts.remembered_device import DEVICE_KEY
from ksmm.memberships.models import Membership
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.personas import ALICE, membership
from tests.queries import statements_of, touching

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice() -> Membership:
    return membership(ALICE)


def device_queries(client: Client, path: str) -> int:
    """Statements on the device table in one request as it comes, counted with tests/queries.py."""
    statements = statements_of(client, path, warm_up=False, HTTP_ACCEPT="application/json")
    return len(touching(statements, "otp_totp_totpdevice"))


def test_the_second_request_takes_the_device_from_the_session(alice: Membership) -> None:
    client = sign_in(canton_client("zh"), alice.user)
    session = client.session
    del session[DEVICE_KEY]
    session.save()
    assert device_queries(client, "/api/v1/me") == 1
    assert device_queries(client, "/api/v1/me") == 0


def test_the_session_keeps_no_secret_of_the_device(alice: Membership) -> None:
    client = sign_in(canton_client("zh"), alice.user)
    client.get("/api/v1/me", HTTP_ACCEPT="application/json")
    assert set(client.session[DEVICE_KEY]["fields"]) == {"id", "user_id", "name", "confirmed"}


def test_a_removed_device_leaves_the_api_unverified_on_the_next_request(alice: Membership) -> None:
    client = sign_in(canton_client("zh"), alice.user)
    assert client.get("/api/v1/me", HTTP_ACCEPT="application/json").status_code == 200
    TOTPDevice.objects.filter(user=alice.user).get().delete()
    assert client.get("/api/v1/me", HTTP_ACCEPT="application/json").status_code in {401, 403}


def test_a_removed_device_sends_pages_to_sign_in_on_the_next_request(alice: Membership) -> None:
    client = sign_in(canton_client("zh"), alice.user)
    assert client.get("/partners/").status_code == 200
    TOTPDevice.objects.filter(user=alice.user).get().delete()
    response = client.get("/partners/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_an_unconfirmed_device_counts_on_the_next_request(alice: Membership) -> None:
    client = sign_in(canton_client("zh"), alice.user)
    assert client.get("/partners/").status_code == 200
    device = TOTPDevice.objects.filter(user=alice.user).get()
    device.confirmed = False
    device.save()
    assert client.get("/partners/").status_code == 302
