"""Read side of transfers: a case's transfers, and the incoming ones a reader answers for."""

from django.db.models import QuerySet
from django.http import Http404

from cases.models import Case
from cases.policy import Reader
from ksmm.memberships.models import Membership

from .models import IncomingTransfer, TransferRequest

Role = Membership.Role


def role_of(reader: Reader) -> str | None:
    """The person's role: a membership's own, an API caller's membership's; a client has none."""
    membership = getattr(reader, "membership", reader)
    return getattr(membership, "role", None)


def may_see_incoming(*, membership: Reader) -> bool:
    """Coordinators of the canton and leads of an organisation (for what comes to it)."""
    return role_of(membership) in (Role.COORDINATOR, Role.LEAD)


def incoming_for(*, membership: Reader) -> QuerySet[IncomingTransfer]:
    """The transfers another canton sent here that the reader answers or follows."""
    role = role_of(membership)
    incoming = IncomingTransfer.objects.select_related("receiving_organisation", "case")
    if role == Role.COORDINATOR:
        return incoming
    if role == Role.LEAD:
        return incoming.filter(receiving_organisation_id=membership.organisation.pk)
    return incoming.none()


def access_incoming(*, membership: Reader, incoming_id: int | str) -> IncomingTransfer:
    try:
        pk = int(incoming_id)
    except (TypeError, ValueError):
        raise Http404 from None
    found = incoming_for(membership=membership).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def requests_of(*, case: Case) -> QuerySet[TransferRequest]:
    """The transfer requests of a case the caller's gate has let through, newest first."""
    return TransferRequest.objects.filter(case=case).select_related("requesting_organisation")


def requests_for(*, membership: Reader) -> QuerySet[TransferRequest]:
    """Transfer requests of the cases the reader's organisation works on (the API's list)."""
    from cases.policy import readable_filter

    return TransferRequest.objects.filter(
        case__in=Case.objects.filter(readable_filter(membership=membership)).values("pk")
    ).select_related("case", "requesting_organisation")


def arrival_of(*, case: Case) -> IncomingTransfer | None:
    """Where a case that came from another canton came from (None for every other case)."""
    if case.source != Case.Source.OTHER_CANTON:
        return None
    return IncomingTransfer.objects.filter(case=case).first()
