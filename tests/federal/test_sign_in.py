"""Federal people sign in on the bare host with the second factor, like everyone; others cannot."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from ksmm.accounts.models import FederalRole, User
from ksmm.federal.roles import federal_role_of
from tests.factories import TEST_PASSWORD, UserFactory
from tests.personas import ALICE, ANTON, FIONA, federal_person, member

pytestmark = pytest.mark.django_db


def password_step(client: Client, email: str, password: str = TEST_PASSWORD):  # type: ignore[no-untyped-def]
    return client.post("/accounts/login/", {"username": email, "password": password, "next": "/federal/people/"})


def code_of(user: User) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key):06d}"


@pytest.mark.parametrize("persona", [ANTON, FIONA], ids=["analyst", "admin"])
def test_a_federal_person_enrols_then_verifies_on_the_bare_host(federal_client: Client, persona) -> None:  # type: ignore[no-untyped-def]
    person = federal_person(persona)
    first = password_step(federal_client, person.email)
    assert first["Location"].startswith("/accounts/enrol/")
    assert "<svg" in federal_client.get(first["Location"]).content.decode()
    device = TOTPDevice.objects.get(user=person, confirmed=False)
    done = federal_client.post(first["Location"], {"token": f"{totp(device.bin_key):06d}"})
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", done.content.decode())
    assert len(codes) == 10, "backup codes are shown once at enrolment"

    again = Client(HTTP_HOST="localhost")
    assert password_step(again, person.email)["Location"].startswith("/accounts/verify/")
    assert again.get("/federal/people/").status_code == 302, "the password alone opens nothing"
    assert again.post("/accounts/verify/?next=/federal/cantons/", {"token": codes[0]})["Location"] == (
        "/federal/cantons/"
    )
    expected = 200 if persona.role == FederalRole.ADMIN else 403
    assert again.get("/federal/cantons/").status_code == expected


def test_a_wrong_code_on_the_bare_host_is_refused_and_opens_nothing(federal_client: Client) -> None:
    fiona = federal_person(FIONA)
    TOTPDevice.objects.create(user=fiona, name="phone", confirmed=True)
    password_step(federal_client, fiona.email)
    assert federal_client.post("/accounts/verify/", {"token": "000000"}).status_code == 200
    assert federal_client.get("/federal/people/").status_code == 302


def test_five_failures_lock_a_federal_person_out_from_that_address_until_the_cool_off(federal_client: Client) -> None:
    fiona = federal_person(FIONA)
    TOTPDevice.objects.create(user=fiona, name="phone", confirmed=True)
    for _attempt in range(5):
        password_step(federal_client, fiona.email, "wrong password")
    assert password_step(federal_client, fiona.email).status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert password_step(Client(HTTP_HOST="localhost"), fiona.email)["Location"].startswith("/accounts/verify/")


def test_a_canton_member_without_a_federal_role_cannot_sign_in_on_the_bare_host(federal_client: Client) -> None:
    alice = member(ALICE)
    response = password_step(federal_client, alice.email)
    assert response.status_code == 200
    assert "Die E-Mail-Adresse oder das Passwort ist nicht korrekt." in response.content.decode()


def test_a_federal_analyst_cannot_sign_in_on_a_canton_host(zh_client: Client) -> None:
    anton = federal_person(ANTON)
    assert password_step(zh_client, anton.email).status_code == 200
    assert "_auth_user_id" not in zh_client.session


def test_the_federal_role_is_the_one_question_and_an_inactive_person_has_none() -> None:
    assert federal_role_of(federal_person(FIONA)) == FederalRole.ADMIN
    assert federal_role_of(federal_person(ANTON)) == FederalRole.ANALYST
    assert federal_role_of(UserFactory()) is None
    assert federal_role_of(UserFactory(federal_role="admin", is_active=False)) is None


def test_the_database_refuses_an_unknown_federal_role() -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        UserFactory(federal_role="chief")
