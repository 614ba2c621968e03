"""Identification events on the case timeline: assessments (core), checklist changes (identity)."""

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext as _

from cases.policy import CaseAccess
from cases.timeline import TimelineEntry, register_timeline_source
from ksmm.compartments import Compartment

from .queries import page_assessments, page_checklist


def identification_events(*, access: CaseAccess) -> Iterator[TimelineEntry]:
    url = reverse("identification:case", args=[access.case.pk])
    for assessment in page_assessments(access=access):
        yield TimelineEntry(
            when=assessment.decided_at,
            compartment=Compartment.CORE,
            title=_("Identification assessment: %(result)s") % {"result": assessment.get_result_display()},
            detail=str(assessment.decided_by_organisation),
            url=url + "#assessment",
        )
    if not access.can_read(Compartment.IDENTITY):  # the checklist is identity data
        return
    checklist = page_checklist(access=access)
    if checklist is not None:
        yield TimelineEntry(
            when=checklist.updated_at,
            compartment=Compartment.IDENTITY,
            title=_("Identification checklist: %(count)s indicators observed") % {"count": checklist.observed},  # type: ignore[attr-defined]
            detail=str(checklist.updated_by_organisation),
            url=url,
        )


register_timeline_source(
    identification_events, compartments=[Compartment.CORE, Compartment.IDENTITY], takes_access=True
)
