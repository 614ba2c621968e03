"""Writes to the catalogue and to the identification of a case: authorised by the caller, audited."""

from django.db import transaction
from django.db.models import Max

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditEntry

from .models import Indicator

CATALOGUE_PURPOSE = "indicator catalogue"
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
