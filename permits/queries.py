"""Reading residence matters; every queryset is already filtered by the reader's grants (a join)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from cases.policy import Reader
from cases.queries import cases_with_compartment
from ksmm.compartments import Compartment
from ksmm.deadlines.models import Deadline, RuleKey
from ksmm.deadlines.rules import rule_valid_on

from .models import PermitKind, PermitRequest, ReflectionPeriod

RESIDENCE_RULES = (RuleKey.REFLECTION_END, RuleKey.ART36_NOTICE, RuleKey.THREE_MONTH_THRESHOLD, RuleKey.PERMIT_EXPIRY)
REFLECTION = "reflection"
QUEUE_KINDS = ((REFLECTION, _("Recovery and reflection period")), *PermitRequest.Kind.choices[:2])


def next_residence_deadline() -> Subquery:
    """The case's earliest open residence deadline, as a correlated subquery (no extra query)."""
    return Subquery(
        Deadline.objects.filter(case_id=OuterRef("case_id"), status=Deadline.Status.OPEN, rule_key__in=RESIDENCE_RULES)
        .order_by("due_on")
        .values("due_on")[:1]
    )


def _addressed(membership: Reader) -> dict[str, object]:
    return {
        "addressed_to_id": membership.organisation.pk,
        "case__in": cases_with_compartment(membership=membership, compartment=Compartment.RESIDENCE),
    }


def open_reflection_requests(*, membership: Reader) -> QuerySet[ReflectionPeriod]:
    return (
        ReflectionPeriod.objects.filter(status=ReflectionPeriod.Status.REQUESTED, **_addressed(membership))
        .select_related("case", "requested_by_organisation")
        .annotate(due_on=next_residence_deadline())
    )


def open_permit_requests(*, membership: Reader) -> QuerySet[PermitRequest]:
    return (
        PermitRequest.objects.filter(
            status__in=[PermitRequest.Status.REQUESTED, PermitRequest.Status.SEM_PENDING], **_addressed(membership)
        )
        .select_related("case", "requested_by_organisation")
        .annotate(due_on=next_residence_deadline())
    )


@dataclass(frozen=True)
class QueueItem:
    kind: str
    kind_label: str
    case: Case
    requested_by: str
    requested_on: date
    due_on: date | None
    status: str
    status_label: str
    url: str

    @property
    def sort_key(self) -> tuple[bool, date, date, str]:
        return (self.due_on is None, self.due_on or date.max, self.requested_on, self.url)


def review_queue(
    *, membership: Reader, kind: str = "", status: str = "", due_before: date | None = None
) -> list[QueueItem]:
    """The open requests addressed to the reader's migration office, the most urgent first: by
    the case's next residence deadline, then by the day of the request (two queries)."""
    items: list[QueueItem] = []
    if kind in ("", REFLECTION) and status in ("", ReflectionPeriod.Status.REQUESTED):
        for period in open_reflection_requests(membership=membership):
            items.append(
                QueueItem(
                    kind=REFLECTION,
                    kind_label=str(QUEUE_KINDS[0][1]),
                    case=period.case,
                    requested_by=str(period.requested_by_organisation),
                    requested_on=period.requested_on,
                    due_on=period.due_on,  # type: ignore[attr-defined]
                    status=period.status,
                    status_label=str(period.get_status_display()),
                    url=reverse("permits:reflection_decide", args=[period.pk]),
                )
            )
    if kind != REFLECTION:
        permits = open_permit_requests(membership=membership)
        if kind:
            permits = permits.filter(kind=kind)
        if status:
            permits = permits.filter(status=status)
        for permit in permits:
            items.append(
                QueueItem(
                    kind=permit.kind,
                    kind_label=str(permit.get_kind_display()),
                    case=permit.case,
                    requested_by=str(permit.requested_by_organisation),
                    requested_on=permit.requested_on,
                    due_on=permit.due_on,  # type: ignore[attr-defined]
                    status=permit.status,
                    status_label=str(permit.get_status_display()),
                    url=reverse("permits:permit_decide", args=[permit.pk]),
                )
            )
    if due_before is not None:
        items = [item for item in items if item.due_on is not None and item.due_on <= due_before]
    return sorted(items, key=lambda item: item.sort_key)


def residence_of_case(*, case: Case) -> dict[str, object]:
    """Everything residence-related of one case, for its page (the template hides internals)."""
    return {
        "periods": list(
            case.reflection_periods.select_related("requested_by_organisation", "addressed_to").prefetch_related(
                "presence_notices__organisation", "extensions__requested_by_organisation"
            )
        ),
        "stays": list(case.stays.all()),
        "permits": list(
            case.permit_requests.select_related("requested_by_organisation", "addressed_to").prefetch_related(
                "documents"
            )
        ),
        "deadlines": list(
            Deadline.objects.filter(case=case, status=Deadline.Status.OPEN, rule_key__in=RESIDENCE_RULES)
            .select_related("responsible_organisation", "rule")
            .order_by("due_on")
        ),
    }


class DetailReaders:
    """`CaseAccess.sees_residence_details` for the rows of a list, in one query: the filing
    organisation sees its own; others need the residence compartment, read by the same join
    as every list (`cases_with_compartment`). Rows come from the reader's cases only."""

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


def expiring_l_permits(*, permits: list[PermitRequest], today: date) -> list[PermitRequest]:
    """Granted L permits that expire within the first reminder of the canton's permit-expiry rule
    and have no renewal requested or granted: each renewal is a new grant of at most a year
    (Art. 32 AIG), so it must be asked for in time. A query only when an L permit is granted."""
    granted = [
        permit for permit in permits if permit.kind == PermitKind.L and permit.status == PermitRequest.Status.GRANTED
    ]
    if not granted:
        return []
    renewed = {
        permit.renewal_of_id
        for permit in permits
        if permit.renewal_of_id is not None
        and permit.status not in {PermitRequest.Status.REFUSED, PermitRequest.Status.WITHDRAWN}
    }
    window = max(rule_valid_on(key=RuleKey.PERMIT_EXPIRY, on=today).reminder_days, default=0)
    return [
        permit
        for permit in granted
        if permit.pk not in renewed
        and permit.valid_until is not None
        and permit.valid_until - today <= timedelta(days=window)
    ]
