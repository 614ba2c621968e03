"""Reminders of deadlines (the in-app inbox and the e-mail log) and personal iCal feeds."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# The offset of the reminder sent once a deadline has passed (to the coordinators as well).
OVERDUE = -1


class Reminder(models.Model):
    """One reminder of one deadline for one person: the inbox item, and the record that its
    e-mail went out. Unique per (deadline, offset, recipient), so a scan run twice, retried or
    resumed after a crash inserts nothing new and sends nothing twice."""

    deadline = models.ForeignKey(
        "deadlines.Deadline", on_delete=models.CASCADE, related_name="reminders", verbose_name=_("deadline")
    )
    offset_days = models.SmallIntegerField(_("days before the due date"), help_text=_("-1: overdue."))
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
