"""Who sees the internals of a residence matter (grounds, reasons, documents, letters).

Every party of a case sees status and dates (`cases.policy.sees_residence_summary`). The details
are read by organisations the policy grants the residence compartment (the migration office by
default) and by the organisation that filed the request: it wrote them.
"""

from cases.models import Case
from cases.policy import Reader, can_read, sees_residence_summary
from roundtables.compartments import Compartment


def sees_summary(*, membership: Reader, case: Case) -> bool:
    return sees_residence_summary(membership=membership, case=case)


def sees_details(*, membership: Reader, case: Case, requested_by_organisation_id: int) -> bool:
    if requested_by_organisation_id == membership.organisation.pk:
        return sees_summary(membership=membership, case=case)
    return can_read(membership=membership, case=case, compartment=Compartment.RESIDENCE)
