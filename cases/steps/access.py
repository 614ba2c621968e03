"""The gate for steps: the case gate, then what the policy shows of a kind of step."""

from django.http import Http404, HttpRequest

from cases.access import access_case, actor_of, record_reads
from cases.models import Case
from cases.policy import Reader
from ksmm.audit.actions import do_record_denied

from .kinds import KINDS_BY_KEY, StepKind, Visibility
from .models import Step

READ_PURPOSE = "case steps"


def step_kind(key: str, *, case: Case | None = None) -> StepKind:
    kind = KINDS_BY_KEY.get(key)
    if kind is None or (case is not None and not kind.applies_to(case)):
        raise Http404
    return kind


def access_step_case(
    *,
    reader: Reader,
    case_id: int | str,
    kind: StepKind,
    write: bool = False,
    request: HttpRequest | None = None,
) -> tuple[Case, Visibility]:
    """The case and what the reader sees of `kind` on it.

    Writing goes through the case gate for the kind's compartment (404 unreadable, 403 readable
    but not writable). Reading needs the core and some visibility of the kind; a full read of an
    audited compartment is recorded.
    """
    if write:
        case = access_case(
            membership=reader, case_id=case_id, compartment=kind.compartment, write=True, request=request
        ).case
        return case, Visibility.FULL
    access = access_case(membership=reader, case_id=case_id, request=request)
    case = access.case
    visibility = kind.visibility(readable=access.readable, parts=access.counselling_parts)
    if visibility == Visibility.NONE:
        do_record_denied(actor=actor_of(reader, request), request=request, obj=case, compartment=kind.compartment)
        raise Http404
    if visibility == Visibility.FULL:
        record_reads(access=access, compartments={kind.compartment}, request=request, purpose=READ_PURPOSE)
    return case, visibility


def access_step(*, kind: StepKind, case: Case, step_id: int | str) -> Step:
    try:
        pk = int(step_id)
    except (TypeError, ValueError):
        raise Http404 from None
    step = kind.model._default_manager.filter(case=case, pk=pk).first()
    if step is None:
        raise Http404
    return step
