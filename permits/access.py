"""The gates in front of residence matters: 404 alike for missing, foreign and ungranted objects.

Every parent case is fetched through `cases.access.access_case` or `cases.queries.cases_for`, and
what the reader may see of it is asked of the request's decision on the case (`decision_on`),
never of the policy again; a role or organisation too weak inside a visible case answers 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from cases.access import access_case, decision_on
from cases.models import Case
from cases.policy import CaseAccess, Reader
from cases.queries import cases_for
from ksmm.compartments import Compartment

from .models import (
    DECIDING_TYPES,
    NOTIFYING_TYPES,
    REQUESTING_TYPES,
    PermitRequest,
    ReflectionExtension,
    ReflectionPeriod,
)


def access_residence_case(*, membership: Reader, case_id: int | str, request: HttpRequest | None = None) -> CaseAccess:
    """The decision on the case, for its residence page: every party sees status and dates."""
    return access_case(membership=membership, case_id=case_id, compartment=Compartment.CORE, request=request)


def access_case_to_request(*, membership: Reader, case_id: int | str, request: HttpRequest | None = None) -> Case:
    """The case, for a party that files requests with the migration office (victim aid, police,
    prosecution); any other party gets 403."""
    case = access_residence_case(membership=membership, case_id=case_id, request=request).case
    if membership.organisation.type not in REQUESTING_TYPES:
        raise PermissionDenied
    return case


def access_case_to_decide(*, membership: Reader, case_id: int | str, request: HttpRequest | None = None) -> Case:
    """The case, for the migration office that reads its residence compartment."""
    case = access_case(membership=membership, case_id=case_id, compartment=Compartment.RESIDENCE, request=request).case
    if membership.organisation.type not in DECIDING_TYPES:
        raise PermissionDenied
    return case


def periods_visible_to(*, membership: Reader) -> QuerySet[ReflectionPeriod]:
    return ReflectionPeriod.objects.filter(case__in=cases_for(membership=membership))


def permit_requests_visible_to(*, membership: Reader) -> QuerySet[PermitRequest]:
    return PermitRequest.objects.filter(case__in=cases_for(membership=membership))


def _int(value: int | str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


def access_reflection_period(*, membership: Reader, period_id: int | str) -> ReflectionPeriod:
    """A period of a case the reader is party to."""
    period = (
        periods_visible_to(membership=membership)
        .select_related("case", "requested_by_organisation", "addressed_to")
        .filter(pk=_int(period_id))
        .first()
    )
    if period is None:
        raise Http404
    return period


def access_period_to_decide(
    *, membership: Reader, period_id: int | str, request: HttpRequest | None = None
) -> ReflectionPeriod:
    """A period addressed to the reader's migration office, on a case whose residence
    compartment it reads; anything else is not in its queue (404)."""
    period = access_reflection_period(membership=membership, period_id=period_id)
    if (
        period.addressed_to_id != membership.organisation.pk
        or not decision_on(membership=membership, case=period.case, request=request).reads_residence
    ):
        raise Http404
    return period


def access_period_to_notify(*, membership: Reader, period_id: int | str) -> ReflectionPeriod:
    """A granted period on which police or prosecution give the Art. 36 notice."""
    period = access_reflection_period(membership=membership, period_id=period_id)
    if membership.organisation.type not in NOTIFYING_TYPES:
        raise PermissionDenied
    return period


def access_period_to_extend(
    *, membership: Reader, period_id: int | str, request: HttpRequest | None = None
) -> ReflectionPeriod:
    """A period of a case the reader is party to, for victim aid, police or prosecution to ask for
    an extension; any other party gets 403."""
    period = access_reflection_period(membership=membership, period_id=period_id)
    decision_on(membership=membership, case=period.case, request=request)
    if membership.organisation.type not in REQUESTING_TYPES:
        raise PermissionDenied
    return period


def access_extension_to_decide(
    *, membership: Reader, extension_id: int | str, request: HttpRequest | None = None
) -> ReflectionExtension:
    """An extension request of a period addressed to the reader's migration office, on a case
    whose residence compartment it reads; anything else is not in its queue (404)."""
    extension = (
        ReflectionExtension.objects.filter(period__in=periods_visible_to(membership=membership))
        .select_related("period__case", "period__addressed_to", "requested_by_organisation")
        .filter(pk=_int(extension_id))
        .first()
    )
    if (
        extension is None
        or extension.period.addressed_to_id != membership.organisation.pk
        or not decision_on(membership=membership, case=extension.period.case, request=request).reads_residence
    ):
        raise Http404
    return extension


def access_permit_request(*, membership: Reader, request_id: int | str) -> PermitRequest:
    """A permit request of a case the reader is party to."""
    found = (
        permit_requests_visible_to(membership=membership)
        .select_related("case", "requested_by_organisation", "addressed_to", "renewal_of")
        .filter(pk=_int(request_id))
        .first()
    )
    if found is None:
        raise Http404
    return found


def access_permit_request_details(
    *, membership: Reader, request_id: int | str, request: HttpRequest | None = None
) -> PermitRequest:
    """A permit request whose internals (documents, letter) the reader sees; a party that sees
    only status and dates gets 403."""
    found = access_permit_request(membership=membership, request_id=request_id)
    decision = decision_on(membership=membership, case=found.case, request=request)
    if not decision.sees_residence_details(requested_by_organisation_id=found.requested_by_organisation_id):
        raise PermissionDenied
    return found


def access_permit_request_to_decide(
    *, membership: Reader, request_id: int | str, request: HttpRequest | None = None
) -> PermitRequest:
    found = access_permit_request(membership=membership, request_id=request_id)
    if (
        found.addressed_to_id != membership.organisation.pk
        or not decision_on(membership=membership, case=found.case, request=request).reads_residence
    ):
        raise Http404
    return found
