"""Writes to meetings, their minutes, decisions and action items: authorised by the caller, audited.

Approved minutes are frozen (roundtables/minutes.py, and the database below it); the status of an
action item is the one thing that still moves after approval.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditEntry
from ksmm.deadlines.actions import do_close_deadline, do_move_deadline, do_open_deadline
from ksmm.deadlines.models import Deadline, RuleKey
from ksmm.partners.models import ContactPerson, Organisation
from roundtables.models import ActionItem, Meeting, MeetingAttendee, RoundTable
from roundtables.round_tables.assessment import do_assessment_held

from .minutes import ensure_draft

PURPOSE = "round-table meeting"

Attendance = tuple[int, int | None]  # (organisation id, contact person id or None)


class MinutesIncomplete(Exception):
    """Minutes lack their text or their attendees."""


def attendance_of(*, organisations: Iterable[Organisation], contacts: Iterable[ContactPerson]) -> list[Attendance]:
    """People attend for their organisation; an organisation chosen without any of its people
    attended as such."""
    rows: list[Attendance] = [(contact.organisation_id, contact.pk) for contact in contacts]
    with_people = {organisation_id for organisation_id, _contact in rows}
    rows += [(organisation.pk, None) for organisation in organisations if organisation.pk not in with_people]
    return rows


def do_create_meeting(
    *,
    acting_user: User | None,
    round_table: RoundTable,
    date: datetime.date,
    kind: str = Meeting.Kind.REGULAR,
    location: str = "",
    minutes: str = "",
    attendance: Iterable[Attendance] = (),
) -> Meeting:
    with transaction.atomic():
        meeting = Meeting.objects.create(
            round_table=round_table, date=date, kind=kind, location=location, minutes=minutes
        )
        do_record(actor=acting_user, action=AuditEntry.Action.CREATE, obj=meeting, purpose=PURPOSE)
        _replace_attendees(meeting=meeting, attendance=attendance)
    return meeting


def do_save_meeting(
    *, acting_user: User | None, meeting: Meeting, attendance: Iterable[Attendance] | None = None
) -> Meeting:
    """Saves the meeting's own fields and, if given, replaces its attendees."""
    ensure_draft(meeting)
    with transaction.atomic():
        meeting.save()
        do_record(actor=acting_user, action=AuditEntry.Action.UPDATE, obj=meeting, purpose=PURPOSE)
        if attendance is not None:
            _replace_attendees(meeting=meeting, attendance=attendance)
    return meeting


def _replace_attendees(*, meeting: Meeting, attendance: Iterable[Attendance]) -> None:
    wanted = set(attendance)
    present = {(row.organisation_id, row.contact_id): row.pk for row in meeting.attendees.all()}
    MeetingAttendee.objects.filter(pk__in=[pk for key, pk in present.items() if key not in wanted]).delete()
    MeetingAttendee.objects.bulk_create(
        MeetingAttendee(meeting=meeting, organisation_id=organisation_id, contact_id=contact_id)
        for organisation_id, contact_id in sorted(wanted - set(present), key=str)
    )


def do_save_part(*, acting_user: User | None, meeting: Meeting, obj: Model) -> Model:
    """Saves a decision or an attendee of draft minutes."""
    ensure_draft(meeting)
    action = AuditEntry.Action.UPDATE if obj.pk else AuditEntry.Action.CREATE
    with transaction.atomic():
        obj.save()
        do_record(actor=acting_user, action=action, obj=obj, purpose=PURPOSE)
    return obj


def do_delete_part(*, acting_user: User | None, meeting: Meeting, obj: Model) -> None:
    """Deletes a decision or an action item of draft minutes (and cancels the item's deadline)."""
    ensure_draft(meeting)
    with transaction.atomic():
        if isinstance(obj, ActionItem):
            do_close_deadline(
                rule=RuleKey.ACTION_ITEM, subject=obj, acting_user=acting_user, reason="deleted",
                status=Deadline.Status.CANCELLED,
            )  # fmt: skip
        do_record(actor=acting_user, action=AuditEntry.Action.DELETE, obj=obj, purpose=PURPOSE)
        obj.delete()


def validate_action_item(item: ActionItem) -> None:
    contact = item.owner_contact
    if contact is not None and contact.organisation_id != item.owner_id:
        raise ValidationError(
            {"owner_contact": _("The responsible person must work for the responsible organisation.")}
        )


def check_save_action_item(*, acting_user: User | None, meeting: Meeting, item: ActionItem) -> ActionItem:
    """Validates, then adds or changes an action item of draft minutes; its due date is a
    deadline of the owner's, with the reminders of the canton's action-item rule."""
    validate_action_item(item)
    item.meeting = meeting
    before = ActionItem.objects.filter(pk=item.pk).values("owner_id", "due_date").first() if item.pk else None
    with transaction.atomic():
        do_save_part(acting_user=acting_user, meeting=meeting, obj=item)
        if item.status != ActionItem.Status.OPEN:
            return item
        if before is not None and before["owner_id"] != item.owner_id:
            do_close_deadline(
                rule=RuleKey.ACTION_ITEM, subject=item, acting_user=acting_user, reason="new owner",
                status=Deadline.Status.CANCELLED,
            )  # fmt: skip
        elif before is not None and before["due_date"] != item.due_date:
            do_move_deadline(
                rule=RuleKey.ACTION_ITEM, subject=item, anchor=item.due_date, acting_user=acting_user, length_days=0
            )
        _open_deadline(acting_user=acting_user, item=item)
    return item


def _open_deadline(*, acting_user: User | None, item: ActionItem) -> Deadline:
    # The item's own due date is the deadline: anchored there with no days added. Idempotent.
    return do_open_deadline(
        rule=RuleKey.ACTION_ITEM,
        anchor=item.due_date,
        subject=item,
        case=None,
        responsible_organisation=item.owner,
        acting_user=acting_user,
        length_days=0,
    )


def do_set_action_item_status(*, acting_user: User | None, item: ActionItem, status: str) -> ActionItem:
    """Marks an action item done or open again; allowed after the minutes are approved."""
    if status == item.status:
        return item
    item.status = status
    item.done_at = timezone.now() if status == ActionItem.Status.DONE else None
    with transaction.atomic():
        item.save(update_fields=["status", "done_at"])
        do_record(actor=acting_user, action=AuditEntry.Action.UPDATE, obj=item, purpose=PURPOSE)
        if status == ActionItem.Status.DONE:
            do_close_deadline(rule=RuleKey.ACTION_ITEM, subject=item, acting_user=acting_user, reason="done")
        else:
            _open_deadline(acting_user=acting_user, item=item)
    return item


def missing_for_approval(meeting: Meeting) -> list[str]:
    missing: list[str] = []
    if not meeting.minutes.strip():
        missing.append(_("the text of the minutes"))
    if not meeting.attendees.exists():
        missing.append(_("at least one attendee"))
    return missing


def check_approve(*, acting_user: User | None, meeting: Meeting) -> Meeting:
    """Approves complete draft minutes; from then on they are frozen."""
    ensure_draft(meeting)
    missing = missing_for_approval(meeting)
    if missing:
        raise MinutesIncomplete(_("Missing: %(missing)s") % {"missing": ", ".join(missing)})
    with transaction.atomic():
        meeting.status = Meeting.Status.APPROVED
        meeting.approved_at = timezone.now()
        meeting.save(update_fields=["status", "approved_at"])
        do_record(actor=acting_user, action=AuditEntry.Action.UPDATE, obj=meeting, purpose=PURPOSE)
        do_assessment_held(meeting=meeting, acting_user=acting_user)
    return meeting
