"""Writes of proceedings and claims: `check_*` validate the rules (rules.py), `do_*` save, audit,
and act on the event: an OHG claim opens its window's deadline (Art. 25 OHG), filing it meets
the deadline; the end of the last running proceeding tells the lead organisation that the case
can be closed."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.lead import lead_party
from cases.models import Case, CaseParty
from cases.notifying import Kind, tell_organisations
from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.compartments import Compartment
from ksmm.deadlines.actions import do_close_deadline, do_move_deadline, do_open_deadline, open_deadline_for
from ksmm.deadlines.models import Deadline, RuleKey
from ksmm.partners.models import Organisation

from .models import ENDED, CriminalProceeding, OhgClaim
from .rules import claim_errors, proceeding_errors, stage_of

PURPOSE = "criminal proceedings"
CLAIM_PURPOSE = "ohg claim"


def check_save_proceeding(
    *, acting_user: User | None, organisation: Organisation, proceeding: CriminalProceeding
) -> CriminalProceeding:
    """Validates the stages and offences (ValidationError by field), then saves."""
    stored = CriminalProceeding.objects.filter(pk=proceeding.pk).first() if proceeding.pk else None
    errors = proceeding_errors(proceeding, today=timezone.localdate(), opened_before=stored)
    if errors:
        raise ValidationError(errors)
    return do_save_proceeding(acting_user=acting_user, organisation=organisation, proceeding=proceeding)


def do_save_proceeding(
    *, acting_user: User | None, organisation: Organisation, proceeding: CriminalProceeding
) -> CriminalProceeding:
    with transaction.atomic():
        creating = proceeding.pk is None
        ended_before = not creating and CriminalProceeding.objects.filter(pk=proceeding.pk, stage__in=ENDED).exists()
        if creating:
            proceeding.recorded_by = acting_user
            proceeding.recorded_by_organisation = organisation
        proceeding.stage = stage_of(proceeding)
        proceeding.save()
        do_record(
            actor=acting_user,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            obj=proceeding,
            compartment=Compartment.INVESTIGATION,
            purpose=PURPOSE,
        )
        if proceeding.has_ended and not ended_before:
            _tell_lead_proceedings_ended(acting_user=acting_user, proceeding=proceeding)
    return proceeding


def running_proceedings(*, case_id: int) -> int:
    return CriminalProceeding.objects.filter(case_id=case_id).exclude(stage__in=ENDED).count()


def _tell_lead_proceedings_ended(*, acting_user: User | None, proceeding: CriminalProceeding) -> None:
    """Guidelines 4.3: the mechanism runs until the proceedings end. When the last one ends,
    the lead is asked to propose the closure (ids only, no content of the file)."""
    if running_proceedings(case_id=proceeding.case_id):
        return
    lead = lead_party(case_id=proceeding.case_id)
    if lead is None:
        return
    tell_organisations(
        kind=Kind.PROCEEDINGS_ENDED,
        case_id=proceeding.case_id,
        organisation_ids=[lead.organisation_id],
        link=reverse("casesteps:close", args=[proceeding.case_id]),
        event_key=f"{Kind.PROCEEDINGS_ENDED}:{proceeding.pk}",
        acting_user=acting_user,
    )


def claim_responsible(*, case: Case, fallback: Organisation) -> Organisation:
    """Victim aid answers for the claim window when it works on the case, else who recorded it."""
    party = (
        CaseParty.objects.select_related("organisation")
        .filter(case=case, left_at__isnull=True, organisation__type=Organisation.Type.VICTIM_AID)
        .order_by("joined_at", "pk")
        .first()
    )
    return party.organisation if party is not None else fallback


def check_save_claim(*, acting_user: User | None, organisation: Organisation, claim: OhgClaim) -> OhgClaim:
    errors = claim_errors(claim, today=timezone.localdate())
    if claim.case.status != Case.Status.OPEN and claim.pk is None:
        errors.setdefault("__all__", []).append(_("The case is closed: nothing new is recorded on it."))
    if errors:
        raise ValidationError(errors)
    return do_save_claim(acting_user=acting_user, organisation=organisation, claim=claim)


def do_save_claim(*, acting_user: User | None, organisation: Organisation, claim: OhgClaim) -> OhgClaim:
    """Saves the claim; its window's deadline follows it: open while it is to be filed (moved
    with its anchor), met once filed, cancelled when the claim is not pursued."""
    with transaction.atomic():
        creating = claim.pk is None
        if creating:
            claim.recorded_by = acting_user
            claim.recorded_by_organisation = organisation
        claim.save()
        do_record(
            actor=acting_user,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            obj=claim,
            compartment=Compartment.CORE,
            purpose=CLAIM_PURPOSE,
        )
        _follow_window(acting_user=acting_user, organisation=organisation, claim=claim)
    return claim


def _follow_window(*, acting_user: User | None, organisation: Organisation, claim: OhgClaim) -> None:
    rule = RuleKey.OHG_CLAIM_WINDOW
    if claim.status == OhgClaim.Status.TO_FILE:
        if open_deadline_for(rule=rule, subject=claim) is not None:
            do_move_deadline(rule=rule, subject=claim, anchor=claim.window_anchor, acting_user=acting_user)
        elif claim.case.status == Case.Status.OPEN:
            do_open_deadline(
                rule=rule,
                anchor=claim.window_anchor,
                subject=claim,
                case=claim.case,
                responsible_organisation=claim_responsible(case=claim.case, fallback=organisation),
                acting_user=acting_user,
            )
        return
    if claim.status == OhgClaim.Status.WITHDRAWN:
        do_close_deadline(
            rule=rule, subject=claim, acting_user=acting_user, reason="claim not pursued",
            status=Deadline.Status.CANCELLED,
        )  # fmt: skip
        return
    do_close_deadline(rule=rule, subject=claim, acting_user=acting_user, reason="claim filed")
