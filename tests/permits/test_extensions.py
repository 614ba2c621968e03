"""A running reflection period can be extended: asked with a reason, decided by the migration
office; the end and the Art. 36 notice move, the first grant and its minimum stay."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django_tenants.utils import schema_context

from cases.models import Case
from ksmm.accounts.models import User
from ksmm.audit.models import AuditEntry
from ksmm.deadlines.models import Deadline
from ksmm.partners.models import Organisation
from permits import actions, extensions
from permits.models import ReflectionExtension, ReflectionPeriod
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.factories import MembershipFactory
from tests.queries import assert_statements

from .conftest import DAY0, GROUNDS, Cast, World

pytestmark = pytest.mark.django_db


def _open(case: Case) -> dict[str, date]:
    rows = Deadline.objects.filter(
        case=case, status=Deadline.Status.OPEN, rule_key__in=["reflection_end", "art36_notice"]
    )
    return {row.rule_key: row.due_on for row in rows}


def _grant(cast: Cast, case: Case, *, days: int, start: date = DAY0) -> ReflectionPeriod:
    period = actions.check_request_reflection_period(
        acting_user=cast.vera, organisation=cast.aid, case=case, addressed_to=cast.migration, requested_on=start,
        grounds=GROUNDS,
    )  # fmt: skip
    return actions.check_decide_reflection_period(
        acting_user=cast.mia, organisation=cast.migration, period=period, grant=True, decided_on=start,
        length_days=days,
    )  # fmt: skip


def _ask(cast: Cast, period: ReflectionPeriod, *, days: int, on: date | None = None) -> ReflectionExtension:
    return extensions.check_request_extension(
        acting_user=cast.vera, organisation=cast.aid, period=period, requested_on=on or period.starts_on, days=days,
        reason="Therapie läuft, Aussagebereitschaft noch offen",
    )  # fmt: skip


def _decide(cast: Cast, extension: ReflectionExtension, *, grant: bool = True, **more: object) -> ReflectionExtension:
    return extensions.check_decide_extension(
        acting_user=cast.mia, organisation=cast.migration, extension=extension, grant=grant, decided_on=DAY0,
        **more,  # type: ignore[arg-type]
    )  # fmt: skip


@pytest.mark.parametrize(("first", "added"), [(30, 1), (30, 30), (45, 15), (90, 365)])
def test_an_extension_adds_its_days_and_moves_the_end_and_the_art36_notice(
    cast: Cast, rosa: Case, first: int, added: int
) -> None:
    with schema_context("zh"):
        period = _grant(cast, rosa, days=first)
        _decide(cast, _ask(cast, period, days=added))
        period.refresh_from_db()
        assert (period.length_days, period.extended_days, period.total_days) == (first, added, first + added)
        end = DAY0 + timedelta(days=first + added)
        assert period.ends_on == end
        assert _open(rosa) == {"reflection_end": end, "art36_notice": end - timedelta(days=7)}
        # Every version of the end stays in the history: the first is cancelled, not rewritten.
        assert Deadline.objects.filter(case=rosa, rule_key="reflection_end", status="cancelled").count() == 1


def test_two_extensions_add_up_and_the_first_grant_keeps_its_minimum(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        period = _grant(cast, rosa, days=30)
        _decide(cast, _ask(cast, period, days=10))
        _decide(cast, _ask(cast, period, days=20), days=5)
        period.refresh_from_db()
        assert (period.length_days, period.extended_days, period.ends_on) == (30, 15, DAY0 + timedelta(days=45))


def test_a_refused_extension_moves_nothing_and_needs_reasons(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        period = _grant(cast, rosa, days=30)
        extension = _ask(cast, period, days=10)
        with pytest.raises(ValidationError) as refused:
            _decide(cast, extension, grant=False)
        assert "reasons" in refused.value.message_dict
        _decide(cast, extension, grant=False, reasons="Keine neuen Gründe")
        period.refresh_from_db()
        assert (period.extended_days, period.ends_on) == (0, DAY0 + timedelta(days=30))
        assert _open(rosa)["reflection_end"] == DAY0 + timedelta(days=30)


@pytest.mark.parametrize(
    ("days", "reason", "field"),
    [(0, "Grund", "days"), (None, "Grund", "days"), (366, "Grund", "days"), (5, "  ", "reason")],
)
def test_an_extension_needs_days_and_a_reason(
    cast: Cast, rosa: Case, days: int | None, reason: str, field: str
) -> None:
    with schema_context("zh"):
        period = _grant(cast, rosa, days=30)
        with pytest.raises(ValidationError) as refused:
            extensions.check_request_extension(
                acting_user=cast.vera, organisation=cast.aid, period=period, requested_on=DAY0, days=days,
                reason=reason,
            )  # fmt: skip
        assert field in refused.value.message_dict
        assert not period.extensions.exists()


def test_only_a_running_period_is_extended_and_only_once_at_a_time(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        period = _grant(cast, rosa, days=30)
        with pytest.raises(ValidationError):
            _ask(cast, period, days=5, on=DAY0 + timedelta(days=30))  # the day it ended
        _ask(cast, period, days=5)
        with pytest.raises(ValidationError):
            _ask(cast, period, days=5)


def test_only_requesting_partners_ask_and_only_the_granting_office_decides(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        period = _grant(cast, rosa, days=30)
        with pytest.raises(ValidationError):
            extensions.check_request_extension(
                acting_user=cast.mia, organisation=cast.migration, period=period, requested_on=DAY0, days=5,
                reason="r",
            )  # fmt: skip
        extension = _ask(cast, period, days=5)
        with pytest.raises(ValidationError):
            extensions.check_decide_extension(
                acting_user=cast.piet, organisation=cast.prosecution, extension=extension, grant=True,
                decided_on=DAY0,
            )  # fmt: skip


def test_the_request_and_the_decision_are_audited_in_the_residence_compartment(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        extension = _decide(cast, _ask(cast, _grant(cast, rosa, days=30), days=5))
        purposes = set(
            AuditEntry.objects.filter(object_id=str(extension.pk), compartment="residence").values_list(
                "purpose", flat=True
            )
        )
        assert purposes == {"reflection period extension requested", "reflection period extension granted"}


# --- pages -----------------------------------------------------------------------------------


@pytest.fixture
def asked(cast: Cast, world: World) -> ReflectionExtension:
    today = date.today()
    with schema_context("zh"):
        ReflectionPeriod.objects.filter(pk=world.granted.pk).update(
            starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=35)
        )
        world.granted.refresh_from_db()
        return _ask(cast, world.granted, days=14, on=today)


def test_victim_aid_asks_on_the_page_and_the_office_extends_on_its_own(
    zh_client: Client, cast: Cast, world: World
) -> None:
    today = date.today()
    with schema_context("zh"):
        ReflectionPeriod.objects.filter(pk=world.granted.pk).update(
            starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=35)
        )
    sign_in(zh_client, cast.vera)
    case_page = zh_client.get(f"/residence/cases/{world.rosa.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert reverse("permits:extension_request", args=[world.granted.pk]) in case_page
    path = reverse("permits:extension_request", args=[world.granted.pk])
    empty = zh_client.post(path, {"days": "14", "reason": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert empty.status_code == 400
    kept = empty.content.decode()
    assert 'value="14"' in kept
    response = zh_client.post(path, {"days": "14", "reason": "Therapie läuft"})
    assert response.status_code == 302
    with schema_context("zh"):
        extension = ReflectionExtension.objects.get(period=world.granted)
    sign_in(zh_client, cast.mia)
    decide = reverse("permits:extension_decide", args=[extension.pk])
    assert "Therapie läuft" in zh_client.get(decide).content.decode()
    assert zh_client.post(decide, {"decision": "grant", "days": "", "reasons": ""}).status_code == 302
    page = zh_client.get(f"/residence/cases/{world.rosa.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "45 Tage zuerst gewährt, um 14 Tage verlängert." in page


def test_an_outsider_gets_404_on_both_pages(cast: Cast, world: World, asked: ReflectionExtension, gabi: User) -> None:
    """A member of GE on the ZH host is not a member there: 404 alike, no hint of the case."""
    client = sign_in(canton_client("zh"), gabi)
    assert client.get(f"/residence/reflection/{world.granted.pk}/extend/").status_code == 404
    assert client.get(f"/residence/review/extensions/{asked.pk}/").status_code == 404
    assert client.post(f"/residence/review/extensions/{asked.pk}/", {"decision": "grant"}).status_code == 404


def test_a_reviewer_of_another_migration_office_gets_404(world: World, asked: ReflectionExtension) -> None:
    with schema_context("zh"):
        other = MembershipFactory(organisation__type=Organisation.Type.MIGRATION_OFFICE).user
    assert sign_in(canton_client("zh"), other).get(f"/residence/review/extensions/{asked.pk}/").status_code == 404


def test_the_wrong_roles_are_refused(cast: Cast, world: World, asked: ReflectionExtension) -> None:
    """The migration office does not ask itself (403); victim aid and a canton administrator of
    the office without the review right do not decide (403)."""
    extend = f"/residence/reflection/{world.granted.pk}/extend/"
    decide = f"/residence/review/extensions/{asked.pk}/"
    assert sign_in(canton_client("zh"), cast.mia).get(extend).status_code == 403
    for user in (cast.vera, cast.max):
        assert sign_in(canton_client("zh"), user).get(decide).status_code == 403


@pytest.mark.parametrize(
    ("persona", "name", "subject", "statements", "without_search_path"),
    [("vera", "permits:extension_request", "period", 6, 5), ("mia", "permits:extension_decide", "extension", 7, 6)],
)
def test_the_extension_pages_run_a_fixed_number_of_statements(  # noqa: PLR0917 - parameters
    cast: Cast, world: World, asked: ReflectionExtension, persona: str, name: str, subject: str, statements: int,
    without_search_path: int,
) -> None:  # fmt: skip
    pk = world.granted.pk if subject == "period" else asked.pk
    client = sign_in(canton_client("zh"), getattr(cast, persona))
    assert_statements(client, reverse(name, args=[pk]), statements, without_search_path=without_search_path)


def test_the_api_asks_and_decides_with_the_same_rules(cast: Cast, world: World, gabi: User) -> None:
    today = date.today()
    with schema_context("zh"):
        ReflectionPeriod.objects.filter(pk=world.granted.pk).update(
            starts_on=today - timedelta(days=10), ends_on=today + timedelta(days=35)
        )
    base = f"/api/v1/reflection-periods/{world.granted.pk}"
    vera = sign_in(canton_client("zh"), cast.vera)
    missing = vera.post(f"{base}/extend/", {"days": 14, "reason": " "}, content_type="application/json")
    assert missing.status_code == 400
    assert missing["Content-Type"].startswith("application/problem+json")
    asked, replayed = (
        vera.post(
            f"{base}/extend/", {"days": 14, "reason": "Therapie"}, content_type="application/json",
            headers={"Idempotency-Key": "extend-once"},
        )
        for _ in range(2)
    )  # fmt: skip
    assert asked.status_code == 201
    assert (replayed.status_code, replayed.json(), replayed.headers["Idempotent-Replayed"]) == (
        201, asked.json(), "true",
    )  # fmt: skip
    with schema_context("zh"):
        extension = ReflectionExtension.objects.get(period=world.granted)
    outsider = sign_in(canton_client("zh"), gabi)
    assert (
        outsider.post(f"{base}/extend/", {"days": 1, "reason": "x"}, content_type="application/json").status_code == 404
    )
    refused = vera.post(
        f"{base}/decide-extension/", {"extension": extension.pk, "grant": True}, content_type="application/json"
    )
    assert refused.status_code == 403
    mia = sign_in(canton_client("zh"), cast.mia)
    decided = mia.post(
        f"{base}/decide-extension/", {"extension": extension.pk, "grant": True}, content_type="application/json"
    )
    assert decided.status_code == 200
    assert (decided.json()["length_days"], decided.json()["extended_days"], decided.json()["total_days"]) == (
        45,
        14,
        59,
    )
