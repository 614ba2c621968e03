"""The case file: core data, its parties and grants, and the identity, counselling and
investigation compartments (DESIGN.md 3). Every read goes through cases/policy.py."""

from typing import ClassVar

from django.contrib.auth.models import Group
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from guardian.models import GroupObjectPermissionBase

from ksmm.compartments import Compartment
from ksmm.partners.models import Organisation

from .encryption import EncryptedTextField


class Source(models.TextChoices):
    POLICE_CHECK = "police_check", _("Police check")
    AID_CONTACT = "aid_contact", _("Contact with a victim-aid service")
    SELF_REFERRAL = "self_referral", _("Self-referral")
    HOTLINE = "hotline", _("Hotline")
    OTHER_CANTON = "other_canton", _("Another canton")
    ABROAD = "abroad", _("Abroad")


class ExploitationType(models.TextChoices):
    SEXUAL = "sexual", _("Sexual exploitation")
    LABOUR = "labour", _("Labour exploitation")
    ORGAN_REMOVAL = "organ_removal", _("Organ removal")
    UNKNOWN = "unknown", pgettext_lazy("exploitation type", "Unknown")


class ExploitationSubtype(models.TextChoices):
    PROSTITUTION = "prostitution", _("Forced prostitution")
    FORCED_CRIMINALITY = "forced_criminality", _("Forced criminality")
    BEGGING = "begging", _("Forced begging")
    DOMESTIC_SERVITUDE = "domestic_servitude", _("Domestic servitude")
    FORCED_MARRIAGE = "forced_marriage", _("Forced marriage")
    CONSTRUCTION = "construction", _("Construction")
    AGRICULTURE = "agriculture", _("Agriculture")
    HOSPITALITY = "hospitality", _("Hospitality and catering")
    CARE_WORK = "care_work", _("Care work")
    OTHER = "other", _("Other")


class Place(models.TextChoices):
    SWITZERLAND = "switzerland", _("In Switzerland")
    ABROAD = "abroad", _("Abroad")
    UNKNOWN = "unknown", pgettext_lazy("place of exploitation", "Unknown")


class Case(models.Model):
    """A possible case of human trafficking that the canton's partners work together.

    This model holds the core compartment only; identity, counselling, investigation and
    residence data live in their own tables so that each read goes through the policy.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    Source = Source
    ExploitationType = ExploitationType
    ExploitationSubtype = ExploitationSubtype
    Place = Place

    case_number = models.CharField(_("case number"), max_length=20, unique=True)
    pseudonym = models.CharField(_("pseudonym"), max_length=80)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    intake_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("intake organisation")
    )
    is_minor = models.BooleanField(_("minor or presumed minor"), default=False)
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Set when the retention period after closure has passed (cases/retention.py).
    anonymised_on = models.DateField(_("anonymised on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.SELF_REFERRAL)
    exploitation_type = models.CharField(
        _("form of exploitation"), max_length=16, choices=ExploitationType.choices, default=ExploitationType.UNKNOWN
    )
    exploitation_subtypes = ArrayField(
        models.CharField(max_length=24, choices=ExploitationSubtype.choices),
        verbose_name=_("details of the exploitation"),
        default=list,
        blank=True,
    )
    place_of_exploitation = models.CharField(
        _("place of exploitation"), max_length=16, choices=Place.choices, default=Place.UNKNOWN
    )

    class Meta:
        ordering = ["-opened_on", "-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        # Per-case grants of an organisation (guardian, CaseGrant); never given through roles.
        permissions = [
            ("view_core", _("Read the core data of a case")),
            ("change_core", _("Change the core data of a case")),
            ("view_identity", _("Read the identity of a case")),
            ("change_identity", _("Change the identity of a case")),
            ("view_counselling", _("Read the counselling data of a case")),
            ("change_counselling", _("Change the counselling data of a case")),
            ("view_investigation", _("Read the investigation data of a case")),
            ("change_investigation", _("Change the investigation data of a case")),
            ("view_residence", _("Read the residence data of a case")),
            ("change_residence", _("Change the residence data of a case")),
            ("manage_grants", _("Change which organisations see which parts of a case")),
        ]
        indexes = [models.Index(fields=["pseudonym"], name="case_pseudonym")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed", closed_on__isnull=False) | Q(status="open", closed_on__isnull=True),
                name="case_closed_on_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=models.F("opened_on")),
                name="case_closed_after_opened",
            ),
            models.CheckConstraint(
                condition=Q(anonymised_on__isnull=True) | Q(status="closed"), name="case_anonymised_only_when_closed"
            ),
            models.CheckConstraint(
                condition=Q(exploitation_subtypes__contained_by=ExploitationSubtype.values),
                name="case_exploitation_subtypes_known",
            ),
        ]

    def __str__(self) -> str:
        return self.case_number

    @property
    def ohg_hint(self) -> str:
        """OHG Art. 3 and 17: help for offences abroad only with Swiss domicile, and no compensation."""
        if self.place_of_exploitation == self.Place.SWITZERLAND:
            return str(_("Exploited in Switzerland: entitled to victim aid under the OHG."))
        if self.place_of_exploitation == self.Place.ABROAD:
            return str(
                _(
                    "Exploited abroad: counselling only if domiciled in Switzerland at the time "
                    "(Art. 17 OHG); no compensation or satisfaction."
                )
            )
        return str(_("Place of exploitation unknown: OHG eligibility open."))


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


class OrganisationGroup(models.Model):
    """The auth group that holds an organisation's per-case grants (one per organisation).

    auth.Group lives in public, so its name carries the schema; users are never put into it:
    the policy finds the group through the reader's organisation in this canton.
    """

    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="case_group", verbose_name=_("organisation")
    )
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="+", verbose_name=_("group"))

    class Meta:
        verbose_name = _("organisation group")
        verbose_name_plural = _("organisation groups")

    def __str__(self) -> str:
        return f"group of {self.organisation_id}"


class CaseGrant(GroupObjectPermissionBase):
    """A permission of an organisation's group on one case (guardian, direct foreign key)."""

    content_object = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="grants")

    class Meta(GroupObjectPermissionBase.Meta):
        abstract = False
        verbose_name = _("case grant")
        verbose_name_plural = _("case grants")


class GrantChange(models.Model):
    """Why an organisation's grants on one case differ from the agreement's defaults."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="grant_changes", verbose_name=_("case"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    compartment = models.CharField(_("compartment"), max_length=16, choices=Compartment.choices)
    granted = models.BooleanField(_("granted"))
    reason = models.TextField(_("reason"))
    changed_by_user_id = models.BigIntegerField(_("changed by"), null=True)
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("grant change")
        verbose_name_plural = _("grant changes")
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="grant_change_has_reason")]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.organisation_id}:{self.compartment}"


class CaseNumberCounter(models.Model):
    """The last case number given out in a year; locked while the next one is allocated."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("case number counter")
        verbose_name_plural = _("case number counters")

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class DuplicateFlag(models.Model):
    """Two cases whose blind-indexed name and birth date match: possibly the same person."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="duplicate_flags")
    other_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    flagged_at = models.DateTimeField(_("flagged at"), auto_now_add=True)

    class Meta:
        ordering = ["flagged_at", "pk"]
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        constraints = [
            models.UniqueConstraint(fields=["case", "other_case"], name="duplicate_flag_unique"),
            models.CheckConstraint(condition=~Q(case=models.F("other_case")), name="duplicate_flag_other"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}~{self.other_case_id}"


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
    """A keyed digest of a normalised name or birth date, for search and duplicate checks."""

    class Kind(models.TextChoices):
        NAME = "name", _("Name")
        BIRTH = "birth", _("Date of birth")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    digest = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("blind index entry")
        verbose_name_plural = _("blind index entries")
        indexes = [models.Index(fields=["kind", "digest"], name="blind_index_lookup")]
        constraints = [models.UniqueConstraint(fields=["case", "kind", "digest"], name="blind_index_unique")]

    def __str__(self) -> str:
        return f"{self.kind} of {self.case_id}"


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


class ExceptionPurpose(models.TextChoices):
    """The two things Art. 11(3) OHG allows without consent; the rule is in cases/minor_at_risk.py."""

    KESB_NOTIFICATION = "kesb_notification", _("Notify the child protection authority (KESB)")
    CRIMINAL_COMPLAINT = "criminal_complaint", _("File a criminal complaint")


class Consent(models.Model):
    """Counselling data the victim-aid service may pass to one recipient, and why.

    Either the person's consent or the logged exception for a minor at serious risk
    (Art. 11(3) OHG), which names one of its two purposes. A revoked consent stops every read
    from the next request on and stays as the record of what was disclosed; the exception's
    constraints therefore bind every row that is not revoked.
    """

    class Basis(models.TextChoices):
        CONSENT = "consent", _("Consent of the person")
        MINOR_AT_RISK = "minor_at_risk", _("Minor at serious risk (Art. 11(3) OHG)")

    ExceptionPurpose = ExceptionPurpose

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents", verbose_name=_("case"))
    basis = models.CharField(_("basis"), max_length=16, choices=Basis.choices, default=Basis.CONSENT)
    exception_purpose = models.CharField(
        _("purpose of the exception"), max_length=24, choices=ExceptionPurpose.choices, blank=True, default=""
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    recipient_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("recipient")
    )
    scope = ArrayField(models.CharField(max_length=16, choices=CounsellingPart.choices), verbose_name=_("scope"))
    given_on = models.DateField(_("given on"))
    justification = EncryptedTextField(_("justification"), blank=True)
    recorded_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_by_user_id = models.BigIntegerField(_("recorded by person"), null=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by_user_id = models.BigIntegerField(_("revoked by"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason for the revocation"), max_length=300, blank=True, default="")

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        indexes = [models.Index(fields=["case", "recipient_organisation"], name="consent_lookup")]
        constraints = [
            models.CheckConstraint(condition=~Q(scope=[]), name="consent_scope_not_empty"),
            models.CheckConstraint(condition=Q(scope__contained_by=CounsellingPart.values), name="consent_scope_known"),
            models.CheckConstraint(condition=~Q(purpose=""), name="consent_has_purpose"),
            models.CheckConstraint(condition=Q(basis__in=["consent", "minor_at_risk"]), name="consent_basis_known"),
            models.CheckConstraint(
                condition=Q(exception_purpose__in=["", *ExceptionPurpose.values]),
                name="consent_exception_purpose_known",
            ),
            # Consent carries no exception purpose; the exception always does while it is in force.
            models.CheckConstraint(
                condition=Q(basis="consent", exception_purpose="")
                | (Q(basis="minor_at_risk") & (~Q(exception_purpose="") | Q(revoked_at__isnull=False))),
                name="consent_exception_has_purpose",
            ),
            # The confidential address never leaves victim aid under the exception (Art. 11(3) OHG).
            models.CheckConstraint(
                condition=~Q(basis="minor_at_risk")
                | ~Q(scope__contains=[CounsellingPart.ACCOMMODATION])
                | Q(revoked_at__isnull=False),
                name="consent_exception_never_accommodation",
            ),
        ]

    def __str__(self) -> str:
        return f"consent {self.pk} on {self.case_id}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


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


class Referral(models.Model):
    """A hand-off: the sender asks another organisation to take part, with chosen compartments."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        DONE = "done", _("Done")
        REVOKED = "revoked", _("Revoked")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("case"))
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("from")
    )
    to_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("to"))
    compartments = ArrayField(
        models.CharField(max_length=16, choices=Compartment.choices), verbose_name=_("compartments shared")
    )
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    requested_by_user_id = models.BigIntegerField(_("requested by"), null=True)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by_user_id = models.BigIntegerField(_("decided by"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.CheckConstraint(
                condition=Q(compartments__contained_by=Compartment.values), name="referral_compartments_known"
            ),
            models.CheckConstraint(condition=~Q(from_organisation=models.F("to_organisation")), name="referral_other"),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""), name="referral_decline_has_reason"
            ),
            models.UniqueConstraint(
                fields=["case", "to_organisation"], condition=Q(status="requested"), name="referral_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"referral {self.pk} on {self.case_id}"
