"""An L permit is granted for at most one year (Art. 32 para. 1 AIG), as the canton's rule says."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import translation
from django_tenants.utils import schema_context

from cases.models import Case
from ksmm.deadlines.actions import check_new_rule_version
from ksmm.deadlines.models import RuleKey
from ksmm.deadlines.rules import add_months, within_one_year
from permits import permit_actions
from permits.ech0006 import L_LONG, ech0006_code
from permits.models import PermitKind, PermitRequest
from tests.auth import sign_in

from .conftest import DAY0, Cast

pytestmark = pytest.mark.django_db

# Month ends, a leap day and an ordinary day: the year ends the day before the same date.
FIRST_DAYS = [date(2026, 1, 1), date(2026, 1, 31), date(2028, 2, 29), date(2026, 3, 2), date(2026, 12, 31)]


def request_l(cast: Cast, case: Case, *, expected_until: date = date(2029, 12, 31)) -> PermitRequest:
    return permit_actions.check_request_permit(
        acting_user=cast.vera, organisation=cast.aid, case=case, kind=PermitKind.L, addressed_to=cast.migration,
        requested_on=DAY0, expected_until=expected_until,
    )  # fmt: skip


def grant(cast: Cast, permit: PermitRequest, first: date, last: date) -> PermitRequest:
    return permit_actions.check_decide_permit(
        acting_user=cast.mia, organisation=cast.migration, permit=permit, approve=True, decided_on=DAY0,
        valid_from=first, valid_until=last,
    )  # fmt: skip


@pytest.mark.parametrize("first", FIRST_DAYS)
def test_exactly_twelve_months_are_granted_and_one_day_more_is_refused(cast: Cast, rosa: Case, first: date) -> None:
    year_end = add_months(first, 12) - timedelta(days=1)
    with schema_context("zh"):
        permit = request_l(cast, rosa)
        with pytest.raises(ValidationError) as refused:
            grant(cast, permit, first, year_end + timedelta(days=1))
        assert refused.value.message_dict["valid_until"]
        assert "Art. 32 Abs. 1 AIG" in refused.value.message_dict["valid_until"][0]
        permit.refresh_from_db()
        assert permit.status == PermitRequest.Status.REQUESTED
        granted = grant(cast, permit, first, year_end)
        assert (granted.status, granted.valid_until) == (PermitRequest.Status.GRANTED, year_end)
        assert granted.ech0006_code == L_LONG


def test_a_hardship_b_permit_is_not_limited_to_a_year(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        permit = permit_actions.check_request_permit(
            acting_user=cast.vera, organisation=cast.aid, case=rosa, kind=PermitKind.B, addressed_to=cast.migration,
            requested_on=DAY0, hardship_criteria="Integration",
        )  # fmt: skip
        permit = permit_actions.check_decide_permit(
            acting_user=cast.mia, organisation=cast.migration, permit=permit, approve=True, decided_on=DAY0
        )
        granted = permit_actions.check_record_sem_decision(
            acting_user=cast.mia, organisation=cast.migration, permit=permit, approved=True, decided_on=DAY0,
            valid_from=DAY0, valid_until=date(2028, 3, 1),
        )  # fmt: skip
        assert granted.status == PermitRequest.Status.GRANTED


def test_the_limit_is_the_cantons_rule_version_not_a_constant(cast: Cast, rosa: Case) -> None:
    """A canton that grants L permits for at most six months from 2026 on refuses seven."""
    with schema_context("zh"):
        check_new_rule_version(
            acting_user=None, key=RuleKey.L_PERMIT_LONGEST, valid_from=date(2026, 1, 1), months=6, days=-1,
            reminder_days=[], escalate_when_overdue=False, reason="Praxis", source_kind="practice",
            source_reference="Weisung Migrationsamt 2026",
        )  # fmt: skip
        with pytest.raises(ValidationError) as refused:
            grant(cast, request_l(cast, rosa), DAY0, add_months(DAY0, 7))
        assert "Weisung Migrationsamt 2026" in refused.value.message_dict["valid_until"][0]


@pytest.mark.parametrize(("months", "days", "allowed"), [(12, -1, True), (12, 0, False), (0, 364, True),
                                                        (0, 365, False), (11, 30, False), (6, -1, True)])  # fmt: skip
def test_no_canton_may_set_the_l_limit_beyond_a_year(months: int, days: int, allowed: bool) -> None:
    assert within_one_year(months=months, days=days) is allowed
    if not allowed:
        with schema_context("zh"), pytest.raises(ValidationError) as refused:
            check_new_rule_version(
                acting_user=None, key=RuleKey.L_PERMIT_LONGEST, valid_from=date(2030, 1, 1), months=months,
                days=days, reminder_days=[], escalate_when_overdue=False, reason="r", source_kind="law",
                source_reference="Art. 32 AIG",
            )  # fmt: skip
        assert refused.value.code == "l_permit_too_long"


def test_the_refusal_cites_the_article_in_the_users_language(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"), translation.override("fr"):
        with pytest.raises(ValidationError) as refused:
            grant(cast, request_l(cast, rosa), DAY0, date(2027, 3, 2))
        message = refused.value.message_dict["valid_until"][0]
    assert "Art. 32, al. 1, LEI" in message
    assert "au plus tard" in message


def test_the_decision_page_proposes_at_most_a_year_and_refuses_more(zh_client: Client, cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        permit = request_l(cast, rosa)
    sign_in(zh_client, cast.mia)
    page = zh_client.get(f"/residence/review/permits/{permit.pk}/").content.decode()
    assert "2029-12-31" not in page
    response = zh_client.post(
        f"/residence/review/permits/{permit.pk}/",
        {"decision": "grant", "valid_from": "2026-03-02", "valid_until": "2027-03-02", "reasons": ""},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Art. 32 Abs. 1 AIG" in response.content.decode()


def test_an_l_permit_about_to_expire_without_a_renewal_warns_on_the_residence_page(
    zh_client: Client, cast: Cast, rosa: Case
) -> None:
    today = date.today()
    with schema_context("zh"):
        permit = request_l(cast, rosa, expected_until=today + timedelta(days=400))
        grant(cast, permit, today - timedelta(days=300), today + timedelta(days=20))
    page = sign_in(zh_client, cast.vera).get(f"/residence/cases/{rosa.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Die Kurzaufenthaltsbewilligung L läuft am" in page.content.decode()
    with schema_context("zh"):
        permit_actions.check_request_permit(
            acting_user=cast.vera, organisation=cast.aid, case=rosa, kind=PermitKind.L, addressed_to=cast.migration,
            requested_on=today, expected_until=today + timedelta(days=400), renewal_of=permit,
        )  # fmt: skip
    page = zh_client.get(f"/residence/cases/{rosa.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Die Kurzaufenthaltsbewilligung L läuft am" not in page.content.decode()


def test_an_l_permit_far_from_expiry_does_not_warn(zh_client: Client, cast: Cast, rosa: Case) -> None:
    today = date.today()
    with schema_context("zh"):
        grant(cast, request_l(cast, rosa), today, today + timedelta(days=200))
    page = sign_in(zh_client, cast.vera).get(f"/residence/cases/{rosa.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Die Kurzaufenthaltsbewilligung L läuft am" not in page.content.decode()


@pytest.mark.parametrize(("last", "code"), [(date(2026, 7, 1), "070204"), (date(2026, 7, 2), "070202"),
                                            (date(2027, 3, 1), "070201")])  # fmt: skip
def test_the_l_code_counts_the_last_day_as_valid(last: date, code: str) -> None:
    assert ech0006_code(kind="L", valid_from=DAY0, valid_until=last) == code
