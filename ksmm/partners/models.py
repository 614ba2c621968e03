from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ksmm.cantons.current import PRINT_LANGUAGES

from .entries import DirectoryEntry, Language

# The languages a letter can be printed in (the platform's own languages).
CORRESPONDENCE_LANGUAGES = [(code, label) for code, label in Language.choices if code in PRINT_LANGUAGES]


class Organisation(DirectoryEntry):
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
        # Runs the round table and the platform; party to no case, so it reads core data only.
        COORDINATION_UNIT = "coordination_unit", _("Cantonal coordination unit (round table)")

    class Group(models.TextChoices):
        CORE = "core", _("Core group")
        ASSOCIATE = "associate", _("Associate group")
        NONE = "none", _("Not a round-table member")

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    type = models.CharField(_("type"), max_length=32, choices=Type.choices)
    group = models.CharField(_("round-table group"), max_length=16, choices=Group.choices, default=Group.NONE)
    specialised_in_trafficking = models.BooleanField(
        _("specialised in victims of trafficking"),
        default=False,
        help_text=_(
            "An NGO specialised in victims of trafficking (such as FIZ, ASTRÉE or Au Cœur des Grottes): "
            "the guidelines place it in the core group."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)
    correspondence_language = models.CharField(
        _("language of correspondence"),
        max_length=2,
        choices=CORRESPONDENCE_LANGUAGES,
        blank=True,
        help_text=_("Letters to this organisation are written in it; empty: the canton's language."),
    )

    class Meta(DirectoryEntry.Meta):
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            *DirectoryEntry.Meta.constraints,
            models.UniqueConstraint(fields=["name"], name="organisation_name_unique"),
            models.CheckConstraint(
                condition=Q(correspondence_language__in=["", *PRINT_LANGUAGES]),
                name="organisation_correspondence_language_known",
            ),
            models.CheckConstraint(
                condition=Q(specialised_in_trafficking=False) | Q(type="ngo"),
                name="organisation_specialised_only_ngo",
                violation_error_message=_("Only an NGO is marked as specialised in victims of trafficking."),
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class ContactPerson(models.Model):
    """A person to call at a partner organisation, with a deputy for when they are away."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=150)
    function = models.CharField(_("function"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    deputy = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("deputy")
    )
    is_permanent_representative = models.BooleanField(_("permanent representative at the round table"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        constraints = [
            models.CheckConstraint(condition=~Q(deputy=F("pk")), name="contact_person_not_own_deputy"),
        ]

    def __str__(self) -> str:
        return self.name
