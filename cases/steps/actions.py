"""Writes of the steps: `check_save_step` validates the rules of the mechanism, `do_save_step`
saves (already authorised by the case gate), audits and closes the case when asked to."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.models import Case, CaseParty
from cases.notifying import Kind, tell_organisations
from cases.retention import do_schedule_retention
from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.deadlines.actions import do_close_deadline, do_move_deadline, do_open_deadline, subject_reference
from ksmm.deadlines.models import Deadline, RuleKey
from ksmm.events.actions import do_emit, event_key_for
from ksmm.events.models import EventKind
from ksmm.partners.models import Organisation

from .kinds import KIND_OF_MODEL
from .models import (
    Accommodation,
    BestInterestsAssessment,
    Closure,
    Interview,
    KesbReferral,
    Operation,
    ReturnAssistance,
    SafetyAssessment,
    Step,
)

PURPOSE = "case step"
MAX_CHILD_HEARINGS = 2

Errors = dict[str, list[str]]


def _operation(step: Operation, errors: Errors) -> None:
    if step.announced:
        if step.announced_to_id is None:
            errors.setdefault("announced_to", []).append(_("Name the victim-aid service the check was announced to."))
        if step.announced_at is None:
            errors.setdefault("announced_at", []).append(_("Enter when the check was announced."))
        elif step.announced_at > step.planned_for:
            errors.setdefault("announced_at", []).append(_("The announcement must come before the check."))
        step.not_announced_reason = ""
    elif not step.not_announced_reason.strip():
        errors.setdefault("not_announced_reason", []).append(
            _("A check that is not announced needs the reason (e.g. it would compromise the prosecution).")
        )
    else:
        step.announced_to = None
        step.announced_at = None


def interview_protections(step: Interview, *, case: Case) -> list[str]:
    """The protections that apply to this hearing and were not applied (field names)."""
    missing = [name for name in ("person_of_trust_offered", "confrontation_avoided") if not getattr(step, name)]
    if step.sexual_offence:
        missing += [name for name in ("same_sex_interviewer",) if not getattr(step, name)]
        if step.interpreter_language and not step.same_sex_interpreter:
            missing.append("same_sex_interpreter")
    if case.is_minor:
        missing += [name for name in ("video_recorded", "specialist_present") if not getattr(step, name)]
    return missing


def child_hearings(*, case: Case, excluding: int | None = None) -> int:
    hearings = Interview.objects.filter(case=case)
    if excluding is not None:
        hearings = hearings.exclude(pk=excluding)
    return hearings.count()


def _interview(step: Interview, errors: Errors) -> None:
    case = step.case
    needs_reason = bool(interview_protections(step, case=case))
    if case.is_minor and child_hearings(case=case, excluding=step.pk) >= MAX_CHILD_HEARINGS:
        needs_reason = True
        if not step.deviation_reason.strip():
            errors.setdefault("held_on", []).append(
                _("A child is heard at most twice in the whole proceedings; a further hearing needs its reason.")
            )
    if needs_reason and not step.deviation_reason.strip():
        errors.setdefault("deviation_reason", []).append(
            _("A protection that applies to this hearing was not applied: record why.")
        )


def _accommodation(step: Accommodation, errors: Errors) -> None:
    if step.ends_on and step.ends_on < step.starts_on:
        errors.setdefault("ends_on", []).append(_("The end cannot be before the start."))


def _safety(step: SafetyAssessment, errors: Errors) -> None:
    if step.review_on < step.assessed_on:
        errors.setdefault("review_on", []).append(_("The review date cannot be before the assessment."))


def _return(step: ReturnAssistance, errors: Errors) -> None:
    if step.status == ReturnAssistance.Status.REFERRED and step.iom_referred_on is None:
        errors.setdefault("iom_referred_on", []).append(_("Enter the date of the referral to IOM."))
    if step.status == ReturnAssistance.Status.DEPARTED and step.departure_on is None:
        errors.setdefault("departure_on", []).append(_("Enter the date of departure."))


def _minors_only(step: Step, errors: Errors) -> None:
    if not step.case.is_minor:
        errors.setdefault("__all__", []).append(_("This step applies to minors only."))


RULES: dict[type[Step], Callable[..., None]] = {
    Operation: _operation,
    Interview: _interview,
    Accommodation: _accommodation,
    SafetyAssessment: _safety,
    ReturnAssistance: _return,
    KesbReferral: _minors_only,
    BestInterestsAssessment: _minors_only,
}


def check_save_step(*, acting_user: User | None, organisation: Organisation, step: Step) -> Step:
    """Validates `step` against the rules of its kind (ValidationError by field), then saves it.
    A closure is the lead's (closing.py: PermissionDenied for the others) and settles the deadlines."""
    if isinstance(step, Closure):
        from .closing import check_close_case  # closing saves through do_save_step below

        return check_close_case(acting_user=acting_user, organisation=organisation, closure=step)
    errors: Errors = {}
    rule = RULES.get(type(step))
    if rule is not None:
        rule(step, errors)
    if errors:
        raise ValidationError(errors)
    return do_save_step(acting_user=acting_user, organisation=organisation, step=step)


def do_save_step(*, acting_user: User | None, organisation: Organisation, step: Step) -> Step:
    """Saves a step, records who wrote it in the audit trail; a closure closes the case."""
    kind = KIND_OF_MODEL[type(step)]
    with transaction.atomic():
        creating = step.pk is None
        if creating:
            step.recorded_by = acting_user
            step.recorded_by_organisation = organisation
        step.save()
        do_record(
            actor=acting_user,
            action=AuditAction.CREATE if creating else AuditAction.UPDATE,
            obj=step,
            compartment=kind.compartment,
            purpose=PURPOSE,
        )
        if isinstance(step, Operation):
            _tell_announced(acting_user=acting_user, operation=step)
        if isinstance(step, SafetyAssessment):
            _schedule_review(acting_user=acting_user, assessment=step, creating=creating)
        if isinstance(step, Closure):
            _close_case(acting_user=acting_user, closure=step)
            _tell_closed(acting_user=acting_user, organisation=organisation, closure=step)
    return step


def _schedule_review(*, acting_user: User | None, assessment: SafetyAssessment, creating: bool) -> None:
    """The review date opens a deadline of the organisation that made the assessment; a new
    assessment is the review of the earlier ones, so their open review deadlines are done. A
    changed review date moves the assessment's own deadline."""
    if not creating:
        do_move_deadline(rule=RuleKey.SAFETY_REVIEW, subject=assessment, anchor=assessment.review_on,
                         acting_user=acting_user)  # fmt: skip
        return
    subject_type, _subject_id = subject_reference(assessment)
    earlier = Deadline.objects.filter(
        rule_key=RuleKey.SAFETY_REVIEW, subject_type=subject_type, case_id=assessment.case_id,
        status=Deadline.Status.OPEN,
    ).exclude(subject_id=assessment.pk)  # fmt: skip
    for subject_id in earlier.values_list("subject_id", flat=True):
        do_close_deadline(
            rule=RuleKey.SAFETY_REVIEW, subject=SafetyAssessment(pk=subject_id), acting_user=acting_user,
            reason="reviewed by a new assessment",
        )  # fmt: skip
    do_open_deadline(
        rule=RuleKey.SAFETY_REVIEW,
        anchor=assessment.review_on,
        subject=assessment,
        case=assessment.case,
        responsible_organisation=assessment.recorded_by_organisation,
        acting_user=acting_user,
    )


def _tell_announced(*, acting_user: User | None, operation: Operation) -> None:
    """The victim-aid service the check was announced to (guidelines 4.3): the case page if it
    works on the case, else its inbox, which shows the case number."""
    aid = operation.announced_to_id
    if aid is None or not operation.announced:
        return
    party = CaseParty.objects.filter(case_id=operation.case_id, organisation_id=aid, left_at__isnull=True).exists()
    tell_organisations(
        kind=Kind.OPERATION_ANNOUNCED,
        case_id=operation.case_id,
        organisation_ids=[aid],
        link=reverse("cases:detail", args=[operation.case_id]) if party else reverse("notifications:inbox"),
        event_key=f"{Kind.OPERATION_ANNOUNCED}:{operation.pk}:{aid}",
        acting_user=acting_user,
    )


def _tell_closed(*, acting_user: User | None, organisation: Organisation, closure: Closure) -> None:
    """Every other organisation working on the case."""
    parties = CaseParty.objects.filter(case_id=closure.case_id, left_at__isnull=True).exclude(
        organisation_id=organisation.pk
    )
    tell_organisations(
        kind=Kind.CASE_CLOSED,
        case_id=closure.case_id,
        organisation_ids=parties.values_list("organisation_id", flat=True),
        link=reverse("cases:detail", args=[closure.case_id]),
        event_key=f"{Kind.CASE_CLOSED}:{closure.pk}",
        acting_user=acting_user,
    )
    # Once per closure: correcting it later closes nothing again.
    do_emit(
        kind=EventKind.CASE_CLOSED,
        obj=closure.case,
        organisation_id=organisation.pk,
        compartment="core",
        event_key=event_key_for(EventKind.CASE_CLOSED, closure.case, closure.pk),
    )


def _close_case(*, acting_user: User | None, closure: Closure) -> None:
    case = Case.objects.select_for_update().get(pk=closure.case_id)
    case.status = Case.Status.CLOSED
    case.closed_on = closure.closed_on
    case.save(update_fields=["status", "closed_on"])
    closure.case = case
    do_record(actor=acting_user, action=AuditAction.UPDATE, obj=case, compartment="core", purpose=PURPOSE)
    do_schedule_retention(case=case, acting_user=acting_user)
