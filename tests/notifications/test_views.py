from datetime import date

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from cases.models import Case
from ksmm.accounts.models import User
from ksmm.deadlines.actions import do_open_deadline
from ksmm.deadlines.models import RuleKey
from ksmm.notifications.actions import do_notify
from ksmm.notifications.models import Reminder
from ksmm.notifications.scan import insert_due_reminders
from ksmm.partners.models import Organisation
from tests.auth import sign_in
from tests.queries import assert_count, captured

from .conftest import make_case

pytestmark = pytest.mark.django_db

PAGES = ["/inbox/", "/inbox/calendar/"]
POSTS = ["/inbox/read/", "/inbox/email/", "/inbox/calendar/new/", "/inbox/calendar/revoke/"]


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


def tell(case: Case, user: User, index: int) -> None:
    do_notify(
        kind=Reminder.Kind.REFERRAL_RECEIVED, case_id=case.pk, recipient_ids=[user.pk], link=f"/cases/{case.pk}/",
        event_key=f"referral_received:{index}",
    )  # fmt: skip


def test_the_inbox_runs_the_same_queries_for_1_and_50_notifications(
    zh_client: Client, alice: User, zh_police: Organisation
) -> None:
    """Events as deadline reminders: 5 statements (4 besides SET search_path) for 1 and 50."""
    sign_in(zh_client, alice)
    with schema_context("zh"):
        tell(make_case(number="ZH-2026-3000", organisation=zh_police), alice, 0)
    with captured() as one:
        assert zh_client.get("/inbox/").status_code == 200
    with schema_context("zh"):
        for index in range(1, 50):
            tell(make_case(number=f"ZH-2026-{3000 + index}", organisation=zh_police), alice, index)
    with captured() as fifty:
        response = zh_client.get("/inbox/")
    page = response.content.decode()
    assert page.count("ZH-2026-3") == 50
    assert page.count("Überweisung erhalten") == 50
    assert '<span class="badge" aria-label="ungelesen">50</span>' in page
    assert_count(one, 5, without_search_path=4)
    assert_count(fifty, 5, without_search_path=4)


@pytest.mark.parametrize("choice", User.InboxEmail.values)
def test_a_person_chooses_how_the_inbox_e_mails_them(zh_client: Client, alice: User, paul: User, choice: str) -> None:
    User.objects.filter(pk=alice.pk).update(inbox_email="daily_digest" if choice == "immediate" else "immediate")
    response = sign_in(zh_client, alice).post("/inbox/email/", {"inbox_email": choice})
    assert response.status_code == 302
    assert response["Location"] == "/inbox/"
    alice.refresh_from_db()
    paul.refresh_from_db()
    assert alice.inbox_email == choice
    assert paul.inbox_email == User.InboxEmail.IMMEDIATE  # only one's own choice
    assert checked_choices(zh_client.get("/inbox/").content.decode()) == [choice]


def checked_choices(page: str) -> list[str]:
    inputs = [tag for tag in page.split("<input")[1:] if 'name="inbox_email"' in tag.split(">")[0]]
    return [tag.split('value="')[1].split('"')[0] for tag in inputs if " checked" in tag.split(">")[0]]


def test_the_choice_page_marks_the_current_choice(zh_client: Client, alice: User) -> None:
    User.objects.filter(pk=alice.pk).update(inbox_email=User.InboxEmail.DAILY_DIGEST)
    assert checked_choices(sign_in(zh_client, alice).get("/inbox/").content.decode()) == ["daily_digest"]


def test_an_unknown_choice_changes_nothing(zh_client: Client, alice: User) -> None:
    response = sign_in(zh_client, alice).post("/inbox/email/", {"inbox_email": "hourly"})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.inbox_email == User.InboxEmail.IMMEDIATE


def test_without_the_second_factor_the_choice_is_not_saved(zh_client: Client, alice: User) -> None:
    response = sign_in(zh_client, alice, verified=False).post("/inbox/email/", {"inbox_email": "daily_digest"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    alice.refresh_from_db()
    assert alice.inbox_email == User.InboxEmail.IMMEDIATE


def test_an_outsider_from_ge_cannot_change_their_choice_in_zh(zh_client: Client, bob: User) -> None:
    assert sign_in(zh_client, bob).post("/inbox/email/", {"inbox_email": "daily_digest"}).status_code == 404
    bob.refresh_from_db()
    assert bob.inbox_email == User.InboxEmail.IMMEDIATE


def test_the_choice_is_only_taken_by_post(zh_client: Client, alice: User) -> None:
    assert sign_in(zh_client, alice).get("/inbox/email/").status_code == 405
