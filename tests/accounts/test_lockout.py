"""Failed sign-ins lock an account from one address only; nobody can lock a person out."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone
from django_tenants.utils import schema_context

from ksmm.accounts.lockout import ACCOUNT_SLOWDOWN_AFTER, ADDRESS_FAILURE_LIMIT, client_address
from ksmm.memberships.models import Membership
from tests.factories import TEST_PASSWORD, MembershipFactory

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.7"
OFFICE = "198.51.100.20"


@pytest.fixture
def police() -> Membership:
    """The ZH police officer whose address anyone can guess."""
    with schema_context("zh"):
        return MembershipFactory(user__email="police.zh@lockout.test")


def from_address(address: str) -> Client:
    return Client(HTTP_HOST="zh.localhost", REMOTE_ADDR=address)


def attempt(client: Client, email: str = "police.zh@lockout.test", password: str = TEST_PASSWORD):  # type: ignore[no-untyped-def]
    return client.post("/accounts/login/", {"username": email, "password": password})


def signs_in(response) -> bool:  # type: ignore[no-untyped-def]
    return response.status_code == 302 and "/accounts/" in response["Location"]


def test_five_failures_lock_the_account_from_that_address(police: Membership) -> None:
    attacker = from_address(ATTACKER)
    for _attempt in range(4):
        assert attempt(attacker, password="wrong password").status_code == 200
    assert attempt(attacker, password="wrong password").status_code == 429  # the fifth locks
    locked = attempt(attacker)
    assert locked.status_code == 429
    assert "15" in locked.content.decode()


def test_a_lock_from_one_address_does_not_stop_the_right_person_from_another(police: Membership) -> None:
    attacker = from_address(ATTACKER)
    for _attempt in range(6):
        attempt(attacker, password="wrong password")
    assert attempt(attacker).status_code == 429
    assert signs_in(attempt(from_address(OFFICE)))


def test_an_address_spraying_many_accounts_is_throttled_for_every_account(police: Membership) -> None:
    sprayer = from_address(ATTACKER)
    for number in range(ADDRESS_FAILURE_LIMIT):
        assert attempt(sprayer, f"user{number}@lockout.test", "Sommer2026!").status_code == 200
    refused = attempt(sprayer)  # even the right password: the address is throttled, not the account
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == 15 * 60
    assert signs_in(attempt(from_address(OFFICE)))


def test_failures_expire_after_the_cool_off(police: Membership) -> None:
    attacker = from_address(ATTACKER)
    for number in range(ADDRESS_FAILURE_LIMIT):
        attempt(attacker, f"user{number}@lockout.test", "wrong password")
    for _attempt in range(5):
        attempt(attacker, password="wrong password")
    assert attempt(attacker).status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert signs_in(attempt(from_address(ATTACKER)))


def test_an_account_under_attack_slows_down_addresses_that_failed_but_never_a_clean_one(police: Membership) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for number in range(ACCOUNT_SLOWDOWN_AFTER):  # a botnet: one failure from each address
            attempt(from_address(f"192.0.2.{number + 1}"), password="wrong password")
        repeat = from_address("192.0.2.1")
        slowed = attempt(repeat, password="wrong password")
        assert slowed.status_code == 429
        assert 0 < int(slowed["Retry-After"]) <= 5
        assert signs_in(attempt(from_address(OFFICE)))  # the right person, from a clean address
        clock.shift(timedelta(seconds=6))
        assert attempt(repeat, password="wrong password").status_code == 200  # checked again, after a wait


def test_a_locked_out_answer_does_not_tell_whether_the_password_was_right(police: Membership) -> None:
    attacker = from_address(ATTACKER)
    for _attempt in range(5):
        attempt(attacker, password="wrong password")
    right, wrong = attempt(attacker), attempt(attacker, password="wrong password")
    assert right.status_code == wrong.status_code == 429
    assert right.content.decode().count("<p>") == wrong.content.decode().count("<p>")


def test_behind_the_proxy_the_client_address_comes_from_its_header() -> None:
    from django.test import RequestFactory

    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, " + ATTACKER)
    assert client_address(request) == "10.0.0.2"
    with override_settings(KSMM_TRUSTED_PROXIES=1):
        assert client_address(request) == ATTACKER  # the forged first entry is ignored
        assert client_address(RequestFactory().get("/", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"
