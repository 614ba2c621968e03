"""The inbox: reminders of deadlines and notifications of events on a case, each e-mailed once
(at once or in the day's digest); and personal iCal feeds."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The offset of the reminder sent once a deadline has passed (to the coordinators as well).
OVERDUE = -1


class Reminder(models.Model):
    """One item of a person's inbox, and the record that its e-mail went out.

    A reminder of a deadline is unique per (deadline, offset, recipient), so a scan run twice,
    retried or resumed after a crash inserts nothing new. Every other kind tells a person of an
    event on a case they answer for (a referral received, a decision taken, ...): unique per
    (event_key, recipient), so an action retried or replayed tells nobody twice. An item carries
    its kind, the case and a link only, never a name; its e-mail says no more.
    """

    class Kind(models.TextChoices):
        DEADLINE = "deadline", _("Deadline")
        REFERRAL_RECEIVED = "referral_received", _("Referral received")
        REFERRAL_ACCEPTED = "referral_accepted", _("Referral accepted")
        REFERRAL_DECLINED = "referral_declined", _("Referral declined")
        REFLECTION_REQUESTED = "reflection_requested", _("Reflection-period request waiting for a decision")
        REFLECTION_GRANTED = "reflection_granted", _("Reflection period granted")
        REFLECTION_REFUSED = "reflection_refused", _("Reflection period refused")
        REFLECTION_ENDED = "reflection_ended", _("Reflection period ended")
        EXTENSION_REQUESTED = "extension_requested", _("Request to extend a reflection period waiting for a decision")
        EXTENSION_DECIDED = "extension_decided", _("Request to extend a reflection period decided")
        PERMIT_REQUESTED = "permit_requested", _("Permit request waiting for a decision")
        PERMIT_SUBMITTED_TO_SEM = "permit_submitted_to_sem", _("Permit request approved and passed to the SEM")
        PERMIT_GRANTED = "permit_granted", _("Permit granted")
        PERMIT_REFUSED = "permit_refused", _("Permit refused")
        OPERATION_ANNOUNCED = "operation_announced", _("Police operation announced in advance")
        OPERATION_CHANGED = "operation_changed", _("Announced police operation changed")
        OPERATION_CANCELLED = "operation_cancelled", _("Announced police operation cancelled")
        OPERATION_ANSWERED = "operation_answered", _("Victim aid answered an operation announcement")
        CONSENT_GIVEN = "consent_given", _("Consent given to your organisation")
        CONSENT_REVOKED = "consent_revoked", _("Consent revoked")
        MINOR_AT_RISK_EXCEPTION = (
            "minor_at_risk_exception",
            _("Counselling data disclosed without consent to protect a minor (Art. 11(3) OHG)"),
        )
        CASE_CLOSED = "case_closed", _("Case closed")
        CLOSURE_PROPOSED = "closure_proposed", _("Closing the case proposed: your answer is asked")
        CLOSURE_OBJECTED = "closure_objected", _("Objection to closing the case")
        PARTY_WITHDREW = "party_withdrew", _("An organisation withdrew from the case")
        PROCEEDINGS_ENDED = "proceedings_ended", _("Criminal proceedings ended: closing the case can be proposed")
        CASE_ASSIGNED = "case_assigned", _("Case assigned to you")
        # Names no case: the link leads to the other canton's coordination contact (ksmm/matching).
        POSSIBLE_MATCH = "possible_match", _("Possible match with a person known in another canton")
        TRANSFER_REQUESTED = "transfer_requested", _("Transfer from another canton waiting for an answer")
        TRANSFER_ACCEPTED = "transfer_accepted", _("Transfer accepted by the other canton")
        TRANSFER_DECLINED = "transfer_declined", _("Transfer declined by the other canton")
        TRANSFER_COMPLETED = "transfer_completed", _("Case transferred between cantons")
        # Names no case: the link leads to the webhook's page (ksmm/webhooks).
        WEBHOOK_DISABLED = "webhook_disabled", _("A webhook was disabled after repeated failed deliveries")

    # Database defaults: the reminder scan inserts rows in SQL.
    kind = models.CharField(
        _("kind"), max_length=32, choices=Kind.choices, default=Kind.DEADLINE, db_default="deadline"
    )
    deadline = models.ForeignKey(
        "deadlines.Deadline",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("deadline"),
    )
    offset_days = models.SmallIntegerField(
        _("days before the due date"), null=True, blank=True, help_text=_("-1: overdue.")
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("case")
    )
    # Names the event (e.g. "referral-received:12"), never a person: ids and codes only.
    event_key = models.CharField(_("event"), max_length=100, blank=True, default="", db_default="")
    link = models.CharField(_("link"), max_length=200, blank=True, default="", db_default="")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("recipient")
    )
    is_escalation = models.BooleanField(_("escalation to the coordinators"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "offset_days", "recipient"], name="reminder_once_per_deadline_offset_recipient"
            ),
            models.UniqueConstraint(
                fields=["event_key", "recipient"],
                condition=~Q(event_key=""),
                name="reminder_once_per_event_recipient",
            ),
            models.CheckConstraint(condition=Q(offset_days__gte=OVERDUE), name="reminder_offset_known"),
            models.CheckConstraint(
                condition=Q(kind="deadline", deadline__isnull=False, offset_days__isnull=False, event_key="")
                | (
                    ~Q(kind="deadline")
                    & Q(deadline__isnull=True, offset_days__isnull=True)
                    & ~Q(event_key="")
                    & ~Q(link="")
                ),
                name="reminder_kind_fields",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="reminder_inbox"),
            models.Index(fields=["id"], condition=Q(emailed_at__isnull=True), name="reminder_unsent"),
        ]

    def __str__(self) -> str:
        return f"reminder {self.pk}"

    @property
    def is_overdue(self) -> bool:
        return self.offset_days == OVERDUE


class Digest(models.Model):
    """The record of one person's daily e-mail digest in this canton: one a day, whatever
    retries, replays or second beat runs come."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("recipient")
    )
    day = models.DateField(_("day"))
    items = models.PositiveIntegerField(_("items"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-day", "-pk"]
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day"], name="digest_once_a_day"),
            models.CheckConstraint(condition=Q(items__gt=0), name="digest_not_empty"),
        ]

    def __str__(self) -> str:
        return f"digest {self.pk}"


class CalendarFeed(models.Model):
    """A personal iCal feed reached through a secret URL; only the token's hash is stored.
    Revoking ends it; a new feed gets a new token."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(revoked_at__isnull=True), name="calendar_feed_one_active_per_user"
            ),
        ]

    def __str__(self) -> str:
        return f"calendar feed {self.pk}"
