"""Who in a party organisation answers for a case: one assignee per (case, organisation)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ksmm.partners.models import Organisation

from .case import Case


class CaseAssignment(models.Model):
    """A person of a party organisation responsible for the case there, from `assigned_at` until
    `ended_at`. At most one current row per (case, organisation); ended rows stay as history.

    The rules (an active member of that organisation, who may assign) live in
    cases/assignments.py; the database keeps the one-current-assignee invariant.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("case"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("assigned to")
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    assigned_by_user_id = models.BigIntegerField(_("assigned by"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by_user_id = models.BigIntegerField(_("ended by"), null=True, blank=True)

    class Meta:
        ordering = ["-assigned_at", "-pk"]
        verbose_name = _("case assignment")
        verbose_name_plural = _("case assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "organisation"],
                condition=Q(ended_at__isnull=True),
                name="case_assignment_one_current_per_organisation",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("assigned_at")),
                name="case_assignment_ends_after_start",
            ),
        ]
        indexes = [
            # "My cases" and the workload: the current assignments of a person.
            models.Index(fields=["user"], condition=Q(ended_at__isnull=True), name="case_assignment_current_user"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.organisation_id}:{self.user_id}"
