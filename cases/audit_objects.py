"""The audit trail names a case and the records of a case by the case number (ksmm.audit.objects)."""

from django.apps import apps
from django.db.models import ForeignKey, OneToOneField

from .models import Case


def describe_case_objects(object_type: str, ids: set[int]) -> dict[int, str] | None:
    """Case number of a case, or of the case a record (identity, step, permit, delivery…) belongs
    to; None for an object type that is not a case or has no `case` key."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return None
    if model is Case:
        return dict(Case.objects.filter(pk__in=ids).values_list("pk", "case_number"))
    field = next(
        (
            field
            for field in model._meta.get_fields()
            if isinstance(field, ForeignKey | OneToOneField) and field.name == "case" and field.related_model is Case
        ),
        None,
    )
    if field is None:
        return None
    return dict(model._default_manager.filter(pk__in=ids).values_list("pk", "case__case_number"))
