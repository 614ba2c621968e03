"""The cantonal round table (guidelines 2005, section 3): its mandate, groups and meetings, and its
versioned co-operation agreement (section 4)."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from ksmm.compartments import Compartment, SubGrant
from ksmm.partners.models import ContactPerson, Organisation


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
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Empty: until a new version is adopted.")
    )
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
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_from__isnull=False, valid_until__gt=F("valid_from")),
                name="agreement_valid_until_after_valid_from",
                violation_error_message=_("The agreement is valid until a day after it takes effect."),
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


# The matrix's columns: the compartments, then the sub-grants (named parts of one).
SHARING_COLUMN_CHOICES = [*Compartment.choices, *SubGrant.choices]


class SharingRule(models.Model):
    """One cell of the data-sharing matrix: may organisations of a type read a compartment (or a
    sub-grant, a named part of one) of the cases they are party to."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="sharing_rules")
    organisation_type = models.CharField(_("organisation type"), max_length=32, choices=Organisation.Type.choices)
    compartment = models.CharField(_("compartment"), max_length=16, choices=SHARING_COLUMN_CHOICES)
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


FROZEN_MINUTES = _("Approved minutes cannot be changed.")


class FrozenMinutes(Exception):
    """Approved minutes are never changed; only the status of their action items moves on."""


class RoundTable(models.Model):
    """The canton's round table: political mandate, scope, chair and steward. One per canton."""

    class Scope(models.TextChoices):
        CANTON = "canton", _("The whole canton")
        COMMUNES = "communes", _("Some communes")
        CANTONS = "cantons", _("Several cantons")

    class StewardKind(models.TextChoices):
        STEWARD = "steward", _("Steward")
        EXTERNAL_MODERATOR = "external_moderator", _("External moderator")

    # Always true and unique: the database holds at most one round table per canton schema.
    singleton = models.BooleanField(default=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    mandate_authority = models.CharField(_("mandating authority"), max_length=200)
    mandate_date = models.DateField(_("date of the mandate"), null=True, blank=True)
    mandate_document = models.CharField(
        _("mandate document"), max_length=200, blank=True, help_text=_("Reference of the decision or file name")
    )
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices, default=Scope.CANTON)
    scope_communes = ArrayField(models.CharField(max_length=100), verbose_name=_("communes"), default=list, blank=True)
    scope_cantons = ArrayField(models.CharField(max_length=2), verbose_name=_("cantons"), default=list, blank=True)
    chair_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("chair")
    )
    chair_contact = models.ForeignKey(
        ContactPerson, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("chairperson"),
    )  # fmt: skip
    steward_kind = models.CharField(
        _("steward or moderator"), max_length=24, choices=StewardKind.choices, default=StewardKind.STEWARD
    )
    steward_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("organisation of the steward or moderator"),
    )  # fmt: skip
    steward_contact = models.ForeignKey(
        ContactPerson, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("steward or moderator (person)"),
    )  # fmt: skip
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        verbose_name = _("round table")
        verbose_name_plural = _("round tables")
        constraints = [
            models.UniqueConstraint(fields=["singleton"], name="round_table_one_per_canton"),
            models.CheckConstraint(condition=Q(singleton=True), name="round_table_singleton"),
            models.CheckConstraint(
                condition=~Q(scope="communes") | Q(scope_communes__len__gt=0),
                name="round_table_communes_listed",
                violation_error_message=_("Name the communes the round table covers."),
            ),
            models.CheckConstraint(
                condition=~Q(scope="cantons") | Q(scope_cantons__len__gt=1),
                name="round_table_cantons_listed",
                violation_error_message=_("A round table of several cantons names at least two cantons."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class RoundTableMember(models.Model):
    """An organisation in the core or the associate group, its role in the co-operation mechanism
    and its appointed representative with a deputy."""

    class Group(models.TextChoices):
        CORE = "core", _("Core group")
        ASSOCIATE = "associate", _("Associate group")

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chairs the round table")
        PROSECUTION = "prosecution", _("Criminal prosecution")
        POLICE = "police", _("Checks, identification and investigation")
        MIGRATION = "migration", _("Residence: reflection period and permits")
        VICTIM_AID = "victim_aid", _("Victim aid: counselling, accommodation and support")
        CHILD_PROTECTION = "child_protection", _("Child protection")
        LABOUR_INSPECTION = "labour_inspection", _("Labour inspection")
        SOCIAL_WELFARE = "social_welfare", _("Social welfare")
        HEALTH = "health", _("Health care")
        RETURN_ASSISTANCE = "return_assistance", _("Return assistance")
        PREVENTION = "prevention", _("Prevention and awareness")
        OTHER = "other", _("Other role (see description)")

    round_table = models.ForeignKey(RoundTable, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    group = models.CharField(_("group"), max_length=16, choices=Group.choices)
    role = models.CharField(_("role in the mechanism"), max_length=24, choices=Role.choices)
    role_description = models.TextField(_("description of the role"), blank=True)
    representative = models.ForeignKey(
        ContactPerson, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("appointed representative"),
    )  # fmt: skip
    deputy = models.ForeignKey(
        ContactPerson, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("deputy representative"),
    )  # fmt: skip

    class Meta:
        ordering = ["group", "organisation__name"]
        verbose_name = _("round-table member")
        verbose_name_plural = _("round-table members")
        constraints = [
            models.UniqueConstraint(fields=["round_table", "organisation"], name="round_table_member_unique"),
            models.CheckConstraint(
                condition=Q(representative__isnull=True) | ~Q(deputy=F("representative")),
                name="round_table_member_deputy_differs",
                violation_error_message=_("The deputy must be another person than the representative."),
            ),
            models.CheckConstraint(
                condition=~Q(role="other") | ~Q(role_description=""),
                name="round_table_member_other_described",
                violation_error_message=_("Describe the role of this member."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation_id)


class Meeting(models.Model):
    """A meeting of the round table with its minutes. Approved minutes are frozen (migration 0005)."""

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Regular meeting")
        ANNUAL_ASSESSMENT = "annual_assessment", _("Annual assessment by the associate group")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft minutes")
        APPROVED = "approved", _("Approved minutes")

    round_table = models.ForeignKey(RoundTable, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind of meeting"), max_length=24, choices=Kind.choices, default=Kind.REGULAR)
    location = models.CharField(_("location"), max_length=200, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft", approved_at__isnull=True) | Q(status="approved", approved_at__isnull=False),
                name="meeting_approved_when_approved_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date.isoformat()}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class MeetingAttendee(models.Model):
    """An organisation present at a meeting, with the person who came for it where known."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    contact = models.ForeignKey(
        ContactPerson, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("contact person"),
    )  # fmt: skip

    class Meta:
        ordering = ["organisation__name", "contact__name", "pk"]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "organisation", "contact"], nulls_distinct=False, name="meeting_attendee_unique"
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation_id)


class Decision(models.Model):
    """A decision taken at a meeting, as the minutes record it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.TextField(_("decision"))

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return self.text[:60]


class ActionItem(models.Model):
    """A task agreed at a meeting: who does it, by when, and whether it is done."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    description = models.TextField(_("task"))
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible organisation")
    )
    owner_contact = models.ForeignKey(
        ContactPerson, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("responsible person"),
    )  # fmt: skip
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", done_at__isnull=True) | Q(status="done", done_at__isnull=False),
                name="action_item_done_when_done_at",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60]
