"""Reading the steps of a case: what the reader may see of each kind, as page sections."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Model, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cases.access import record_reads
from cases.facts import case_has, register_case_fact
from cases.models import Case
from cases.policy import CaseAccess
from ksmm.compartments import Compartment

from .kinds import KINDS, StepKind, Visibility
from .models import KesbReferral, SafetyAssessment, Step

KESB = next(kind for kind in KINDS if kind.model is KesbReferral)
SAFETY = next(kind for kind in KINDS if kind.model is SafetyAssessment)

READ_PURPOSE = "case steps"
DETAILS_PURPOSE = "safety details"


@dataclass
class Row:
    step: Step
    fields: list[tuple[str, str]]
    details: bool = False  # shown through a sub-grant (kinds.StepKind.detail_grant)


@dataclass
class Section:
    kind: StepKind
    visibility: Visibility
    can_write: bool
    rows: list[Row] = field(default_factory=list)
    form: Any = None


def steps_of(kind: StepKind, *, case: Case) -> QuerySet[Step]:
    related = [f.name for f in kind.model._meta.get_fields() if f.many_to_one or (f.one_to_one and f.concrete)]
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


def _labelled(step: Step, names: list[str]) -> list[tuple[str, str]]:
    return [(str(getattr(step._meta.get_field(n), "verbose_name", n)), display(step, n)) for n in names]


def rows_for(
    kind: StepKind, steps: list[Step], visibility: Visibility, *, sub_grants: frozenset[str] = frozenset()
) -> list[Row]:
    names = shown_fields(kind, visibility)
    rows: list[Row] = []
    for step in steps:
        details = kind.shows_details(step, visibility=visibility, sub_grants=sub_grants)
        rows.append(Row(step=step, fields=_labelled(step, names + list(kind.detail_fields if details else ())),
                        details=details))  # fmt: skip
    return rows


def record_detail_reads(*, access: CaseAccess, request: HttpRequest | None) -> None:
    """A read of details opened by a sub-grant: audited as a read of their compartment."""
    record_reads(access=access, compartments={SAFETY.compartment}, request=request, purpose=DETAILS_PURPOSE)


def case_sections(*, access: CaseAccess, request: HttpRequest | None = None) -> list[Section]:
    """One section per kind of step that applies to the case, each cut to what the reader may see."""
    case, readable, parts = access.case, access.readable, access.counselling_parts
    sections: list[Section] = []
    read: set[str] = set()
    details = False
    for kind in KINDS:
        if not kind.applies_to(case):
            continue
        visibility = kind.visibility(readable=readable, parts=parts)
        writable = access.can_write(kind.compartment)
        if visibility == Visibility.NONE and not writable:
            continue
        section = Section(kind=kind, visibility=visibility, can_write=writable)
        if visibility != Visibility.NONE:
            steps = page_steps(access=access)[kind.key]
            section.rows = rows_for(kind, steps, visibility, sub_grants=access.sub_grants)
            read.add(kind.compartment if visibility == Visibility.FULL else Compartment.CORE.value)
            details |= any(row.details for row in section.rows)
        sections.append(section)
    record_reads(access=access, compartments=read, request=request, purpose=READ_PURPOSE)
    if details:
        record_detail_reads(access=access, request=request)
    return sections


def on_timeline(kind: StepKind, *, access: CaseAccess) -> bool:
    """Whether the reader sees the kind's steps on the timeline (cases.timeline keeps the entry)."""
    if kind.core_fields:
        return access.can_read(Compartment.CORE)
    if not access.can_read(kind.compartment):
        return False
    return (
        kind.compartment != Compartment.COUNSELLING
        or not kind.counselling_part
        or (kind.counselling_part in access.counselling_parts)
    )


def page_steps(*, access: CaseAccess) -> dict[str, list[Step]]:
    """The steps of each kind the reader sees on the timeline, latest first, read once per page.

    Shared by the case page's steps panel, its open tasks and the timeline; the panel and the
    tasks need no more than the timeline shows (every kind they use is on it).
    """
    case = access.case
    kinds = [kind for kind in KINDS if on_timeline(kind, access=access)]

    def load() -> dict[str, list[Step]]:
        present = _kinds_with_steps(access=access, kinds=kinds)
        return {kind.key: list(steps_of(kind, case=case)) if kind in present else [] for kind in kinds}

    return access.loaded("casesteps", load)


def _step_fact(kind: StepKind) -> str:
    return f"casesteps.{kind.key}"


# Each kind's "has the case a step of it" joins the page's one question about such tables
# (cases/facts.py): a kind without steps costs no read, and the question costs one statement.
def _steps_of_model(model: type[Step]) -> Callable[[OuterRef], QuerySet[Any]]:
    return lambda case: model._default_manager.filter(case_id=case)


for _kind in KINDS:
    register_case_fact(_step_fact(_kind), _steps_of_model(_kind.model))


def _kinds_with_steps(*, access: CaseAccess, kinds: list[StepKind]) -> set[StepKind]:
    """Which of `kinds` have a step on the case (asked with the page's other existence tests)."""
    return {kind for kind in kinds if case_has(access, _step_fact(kind))}


def open_tasks(*, access: CaseAccess) -> list[str]:
    """What is still to do on the case, as short sentences for every reader of the core."""
    tasks: list[str] = []
    case = access.case
    if not access.can_read(Compartment.CORE) or case.status != Case.Status.OPEN:
        return tasks
    steps = page_steps(access=access)
    if case.is_minor and not steps[KESB.key]:
        tasks.append(_("Minor: the referral to the KESB is still open."))
    safety = steps[SAFETY.key]  # latest first (assessed on, then pk)
    if safety and safety[0].review_on <= timezone.localdate():  # type: ignore[attr-defined]
        tasks.append(_("The safety assessment is due for review."))
    return tasks
