"""The identity, counselling and investigation compartments of a case file (DESIGN.md 3)."""

from typing import ClassVar

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ksmm.compartments import Compartment
from ksmm.language_names import language_names, nationality_name
from ksmm.partners.models import Organisation

from ..encryption import EncryptedTextField, current_key_version
from .case import Case


class CaseRecord(models.Model):
    """Base of every table that holds one compartment of a case.

    A subclass names its compartment; `cases.records.records_for` then returns its rows only to
    readers the policy allows, and the audit trail records the read.
    """

    compartment: ClassVar[str] = Compartment.CORE

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+", verbose_name=_("case"))
    author_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    author_user_id = models.BigIntegerField(_("author"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        abstract = True


class Sex(models.TextChoices):
    """eCH-0044 sexType."""

    MALE = "1", _("Male")
    FEMALE = "2", _("Female")
    UNKNOWN = "3", _("Unknown or undetermined")


class Identity(models.Model):
    """Who the person is, in the eCH-0044 shape; names and free text encrypted at rest.

    The date of birth may be known to the year, the month or the day (eCH-0044 dateOfBirth) and
    is stored encrypted as "YYYY", "YYYY-MM" or "YYYY-MM-DD".
    """

    compartment: ClassVar[str] = Compartment.IDENTITY

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="identity", verbose_name=_("case"))
    official_name = EncryptedTextField(_("official name"), blank=True)
    first_name = EncryptedTextField(_("first name"), blank=True)
    aliases = EncryptedTextField(_("aliases"), blank=True, help_text=_("One name per line."))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, default=Sex.UNKNOWN)
    date_of_birth = EncryptedTextField(_("date of birth"), blank=True)
    age_in_doubt = models.BooleanField(_("age uncertain, possibly under 18"), default=False)
    nationality = models.CharField(_("nationality"), max_length=2, blank=True, help_text=_("ISO 3166-1 alpha-2"))
    languages = ArrayField(models.CharField(max_length=3), verbose_name=_("languages"), default=list, blank=True)
    interpreter_needed = models.BooleanField(_("needs an interpreter"), default=False)
    interpreter_notes = EncryptedTextField(_("interpreter needs"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("identity")
        verbose_name_plural = _("identities")
        constraints = [
            models.CheckConstraint(condition=Q(nationality__regex=r"^([A-Z]{2})?$"), name="identity_nationality_iso"),
        ]

    def __str__(self) -> str:
        return f"identity of {self.case_id}"

    @property
    def date_of_birth_swiss(self) -> str:
        """The stored "YYYY", "YYYY-MM" or "YYYY-MM-DD" as a Swiss reader writes it: "1999",
        "12.1999" or "31.12.1999"."""
        return ".".join(reversed(self.date_of_birth.split("-"))) if self.date_of_birth else ""

    @property
    def nationality_name(self) -> str:
        """The nationality (ISO 3166-1 alpha-2, as eCH-0011 keeps it) named in the reader's
        language; a value that is not a country code is shown as typed."""
        return nationality_name(self.nationality)

    @property
    def language_names(self) -> str:
        return language_names(self.languages)

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in (self.aliases or "").splitlines() if line.strip()]


class PersonIdentifier(models.Model):
    """An identifier of the person (eCH-0044 otherPersonId), its value encrypted at rest."""

    class Category(models.TextChoices):
        ZEMIS = "ZEMIS", _("ZEMIS number")
        N = "N", _("N number (asylum)")
        PASSPORT = "PASSPORT", _("Passport number")
        NATIONAL_ID = "NATIONAL_ID", _("National identity card")
        POLICE_REF = "POLICE_REF", _("Police reference")
        PROSECUTION_REF = "PROSECUTION_REF", _("Prosecution reference")

    identity = models.ForeignKey(Identity, on_delete=models.CASCADE, related_name="identifiers")
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    value = EncryptedTextField(_("value"))

    class Meta:
        ordering = ["category", "pk"]
        verbose_name = _("identifier")
        verbose_name_plural = _("identifiers")

    def __str__(self) -> str:
        return f"{self.category} of {self.identity_id}"


class BlindIndexEntry(models.Model):
    """A keyed digest of a normalised name or birth date, for search and duplicate checks.

    `key_version` names the master key the digest was made with. While keys rotate, a case holds
    its digests under every version of the ring, so two cases match under any version they share
    (cases/identity.py); cases/rotation/ adds the current version to older cases.
    """

    class Kind(models.TextChoices):
        NAME = "name", _("Name")
        BIRTH = "birth", _("Date of birth")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    digest = models.CharField(max_length=64)
    key_version = models.PositiveSmallIntegerField(default=current_key_version)

    class Meta:
        verbose_name = _("blind index entry")
        verbose_name_plural = _("blind index entries")
        indexes = [models.Index(fields=["kind", "digest"], name="blind_index_lookup")]
        constraints = [
            models.UniqueConstraint(fields=["case", "kind", "digest"], name="blind_index_unique"),
            models.CheckConstraint(condition=Q(key_version__gte=1), name="blind_index_key_version_known"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} of {self.case_id}"


class FederalMatch(models.Model):
    """A case's part in the duplicate signal across cantons (ksmm/matching), computed when its
    identity changes and read by the identity page and intake (never recomputed on a view).

    `digests` are the federal digests the case published (so a change or retention withdraws
    exactly those); `cantons` the other cantons where a possible match is known (schema names).
    """

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="+")
    digests = ArrayField(models.CharField(max_length=64), default=list)
    key_version = models.PositiveSmallIntegerField()
    cantons = ArrayField(models.CharField(max_length=2), default=list)
    computed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("possible match in another canton")
        verbose_name_plural = _("possible matches in other cantons")
        indexes = [GinIndex(fields=["digests"], name="federal_match_digests")]
        constraints = [
            models.CheckConstraint(condition=Q(key_version__gte=1), name="federal_match_key_version_known"),
            models.CheckConstraint(condition=~Q(digests=[]), name="federal_match_has_digests"),
        ]

    def __str__(self) -> str:
        return f"federal match of {self.case_id}"


class CounsellingPart(models.TextChoices):
    """The parts of the counselling compartment a consent may cover."""

    NOTES = "notes", _("Counselling notes")
    ACCOMMODATION = "accommodation", _("Accommodation")
    MEDICAL = "medical", _("Medical help")
    PSYCHOSOCIAL = "psychosocial", _("Psycho-social help")
    LEGAL = "legal", _("Legal help")


class CounsellingEntry(CaseRecord):
    """A note of the victim-aid service; covered by professional secrecy (Art. 11 OHG)."""

    compartment: ClassVar[str] = Compartment.COUNSELLING

    part = models.CharField(_("kind"), max_length=16, choices=CounsellingPart.choices, default=CounsellingPart.NOTES)
    occurred_on = models.DateField(_("date"))
    text = EncryptedTextField(_("text"))
    confidential_address = EncryptedTextField(_("confidential address"), blank=True)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("counselling entry")
        verbose_name_plural = _("counselling entries")
        indexes = [models.Index(fields=["case", "part"], name="counselling_case_part")]

    def __str__(self) -> str:
        return f"{self.part} of {self.case_id}"


class EvidenceNote(CaseRecord):
    """A note or reference to evidence held by the police or the prosecution."""

    compartment: ClassVar[str] = Compartment.INVESTIGATION

    reference = models.CharField(_("reference"), max_length=100, blank=True)
    text = models.TextField(_("note"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("evidence note")
        verbose_name_plural = _("evidence notes")

    def __str__(self) -> str:
        return f"evidence {self.pk} on {self.case_id}"
