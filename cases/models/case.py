"""A case: its core data, the organisations party to it, their grants and the case number."""

from django.contrib.auth.models import Group
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from guardian.models import GroupObjectPermissionBase

from ksmm.compartments import Compartment
from ksmm.partners.models import Organisation


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
    # Handed over to another canton (cases/transfers): closed here on the day of the copy,
    # read-only for everybody (cases/policy.py), its retention running as for any closed case.
    transferred_out = models.BooleanField(_("transferred to another canton"), default=False)
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
            # A sub-grant of the agreement's matrix (ksmm.compartments.SubGrant): read only.
            ("view_safety_details", _("Read the threats and protective measures of a case's safety assessments")),
            ("manage_grants", _("Change which organisations see which parts of a case")),
        ]
        indexes = [
            models.Index(fields=["pseudonym"], name="case_pseudonym"),
            # The list's order and its cursor (queries.LIST_ORDER), read backwards: newest first.
            models.Index(fields=["opened_on", "id"], name="case_opened_on_id"),
        ]
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
                condition=Q(transferred_out=False) | Q(status="closed"), name="case_transferred_only_when_closed"
            ),
            models.CheckConstraint(
                condition=Q(exploitation_subtypes__contained_by=ExploitationSubtype.values),
                name="case_exploitation_subtypes_known",
            ),
        ]

    def __str__(self) -> str:
        return self.case_number

    @property
    def exploitation_subtype_labels(self) -> list[str]:
        return [str(ExploitationSubtype(value).label) for value in self.exploitation_subtypes]

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
    """An organisation that works on a case; its compartment grants hang off this party.

    `left_at` is set when it withdraws (its part ends; the row stays for the record)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="parties", verbose_name=_("case"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="case_parties", verbose_name=_("organisation")
    )
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    # The lead organisation of the case (cases/lead.py): it closes the case after asking the
    # others. One per case among the parties still working on it.
    is_lead = models.BooleanField(_("lead organisation"), default=False)
    left_reason = models.TextField(_("reason for withdrawing"), blank=True)

    class Meta:
        ordering = ["joined_at", "pk"]
        verbose_name = _("case party")
        verbose_name_plural = _("case parties")
        constraints = [
            models.UniqueConstraint(fields=["case", "organisation"], name="case_party_unique"),
            models.UniqueConstraint(fields=["case"], condition=Q(is_lead=True), name="case_party_one_lead"),
            models.CheckConstraint(condition=Q(is_lead=False) | Q(left_at__isnull=True), name="case_party_lead_active"),
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
