"""What the case pages share: the reader's membership and the case's parties."""

from django.db.models import QuerySet
from django.http import HttpRequest

from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation

from ..models import Case

MANAGE_GRANTS = "cases.manage_grants"


def membership_of(request: HttpRequest) -> Membership:
    membership: Membership = request.membership  # type: ignore[attr-defined]
    return membership


def party_organisations(case: Case) -> QuerySet[Organisation]:
    return Organisation.objects.filter(case_parties__case=case, case_parties__left_at__isnull=True)
