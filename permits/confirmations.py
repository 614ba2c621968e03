"""What the confirmation after a request or a decision says: which case, what was decided, and
where the request went next. Core data only (case number, organisations, kinds and dates)."""

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import PermitKind, PermitRequest, ReflectionExtension, ReflectionPeriod


def _day(value: date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "?"


def reflection_requested(period: ReflectionPeriod) -> str:
    return _("Case %(case)s: the reflection period has been requested from %(office)s.") % {
        "case": period.case.case_number,
        "office": period.addressed_to,
    }


def reflection_decided(period: ReflectionPeriod) -> str:
    values = {
        "case": period.case.case_number,
        "requester": period.requested_by_organisation,
        "days": period.length_days,
        "start": _day(period.starts_on),
        "end": _day(period.ends_on),
    }
    if period.status == ReflectionPeriod.Status.GRANTED:
        return (
            _(
                "Case %(case)s: reflection period of %(days)s days granted, from %(start)s to %(end)s. "
                "%(requester)s, who asked for it, sees the decision on the case's residence page."
            )
            % values
        )
    return (
        _(
            "Case %(case)s: reflection period refused. "
            "%(requester)s, who asked for it, sees the decision on the case's residence page."
        )
        % values
    )


def permit_requested(permit: PermitRequest) -> str:
    return _("Case %(case)s: %(permit)s has been requested from %(office)s.") % {
        "case": permit.case.case_number,
        "permit": PermitKind(permit.kind).label,
        "office": permit.addressed_to,
    }


def permit_decided(permit: PermitRequest) -> str:
    values = {
        "case": permit.case.case_number,
        "permit": PermitKind(permit.kind).label,
        "requester": permit.requested_by_organisation,
        "start": _day(permit.valid_from),
        "end": _day(permit.valid_until),
    }
    if permit.status == PermitRequest.Status.SEM_PENDING:
        return (
            _(
                "Case %(case)s: %(permit)s approved by the canton and submitted to the SEM for its approval. "
                "It is granted once the SEM's decision is recorded here."
            )
            % values
        )
    if permit.status == PermitRequest.Status.GRANTED:
        return (
            _(
                "Case %(case)s: %(permit)s granted, valid from %(start)s to %(end)s. "
                "%(requester)s, who asked for it, sees the decision on the case's residence page."
            )
            % values
        )
    return (
        _(
            "Case %(case)s: %(permit)s refused. "
            "%(requester)s, who asked for it, sees the decision on the case's residence page."
        )
        % values
    )


def federal_recorded(permit: PermitRequest) -> str:
    return _("Case %(case)s: federal decision recorded (%(permit)s).") % {
        "case": permit.case.case_number,
        "permit": PermitKind(permit.kind).label,
    }


def extension_decided(extension: ReflectionExtension) -> str:
    period = extension.period
    values = {
        "case": period.case.case_number,
        "days": extension.granted_days,
        "total": period.total_days,
        "end": _day(period.ends_on),
    }
    if extension.status == ReflectionExtension.Status.GRANTED:
        return (
            _(
                "Case %(case)s: the reflection period is extended by %(days)s days to %(total)s days; "
                "it ends on %(end)s."
            )
            % values
        )
    return _("Case %(case)s: the extension of the reflection period has been refused.") % values
