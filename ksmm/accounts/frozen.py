"""Model rows kept in a session as plain values and brought back as instances.

Only fields with plain JSON values are kept; the others come back deferred and load from the
database if something reads them.
"""

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)
PLAIN = (str, int, bool, type(None))


def freeze(instance: models.Model, *, only: Iterable[str] | None = None) -> dict[str, Any]:
    """The plain values of `instance`, or of the fields named in `only` (keep secrets out)."""
    wanted = set(only) if only is not None else None
    values = {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if wanted is None or field.attname in wanted
    }
    return {name: value for name, value in values.items() if isinstance(value, PLAIN)}


def thaw(model: type[M], frozen: dict[str, Any]) -> M:
    names = [field.attname for field in model._meta.concrete_fields if field.attname in frozen]
    return model.from_db("default", names, [frozen[name] for name in names])
