"""Who sees the internals of a residence matter (grounds, reasons, documents, letters).

Every party of a case sees status and dates (`CaseAccess.sees_residence_summary`). The details
are read by organisations the policy grants the residence compartment (the migration office by
default) and by the organisation that filed the request: it wrote them. Both are asked of the
gate's decision on the case, never of the policy again.
"""

from cases.policy import CaseAccess, Reader
from cases.queries import cases_with_compartment
from ksmm.compartments import Compartment


def sees_details(*, access: CaseAccess, requested_by_organisation_id: int) -> bool:
    if requested_by_organisation_id == access.reader.organisation.pk:
        return access.sees_residence_summary
    return access.can_read(Compartment.RESIDENCE)


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
