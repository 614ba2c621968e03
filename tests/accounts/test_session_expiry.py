"""The warning before the idle timeout and "stay signed in": the page knows when the session ends,
and the keep-alive restarts the idle clock of a valid session only."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from tests.auth import sign_in
from tests.personas import ADAM, ALICE, CARLA, GABI, NORA, VERA, Persona, membership

pytestmark = pytest.mark.django_db

KEEP_ALIVE = "/accounts/keep-alive/"


def expires_in(page: str) -> int:
    found = re.search(r'data-expires-in="(\d+)"', page)
    assert found, "the page carries no session warning"
    return int(found.group(1))


def test_a_page_says_when_the_idle_session_ends(zh_client: Client) -> None:
    sign_in(zh_client, membership(ALICE).user)
    start = timezone.now()
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        page = zh_client.get("/partners/").content.decode()
    # The page itself counts as activity: 30 idle minutes from now, give or take the clock's minute.
    assert 29 * 60 <= expires_in(page) <= 30 * 60
    assert f'action="{KEEP_ALIVE}"' in page


def test_an_anonymous_page_has_no_session_warning(zh_client: Client) -> None:
    page = zh_client.get("/accounts/login/").content.decode()
    assert "session-warning" not in page


def test_stay_signed_in_restarts_the_idle_clock(zh_client: Client) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        sign_in(zh_client, membership(ALICE).user)
        traveller.shift(timedelta(minutes=27))
        answer = zh_client.post(KEEP_ALIVE)
        assert answer.status_code == 200
        assert answer.json() == {"expires_in": 30 * 60}
        traveller.shift(timedelta(minutes=29))  # 56 minutes after the last page: still signed in
        assert zh_client.get("/partners/").status_code == 200


def test_stay_signed_in_never_passes_the_absolute_limit(zh_client: Client) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        sign_in(zh_client, membership(ALICE).user)
        for _step in range(24):
            traveller.shift(timedelta(minutes=29, seconds=50))
            assert zh_client.post(KEEP_ALIVE).status_code == 200
        assert zh_client.post(KEEP_ALIVE).json()["expires_in"] <= 10 * 60
        traveller.move_to(start + timedelta(hours=12, minutes=1))
        assert zh_client.post(KEEP_ALIVE).status_code == 302


def test_an_expired_session_is_not_revived(zh_client: Client) -> None:
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        sign_in(zh_client, membership(ALICE).user)
        traveller.shift(timedelta(minutes=31))
        answer = zh_client.post(KEEP_ALIVE)
        assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]
        assert zh_client.get("/partners/").status_code == 302


@pytest.mark.parametrize("persona", [ALICE, VERA, CARLA, ADAM, NORA], ids=lambda p: p.key)
def test_every_role_may_stay_signed_in_but_only_by_post(zh_client: Client, persona: Persona) -> None:
    sign_in(zh_client, membership(persona).user)
    assert zh_client.get(KEEP_ALIVE).status_code == 405
    assert zh_client.post(KEEP_ALIVE).status_code == 200


def test_an_outsider_from_another_canton_gets_404(zh_client: Client) -> None:
    sign_in(zh_client, membership(GABI).user)
    assert zh_client.post(KEEP_ALIVE).status_code == 404


def test_the_keep_alive_needs_the_csrf_token() -> None:
    client = sign_in(Client(HTTP_HOST="zh.localhost", enforce_csrf_checks=True), membership(ALICE).user)
    assert client.post(KEEP_ALIVE).status_code == 403


def test_anonymous_keep_alive_goes_to_the_sign_in(zh_client: Client) -> None:
    answer = zh_client.post(KEEP_ALIVE)
    assert answer.status_code == 302 and "/accounts/login/" in answer["Location"]
