from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partners.models import Organisation


class Case(models.Model):
    """A possible case of human trafficking that the canton's partners work together.

    This model holds the core compartment only; identity, counselling, investigation and
    residence data live in their own tables so that each read goes through the policy.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    case_number = models.CharField(_("case number"), max_length=20, unique=True)
    pseudonym = models.CharField(_("pseudonym"), max_length=80)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    intake_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("intake organisation")
    )
    is_minor = models.BooleanField(_("minor or presumed minor"), default=False)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False) | Q(status="open", closed_on__isnull=True),
                name="case_closed_on_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="case_closed_after_opened",
            ),
        ]

    def __str__(self) -> str:
        return self.case_number


class CaseParty(models.Model):
    """An organisation that works on a case; its compartment grants hang off this party."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties", verbose_name=_("case"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="case_parties", verbose_name=_("organisation")
    )
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)

    class Meta:
        ordering = ["joined_at", "pk"]
        verbose_name = _("case party")
        verbose_name_plural = _("case parties")
        constraints = [
            models.UniqueConstraint(fields=["case", "organisation"], name="case_party_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.organisation_id}"
