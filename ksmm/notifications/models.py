"""Reminders of deadlines (the in-app inbox and the e-mail log) and personal iCal feeds."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The offset of the reminder sent once a deadline has passed (to the coordinators as well).
OVERDUE = -1


class Reminder(models.Model):
    """One item of a person's inbox.

    Mostly a reminder of one deadline, and the record that its e-mail went out: unique per
    (deadline, offset, recipient), so a scan run twice, retried or resumed after a crash inserts
    nothing new and sends nothing twice. The other kinds tell a person of an event on a case
    they must answer for; they carry the case and a link only, never a name, and no e-mail.
    """

    class Kind(models.TextChoices):
        DEADLINE = "deadline", _("Deadline")
        MINOR_AT_RISK_EXCEPTION = (
            "minor_at_risk_exception",
            _("Counselling data disclosed without consent to protect a minor (Art. 11(3) OHG)"),
        )

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
            models.CheckConstraint(condition=Q(offset_days__gte=OVERDUE), name="reminder_offset_known"),
            models.CheckConstraint(
                condition=Q(kind="deadline", deadline__isnull=False, offset_days__isnull=False)
                | (~Q(kind="deadline") & Q(deadline__isnull=True, offset_days__isnull=True, case__isnull=False)),
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
