"""Deadline lists link each row to its case and to the page where the deadline is met, and mark
overdue ones in words."""

from datetime import date

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from cases.models import Case
from ksmm.accounts.models import User
from ksmm.deadlines.actions import do_open_deadline
from ksmm.deadlines.models import RuleKey
from ksmm.partners.models import Organisation
from tests.auth import sign_in

pytestmark = pytest.mark.django_db

# Each rule a case deadline can have, and the page its action link leads to.
ACTION_PAGES = {
    RuleKey.REFLECTION_END: "/residence/cases/{id}/",
    RuleKey.ART36_NOTICE: "/residence/cases/{id}/",
    RuleKey.THREE_MONTH_THRESHOLD: "/residence/cases/{id}/",
    RuleKey.PERMIT_EXPIRY: "/residence/cases/{id}/",
    RuleKey.NOTICE_DELIVERY: "/notices/cases/{id}/#delivery-form",
    RuleKey.OHG_CLAIM_WINDOW: "/cases/{id}/proceedings/#claims",
    RuleKey.RETENTION: "/cases/{id}/steps/",
}


@pytest.mark.parametrize("rule", list(ACTION_PAGES))
def test_each_row_links_to_its_case_and_to_the_action(
    zh_client: Client, alice: User, zh_case: Case, zh_police: Organisation, rule: RuleKey
) -> None:
    with schema_context("zh"):
        do_open_deadline(
            rule=rule, anchor=date(2026, 3, 2), subject=zh_case, case=zh_case, responsible_organisation=zh_police,
            acting_user=None, length_days=30,
        )  # fmt: skip
    page = sign_in(zh_client, alice).get("/deadlines/").content.decode()
    assert f'<a href="/cases/{zh_case.pk}/">{zh_case.case_number}</a>' in page
    assert f'href="{ACTION_PAGES[rule].format(id=zh_case.pk)}"' in page


def test_an_overdue_deadline_says_by_how_many_days(
    zh_client: Client, alice: User, zh_case: Case, zh_police: Organisation
) -> None:
    with schema_context("zh"):
        deadline = do_open_deadline(
            rule=RuleKey.NOTICE_DELIVERY, anchor=date(2026, 1, 2), subject=zh_case, case=zh_case,
            responsible_organisation=zh_police, acting_user=None, length_days=0,
        )  # fmt: skip
    from django.utils import timezone

    days = (timezone.localdate() - deadline.due_on).days
    assert days > 1
    page = sign_in(zh_client, alice).get("/deadlines/").content.decode()
    assert 'class="overdue"' in page
    assert f"Seit {days} Tag(en) überfällig" in page  # alice reads German


def test_a_deadline_due_later_is_not_marked_overdue(
    zh_client: Client, alice: User, zh_case: Case, zh_police: Organisation
) -> None:
    with schema_context("zh"):
        do_open_deadline(
            rule=RuleKey.NOTICE_DELIVERY, anchor=date(2999, 1, 2), subject=zh_case, case=zh_case,
            responsible_organisation=zh_police, acting_user=None, length_days=0,
        )  # fmt: skip
    page = sign_in(zh_client, alice).get("/deadlines/").content.decode()
    assert 'class="overdue"' not in page
