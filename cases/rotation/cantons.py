"""The cantons whose data a rotation rewrites: every canton with a schema, active or not (a
deactivated canton's schema still holds encrypted data)."""

from django.db.models import QuerySet
from django_tenants.utils import schema_exists

from ksmm.cantons.models import Canton


def cantons_with_data(*, codes: list[str] | None = None) -> list[Canton]:
    """Raises LookupError naming the first code that is no canton with a schema."""
    cantons: QuerySet[Canton] = Canton.objects.filter(level=Canton.Level.CANTON).order_by("code")
    found = [canton for canton in cantons if schema_exists(canton.schema_name)]
    if codes:
        by_code = {canton.code: canton for canton in found}
        for code in codes:
            if code.upper() not in by_code:
                raise LookupError(code)
        return [by_code[code.upper()] for code in codes]
    return found
