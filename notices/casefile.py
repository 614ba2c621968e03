"""The notices app's side of the shared case and deadline contracts (BRIEF: cases, deadlines).

Until branches `cases` and `deadlines` are merged, the contract's functions are looked up at
call time; where one is absent, the rule it will enforce is applied here in its narrowest form
(the member's organisation must be a party to the case). Replaced by direct imports at merge.
"""

import importlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Model
from django.http import Http404, HttpRequest

from cases.models import Case, CaseParty
from ksmm.accounts.models import User
from ksmm.memberships.models import Membership
from partners.models import Organisation
from roundtables.compartments import Compartment


def _contract(module: str, name: str) -> Any | None:
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def _is_party(*, membership: Membership, case: Case) -> bool:
    return CaseParty.objects.filter(
        case=case, organisation_id=membership.organisation_id, left_at__isnull=True
    ).exists()


def access_case(
    *,
    membership: Membership,
    case_id: int,
    compartment: str = Compartment.CORE,
    write: bool = False,
    request: HttpRequest | None = None,
) -> Case:
    gate = _contract("cases.access", "access_case")
    if gate is not None:
        case: Case = gate(membership=membership, case_id=case_id, compartment=compartment, write=write, request=request)
        return case
    case_or_none = Case.objects.filter(pk=case_id).first()
    if (
        case_or_none is None
        or compartment != Compartment.CORE
        or not _is_party(membership=membership, case=case_or_none)
    ):
        raise Http404
    return case_or_none


def can_read(*, membership: Membership, case: Case, compartment: str) -> bool:
    policy = _contract("cases.policy", "can_read")
    if policy is not None:
        return bool(policy(membership=membership, case=case, compartment=compartment))
    return compartment == Compartment.CORE and _is_party(membership=membership, case=case)


@dataclass(frozen=True)
class Entry:
    """Stands in for cases.timeline.TimelineEntry until the cases branch is merged."""

    when: datetime
    compartment: str
    title: str
    detail: str
    url: str


def timeline_entry(**fields: Any) -> Any:
    entry_class = _contract("cases.timeline", "TimelineEntry") or Entry
    return entry_class(**fields)


def register_timeline_source(source: Any) -> None:
    register = _contract("cases.timeline", "register_timeline_source")
    if register is not None:
        register(source)


def open_deadline(
    *, anchor: date, subject: Model, case: Case, responsible_organisation: Organisation, acting_user: User | None
) -> Any | None:
    do_open = _contract("ksmm.deadlines.actions", "do_open_deadline")
    rule_key = _contract("ksmm.deadlines.models", "RuleKey")
    if do_open is None or rule_key is None:
        return None
    return do_open(
        rule=rule_key.NOTICE_DELIVERY,
        anchor=anchor,
        subject=subject,
        case=case,
        responsible_organisation=responsible_organisation,
        acting_user=acting_user,
    )


def close_deadline(*, subject: Model, acting_user: User | None, reason: str) -> None:
    do_close = _contract("ksmm.deadlines.actions", "do_close_deadline")
    rule_key = _contract("ksmm.deadlines.models", "RuleKey")
    if do_close is not None and rule_key is not None:
        do_close(rule=rule_key.NOTICE_DELIVERY, subject=subject, acting_user=acting_user, reason=reason)
