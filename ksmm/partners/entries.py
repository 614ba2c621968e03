"""The fields an entry of the partner directory has, cantonal or federal alike."""

import re

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

models.CharField.register_lookup(Length)


class Level(models.TextChoices):
    FEDERAL = "federal", _("Federal")
    CANTONAL = "cantonal", _("Cantonal")
    MUNICIPAL = "municipal", _("Municipal")
    NGO = "ngo", _("NGO")
    INTERNATIONAL = "international", _("International")


class Language(models.TextChoices):
    GERMAN = "de", _("German")
    FRENCH = "fr", _("French")
    ITALIAN = "it", _("Italian")
    ROMANSH = "rm", _("Romansh")
    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    PORTUGUESE = "pt", _("Portuguese")


LANGUAGE_CODES = [code for code, _label in Language.choices]
CANTON_CODES = [
    "AG", "AI", "AR", "BE", "BL", "BS", "FR", "GE", "GL", "GR", "JU", "LU", "NE",
    "NW", "OW", "SG", "SH", "SO", "SZ", "TG", "TI", "UR", "VD", "VS", "ZG", "ZH",
]  # fmt: skip


class DirectoryEntry(models.Model):
    """Level, postal address in the eCH-0010 shape, ways to reach it and what it offers."""

    level = models.CharField(_("level"), max_length=16, choices=Level.choices, default=Level.CANTONAL)
    street = models.CharField(_("street"), max_length=60, blank=True)
    house_number = models.CharField(_("house number"), max_length=12, blank=True)
    post_office_box = models.CharField(_("post office box"), max_length=15, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=15, blank=True)
    town = models.CharField(_("town"), max_length=40, blank=True)
    country = models.CharField(_("country"), max_length=2, default="CH", help_text=_("ISO 3166-1 alpha-2 code"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    emergency_phone = models.CharField(_("24/7 emergency phone"), max_length=30, blank=True)
    languages = ArrayField(
        models.CharField(max_length=2, choices=Language.choices), verbose_name=_("languages spoken"),
        default=list, blank=True,
    )  # fmt: skip
    services = models.TextField(_("services offered"), blank=True)
    cantons_served = ArrayField(
        models.CharField(max_length=2), verbose_name=_("cantons served"), default=list, blank=True
    )
    website = models.URLField(_("website"), blank=True)

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(country__regex=r"^[A-Z]{2}$"), name="%(app_label)s_%(class)s_country_iso_alpha2"
            ),
            # A Swiss postal code has four digits; abroad the format varies.
            models.CheckConstraint(
                condition=~Q(country="CH") | Q(postal_code="") | Q(postal_code__regex=r"^[1-9][0-9]{3}$"),
                name="%(app_label)s_%(class)s_swiss_postal_code",
            ),
            models.CheckConstraint(
                condition=Q(languages__contained_by=LANGUAGE_CODES), name="%(app_label)s_%(class)s_known_languages"
            ),
            models.CheckConstraint(
                condition=Q(cantons_served__contained_by=CANTON_CODES),
                name="%(app_label)s_%(class)s_known_cantons",
            ),
            models.CheckConstraint(condition=Q(level__in=Level.values), name="%(app_label)s_%(class)s_level_known"),
        ]

    @property
    def street_line(self) -> str:
        return " ".join(part for part in (self.street, self.house_number) if part)

    @property
    def town_line(self) -> str:
        return " ".join(part for part in (self.postal_code, self.town) if part)

    @property
    def language_labels(self) -> list[str]:
        return [str(Language(code).label) for code in self.languages]


def is_valid_postal_code(*, country: str, postal_code: str) -> bool:
    """The rule of the `swiss_postal_code` constraint, to answer with a field error first."""
    return country != "CH" or not postal_code or re.fullmatch(r"[1-9][0-9]{3}", postal_code) is not None


def is_valid_country(country: str) -> bool:
    return re.fullmatch(r"[A-Z]{2}", country) is not None
