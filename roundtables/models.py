"""Versioned co-operation agreements of a cantonal round table (guidelines 2005, sections 3-4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from partners.models import Organisation

from .compartments import Compartment


class ImmutableAgreement(Exception):
    """An adopted or superseded agreement is never changed; a new version is drafted instead."""


class Agreement(models.Model):
    class Form(models.TextChoices):
        A = "A", _("Form A: legally binding contract")
        B = "B", _("Form B: joint declaration of intent")
        C = "C", _("Form C: unilateral official announcement")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")
        SUPERSEDED = "superseded", _("Superseded")

    version = models.PositiveIntegerField(_("version"), unique=True)
    form = models.CharField(_("form"), max_length=1, choices=Form.choices, default=Form.B)
    title = models.CharField(_("title"), max_length=200)
    shared_objective = models.TextField(_("shared objective"), blank=True)
    financing = models.TextField(_("financing"), blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    review_date = models.DateField(_("review date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)
    language = models.CharField(_("language of the text"), max_length=2, default="de")
    second_language = models.CharField(_("second language of the text"), max_length=2, blank=True)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("co-operation agreement")
        verbose_name_plural = _("co-operation agreements")
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=models.Q(status="adopted"), name="agreement_one_adopted"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def check_mutable(self) -> None:
        if not self.is_draft:
            raise ImmutableAgreement(_("An adopted or superseded agreement cannot be changed."))


class AgreementSection(models.Model):
    class Key(models.TextChoices):
        ADVANCE_NOTICE = "advance_notice", _("Advance notice of checks")
        IDENTIFICATION = "identification", _("Identification")
        ASSISTANCE_INFORMATION = "assistance_information", _("Information on assistance")
        REFLECTION_PERIOD = "reflection_period", _("Reflection period")
        STAY_DURING_PROCEEDINGS = "stay_during_proceedings", _("Stay during proceedings")
        ACCOMMODATION = "accommodation", _("Accommodation and welfare")
        INTERVIEWS = "interviews", _("Interviews")
        VICTIMS_RIGHTS = "victims_rights", _("Victims' rights")
        SAFETY = "safety", _("Safety")
        NON_PUNISHMENT = "non_punishment", _("Non-punishment")
        RETURN_ASSISTANCE = "return_assistance", _("Return assistance")
        FURTHER_STAY = "further_stay", _("Further stay")
        MINORS = "minors", _("Minors")
        CONFLICT_RESOLUTION = "conflict_resolution", _("Conflict resolution")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(_("section"), max_length=32, choices=Key.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    heading = models.CharField(_("heading"), max_length=200)
    text = models.TextField(_("text"))
    heading_second = models.CharField(_("heading in the second language"), max_length=200, blank=True)
    text_second = models.TextField(_("text in the second language"), blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [models.UniqueConstraint(fields=["agreement", "key"], name="agreement_section_key_unique")]

    def __str__(self) -> str:
        return self.heading


class PartnerDuty(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="duties")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    duties = models.TextField(_("duties"))

    class Meta:
        ordering = ["organisation__name", "pk"]
        verbose_name = _("partner duty")
        verbose_name_plural = _("partner duties")

    def __str__(self) -> str:
        return str(self.organisation_id)


class Signatory(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="signatories")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("name"), max_length=150)
    function = models.CharField(_("function"), max_length=150, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def __str__(self) -> str:
        return self.name


class SharingRule(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="sharing_rules")
    organisation_type = models.CharField(_("organisation type"), max_length=32, choices=Organisation.Type.choices)
    compartment = models.CharField(_("compartment"), max_length=16, choices=Compartment.choices)
    can_read = models.BooleanField(_("may read"), default=False)

    class Meta:
        ordering = ["organisation_type", "compartment"]
        verbose_name = _("sharing rule")
        verbose_name_plural = _("sharing rules")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "organisation_type", "compartment"], name="sharing_rule_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_type}/{self.compartment}"
