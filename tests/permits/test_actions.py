from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django_tenants.utils import schema_context

from cases.models import Case
from cases.policy import can_read
from ksmm.audit.models import AuditEntry
from ksmm.compartments import Compartment
from ksmm.deadlines.models import Deadline, RuleKey
from permits import actions, permit_actions
from permits.ech0006 import ech0006_code
from permits.models import EndReason, PermitKind, PermitRequest, ReflectionPeriod, Stay
from permits.queries import RESIDENCE_RULES
from permits.stays import actions as stay_actions
from tests.permits.conftest import DAY0, Cast

pytestmark = pytest.mark.django_db


def request_period(cast: Cast, case: Case, **kwargs: object) -> ReflectionPeriod:
    return actions.check_request_reflection_period(
        acting_user=cast.vera,
        organisation=cast.aid,
        case=case,
        addressed_to=cast.migration,
        requested_on=DAY0,
        grounds="Hinweise aus der Beratung",
        **kwargs,  # type: ignore[arg-type]
    )


def grant(cast: Cast, period: ReflectionPeriod, days: int = 30) -> ReflectionPeriod:
    return actions.check_decide_reflection_period(
        acting_user=cast.mia, organisation=cast.migration, period=period, grant=True, decided_on=DAY0, length_days=days
    )


def open_deadlines(case: Case) -> dict[str, Deadline]:
    """The open residence deadlines of the case (intake also opens the notice reminder)."""
    deadlines = Deadline.objects.filter(case=case, status=Deadline.Status.OPEN, rule_key__in=RESIDENCE_RULES)
    return {d.rule_key: d for d in deadlines}


def test_a_request_makes_the_migration_office_a_party_that_reads_residence(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        period = request_period(cast, rosa)
        assert period.status == ReflectionPeriod.Status.REQUESTED
        assert can_read(membership=cast.membership(cast.mia), case=rosa, compartment=Compartment.RESIDENCE)
        assert AuditEntry.objects.filter(object_type="permits.reflectionperiod", compartment="residence").exists()


def test_granting_30_days_opens_the_end_and_the_art36_notice(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        period = grant(cast, request_period(cast, rosa))
        assert (period.starts_on, period.ends_on) == (DAY0, DAY0 + timedelta(days=30))
        assert period.is_running_on(DAY0) and not period.is_running_on(period.ends_on)
        deadlines = open_deadlines(rosa)
        assert deadlines[RuleKey.REFLECTION_END].due_on == period.ends_on
        assert deadlines[RuleKey.REFLECTION_END].responsible_organisation == cast.aid
        assert deadlines[RuleKey.ART36_NOTICE].due_on == period.ends_on - timedelta(days=7)
        assert deadlines[RuleKey.ART36_NOTICE].responsible_organisation == cast.prosecution


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("de", "Eine Erholungs- und Bedenkzeit dauert mindestens 30 Tage"),
        ("fr", "Un délai de rétablissement et de réflexion dure au moins 30 jours"),
    ],
)
def test_a_period_under_30_days_is_refused_in_the_users_language(
    cast: Cast, rosa: Case, language: str, message: str
) -> None:
    with schema_context("zh"):
        period = request_period(cast, rosa)
        with translation.override(language):
            with pytest.raises(ValidationError) as refused:
                grant(cast, period, days=29)
            assert message in refused.value.message_dict["length_days"][0]
        period.refresh_from_db()
        assert period.status == ReflectionPeriod.Status.REQUESTED
        assert not open_deadlines(rosa)


def test_the_database_refuses_a_period_under_30_days(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        period = request_period(cast, rosa)
        with pytest.raises(IntegrityError), transaction.atomic():
            ReflectionPeriod.objects.filter(pk=period.pk).update(length_days=29)


def test_a_refusal_needs_reasons(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        period = request_period(cast, rosa)
        with pytest.raises(ValidationError):
            actions.check_decide_reflection_period(
                acting_user=cast.mia, organisation=cast.migration, period=period, grant=False, decided_on=DAY0
            )
        refused = actions.check_decide_reflection_period(
            acting_user=cast.mia,
            organisation=cast.migration,
            period=period,
            grant=False,
            decided_on=DAY0,
            reasons="Keine begründeten Hinweise",
        )
        assert refused.status == ReflectionPeriod.Status.REFUSED
        assert not open_deadlines(rosa)


def test_only_the_addressed_migration_office_decides(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        period = request_period(cast, rosa)
        with pytest.raises(ValidationError):
            actions.check_decide_reflection_period(
                acting_user=cast.vera, organisation=cast.aid, period=period, grant=True, decided_on=DAY0, length_days=30
            )


def test_an_early_end_closes_both_deadlines(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        period = grant(cast, request_period(cast, rosa))
        actions.check_end_reflection_period(
            acting_user=cast.mia,
            organisation=cast.migration,
            period=period,
            ended_on=DAY0 + timedelta(days=10),
            reason=EndReason.COOPERATION_DECLARED,
        )
        period.refresh_from_db()
        assert period.status == ReflectionPeriod.Status.ENDED
        assert not period.is_running_on(DAY0 + timedelta(days=11))
        assert not open_deadlines(rosa)


def test_the_art36_notice_meets_its_deadline(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        period = grant(cast, request_period(cast, rosa))
        with pytest.raises(ValidationError):
            actions.check_give_presence_notice(
                acting_user=cast.vera, organisation=cast.aid, period=period, given_on=DAY0, presence_needed=False
            )
        actions.check_give_presence_notice(
            acting_user=cast.piet,
            organisation=cast.prosecution,
            period=period,
            given_on=DAY0 + timedelta(days=20),
            presence_needed=True,
            needed_until=date(2027, 3, 1),
        )
        assert set(open_deadlines(rosa)) == {RuleKey.REFLECTION_END}


def test_a_stay_opens_the_three_month_threshold_and_a_permit_request_meets_it(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        stay = stay_actions.check_record_stay(
            acting_user=cast.vera,
            organisation=cast.aid,
            case=rosa,
            basis=Stay.Basis.SUSPENDED_REMOVAL,
            starts_on=DAY0,
            expected_until=date(2026, 12, 31),
        )
        assert stay.passes_threshold(today=DAY0)
        assert open_deadlines(rosa)[RuleKey.THREE_MONTH_THRESHOLD].due_on == date(2026, 6, 2)
        permit = permit_actions.check_request_permit(
            acting_user=cast.vera,
            organisation=cast.aid,
            case=rosa,
            kind=PermitKind.L,
            addressed_to=cast.migration,
            requested_on=DAY0 + timedelta(days=40),
            expected_until=date(2026, 12, 31),
        )
        assert permit.stay == stay
        assert RuleKey.THREE_MONTH_THRESHOLD not in open_deadlines(rosa)


def test_an_l_permit_needs_the_expected_duration(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"), pytest.raises(ValidationError) as refused:
        permit_actions.check_request_permit(
            acting_user=cast.vera,
            organisation=cast.aid,
            case=rosa,
            kind=PermitKind.L,
            addressed_to=cast.migration,
            requested_on=DAY0,
        )
    assert "expected_until" in refused.value.message_dict


def request_l(cast: Cast, case: Case) -> PermitRequest:
    return permit_actions.check_request_permit(
        acting_user=cast.vera,
        organisation=cast.aid,
        case=case,
        kind=PermitKind.L,
        addressed_to=cast.migration,
        requested_on=DAY0,
        expected_until=date(2026, 12, 31),
    )


def test_a_granted_l_permit_opens_its_expiry_and_a_renewal_meets_it(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        permit = permit_actions.check_decide_permit(
            acting_user=cast.mia,
            organisation=cast.migration,
            permit=request_l(cast, rosa),
            approve=True,
            decided_on=DAY0,
            valid_from=DAY0,
            valid_until=date(2026, 12, 31),
        )
        assert permit.status == PermitRequest.Status.GRANTED
        assert permit.ech0006_code == "070202"
        assert open_deadlines(rosa)[RuleKey.PERMIT_EXPIRY].due_on == date(2026, 12, 31)
        renewal = permit_actions.check_request_permit(
            acting_user=cast.vera,
            organisation=cast.aid,
            case=rosa,
            kind=PermitKind.L,
            addressed_to=cast.migration,
            requested_on=date(2026, 11, 1),
            expected_until=date(2027, 12, 31),
            renewal_of=permit,
        )
        permit_actions.check_decide_permit(
            acting_user=cast.mia,
            organisation=cast.migration,
            permit=renewal,
            approve=True,
            decided_on=date(2026, 11, 5),
            valid_from=date(2027, 1, 1),
            valid_until=date(2027, 12, 31),
        )
        expiries = Deadline.objects.filter(case=rosa, rule_key=RuleKey.PERMIT_EXPIRY, status=Deadline.Status.OPEN)
        assert [d.due_on for d in expiries] == [date(2027, 12, 31)]


def test_a_hardship_b_permit_is_granted_only_with_the_sems_approval(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        with pytest.raises(ValidationError):
            permit_actions.check_request_permit(
                acting_user=cast.vera,
                organisation=cast.aid,
                case=rosa,
                kind=PermitKind.B,
                addressed_to=cast.migration,
                requested_on=DAY0,
            )
        permit = permit_actions.check_request_permit(
            acting_user=cast.vera,
            organisation=cast.aid,
            case=rosa,
            kind=PermitKind.B,
            addressed_to=cast.migration,
            requested_on=DAY0,
            hardship_criteria="Integration, Gesundheit",
        )
        permit = permit_actions.check_decide_permit(
            acting_user=cast.mia, organisation=cast.migration, permit=permit, approve=True, decided_on=DAY0
        )
        assert permit.status == PermitRequest.Status.SEM_PENDING
        with pytest.raises(IntegrityError), transaction.atomic():
            PermitRequest.objects.filter(pk=permit.pk).update(
                status="granted", valid_from=DAY0, valid_until=date(2027, 3, 1), decided_on=DAY0
            )
        permit = permit_actions.check_record_sem_decision(
            acting_user=cast.mia,
            organisation=cast.migration,
            permit=permit,
            approved=True,
            decided_on=date(2026, 5, 1),
            valid_from=date(2026, 5, 1),
            valid_until=date(2027, 4, 30),
        )
        assert permit.status == PermitRequest.Status.GRANTED
        assert permit.ech0006_code == "0202"


def test_f_and_n_are_recorded_as_federal_decisions(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        with pytest.raises(ValidationError):
            permit_actions.check_record_federal_decision(
                acting_user=cast.vera,
                organisation=cast.aid,
                case=rosa,
                kind=PermitKind.F,
                decided_on=DAY0,
                valid_from=DAY0,
                valid_until=date(2027, 3, 1),
            )
        permit = permit_actions.check_record_federal_decision(
            acting_user=cast.mia,
            organisation=cast.migration,
            case=rosa,
            kind=PermitKind.N,
            decided_on=DAY0,
            valid_from=DAY0,
            valid_until=date(2026, 9, 1),
            federal_reference="N 123 456",
        )
        assert permit.status == PermitRequest.Status.RECORDED
        assert permit.ech0006_code == "0804"


@pytest.mark.parametrize(("days", "code"), [(120, "070204"), (200, "070202"), (365, "070201")])
def test_the_l_permit_code_follows_its_length(days: int, code: str) -> None:
    assert ech0006_code(kind="L", valid_from=DAY0, valid_until=DAY0 + timedelta(days=days)) == code
