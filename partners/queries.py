from django.db.models import QuerySet

from .models import Organisation


def directory_organisations() -> QuerySet[Organisation]:
    """The active organisations of the current canton, core group first."""
    return Organisation.objects.filter(is_active=True).order_by("group", "name")
