from datetime import date

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from cases.models import Case
from ksmm.accounts.models import User
from ksmm.deadlines.actions import do_open_deadline
from ksmm.deadlines.models import RuleKey
from ksmm.notifications.models import Reminder
from ksmm.notifications.scan import insert_due_reminders
from ksmm.partners.models import Organisation
from tests.auth import sign_in
from tests.queries import assert_count, captured

from .conftest import make_case

pytestmark = pytest.mark.django_db

PAGES = ["/inbox/", "/inbox/calendar/"]
POSTS = ["/inbox/read/", "/inbox/calendar/new/", "/inbox/calendar/revoke/"]


def remind(case: Case, organisation: Organisation) -> None:
    """A reflection period that ended: an overdue reminder for the organisation's members."""
    do_open_deadline(
        rule=RuleKey.REFLECTION_END, anchor=date(2026, 3, 2), subject=case, case=case,
        responsible_organisation=organisation, acting_user=None,
    )  # fmt: skip
    insert_due_reminders(today=date(2026, 4, 20))


def test_the_inbox_shows_the_reminder_and_the_unread_count(
    zh_client: Client, alice: User, zh_case: Case, zh_police: Organisation
) -> None:
    with schema_context("zh"):
        remind(zh_case, zh_police)
    sign_in(zh_client, alice)
    page = zh_client.get("/inbox/").content.decode()
    assert "ZH-2026-0001" in page
    assert '<span class="badge"' in page
    assert "Rosa" not in page
    with schema_context("zh"):
        reminder_id = Reminder.objects.get(recipient=alice).pk
    assert zh_client.post("/inbox/read/", {"reminder": reminder_id}).status_code == 302
    with schema_context("zh"):
        assert Reminder.objects.get(pk=reminder_id).read_at is not None
    assert '<span class="badge"' not in zh_client.get("/inbox/").content.decode()


def test_marking_read_touches_only_ones_own_reminders(
    zh_client: Client, alice: User, paul: User, zh_case: Case, zh_police: Organisation
) -> None:
    with schema_context("zh"):
        remind(zh_case, zh_police)
        pauls = Reminder.objects.get(recipient=paul).pk
    sign_in(zh_client, alice).post("/inbox/read/", {"reminder": pauls})
    sign_in(zh_client, alice).post("/inbox/read/")
    with schema_context("zh"):
        assert Reminder.objects.get(pk=pauls).read_at is None
        assert Reminder.objects.get(recipient=alice).read_at is not None


@pytest.mark.parametrize("path", PAGES)
def test_an_outsider_from_ge_gets_404_on_the_pages(zh_client: Client, bob: User, path: str) -> None:
    assert sign_in(zh_client, bob).get(path).status_code == 404


@pytest.mark.parametrize("path", POSTS)
def test_an_outsider_from_ge_gets_404_on_the_actions(zh_client: Client, bob: User, path: str) -> None:
    assert sign_in(zh_client, bob).post(path).status_code == 404


@pytest.mark.parametrize("path", PAGES)
def test_without_the_second_factor_the_pages_ask_for_sign_in(zh_client: Client, alice: User, path: str) -> None:
    assert sign_in(zh_client, alice, verified=False).get(path).status_code == 302


def test_the_inbox_runs_the_same_queries_for_1_and_50_reminders(
    zh_client: Client, alice: User, zh_police: Organisation
) -> None:
    """Counted with tests/queries.py, the first request after sign-in and the next: 1 reminder and
    50 reminders both run 5 statements (4 besides SET search_path)."""
    sign_in(zh_client, alice)
    with schema_context("zh"):
        remind(make_case(number="ZH-2026-2000", organisation=zh_police), zh_police)
    with captured() as one:
        assert zh_client.get("/inbox/").status_code == 200
    with schema_context("zh"):
        for index in range(1, 50):
            remind(make_case(number=f"ZH-2026-{2000 + index}", organisation=zh_police), zh_police)
    with captured() as fifty:
        response = zh_client.get("/inbox/")
    assert response.content.decode().count("ZH-2026-2") == 50
    assert len(one) == len(fifty)
    assert_count(one, 5, without_search_path=4)
    assert_count(fifty, 5, without_search_path=4)
