"""The gate for one step: the case gate for its compartment, then the step inside that case."""

from django.http import Http404, HttpRequest

from cases.access import access_case
from cases.models import Case
from cases.policy import Reader

from .kinds import KINDS_BY_KEY, StepKind
from .models import Step


def step_kind(key: str, *, case: Case | None = None) -> StepKind:
    kind = KINDS_BY_KEY.get(key)
    if kind is None or (case is not None and not kind.applies_to(case)):
        raise Http404
    return kind


def access_step_case(
    *, reader: Reader, case_id: int, kind: StepKind, write: bool = False, request: HttpRequest | None = None
) -> Case:
    """The case, if the reader may read (or write) the compartment of `kind` on it.

    Readers of the core only may read kinds with a core summary. The case gate answers 404 for
    an unreadable compartment and 403 for a readable one the reader may not write.
    """
    if write or not kind.core_fields:
        return access_case(
            membership=reader, case_id=case_id, compartment=kind.compartment, write=write, request=request
        )
    return access_case(membership=reader, case_id=case_id, request=request)


def access_step(*, kind: StepKind, case: Case, step_id: int) -> Step:
    step = kind.model._default_manager.filter(case=case, pk=step_id).first()
    if step is None:
        raise Http404
    return step
