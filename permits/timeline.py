"""Residence events on the case timeline: status and dates only (core), as every party sees them."""

from collections.abc import Iterable
from datetime import date, datetime, time

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases.models import Case
from cases.timeline import TimelineEntry
from ksmm.compartments import Compartment

from .models import PermitRequest, ReflectionPeriod


def _day(day: date) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def residence_entries(*, case: Case) -> Iterable[TimelineEntry]:
    url = reverse("permits:case", args=[case.pk])
    for period in ReflectionPeriod.objects.filter(case=case):
        yield TimelineEntry(
            when=_at(period.requested_on),
            compartment=Compartment.CORE,
            title=_("Reflection period requested"),
            url=url,
        )
        if period.starts_on and period.ends_on:
            yield TimelineEntry(
                when=_at(period.decided_on or period.starts_on),
                compartment=Compartment.CORE,
                title=_("Reflection period granted"),
                detail=f"{_day(period.starts_on)} - {_day(period.ends_on)}",
                url=url,
            )
        elif period.status == ReflectionPeriod.Status.REFUSED and period.decided_on:
            yield TimelineEntry(
                when=_at(period.decided_on), compartment=Compartment.CORE, title=_("Reflection period refused"), url=url
            )
    for permit in PermitRequest.objects.filter(case=case):
        yield TimelineEntry(
            when=_at(permit.decided_on or permit.requested_on),
            compartment=Compartment.CORE,
            title=f"{permit.get_kind_display()}: {permit.get_status_display()}",
            detail=f"{_day(permit.valid_from)} - {_day(permit.valid_until)}"
            if permit.valid_from and permit.valid_until
            else "",
            url=url,
        )
