"""Each dated stage of a proceeding and each filed or decided OHG claim is a core event on the
case timeline (the dates and the stage are shared with every party); nothing else of them."""

from collections.abc import Iterator
from datetime import date, datetime, time

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.policy import CaseAccess
from cases.timeline import TimelineEntry, register_timeline_source
from ksmm.compartments import Compartment

from .models import STAGE_DATES, Stage
from .queries import case_proceedings


def _at_noon(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def proceeding_events(*, access: CaseAccess) -> Iterator[TimelineEntry]:
    base = reverse("caseproceedings:page", args=[access.case.pk])
    data = case_proceedings(access=access)
    for proceeding in data.proceedings:
        for stage, field in (*STAGE_DATES, (Stage.DISCONTINUED, "discontinued_on")):
            day = getattr(proceeding, field)
            if day is None:
                continue
            yield TimelineEntry(
                when=_at_noon(day),
                compartment=Compartment.CORE,
                title=_("Criminal proceedings: %(stage)s") % {"stage": Stage(stage).label},
                url=f"{base}#proceeding-{proceeding.pk}",
            )
    for claim in data.claims:
        if claim.filed_on is not None:
            yield TimelineEntry(
                when=_at_noon(claim.filed_on),
                compartment=Compartment.CORE,
                title=_("OHG claim filed: %(kind)s") % {"kind": claim.get_kind_display()},
                url=f"{base}#claims",
            )
        if claim.decided_on is not None:
            yield TimelineEntry(
                when=_at_noon(claim.decided_on),
                compartment=Compartment.CORE,
                title=_("OHG claim decided: %(status)s") % {"status": claim.get_status_display()},
                url=f"{base}#claims",
            )


register_timeline_source(proceeding_events, takes_access=True)
