"""Reading the steps of a case: what the reader may see of each kind, as page sections."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases.access import record_reads
from cases.models import Case
from cases.policy import CaseAccess
from ksmm.compartments import Compartment

from .kinds import KINDS, StepKind, Visibility
from .models import KesbReferral, SafetyAssessment, Step

READ_PURPOSE = "case steps"


@dataclass
class Row:
    step: Step
    fields: list[tuple[str, str]]


@dataclass
class Section:
    kind: StepKind
    visibility: Visibility
    can_write: bool
    rows: list[Row] = field(default_factory=list)
    form: Any = None


def steps_of(kind: StepKind, *, case: Case) -> QuerySet[Step]:
    related = [f.name for f in kind.model._meta.get_fields() if f.many_to_one]
    return kind.model._default_manager.filter(case=case).select_related(*related)


def shown_fields(kind: StepKind, visibility: Visibility) -> list[str]:
    if visibility == Visibility.FULL:
        return list(kind.form._meta.fields or [])
    return list(kind.core_fields)


def display(step: Model, name: str) -> str:
    value = getattr(step, name)
    model_field = step._meta.get_field(name)
    if getattr(model_field, "choices", None):
        return str(getattr(step, f"get_{name}_display")())
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None or value == "":
        return "-"
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def rows_for(kind: StepKind, steps: list[Step], visibility: Visibility) -> list[Row]:
    names = shown_fields(kind, visibility)
    return [
        Row(
            step=step,
            fields=[(str(getattr(step._meta.get_field(n), "verbose_name", n)), display(step, n)) for n in names],
        )
        for step in steps
    ]


def case_sections(*, access: CaseAccess, request: HttpRequest | None = None) -> list[Section]:
    """One section per kind of step that applies to the case, each cut to what the reader may see."""
    case, readable, parts = access.case, access.readable, access.counselling_parts
    sections: list[Section] = []
    read: set[str] = set()
    for kind in KINDS:
        if not kind.applies_to(case):
            continue
        visibility = kind.visibility(readable=readable, parts=parts)
        writable = access.can_write(kind.compartment)
        if visibility == Visibility.NONE and not writable:
            continue
        section = Section(kind=kind, visibility=visibility, can_write=writable)
        if visibility != Visibility.NONE:
            section.rows = rows_for(kind, list(steps_of(kind, case=case)), visibility)
            read.add(kind.compartment if visibility == Visibility.FULL else Compartment.CORE.value)
        sections.append(section)
    record_reads(access=access, compartments=read, request=request, purpose=READ_PURPOSE)
    return sections


def open_tasks(*, case: Case, readable: frozenset[str]) -> list[str]:
    """What is still to do on the case, as short sentences for every reader of the core."""
    tasks: list[str] = []
    if Compartment.CORE not in readable or case.status != Case.Status.OPEN:
        return tasks
    if case.is_minor and not KesbReferral.objects.filter(case=case).exists():
        tasks.append(_("Minor: the referral to the KESB is still open."))
    latest = SafetyAssessment.objects.filter(case=case).order_by("-assessed_on", "-pk").first()
    if latest is not None and latest.review_on <= timezone.localdate():
        tasks.append(_("The safety assessment is due for review."))
    return tasks
