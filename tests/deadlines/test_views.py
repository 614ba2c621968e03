from datetime import date

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from cases.models import Case
from ksmm.accounts.models import User
from ksmm.deadlines.actions import do_open_deadline
from ksmm.deadlines.models import Rule, RuleKey
from ksmm.partners.models import Organisation
from tests.auth import sign_in
from tests.queries import assert_count, captured

from .conftest import make_case

pytestmark = pytest.mark.django_db

MEMBER_PAGES = ["/deadlines/"]
COORDINATOR_PAGES = ["/deadlines/canton/"]
ADMIN_PAGES = ["/deadlines/rules/", "/deadlines/rules/reflection_end/new/"]


def open_for(case: Case, organisation: Organisation, rule: RuleKey = RuleKey.REFLECTION_END) -> None:
    do_open_deadline(
        rule=rule, anchor=date(2026, 3, 2), subject=case, case=case, responsible_organisation=organisation,
        acting_user=None,
    )  # fmt: skip


def test_a_member_sees_the_deadlines_of_her_organisation(
    zh_client: Client, alice: User, zh_case: Case, zh_police: Organisation, zh_aid: Organisation
) -> None:
    with schema_context("zh"):
        open_for(zh_case, zh_police)
        other = make_case(number="ZH-2026-0099", organisation=zh_aid)
        open_for(other, zh_aid)
    response = sign_in(zh_client, alice).get("/deadlines/")
    assert response.status_code == 200
    assert "ZH-2026-0001" in response.content.decode()
    assert "ZH-2026-0099" not in response.content.decode()
    assert "Rosa" not in response.content.decode()


def test_a_coordinator_sees_every_deadline_of_the_canton(
    zh_client: Client, carla: User, zh_case: Case, zh_police: Organisation
) -> None:
    with schema_context("zh"):
        open_for(zh_case, zh_police)
    response = sign_in(zh_client, carla).get("/deadlines/canton/?rule=reflection_end")
    assert response.status_code == 200
    assert "ZH-2026-0001" in response.content.decode()
    assert "ZH-2026-0001" not in sign_in(zh_client, carla).get("/deadlines/canton/?rule=permit_expiry").content.decode()


@pytest.mark.parametrize("path", MEMBER_PAGES + COORDINATOR_PAGES + ADMIN_PAGES)
def test_an_outsider_from_ge_gets_404(zh_client: Client, bob: User, path: str) -> None:
    assert sign_in(zh_client, bob).get(path).status_code == 404


@pytest.mark.parametrize("path", COORDINATOR_PAGES + ADMIN_PAGES)
def test_a_plain_member_gets_403_on_coordinator_and_admin_pages(zh_client: Client, alice: User, path: str) -> None:
    assert sign_in(zh_client, alice).get(path).status_code == 403


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_a_coordinator_may_not_change_rules(zh_client: Client, carla: User, path: str) -> None:
    assert sign_in(zh_client, carla).get(path).status_code == 403


def test_an_anonymous_visitor_is_sent_to_sign_in(zh_client: Client) -> None:
    assert zh_client.get("/deadlines/").status_code == 302


@pytest.mark.parametrize(("path", "persona"), [("/deadlines/", "alice"), ("/deadlines/canton/", "carla")])
def test_deadline_lists_run_the_same_queries_for_1_and_50_rows(
    zh_client: Client, zh_police: Organisation, path: str, persona: str, request: pytest.FixtureRequest
) -> None:
    """Counted with tests/queries.py, the first request after sign-in: 1 row and 50 rows both run
    5 statements (4 besides SET search_path)."""
    user = request.getfixturevalue(persona)
    sign_in(zh_client, user)
    with schema_context("zh"):
        open_for(make_case(number="ZH-2026-1000", organisation=zh_police), zh_police)
    with captured() as one:
        assert zh_client.get(path).status_code == 200
    with schema_context("zh"):
        for index in range(1, 50):
            open_for(make_case(number=f"ZH-2026-{1000 + index}", organisation=zh_police), zh_police)
    with captured() as fifty:
        response = zh_client.get(path)
    assert response.content.decode().count("ZH-2026-1") == 50
    assert len(one) == len(fifty)
    assert_count(one, 5, without_search_path=4)
    assert_count(fifty, 5, without_search_path=4)


def test_a_canton_admin_adds_a_longer_reflection_period_as_a_new_version(zh_client: Client, adam: User) -> None:
    sign_in(zh_client, adam)
    response = zh_client.post(
        "/deadlines/rules/reflection_end/new/",
        {"valid_from": "2027-01-01", "months": "0", "days": "45", "reminder_days": "10, 3", "reason": "Praxis ZH",
         "escalate_when_overdue": "on", "source_kind": "practice", "source_reference": "Praxis ZH, RRB 2026/12"},
    )  # fmt: skip
    assert response.status_code == 302
    with schema_context("zh"):
        versions = list(Rule.objects.filter(key=RuleKey.REFLECTION_END).order_by("version"))
        assert [(rule.version, rule.days, rule.valid_until) for rule in versions] == [
            (1, 30, date(2027, 1, 1)),
            (2, 45, None),
        ]
        assert versions[1].reminder_days == [10, 3]
        assert versions[1].created_by == adam
    assert "Praxis ZH" in zh_client.get("/deadlines/rules/").content.decode()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", "mindestens 30 Tage"),
        ("fr", "au moins 30 jours"),
        ("it", "almeno 30 giorni"),
        ("en", "at least 30 days"),
    ],
)
def test_a_reflection_minimum_under_30_days_is_refused_in_the_users_language(
    zh_client: Client, adam: User, language: str, expected: str
) -> None:
    adam.language = language
    adam.save()
    sign_in(zh_client, adam)
    response = zh_client.post(
        "/deadlines/rules/reflection_end/new/",
        {
            "valid_from": "2027-01-01",
            "months": "0",
            "days": "21",
            "reason": "zu kurz",
            "source_kind": "law",
            "source_reference": "Art. 35 VZAE",
        },
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code == 200
    assert expected in response.content.decode()
    with schema_context("zh"):
        assert Rule.objects.filter(key=RuleKey.REFLECTION_END).count() == 1


def test_a_new_version_must_start_after_the_current_one(zh_client: Client, adam: User) -> None:
    sign_in(zh_client, adam)
    response = zh_client.post(
        "/deadlines/rules/permit_expiry/new/",
        {"valid_from": "2001-01-01", "months": "0", "days": "0", "reminder_days": "x", "reason": "r"},
    )
    assert response.status_code == 200
    with schema_context("zh"):
        assert Rule.objects.filter(key=RuleKey.PERMIT_EXPIRY).count() == 1


def test_an_unknown_rule_is_404(zh_client: Client, adam: User) -> None:
    assert sign_in(zh_client, adam).get("/deadlines/rules/nonsense/new/").status_code == 404
