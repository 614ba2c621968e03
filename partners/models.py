from django.db import models
from django.utils.translation import gettext_lazy as _


class Organisation(models.Model):
    """A partner of the canton's round table: an authority, a service or an NGO."""

    class Type(models.TextChoices):
        PUBLIC_PROSECUTOR = "public_prosecutor", _("Public prosecutor's office")
        CANTONAL_POLICE = "cantonal_police", _("Cantonal police")
        CITY_POLICE = "city_police", _("City police")
        MIGRATION_OFFICE = "migration_office", _("Cantonal migration office")
        CITY_MIGRATION_SERVICE = "city_migration_service", _("City migration service")
        VICTIM_AID = "victim_aid", _("Victim-aid service (OHG counselling)")
        OHG_AUTHORITY = "ohg_authority", _("OHG authority")
        SOCIAL_WELFARE = "social_welfare", _("Social welfare")
        RETURN_COUNSELLING = "return_counselling", _("Return counselling")
        KESB = "kesb", _("Child and adult protection authority (KESB)")
        LABOUR_INSPECTORATE = "labour_inspectorate", _("Labour inspectorate")
        VICTIMS_ATTORNEY = "victims_attorney", _("Victim's attorney")
        NGO = "ngo", _("Non-governmental organisation")
        EQUAL_OPPORTUNITIES = "equal_opportunities", _("Equal opportunities office")
        FEDERAL_OFFICE = "federal_office", _("Federal office (fedpol, SEM)")
        IOM = "iom", _("International Organization for Migration (IOM)")

    class Group(models.TextChoices):
        CORE = "core", _("Core group")
        ASSOCIATE = "associate", _("Associate group")
        NONE = "none", _("Not a round-table member")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    type = models.CharField(_("type"), max_length=32, choices=Type.choices)
    group = models.CharField(_("round-table group"), max_length=16, choices=Group.choices, default=Group.NONE)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [models.UniqueConstraint(fields=["name"], name="organisation_name_unique")]

    def __str__(self) -> str:
        return self.short_name or self.name
