"""A demo case with a reflection period and a permit, for the migration office's queue."""

from django.db import transaction
from django_tenants.utils import schema_context

from cases.actions import do_add_party
from cases.models import Case
from ksmm.partners.models import Organisation

from .people import ORGANISATIONS, Type

DEMO_RESIDENCE_PSEUDONYM = "Demo Lea"


def load_permits_demo() -> None:
    """ZH: a case with a granted recovery and reflection period and an open L permit request.

    Made through the real actions, so its deadlines and audit entries exist as in use; skipped
    when the case is already there.
    """
    from datetime import timedelta

    from django.utils import timezone

    from cases.actions import do_open_case
    from permits.actions import check_decide_reflection_period, check_request_reflection_period
    from permits.models import PermitKind, Stay
    from permits.permit_actions import check_request_permit
    from permits.stays.actions import check_record_stay

    with transaction.atomic(), schema_context("zh"):
        if existing := Case.objects.filter(pseudonym=DEMO_RESIDENCE_PSEUDONYM).first():
            _ask_for_extension(existing)
            return
        by_type = {
            organisation.type: organisation
            for organisation in Organisation.objects.filter(name__in=ORGANISATIONS["ZH"].values())
        }
        aid, migration = by_type[Type.VICTIM_AID], by_type[Type.MIGRATION_OFFICE]
        today = timezone.localdate()
        start = today - timedelta(days=10)
        case = do_open_case(
            acting_user=None, organisation=aid, pseudonym=DEMO_RESIDENCE_PSEUDONYM, opened_on=start - timedelta(days=2)
        )
        for organisation_type in (Type.CANTONAL_POLICE, Type.PUBLIC_PROSECUTOR):
            do_add_party(acting_user=None, case=case, organisation=by_type[organisation_type])
        period = check_request_reflection_period(
            acting_user=None,
            organisation=aid,
            case=case,
            addressed_to=migration,
            requested_on=start - timedelta(days=1),
            grounds="Begründete Hinweise aus dem Erstgespräch (Demo).",
        )
        check_decide_reflection_period(
            acting_user=None, organisation=migration, period=period, grant=True, decided_on=start, length_days=30
        )
        check_record_stay(
            acting_user=None,
            organisation=aid,
            case=case,
            basis=Stay.Basis.SUSPENDED_REMOVAL,
            starts_on=start,
            expected_until=start + timedelta(days=365),
        )
        check_request_permit(
            acting_user=None,
            organisation=by_type[Type.PUBLIC_PROSECUTOR],
            case=case,
            kind=PermitKind.L,
            addressed_to=migration,
            requested_on=today,
            expected_until=start + timedelta(days=365),
            grounds="Die Anwesenheit ist für das Strafverfahren nötig (Demo).",
        )
        _ask_for_extension(case)


def _ask_for_extension(case: Case) -> None:
    """Victim aid asks to extend the running period: pending in the migration office's hands."""
    from django.utils import timezone

    from permits.extensions import check_request_extension
    from permits.models import ReflectionExtension, ReflectionPeriod

    today = timezone.localdate()
    period = case.reflection_periods.filter(status=ReflectionPeriod.Status.GRANTED).first()
    if period is None or not period.is_running_on(today) or ReflectionExtension.objects.filter(period=period).exists():
        return
    check_request_extension(
        acting_user=None,
        organisation=period.requested_by_organisation,
        period=period,
        requested_on=today,
        days=30,
        reason="Die Stabilisierung braucht mehr Zeit; die Therapie hat eben begonnen (Demo).",
    )
