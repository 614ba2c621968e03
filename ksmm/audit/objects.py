"""What an audit entry is about, in words: "Identity · ZH-2026-0012" rather than "cases.identity #3".

The platform knows no domain app, so apps above it register a describer: given an object type
(a model's `app_label.model_name`) and the ids the entries name, it answers the label of each
object it knows (for a case and the records of a case: the case number). The platform describes
its own objects (organisations) itself.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from ksmm.partners.models import Organisation

from .models import AuditEntry

ObjectDescriber = Callable[[str, set[int]], dict[int, str] | None]

# Object types that are not models.
_NAMED_TYPES = {
    "audit.log": _("Audit trail"),
    "partners.directory": _("Partner directory"),
}

_DESCRIBERS: list[ObjectDescriber] = []


def register_object_describer(describer: ObjectDescriber) -> ObjectDescriber:
    if describer not in _DESCRIBERS:
        _DESCRIBERS.append(describer)
    return describer


def object_type_label(object_type: str) -> str:
    """ "Identity" for "cases.identity": the model's name in the reader's language."""
    if object_type in _NAMED_TYPES:
        return str(_NAMED_TYPES[object_type])
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return str(model._meta.verbose_name).capitalize()


def _organisations(object_type: str, ids: set[int]) -> dict[int, str] | None:
    if object_type != Organisation._meta.label_lower:
        return None
    return dict(Organisation.objects.filter(pk__in=ids).values_list("pk", "name"))


def describe_objects(entries: Iterable[AuditEntry]) -> dict[tuple[str, str], str]:
    """The label of every object the entries name, by (object type, object id): one query per
    object type; an object no describer knows (or that is gone) is left out."""
    ids: dict[str, set[int]] = defaultdict(set)
    for entry in entries:
        if entry.object_type and entry.object_id.isdigit():
            ids[entry.object_type].add(int(entry.object_id))
    labels: dict[tuple[str, str], str] = {}
    for object_type, object_ids in ids.items():
        for describer in (_organisations, *_DESCRIBERS):
            described = describer(object_type, object_ids)
            if described is not None:
                labels.update({(object_type, str(pk)): label for pk, label in described.items()})
                break
    return labels
