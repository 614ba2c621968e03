"""What of residence still runs when a case is about to close: the closing page warns of it
(cases/steps/closing.py). Counts and kinds only: the warning goes to the case's lead, who may
not read the residence compartment."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.models import Case

from .models import PermitRequest, ReflectionPeriod


def residence_warnings(*, case: Case) -> list[str]:
    today = timezone.localdate()
    warnings: list[str] = []
    periods = ReflectionPeriod.objects.filter(case=case).filter(
        Q(status=ReflectionPeriod.Status.REQUESTED)
        | Q(status=ReflectionPeriod.Status.GRANTED, ended_on__isnull=True)
        & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))
    )
    if periods.exists():
        warnings.append(_("A recovery and reflection period is requested or running."))
    permits = PermitRequest.objects.filter(case=case).filter(
        Q(status__in=[PermitRequest.Status.REQUESTED, PermitRequest.Status.SEM_PENDING])
        | Q(status=PermitRequest.Status.GRANTED, valid_until__gte=today)
    )
    count = permits.count()
    if count:
        warnings.append(
            _("Permits requested or valid: %(count)s. Tell the migration office that the case ends.") % {"count": count}
        )
    return warnings
