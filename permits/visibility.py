"""Who sees the internals of a residence matter (grounds, reasons, documents, letters).

Every party of a case sees status and dates (`cases.policy.sees_residence_summary`). The details
are read by organisations the policy grants the residence compartment (the migration office by
default) and by the organisation that filed the request: it wrote them.
"""

from cases.models import Case
from cases.policy import Reader, can_read, sees_residence_summary
from cases.queries import cases_with_compartment
from roundtables.compartments import Compartment


def sees_summary(*, membership: Reader, case: Case) -> bool:
    return sees_residence_summary(membership=membership, case=case)


def sees_details(*, membership: Reader, case: Case, requested_by_organisation_id: int) -> bool:
    if requested_by_organisation_id == membership.organisation.pk:
        return sees_summary(membership=membership, case=case)
    return can_read(membership=membership, case=case, compartment=Compartment.RESIDENCE)


class DetailReaders:
    """`sees_details` for many objects of cases the reader is party to, in one query."""

    def __init__(self, *, membership: Reader) -> None:
        self.membership = membership
        self._readable: frozenset[int] | None = None

    def sees(self, *, case_id: int, requested_by_organisation_id: int) -> bool:
        if requested_by_organisation_id == self.membership.organisation.pk:
            return True
        if self._readable is None:
            cases = cases_with_compartment(membership=self.membership, compartment=Compartment.RESIDENCE)
            self._readable = frozenset(cases.values_list("pk", flat=True))
        return case_id in self._readable
