"""Opening, closing and moving deadlines: called by the apps whose events start them.

Callers have already authorised the change; each action is atomic and audited.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.partners.models import Organisation

from .models import REFLECTION_MINIMUM_DAYS, Deadline, Rule, RuleKey, SourceKind
from .responsibility import responsible_user_for
from .rules import check_reflection_length, due_date, rule_valid_on, within_one_year

PURPOSE = "deadline"


def subject_reference(subject: Model) -> tuple[str, int]:
    if subject.pk is None:
        raise ValueError("A deadline's subject must be saved first.")
    return subject._meta.label_lower, int(subject.pk)


def open_deadline_for(*, rule: RuleKey | str, subject: Model) -> Deadline | None:
    subject_type, subject_id = subject_reference(subject)
    return Deadline.objects.filter(
        rule_key=rule, subject_type=subject_type, subject_id=subject_id, status=Deadline.Status.OPEN
    ).first()


def do_open_deadline(
    *,
    rule: RuleKey | str,
    anchor: date,
    subject: Model,
    case: Model | None,
    responsible_organisation: Organisation,
    acting_user: User | None,
    length_days: int | None = None,
) -> Deadline:
    """Opens the deadline of `rule` for `subject`, due as the canton's rule valid on `anchor`
    says. Idempotent: while one is open for (rule, subject), that one is returned unchanged.

    `length_days` is a length decided per case (a reflection period of 45 days, an action item
    due in 10 days); it replaces the rule's days, and for a reflection period it is refused
    under the canton's minimum (ValidationError).
    """
    key = RuleKey(rule)
    subject_type, subject_id = subject_reference(subject)
    version = rule_valid_on(key=key, on=anchor)
    if key == RuleKey.REFLECTION_END and length_days is not None:
        check_reflection_length(days=length_days, on=anchor)
    existing = open_deadline_for(rule=key, subject=subject)
    if existing is not None:
        return existing
    case_id = None if case is None else int(case.pk)
    try:
        with transaction.atomic():
            deadline = Deadline.objects.create(
                rule=version,
                rule_key=key,
                subject_type=subject_type,
                subject_id=subject_id,
                case_id=case_id,
                responsible_organisation=responsible_organisation,
                responsible_user_id=responsible_user_for(case_id=case_id, organisation_id=responsible_organisation.pk),
                anchor=anchor,
                length_days=length_days,
                due_on=due_date(rule=version, anchor=anchor, length_days=length_days),
            )
            do_record(actor=acting_user, action=AuditAction.CREATE, obj=deadline, purpose=PURPOSE)
    except IntegrityError:
        # Opened at the same moment by another request: that one stands.
        existing = open_deadline_for(rule=key, subject=subject)
        if existing is None:
            raise
        return existing
    return deadline


def do_close_deadline(
    *,
    rule: RuleKey | str,
    subject: Model,
    acting_user: User | None,
    reason: str,
    status: Deadline.Status = Deadline.Status.DONE,
) -> Deadline | None:
    """Closes the open deadline of `rule` for `subject` as done (or cancelled); None when
    nothing was open. Its unsent reminders are no longer sent."""
    if status == Deadline.Status.OPEN:
        raise ValueError("A deadline is closed as done or cancelled.")
    with transaction.atomic():
        subject_type, subject_id = subject_reference(subject)
        deadline = (
            Deadline.objects.select_for_update()
            .filter(rule_key=rule, subject_type=subject_type, subject_id=subject_id, status=Deadline.Status.OPEN)
            .first()
        )
        if deadline is None:
            return None
        deadline.status = status
        deadline.closed_at = timezone.now()
        deadline.close_reason = reason[:200]
        deadline.save(update_fields=["status", "closed_at", "close_reason"])
        do_record(actor=acting_user, action=AuditAction.UPDATE, obj=deadline, purpose=PURPOSE)
    return deadline


def do_move_deadline(
    *,
    rule: RuleKey | str,
    subject: Model,
    anchor: date,
    acting_user: User | None,
    length_days: int | None = None,
) -> Deadline | None:
    """Recomputes the deadline after an event moved its anchor (a period extended, a permit
    renewed); a length decided earlier stays unless a new one is given. The old row is
    cancelled and a new one opened, so the reminders of the new due date are sent afresh.
    None when nothing was open."""
    with transaction.atomic():
        current = open_deadline_for(rule=rule, subject=subject)
        if current is None:
            return None
        key = RuleKey(rule)
        version = rule_valid_on(key=key, on=anchor)
        length_days = current.length_days if length_days is None else length_days
        if current.anchor == anchor and current.due_on == due_date(
            rule=version, anchor=anchor, length_days=length_days
        ):
            return current
        do_close_deadline(
            rule=key, subject=subject, acting_user=acting_user, reason="moved", status=Deadline.Status.CANCELLED
        )
        return do_open_deadline(
            rule=key,
            anchor=anchor,
            subject=subject,
            case=current.case,
            responsible_organisation=current.responsible_organisation,
            acting_user=acting_user,
            length_days=length_days,
        )


def check_new_rule_version(
    *,
    acting_user: User | None,
    key: RuleKey | str,
    valid_from: date,
    months: int,
    days: int,
    reminder_days: list[int],
    escalate_when_overdue: bool,
    reason: str,
    source_kind: SourceKind | str,
    source_reference: str,
) -> Rule:
    """Adds a version of a rule from `valid_from` on; the current one ends there. History is
    never edited: deadlines opened under the old version keep it. Every version names its
    source (law, convention of the round table, canton practice)."""
    key = RuleKey(key)
    if key == RuleKey.REFLECTION_END and (months != 0 or days < REFLECTION_MINIMUM_DAYS):
        raise ValidationError(
            _("A recovery and reflection period lasts at least %(minimum)s days (Art. 35 VZAE)."),
            code="reflection_too_short",
            params={"minimum": REFLECTION_MINIMUM_DAYS},
        )
    if key == RuleKey.L_PERMIT_LONGEST and not within_one_year(months=months, days=days):
        raise ValidationError(
            _("A short-stay permit L is granted for at most one year (Art. 32 para. 1 AIG)."),
            code="l_permit_too_long",
        )
    source_reference = source_reference.strip()
    if source_kind not in SourceKind.values or not source_reference:
        raise ValidationError(
            _("Name the source of the rule: the article of the law, the convention or the practice."),
            code="source_missing",
        )
    with transaction.atomic():
        current = Rule.objects.select_for_update().filter(key=key, valid_until__isnull=True).first()
        if current is not None and valid_from <= current.valid_from:
            raise ValidationError(
                _("A new version must start after %(date)s, when the current one started."),
                code="starts_too_early",
                params={"date": date_format(current.valid_from, "SHORT_DATE_FORMAT")},
            )
        highest = Rule.objects.filter(key=key).aggregate(highest=Max("version"))["highest"] or 0
        if current is not None:
            current.valid_until = valid_from
            current.save(update_fields=["valid_until"])
            do_record(actor=acting_user, action=AuditAction.UPDATE, obj=current, purpose=PURPOSE)
        rule = Rule.objects.create(
            key=key,
            version=highest + 1,
            valid_from=valid_from,
            months=months,
            days=days,
            reminder_days=sorted(set(reminder_days), reverse=True),
            escalate_when_overdue=escalate_when_overdue,
            reason=reason,
            source_kind=source_kind,
            source_reference=source_reference,
            created_by=acting_user,
        )
        do_record(actor=acting_user, action=AuditAction.CREATE, obj=rule, purpose=PURPOSE)
    return rule


def do_settle_deadline(
    *, deadline: Deadline, acting_user: User | None, reason: str, hand_over_to: Organisation | None = None
) -> Deadline:
    """Settles one open deadline when its organisation's part ends: handed over to another
    organisation (it stays open, its reminders go there) or cancelled with the reason."""
    with transaction.atomic():
        row = Deadline.objects.select_for_update().get(pk=deadline.pk)
        if row.status != Deadline.Status.OPEN:
            return row
        if hand_over_to is not None:
            row.responsible_organisation = hand_over_to
            row.responsible_user_id = responsible_user_for(case_id=row.case_id, organisation_id=hand_over_to.pk)
            row.save(update_fields=["responsible_organisation", "responsible_user"])
        else:
            row.status = Deadline.Status.CANCELLED
            row.closed_at = timezone.now()
            row.close_reason = reason[:200]
            row.save(update_fields=["status", "closed_at", "close_reason"])
        do_record(
            actor=acting_user, action=AuditAction.UPDATE, obj=row, purpose=f"{PURPOSE}: {reason}"[:200],
            recipient_organisation_id=hand_over_to.pk if hand_over_to is not None else None,
        )  # fmt: skip
    return row
