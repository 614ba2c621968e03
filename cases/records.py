"""Rows of one compartment of a case, for any app: declare the compartment, read through here.

An app's model subclasses `cases.models.CaseRecord` and sets `compartment` (and, for
counselling data, either a `part` field or a `counselling_part` class attribute naming the
CounsellingPart a consent must cover). `records_for` returns the rows the gate's decision lets
the reader see; the view that shows them got that decision from `access_case`, which audited
the read.
"""

from typing import Any, TypeVar

from django.db.models import Model, QuerySet

from ksmm.compartments import Compartment

from .policy import CaseAccess

RecordT = TypeVar("RecordT", bound=Model)


def compartment_of(model: type[Model] | Model) -> str:
    """The compartment a model declares; core when it declares none."""
    return str(getattr(model, "compartment", Compartment.CORE))


def records_for(*, access: CaseAccess, model: type[RecordT]) -> QuerySet[RecordT]:
    """The model's rows of the case that the reader may read (none when it may read none)."""
    compartment = compartment_of(model)
    manager: Any = model._default_manager
    if not access.can_read(compartment):
        return manager.none()
    rows: QuerySet[RecordT] = manager.filter(case=access.case)
    if compartment == Compartment.COUNSELLING:
        parts = access.counselling_parts
        declared = getattr(model, "counselling_part", None)
        if declared is not None:
            return rows if declared in parts else manager.none()
        if any(field.name == "part" for field in model._meta.get_fields()):
            rows = rows.filter(part__in=sorted(parts))
    return rows
