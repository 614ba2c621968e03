from datetime import date

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from cases.models import Case
from ksmm.accounts.models import User
from ksmm.deadlines.actions import do_open_deadline
from ksmm.deadlines.models import RuleKey
from ksmm.notifications.calendar import fold
from ksmm.notifications.models import CalendarFeed
from ksmm.partners.models import Organisation
from tests.auth import sign_in

pytestmark = pytest.mark.django_db


def feed_path(client: Client) -> str:
    assert client.post("/inbox/calendar/new/").status_code == 302
    page = client.get("/inbox/calendar/").content.decode()
    assert 'value="http' in page
    url = page[page.index('value="http') + 7 : page.index('.ics"') + 4]
    return url.split("localhost", 1)[1]


def test_the_feed_lists_open_deadlines_with_the_case_number_only(
    zh_client: Client, alice: User, zh_case: Case, zh_police: Organisation
) -> None:
    with schema_context("zh"):
        do_open_deadline(
            rule=RuleKey.REFLECTION_END, anchor=date(2026, 3, 2), subject=zh_case, case=zh_case,
            responsible_organisation=zh_police, acting_user=None,
        )  # fmt: skip
    path = feed_path(sign_in(zh_client, alice))
    with schema_context("zh"):
        stored = CalendarFeed.objects.get(user=alice)
        assert path.split("/")[-1].removesuffix(".ics") not in stored.token_hash
    response = Client(HTTP_HOST="zh.localhost").get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "DTSTART;VALUE=DATE:20260401\r\n" in body
    assert "SUMMARY:ZH-2026-0001: Ende der Erholungs- und Bedenkzeit\r\n" in body
    assert "Rosa" not in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_the_token_shows_once_and_a_revoked_feed_answers_404(zh_client: Client, alice: User) -> None:
    path = feed_path(sign_in(zh_client, alice))
    assert 'value="http' not in zh_client.get("/inbox/calendar/").content.decode()
    assert Client(HTTP_HOST="zh.localhost").get(path).status_code == 200
    assert zh_client.post("/inbox/calendar/revoke/").status_code == 302
    assert Client(HTTP_HOST="zh.localhost").get(path).status_code == 404


def test_a_new_address_replaces_the_old_one(zh_client: Client, alice: User) -> None:
    first = feed_path(sign_in(zh_client, alice))
    second = feed_path(zh_client)
    assert first != second
    assert Client(HTTP_HOST="zh.localhost").get(first).status_code == 404
    assert Client(HTTP_HOST="zh.localhost").get(second).status_code == 200


def test_a_zh_feed_address_is_unknown_on_ge(zh_client: Client, alice: User) -> None:
    path = feed_path(sign_in(zh_client, alice))
    assert Client(HTTP_HOST="ge.localhost").get(path).status_code == 404


def test_a_guessed_token_answers_404() -> None:
    assert Client(HTTP_HOST="zh.localhost").get("/inbox/calendar/guessed.ics").status_code == 404


def test_a_feed_ends_with_the_membership(zh_client: Client, alice: User) -> None:
    from ksmm.memberships.models import Membership

    path = feed_path(sign_in(zh_client, alice))
    with schema_context("zh"):
        Membership.objects.filter(user=alice).update(is_active=False)
    assert Client(HTTP_HOST="zh.localhost").get(path).status_code == 404


def test_long_lines_fold_at_75_octets_without_splitting_characters() -> None:
    folded = fold("SUMMARY:" + "é" * 80)
    lines = folded.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    assert "".join(line.removeprefix(" ") for line in lines) == "SUMMARY:" + "é" * 80
