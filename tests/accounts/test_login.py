"""Password, then second factor; lockout; session rules."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import schema_context

from ksmm.accounts.models import BackupCode
from ksmm.memberships.models import Membership
from tests.auth import sign_in
from tests.factories import TEST_PASSWORD, MembershipFactory
from tests.personas import ALICE, membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice() -> Membership:
    """A police officer in ZH with an authenticator."""
    alice = membership(ALICE, email="alice@police.test")
    TOTPDevice.objects.create(user=alice.user, name="phone", confirmed=True)
    return alice


def current_code(user_id: int) -> str:
    device = TOTPDevice.objects.get(user_id=user_id, confirmed=True)
    return f"{totp(device.bin_key):06d}"


def password_step(client: Client, email: str, password: str = TEST_PASSWORD):  # type: ignore[no-untyped-def]
    return client.post("/accounts/login/", {"username": email, "password": password, "next": "/partners/"})


def test_password_alone_leads_to_the_second_factor_not_to_the_page(zh_client: Client, alice: Membership) -> None:
    response = password_step(zh_client, "alice@police.test")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/verify/")
    assert zh_client.get("/partners/").status_code == 302


def test_password_and_totp_open_the_page_with_a_new_session_id_each_step(zh_client: Client, alice: Membership) -> None:
    zh_client.get("/accounts/login/")
    before = zh_client.cookies.get("sessionid")
    password_step(zh_client, "alice@police.test")
    after_password = zh_client.cookies["sessionid"].value
    assert before is None or before.value != after_password
    response = zh_client.post("/accounts/verify/?next=/partners/", {"token": current_code(alice.user_id)})
    assert response.status_code == 302 and response["Location"] == "/partners/"
    assert zh_client.cookies["sessionid"].value != after_password
    assert zh_client.get("/partners/").status_code == 200


def test_a_wrong_code_is_refused_in_the_users_language(zh_client: Client, alice: Membership) -> None:
    password_step(zh_client, "alice@police.test")
    response = zh_client.post("/accounts/verify/", {"token": "000000"})
    assert response.status_code == 200
    assert "Dieser Code ist nicht gültig" in response.content.decode()
    assert zh_client.get("/partners/").status_code == 302


def test_a_person_without_membership_here_cannot_sign_in_and_learns_nothing(
    ge_client: Client, alice: Membership
) -> None:
    response = password_step(ge_client, "alice@police.test")
    assert response.status_code == 200
    assert "L’adresse e-mail ou le mot de passe n’est pas correct." in response.content.decode()
    unknown = password_step(Client(HTTP_HOST="ge.localhost"), "nobody@nowhere.test")
    assert "L’adresse e-mail ou le mot de passe n’est pas correct." in unknown.content.decode()


def test_first_login_enrols_an_authenticator_and_shows_hashed_backup_codes_once(zh_client: Client) -> None:
    with schema_context("zh"):
        bob = MembershipFactory(user__email="bob@aid.test").user
    response = password_step(zh_client, "bob@aid.test")
    assert response["Location"].startswith("/accounts/enrol/")
    page = zh_client.get(response["Location"])
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=bob, confirmed=False)
    done = zh_client.post("/accounts/enrol/", {"token": f"{totp(device.bin_key):06d}"})
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", done.content.decode())
    assert len(codes) == 10
    stored = list(BackupCode.objects.filter(device__user=bob).values_list("code_hash", flat=True))
    assert len(stored) == 10
    assert not any(code.replace("-", "") in " ".join(stored) for code in codes), "only hashes are stored"
    assert zh_client.get("/partners/").status_code == 200


def test_a_backup_code_works_once(alice: Membership) -> None:
    from ksmm.accounts.second_factor import issue_backup_codes

    codes = issue_backup_codes(user=alice.user)
    first, second = Client(HTTP_HOST="zh.localhost"), Client(HTTP_HOST="zh.localhost")
    for client in (first, second):
        password_step(client, "alice@police.test")
    assert first.post("/accounts/verify/", {"token": codes[0]}).status_code == 302
    assert second.post("/accounts/verify/", {"token": codes[0]}).status_code == 200


def test_five_failures_lock_the_account_from_this_address_until_the_cool_off_ends(
    zh_client: Client, alice: Membership
) -> None:
    for _attempt in range(5):
        password_step(zh_client, "alice@police.test", "wrong password")
    locked = password_step(zh_client, "alice@police.test")
    assert locked.status_code == 429
    assert "15" in locked.content.decode()
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert password_step(Client(HTTP_HOST="zh.localhost"), "alice@police.test").status_code == 302


def test_a_session_ends_after_30_idle_minutes(zh_client: Client, alice: Membership) -> None:
    sign_in(zh_client, alice.user)
    assert zh_client.get("/partners/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=29)):
        assert zh_client.get("/partners/").status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        assert zh_client.get("/partners/").status_code == 302


def test_a_session_ends_after_12_hours_even_when_active(zh_client: Client, alice: Membership) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        sign_in(zh_client, alice.user)
        for _hour in range(12):
            traveller.shift(timedelta(minutes=25))
            assert zh_client.get("/partners/").status_code == 200
        traveller.move_to(start + timedelta(hours=12, minutes=1))
        assert zh_client.get("/partners/").status_code == 302


def test_deactivating_a_user_ends_all_their_sessions(alice: Membership) -> None:
    clients = [sign_in(Client(HTTP_HOST="zh.localhost"), alice.user) for _ in range(2)]
    alice.user.is_active = False
    alice.user.save()
    assert all(client.get("/partners/").status_code == 302 for client in clients)


def test_a_password_change_ends_the_other_sessions(alice: Membership) -> None:
    client = sign_in(Client(HTTP_HOST="zh.localhost"), alice.user)
    alice.user.set_password("a completely new passphrase")
    alice.user.save()
    assert client.get("/partners/").status_code == 302


def test_a_session_from_one_canton_host_is_not_valid_on_another(alice: Membership) -> None:
    with schema_context("ge"):
        MembershipFactory(user=alice.user)
    zh = sign_in(Client(HTTP_HOST="zh.localhost"), alice.user)
    stolen = Client(HTTP_HOST="ge.localhost")
    stolen.cookies["sessionid"] = zh.cookies["sessionid"].value
    assert stolen.get("/partners/").status_code == 302


def test_password_reset_mails_a_link_and_never_skips_the_second_factor(
    zh_client: Client, alice: Membership, mailbox
) -> None:  # type: ignore[no-untyped-def]
    zh_client.post("/accounts/password-reset/", {"email": "alice@police.test"})
    assert len(mailbox.messages) == 1
    assert "alice" not in mailbox.messages[0]["Subject"]
    link = re.search(r"http://zh\.localhost(/accounts/password-reset/\S+/)", mailbox.body()).group(1)
    form_url = zh_client.get(link)["Location"]
    new_password = "a fresh long passphrase 42"
    done = zh_client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    assert zh_client.get("/partners/").status_code == 302, "the reset does not sign in"
    response = password_step(zh_client, "alice@police.test", new_password)
    assert response["Location"].startswith("/accounts/verify/")


def test_the_second_factor_page_offers_no_navigation_into_the_canton(zh_client: Client, alice: Membership) -> None:
    password_step(zh_client, "alice@police.test")
    page = zh_client.get("/accounts/verify/").content.decode()
    assert "/partners/" not in page
    assert "/accounts/logout/" in page


def test_the_next_address_survives_both_steps_and_stays_on_this_host(zh_client: Client, alice: Membership) -> None:
    response = zh_client.post(
        "/accounts/login/",
        {"username": "alice@police.test", "password": TEST_PASSWORD, "next": "/partners/?q=a&b=c"},
    )
    assert response["Location"] == "/accounts/verify/?next=%2Fpartners%2F%3Fq%3Da%26b%3Dc"
    done = zh_client.post(response["Location"], {"token": current_code(alice.user_id)})
    assert done["Location"] == "/partners/?q=a&b=c"


def test_a_next_address_on_another_host_is_ignored(zh_client: Client, alice: Membership) -> None:
    response = zh_client.post(
        "/accounts/login/",
        {"username": "alice@police.test", "password": TEST_PASSWORD, "next": "https://evil.example/"},
    )
    done = zh_client.post(response["Location"], {"token": current_code(alice.user_id)})
    assert done["Location"] == "/"
