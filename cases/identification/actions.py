"""Writes to the catalogue and to the identification of a case: authorised by the caller, audited."""

from django.db import transaction
from django.db.models import Max

from cases.models import Case
from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction, AuditEntry
from ksmm.compartments import Compartment
from ksmm.partners.models import Organisation

from .models import Assessment, Checklist, Indicator, Observation
from .queries import current_catalogue

CATALOGUE_PURPOSE = "indicator catalogue"
IDENTIFICATION_PURPOSE = "identification"
CANTONAL_PREFIX = "KT-"


def next_cantonal_code(*, catalogue_id: int) -> str:
    codes = Indicator.objects.filter(catalogue_id=catalogue_id, is_cantonal=True).values_list("code", flat=True)
    suffixes = [code.removeprefix(CANTONAL_PREFIX) for code in codes]
    numbers = [int(suffix) for suffix in suffixes if suffix.isdigit()]
    return f"{CANTONAL_PREFIX}{max(numbers, default=0) + 1:02d}"


def do_save_cantonal_indicator(*, acting_user: User | None, indicator: Indicator) -> Indicator:
    """Adds or changes one of the canton's own indicators, at the end of its dimension."""
    with transaction.atomic():
        action = AuditEntry.Action.UPDATE if indicator.pk else AuditEntry.Action.CREATE
        indicator.is_cantonal = True
        if not indicator.pk:
            indicator.code = next_cantonal_code(catalogue_id=indicator.catalogue_id)
            highest = Indicator.objects.filter(dimension_id=indicator.dimension_id).aggregate(top=Max("order"))["top"]
            indicator.order = (highest or 0) + 1
        indicator.save()
        do_record(actor=acting_user, action=action, obj=indicator, purpose=CATALOGUE_PURPOSE)
    return indicator


def do_save_checklist(
    *,
    acting_user: User | None,
    organisation: Organisation,
    case: Case,
    observed: dict[int, str],
    dimension_id: int | None = None,
) -> Checklist:
    """Replaces the observed indicators of the case's checklist (identity compartment).

    `observed` maps indicator ids of the checklist's catalogue to the note on what was seen. With
    `dimension_id`, only that section of the checklist is replaced and the other sections stay as
    they were saved: a long checklist is saved section by section, and two people working on
    different sections do not overwrite each other.
    """
    with transaction.atomic():
        checklist = Checklist.objects.select_for_update().filter(case=case).first()
        if checklist is None:
            checklist = Checklist(case=case, catalogue=current_catalogue())
        checklist.updated_by = acting_user
        checklist.updated_by_organisation = organisation
        checklist.save()
        indicators = Indicator.objects.filter(catalogue_id=checklist.catalogue_id)
        observations = checklist.observations.all()
        if dimension_id is not None:
            indicators = indicators.filter(dimension_id=dimension_id)
            observations = observations.filter(indicator__dimension_id=dimension_id)
        valid = set(indicators.filter(pk__in=observed).values_list("pk", flat=True))
        existing = {o.indicator_id: o for o in observations}
        observations.exclude(indicator_id__in=valid).delete()
        for indicator_id in valid:
            note = observed[indicator_id].strip()
            current = existing.get(indicator_id)
            if current is None:
                Observation.objects.create(checklist=checklist, indicator_id=indicator_id, note=note)
            elif current.note != note:
                current.note = note
                current.save(update_fields=["note"])
        do_record(
            actor=acting_user, action=AuditAction.UPDATE, obj=checklist, compartment=Compartment.IDENTITY,
            purpose=IDENTIFICATION_PURPOSE,
        )  # fmt: skip
    return checklist


def do_assess(*, acting_user: User | None, organisation: Organisation, case: Case, result: str) -> Assessment:
    """Records who decided, for which organisation, whether the person is presumed a victim (core)."""
    with transaction.atomic():
        observed = Observation.objects.filter(checklist__case=case).count()
        assessment = Assessment.objects.create(
            case=case,
            result=result,
            decided_by=acting_user,
            decided_by_organisation=organisation,
            observed_count=observed,
        )
        do_record(
            actor=acting_user, action=AuditAction.CREATE, obj=assessment, compartment=Compartment.CORE,
            purpose=IDENTIFICATION_PURPOSE,
        )  # fmt: skip
    return assessment
