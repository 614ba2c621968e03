"""Identification events on the case timeline: assessments (core), checklist changes (identity)."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _

from cases.models import Case
from cases.timeline import TimelineEntry, register_timeline_source
from ksmm.compartments import Compartment

from .models import Assessment, Checklist, Observation


@register_timeline_source
def identification_events(*, case: Case) -> Iterator[TimelineEntry]:
    url = reverse("identification:case", args=[case.pk])
    for assessment in Assessment.objects.filter(case=case).select_related("decided_by_organisation"):
        yield TimelineEntry(
            when=assessment.decided_at,
            compartment=Compartment.CORE,
            title=_("Identification assessment: %(result)s") % {"result": assessment.get_result_display()},
            detail=str(assessment.decided_by_organisation),
            url=url + "#assessment",
        )
    checklist = Checklist.objects.filter(case=case).select_related("updated_by_organisation").first()
    if checklist is not None:
        observed = Observation.objects.filter(checklist=checklist).count()
        yield TimelineEntry(
            when=checklist.updated_at,
            compartment=Compartment.IDENTITY,
            title=_("Identification checklist: %(count)s indicators observed") % {"count": observed},
            detail=str(checklist.updated_by_organisation),
            url=url,
        )
