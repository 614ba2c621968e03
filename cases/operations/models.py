"""The canton's register of police operations planned before any case exists (guidelines 4.3:
police announce on-the-spot checks to victim aid in advance unless that would compromise the
prosecution).

An operation has two parts. The announced part (when, the municipality and sector, how many
possible victims and which languages, the police contact on duty) is what the victim-aid
organisations that were told need to be present or on call. The police part (target, exact
address, tactical notes, why it was not announced or cancelled) stays with police and
prosecution, is encrypted at rest and every read of it is audited like the investigation
compartment of a case.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cases.encryption import EncryptedTextField
from cases.models import Case
from ksmm.partners.models import Organisation

# The fields victim aid sees once told; everything else on PlannedOperation is police-only.
ANNOUNCED_FIELDS = (
    "starts_at",
    "ends_at",
    "municipality",
    "sector",
    "expected_victims",
    "expected_languages",
    "contact_name",
    "contact_phone",
    "status",
)


class PlannedOperation(models.Model):
    """A police operation (a raid, a check on the spot) planned by one police organisation."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ANNOUNCED = "announced", _("Announced")
        CARRIED_OUT = "carried_out", _("Carried out")
        CANCELLED = "cancelled", _("Cancelled")

    class Sector(models.TextChoices):
        SEX_WORK = "sex_work", _("Sex work (brothel, salon, street)")
        CONSTRUCTION = "construction", _("Construction")
        AGRICULTURE = "agriculture", _("Agriculture")
        HOSPITALITY = "hospitality", _("Hospitality and restaurants")
        HOUSEHOLD = "household", _("Private households")
        CARE = "care", _("Care work")
        BEAUTY = "beauty", _("Beauty and nail salons")
        OTHER = "other", _("Other sector")

    planning_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("planned by organisation")
    )
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("planned by"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    # The announced part.
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    municipality = models.CharField(
        _("municipality or district"),
        max_length=100,
        help_text=_("Coarse place only; the address stays with the police."),
    )
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices)
    expected_victims = models.PositiveSmallIntegerField(_("expected number of possible victims"), null=True, blank=True)
    expected_languages = models.CharField(
        _("languages of the possible victims"),
        max_length=200,
        blank=True,
        help_text=_("E.g. Romanian, Hungarian, Thai."),
    )
    contact_name = models.CharField(_("police contact on duty"), max_length=100)
    contact_phone = models.CharField(_("phone of the contact on duty"), max_length=40)
    # The police part: encrypted, every read audited.
    target = EncryptedTextField(_("target"), blank=True)
    address = EncryptedTextField(_("exact address"), blank=True)
    tactical_notes = EncryptedTextField(_("tactical notes"), blank=True)
    not_announced_reason = EncryptedTextField(_("why it was not announced"), blank=True)
    cancel_reason = EncryptedTextField(_("why it was cancelled"), blank=True)
    # The course of the operation.
    version = models.PositiveIntegerField(_("version"), default=1)
    announced_at = models.DateTimeField(_("first announced at"), null=True, blank=True)
    carried_out_on = models.DateField(_("carried out on"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("planned operation")
        verbose_name_plural = _("planned operations")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="operation_ends_after_start"),
            models.CheckConstraint(
                condition=~Q(status="announced") | Q(announced_at__isnull=False), name="operation_announced_has_date"
            ),
            models.CheckConstraint(
                condition=~Q(status="carried_out") | Q(carried_out_on__isnull=False),
                name="operation_carried_out_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | Q(cancelled_at__isnull=False), name="operation_cancelled_has_date"
            ),
        ]
        indexes = [models.Index(fields=["starts_at"], name="operation_starts_at")]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """The number everyone quotes, e.g. OP-2026-0012 (year of the start, id)."""
        return f"OP-{self.starts_at.year}-{self.pk or 0:04d}"


class Announcement(models.Model):
    """The operation announced to one victim-aid organisation, and that organisation's answer."""

    class Answer(models.TextChoices):
        PRESENT = "present", _("We will be present")
        ON_CALL = "on_call", _("We will be on call")
        UNAVAILABLE = "unavailable", _("We cannot be available")

    operation = models.ForeignKey(
        PlannedOperation, on_delete=models.CASCADE, related_name="announcements", verbose_name=_("operation")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation told")
    )
    announced_at = models.DateTimeField(_("announced at"), auto_now_add=True)
    answer = models.CharField(_("answer"), max_length=16, choices=Answer.choices, blank=True)
    answer_note = models.CharField(
        _("note to the police"), max_length=300, blank=True, help_text=_("E.g. how many counsellors, from when.")
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        constraints = [
            models.UniqueConstraint(fields=["operation", "organisation"], name="announcement_once_per_organisation"),
            models.CheckConstraint(
                condition=Q(answer="") | Q(answered_at__isnull=False), name="announcement_answer_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"announcement {self.pk}"


class OperationCase(models.Model):
    """A case opened during or after an operation: at most one operation per case."""

    operation = models.ForeignKey(
        PlannedOperation, on_delete=models.PROTECT, related_name="case_links", verbose_name=_("operation")
    )
    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="+", verbose_name=_("case"))
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("linked by"),
    )
    linked_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("linked by organisation")
    )
    linked_at = models.DateTimeField(_("linked at"), auto_now_add=True)

    class Meta:
        ordering = ["-linked_at", "-pk"]
        verbose_name = _("case of an operation")
        verbose_name_plural = _("cases of operations")

    def __str__(self) -> str:
        return f"operation case {self.pk}"
