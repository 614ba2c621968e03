"""Every step is an event on the case timeline, in its compartment; a summary in the core where
the step has one (safety level and review date, return status)."""

from collections.abc import Iterator
from datetime import datetime, time

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cases.policy import CaseAccess
from cases.timeline import TimelineEntry, register_timeline_source
from ksmm.compartments import Compartment

from .kinds import KINDS, StepKind
from .models import ReturnAssistance, SafetyAssessment, Step
from .queries import page_steps


def _when(step: Step, kind: StepKind) -> datetime:
    """The date the step happened (at noon when only a day is known), else when it was recorded."""
    for name in ("planned_for", "held_on", "assessed_on", "starts_on", "referred_on", "closed_on"):
        value = getattr(step, name, None)
        if isinstance(value, datetime):
            return value
        if value is not None:
            if value == timezone.localtime(step.recorded_at).date():
                return step.recorded_at  # recorded the same day: keeps the order of the day's events
            return timezone.make_aware(datetime.combine(value, time(12)))
    return step.recorded_at


def _summary(step: Step) -> str:
    if isinstance(step, SafetyAssessment):
        return _("Risk %(level)s, review by %(date)s") % {
            "level": step.get_risk_level_display(),
            "date": date_format(step.review_on, "SHORT_DATE_FORMAT"),
        }
    if isinstance(step, ReturnAssistance):
        return str(step.get_status_display())
    return ""


def step_events(*, access: CaseAccess) -> Iterator[TimelineEntry]:
    base = reverse("casesteps:steps", args=[access.case.pk])
    steps = page_steps(access=access)
    for kind in KINDS:
        for step in steps.get(kind.key, ()):
            detail = str(step.recorded_by_organisation)
            url = f"{base}#{kind.key}"
            if kind.core_fields:
                yield TimelineEntry(
                    when=_when(step, kind),
                    compartment=Compartment.CORE,
                    title=f"{kind.title}: {_summary(step)}",
                    detail=detail,
                    url=url,
                )
                continue
            yield TimelineEntry(
                when=_when(step, kind),
                compartment=kind.compartment,
                title=capfirst(str(step._meta.verbose_name)) if kind.key != "closure" else _closure_title(step),
                detail=detail,
                url=url,
                part=kind.counselling_part,
            )


def _closure_title(step: Step) -> str:
    reason = getattr(step, "get_reason_display", lambda: "")()
    return _("Case closed: %(reason)s") % {"reason": reason}


register_timeline_source(step_events, takes_access=True)


def withdrawal_events(*, access: CaseAccess) -> Iterator[TimelineEntry]:
    """An organisation's withdrawal is core: every party learns who no longer works on the case."""
    from cases.case_file import parties_of

    for party in parties_of(access=access):
        if party.left_at is not None:
            yield TimelineEntry(
                when=party.left_at,
                compartment=Compartment.CORE,
                title=_("%(organisation)s withdrew from the case") % {"organisation": party.organisation},
            )


register_timeline_source(withdrawal_events, takes_access=True)
