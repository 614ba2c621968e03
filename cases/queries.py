"""Reading cases: every queryset here is already filtered by the reader's grants (a join)."""

from django.db.models import QuerySet

from roundtables.compartments import Compartment

from .models import Case
from .policy import Reader, readable_filter


def cases_for(*, membership: Reader) -> QuerySet[Case]:
    """The cases the reader's organisation is party to (holds the core grant on)."""
    return Case.objects.filter(readable_filter(membership=membership, compartment=Compartment.CORE))


def cases_with_compartment(*, membership: Reader, compartment: str) -> QuerySet[Case]:
    """The cases of which the reader may read `compartment` (for counts and search)."""
    return Case.objects.filter(readable_filter(membership=membership, compartment=compartment))
