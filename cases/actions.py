"""Opening a case, its parties and per-case grants: authorised by the caller, atomic, audited."""

from collections.abc import Iterable
from datetime import date
from typing import Protocol

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.cantons.current import current_canton_code
from ksmm.compartments import Compartment
from ksmm.partners.models import Organisation

from . import grants
from .assignments import do_end_assignments_of_party
from .lead import do_take_lead_if_none
from .models import Case, CaseNumberCounter, CaseParty, GrantChange


class GrantRefused(Exception):
    """A grant change the rules do not allow; the message is shown to the user."""


def allocate_case_number(*, year: int) -> str:
    """The next number of the canton and year ("ZH-2026-0001"), gap-free under concurrency.

    Must run inside the transaction that creates the case: the counter row stays locked until it
    commits, and a rolled-back intake gives its number back.
    """
    CaseNumberCounter.objects.get_or_create(year=year)
    counter = CaseNumberCounter.objects.select_for_update().get(year=year)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return f"{current_canton_code()}-{year}-{counter.last_number:04d}"


class CaseOpened(Protocol):
    def __call__(self, *, case: Case, acting_user: User | None) -> None: ...


_ON_CASE_OPENED: list[CaseOpened] = []


def on_case_opened(hook: CaseOpened) -> CaseOpened:
    """Apps above cases act on intake in the same transaction (the notices app: the delivery
    deadline); they register here in their AppConfig.ready instead of cases importing them."""
    if hook not in _ON_CASE_OPENED:
        _ON_CASE_OPENED.append(hook)
    return hook


def do_open_case(
    *,
    acting_user: User | None,
    organisation: Organisation,
    pseudonym: str,
    opened_on: date,
    source: str = Case.Source.SELF_REFERRAL,
    exploitation_type: str = Case.ExploitationType.UNKNOWN,
    exploitation_subtypes: Iterable[str] = (),
    place_of_exploitation: str = Case.Place.UNKNOWN,
    request: HttpRequest | None = None,
) -> Case:
    """Opens a case at the intake organisation, which becomes its first party."""
    with transaction.atomic():
        case = Case.objects.create(
            case_number=allocate_case_number(year=opened_on.year),
            pseudonym=pseudonym,
            intake_organisation=organisation,
            opened_on=opened_on,
            source=source,
            exploitation_type=exploitation_type,
            exploitation_subtypes=list(exploitation_subtypes),
            place_of_exploitation=place_of_exploitation,
        )
        do_record(actor=acting_user, action=AuditAction.CREATE, obj=case, compartment=Compartment.CORE, request=request)
        do_add_party(acting_user=acting_user, case=case, organisation=organisation, request=request)
        for hook in _ON_CASE_OPENED:
            hook(case=case, acting_user=acting_user)
    return case


def intake_grants(*, organisation: Organisation) -> frozenset[str]:
    """The intake organisation also reads the identity it recorded (DESIGN.md 3)."""
    return grants.default_read(organisation_type=organisation.type) | {Compartment.IDENTITY.value}


def do_add_party(
    *,
    acting_user: User | None,
    case: Case,
    organisation: Organisation,
    compartments: Iterable[str] | None = None,
    request: HttpRequest | None = None,
) -> CaseParty:
    """Makes an organisation party to a case with the agreement's default grants, or with
    `compartments` (already limited by the caller, e.g. a referral). Idempotent per organisation."""
    if compartments is None:
        if organisation.pk == case.intake_organisation_id:
            compartments = intake_grants(organisation=organisation)
        else:
            compartments = grants.default_read(organisation_type=organisation.type)
    read = (frozenset(compartments) | {Compartment.CORE.value}) & frozenset(grants.COMPARTMENTS)
    if organisation.type != Organisation.Type.VICTIM_AID:
        read -= {Compartment.COUNSELLING.value}
    with transaction.atomic():
        party, created = CaseParty.objects.get_or_create(case=case, organisation=organisation)
        if not created and party.left_at is not None:
            party.left_at = None
            party.left_reason = ""
            party.save(update_fields=["left_at", "left_reason"])
        do_take_lead_if_none(case=case, party=party)
        current = grants.granted(organisation_id=organisation.pk, case_id=case.pk)
        read |= {c for c in grants.COMPARTMENTS if grants.read_codename(c) in current}
        write = grants.default_write(read=read) | {
            c for c in grants.COMPARTMENTS if grants.write_codename(c) in current
        }
        # Sub-grants are the agreement's decision for the organisation's type, whoever adds it
        # (a referral's sender does not hold the police's assessments it would pass on).
        sub_grants = grants.default_sub_grants(organisation_type=organisation.type) | {
            s for s in grants.SUB_GRANTS if grants.read_codename(s) in current
        }
        grants.set_grants(case=case, organisation=organisation, read=read, write=write, sub_grants=sub_grants)
        do_record(
            actor=acting_user,
            action=AuditAction.GRANT,
            obj=case,
            compartment=Compartment.CORE,
            purpose="party: " + ",".join(sorted(read)) + _sub_grant_note(sub_grants),
            recipient_organisation_id=organisation.pk,
            request=request,
        )
    return party


def _sub_grant_note(sub_grants: Iterable[str]) -> str:
    """ "; safety details" for the audit trail's purpose (read as words, not as a code)."""
    return "".join(f"; {sub.replace('_', ' ')}" for sub in sorted(sub_grants))


def do_remove_party(
    *, acting_user: User | None, case: Case, organisation: Organisation, request: HttpRequest | None = None
) -> None:
    """The organisation leaves the case: every grant goes, the party row stays for the record;
    its assignment on the case ends."""
    with transaction.atomic():
        do_end_assignments_of_party(acting_user=acting_user, case=case, organisation=organisation)
        CaseParty.objects.filter(case=case, organisation=organisation, left_at__isnull=True).update(
            left_at=timezone.now(), is_lead=False
        )
        successor = CaseParty.objects.filter(case=case, left_at__isnull=True).order_by("joined_at", "pk").first()
        if successor is not None:
            do_take_lead_if_none(case=case, party=successor)
        grants.set_grants(case=case, organisation=organisation, read=(), write=(), sub_grants=())
        do_record(
            actor=acting_user,
            action=AuditAction.REVOKE,
            obj=case,
            compartment=Compartment.CORE,
            purpose="party left",
            recipient_organisation_id=organisation.pk,
            request=request,
        )


def check_change_grant(
    *,
    acting_user: User | None,
    case: Case,
    organisation: Organisation,
    compartment: str,
    granted: bool,
    reason: str,
    request: HttpRequest | None = None,
) -> GrantChange:
    """Validates a per-case change of one compartment for one party, then applies it."""
    reason = reason.strip()
    if case.transferred_out:
        raise GrantRefused(_("This case was transferred to another canton: it is read-only here."))
    if not reason:
        raise GrantRefused(_("A change of access needs a reason."))
    if compartment == Compartment.CORE:
        raise GrantRefused(_("The core data are shared with every party; remove the party instead."))
    if compartment == Compartment.COUNSELLING and granted and organisation.type != Organisation.Type.VICTIM_AID:
        raise GrantRefused(
            _("Counselling data leave the victim-aid service only with a consent (Art. 11 OHG); record a consent.")
        )
    if not CaseParty.objects.filter(case=case, organisation=organisation, left_at__isnull=True).exists():
        raise GrantRefused(_("This organisation is not a party to the case."))
    return do_change_grant(
        acting_user=acting_user,
        case=case,
        organisation=organisation,
        compartment=compartment,
        granted=granted,
        reason=reason,
        request=request,
    )


def do_change_grant(
    *,
    acting_user: User | None,
    case: Case,
    organisation: Organisation,
    compartment: str,
    granted: bool,
    reason: str,
    request: HttpRequest | None = None,
) -> GrantChange:
    with transaction.atomic():
        current = grants.granted(organisation_id=organisation.pk, case_id=case.pk)
        read = {c for c in grants.COMPARTMENTS if grants.read_codename(c) in current}
        write = {c for c in grants.COMPARTMENTS if grants.write_codename(c) in current}
        if granted:
            read.add(compartment)
            write.add(compartment)
        else:
            read.discard(compartment)
            write.discard(compartment)
        grants.set_grants(case=case, organisation=organisation, read=read, write=write)
        change = GrantChange.objects.create(
            case=case,
            organisation=organisation,
            compartment=compartment,
            granted=granted,
            reason=reason,
            changed_by_user_id=acting_user.pk if acting_user else None,
        )
        do_record(
            actor=acting_user,
            action=AuditAction.GRANT if granted else AuditAction.REVOKE,
            obj=case,
            compartment=compartment,
            purpose=reason[:200],
            recipient_organisation_id=organisation.pk,
            request=request,
        )
    return change
