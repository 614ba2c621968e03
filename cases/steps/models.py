"""The steps of the co-operation mechanism recorded on a case (DESIGN.md 4).

Each step belongs to one compartment (`COMPARTMENT`); a few also show a summary in the core
(`CORE_FIELDS`: safety level and review date, return status). Reads and writes go through the
case policy (kinds.py); every row is an event on the case timeline (timeline.py).
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cases.encryption import EncryptedTextField
from cases.models import Case, Referral
from ksmm.compartments import Compartment
from ksmm.partners.models import Organisation


class RiskLevel(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Step(models.Model):
    """Who recorded a step, for which case, and when."""

    COMPARTMENT: str = Compartment.CORE
    CORE_FIELDS: tuple[str, ...] = ()

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+", verbose_name=_("case"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by organisation")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        abstract = True


class Operation(Step):
    """A police check on the spot, announced to the victim-aid service beforehand or not (and why).

    The record on one case; an operation planned before any case lives in the register
    (cases/operations) and this step points to it when it is the same operation."""

    COMPARTMENT = Compartment.INVESTIGATION

    planned_for = models.DateTimeField(_("planned for"))
    place = models.CharField(_("place or setting"), max_length=200)
    announced = models.BooleanField(_("announced to the victim-aid service"), default=True)
    announced_to = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("announced to"),
    )
    announced_at = models.DateTimeField(_("announced at"), null=True, blank=True)
    not_announced_reason = models.TextField(_("why it was not announced"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    # The same operation in the canton's register, when it was planned there before the case.
    register_entry = models.ForeignKey(
        "operations.PlannedOperation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("operation in the register"),
    )

    class Meta:
        ordering = ["-planned_for", "-pk"]
        verbose_name = _("operation")
        verbose_name_plural = _("operations")
        constraints = [
            models.CheckConstraint(
                condition=Q(announced=True, announced_to__isnull=False, announced_at__isnull=False)
                | (Q(announced=False) & ~Q(not_announced_reason="")),
                name="operation_announced_or_reason",
            ),
            models.CheckConstraint(
                condition=Q(announced_at__isnull=True) | Q(announced_at__lte=F("planned_for")),
                name="operation_announced_in_advance",
            ),
        ]

    def __str__(self) -> str:
        return f"operation {self.pk}"


class Accommodation(Step):
    """Where the person stays (a confidential address) and the welfare support they receive."""

    COMPARTMENT = Compartment.COUNSELLING

    class Kind(models.TextChoices):
        SHELTER = "shelter", _("Specialised shelter")
        SAFE_HOUSE = "safe_house", _("Safe house")
        SUPPORTED_FLAT = "supported_flat", _("Supported flat")
        PRIVATE = "private", _("Private accommodation")
        OTHER = "other", _("Other")

    kind = models.CharField(_("accommodation"), max_length=16, choices=Kind.choices)
    address = EncryptedTextField(_("confidential address"), blank=True)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    medical_help = models.BooleanField(_("medical help"), default=False)
    psychosocial_help = models.BooleanField(_("psycho-social help"), default=False)
    legal_help = models.BooleanField(_("legal help"), default=False)
    material_help = models.BooleanField(_("material help (money, clothes, food)"), default=False)
    note = EncryptedTextField(_("welfare note"), blank=True)

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("accommodation and welfare")
        verbose_name_plural = _("accommodation and welfare")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="accommodation_ends_after"
            )
        ]

    def __str__(self) -> str:
        return f"accommodation {self.pk}"


class Interview(Step):
    """A hearing of the victim with the protections of Art. 117, 152-154 StPO as a checklist."""

    COMPARTMENT = Compartment.INVESTIGATION

    class Kind(models.TextChoices):
        POLICE = "police", _("Police interview")
        PROSECUTION = "prosecution", _("Hearing by the public prosecutor")
        COURT = "court", _("Court hearing")

    held_on = models.DateField(_("held on"))
    kind = models.CharField(_("kind of hearing"), max_length=16, choices=Kind.choices, default=Kind.POLICE)
    interpreter_language = models.CharField(_("interpreter for the language"), max_length=40, blank=True)
    person_of_trust_offered = models.BooleanField(_("person of trust offered (Art. 152 StPO)"), default=False)
    confrontation_avoided = models.BooleanField(_("no confrontation with the accused"), default=False)
    sexual_offence = models.BooleanField(_("offence against sexual integrity"), default=False)
    same_sex_interviewer = models.BooleanField(_("interviewer of the same sex (Art. 153 StPO)"), default=False)
    same_sex_interpreter = models.BooleanField(_("interpreter of the same sex (Art. 68 StPO)"), default=False)
    video_recorded = models.BooleanField(_("recorded on video and audio (Art. 154 StPO)"), default=False)
    specialist_present = models.BooleanField(_("trained interviewer with a specialist"), default=False)
    deviation_reason = models.TextField(_("why a protection was not applied"), blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")

    def __str__(self) -> str:
        return f"interview {self.pk}"


class SafetyAssessment(Step):
    """The risk to the person; level and review date are core, threats and measures investigation."""

    COMPARTMENT = Compartment.INVESTIGATION
    CORE_FIELDS = ("assessed_on", "risk_level", "review_on")

    assessed_on = models.DateField(_("assessed on"))
    risk_level = models.CharField(_("risk level"), max_length=8, choices=RiskLevel.choices)
    review_on = models.DateField(_("review by"))
    threats = models.TextField(_("threats"), blank=True)
    measures = models.TextField(_("protective measures"), blank=True)

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("safety assessment")
        verbose_name_plural = _("safety assessments")
        constraints = [models.CheckConstraint(condition=Q(review_on__gte=F("assessed_on")), name="safety_review_after")]

    def __str__(self) -> str:
        return f"safety assessment {self.pk}"


class Proceeding(Step):
    """Criminal or administrative proceedings against the victim and their non-punishment assessment."""

    COMPARTMENT = Compartment.INVESTIGATION

    class Offence(models.TextChoices):
        ILLEGAL_STAY = "illegal_stay", _("Illegal stay or unauthorised work (Art. 115 AIG)")
        THEFT = "theft", _("Theft or other property offence")
        DRUGS = "drugs", _("Drug offence")
        BEGGING = "begging", _("Begging")
        PROSTITUTION = "prostitution", _("Offence related to prostitution")
        DOCUMENTS = "documents", _("Use of false documents")
        OTHER = "other", _("Other offence")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        SUSPENDED = "suspended", _("Suspended")
        DISMISSED = "dismissed", _("Dismissed or no penalty")
        CONVICTED = "convicted", _("Convicted")

    class NonPunishment(models.TextChoices):
        NOT_ASSESSED = "not_assessed", _("Not yet assessed")
        REQUESTED = "requested", _("Assessment requested")
        APPLIED = "applied", _("Assessed: not to be punished")
        NOT_APPLIED = "not_applied", _("Assessed: principle not applied")

    offence = models.CharField(_("offence"), max_length=16, choices=Offence.choices)
    authority = models.CharField(_("authority"), max_length=200)
    reference = models.CharField(_("reference"), max_length=80, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    non_punishment = models.CharField(
        _("non-punishment assessment"), max_length=16, choices=NonPunishment.choices, default=NonPunishment.REQUESTED
    )
    assessment_note = models.TextField(_("reasons of the assessment"), blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("proceeding against the victim")
        verbose_name_plural = _("proceedings against the victim")

    def __str__(self) -> str:
        return f"proceeding {self.pk}"


class ReturnAssistance(Step):
    """Return assistance (Art. 60 AIG) with an IOM referral and a risk assessment of the return."""

    COMPARTMENT = Compartment.COUNSELLING
    CORE_FIELDS = ("status", "departure_on")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        REFERRED = "referred", _("Referred to IOM")
        DEPARTED = "departed", _("Departed")
        CANCELLED = "cancelled", _("Cancelled")

    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    departure_on = models.DateField(_("departure on"), null=True, blank=True)
    iom_referred_on = models.DateField(_("referred to IOM on"), null=True, blank=True)
    destination_country = models.CharField(_("country of return"), max_length=80, blank=True)
    risk_level = models.CharField(_("risk on return"), max_length=8, choices=RiskLevel.choices, blank=True)
    risk_assessment = EncryptedTextField(_("risk assessment"), blank=True)
    reintegration_note = EncryptedTextField(_("reintegration support"), blank=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("return assistance")
        verbose_name_plural = _("return assistance")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="referred") | Q(iom_referred_on__isnull=False), name="return_referral_dated"
            ),
            models.CheckConstraint(
                condition=~Q(status="departed") | Q(departure_on__isnull=False), name="return_departure_dated"
            ),
        ]

    def __str__(self) -> str:
        return f"return assistance {self.pk}"


class KesbReferral(Step):
    """A minor's referral to the child protection authority (KESB) for guardianship."""

    COMPARTMENT = Compartment.CORE

    referred_on = models.DateField(_("referred on"))
    kesb = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("KESB")
    )
    guardian_appointed = models.BooleanField(_("guardian or legal representative appointed"), default=False)
    # The referral (usually by letter: a KESB has no users) that took the case to the authority.
    referral = models.OneToOneField(
        Referral, on_delete=models.SET_NULL, null=True, blank=True, related_name="kesb_step", verbose_name=_("referral")
    )

    class Meta:
        ordering = ["-referred_on", "-pk"]
        verbose_name = _("KESB referral")
        verbose_name_plural = _("KESB referrals")

    def __str__(self) -> str:
        return f"kesb referral {self.pk}"


class BestInterestsAssessment(Step):
    """What serves the child's best interests (ECAT Art. 14(2)): recorded by the counselling service."""

    COMPARTMENT = Compartment.COUNSELLING

    assessed_on = models.DateField(_("assessed on"))
    assessment = EncryptedTextField(_("best-interests assessment"))

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("best-interests assessment")
        verbose_name_plural = _("best-interests assessments")

    def __str__(self) -> str:
        return f"best interests {self.pk}"


class Closure(Step):
    """The end of the work on a case and its reason; sets the case's status and closing date."""

    COMPARTMENT = Compartment.CORE

    class Reason(models.TextChoices):
        PROCEEDINGS_ENDED = "proceedings_ended", _("Proceedings ended")
        RETURNED = "returned", _("Returned to the country of origin")
        FURTHER_STAY = "further_stay", _("Further stay in Switzerland")
        LOST_CONTACT = "lost_contact", _("Contact lost")
        OTHER = "other", _("Other reason")

    closed_on = models.DateField(_("closed on"))
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("note"), blank=True)
    # The proposal the parties answered; without one, or against an objection, the lead closes
    # with a recorded reason (cases/steps/closing.py).
    proposal = models.ForeignKey(
        "ClosureProposal", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("proposal"),
    )  # fmt: skip
    override_reason = models.TextField(_("why the case is closed without the parties' agreement"), blank=True)

    class Meta:
        ordering = ["-closed_on", "-pk"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        constraints = [
            models.CheckConstraint(condition=~Q(reason="other") | ~Q(note=""), name="closure_other_explained"),
        ]

    def __str__(self) -> str:
        return f"closure {self.pk}"


class ClosureProposal(models.Model):
    """The lead organisation asks the other parties before it closes the case (cases/steps/closing.py)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for answers")
        CLOSED = "closed", _("Case closed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+", verbose_name=_("case"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("proposed by"),
    )  # fmt: skip
    proposed_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("proposed by organisation")
    )
    proposed_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    reason = models.CharField(_("reason"), max_length=20, choices=Closure.Reason.choices)
    note = models.TextField(_("note"), blank=True)
    answer_by = models.DateField(_("answers by"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("closure proposal")
        verbose_name_plural = _("closure proposals")
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(status="open"), name="closure_proposal_one_open"),
        ]

    def __str__(self) -> str:
        return f"closure proposal {self.pk}"


class ClosureAnswer(models.Model):
    """A party's answer to a closure proposal: agreement, or an objection with its reason."""

    proposal = models.ForeignKey(
        ClosureProposal, on_delete=models.CASCADE, related_name="answers", verbose_name=_("proposal")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    agrees = models.BooleanField(_("agrees"))
    note = models.TextField(_("reason"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("answered by"),
    )  # fmt: skip
    answered_at = models.DateTimeField(_("answered at"), auto_now=True)

    class Meta:
        ordering = ["answered_at", "pk"]
        verbose_name = _("answer to a closure proposal")
        verbose_name_plural = _("answers to closure proposals")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "organisation"], name="closure_answer_one_per_party"),
            models.CheckConstraint(condition=Q(agrees=True) | ~Q(note=""), name="closure_objection_explained"),
        ]

    def __str__(self) -> str:
        return f"closure answer {self.pk}"
