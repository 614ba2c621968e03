"""The demo's operation register in ZH: a week of checks in the sex-work sector that the police
announced to victim aid, running now, with the police's referred case opened during it."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from cases.models import Case
from cases.operations.actions import check_announce, check_save_operation, do_link_case
from cases.operations.models import PlannedOperation
from ksmm.partners.models import Organisation

from .hand_offs import REFERRED_BY_POLICE, _member
from .people import Type

OPERATION_CANTONS = ("ZH",)


def load_operations(code: str, organisations: dict[str, Organisation]) -> None:
    """Once per canton: skipped when the register holds an operation."""
    if code not in OPERATION_CANTONS or PlannedOperation.objects.exists():
        return
    police = _member(code, "police")
    today = timezone.localdate()
    starts_at = timezone.make_aware(datetime.combine(today - timedelta(days=1), time(20, 0)))
    operation = check_save_operation(
        acting_user=police.user,
        organisation=police.organisation,
        operation=PlannedOperation(
            starts_at=starts_at,
            ends_at=starts_at + timedelta(days=6, hours=4),
            municipality="Zürich, Kreis 4",
            sector=PlannedOperation.Sector.SEX_WORK,
            expected_victims=8,
            expected_languages="Rumänisch, Ungarisch, Spanisch",
            contact_name="Pikett Fachgruppe Menschenhandel (Demo)",
            contact_phone="+41 44 000 00 00",
            target="Kontrollwoche in Salons (Demo)",
            address="Adressliste bei der Einsatzleitung (Demo)",
            tactical_notes="Abends, je zwei Teams (Demo)",
        ),
    )
    check_announce(acting_user=police.user, operation=operation, organisations=[organisations[Type.VICTIM_AID]])
    case = Case.objects.filter(pseudonym=REFERRED_BY_POLICE[code]).first()
    if case is not None:
        do_link_case(acting_user=police.user, organisation=police.organisation, case=case, operation=operation)
