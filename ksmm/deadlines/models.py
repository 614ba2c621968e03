"""Deadline rules as versioned data, and the deadlines computed from them.

The canton's schema is its rule set: every canton has its own `Rule` rows, seeded with the
law as it stands and changed only by adding a new version.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

# Art. 35 para. 1 VZAE: a recovery and reflection period lasts at least 30 days.
REFLECTION_MINIMUM_DAYS = 30

# The source references the migrations seed (0006, 0007), stored in English: shown in the
# reader's language. A reference a canton types for a new version is shown as typed.
SEEDED_REFERENCES = frozenset(
    {
        gettext_noop("Art. 35 para. 1 VZAE (at least 30 days)"),
        gettext_noop("Art. 36 para. 1 VZAE (seven days before: canton practice)"),
        gettext_noop("KSMM guidelines 2005, 4.3 (not law: Art. 36 VZAE sets no three-month limit)"),
        gettext_noop("Validity set by the permit decision (Art. 32, 33 AIG; Art. 36 para. 2 VZAE)"),
        gettext_noop("Art. 25 OHG (five years)"),
        gettext_noop("KSMM guidelines 2005, 3.3 (annual meeting to assess the mechanism)"),
        gettext_noop("Decision of the round-table meeting"),
        gettext_noop("Art. 305 StPO, Art. 8 OHG (duty to inform); three days: canton practice"),
        gettext_noop("Cantonal data-protection and archives law (platform default)"),
        gettext_noop("Art. 32 para. 1 AIG"),
        gettext_noop("Review date set in the safety assessment (platform convention)"),
    }
)


def shown_reference(reference: str) -> str:
    """A rule's source reference in the active language when the platform seeded it."""
    return gettext(reference) if reference in SEEDED_REFERENCES else reference


class RuleKey(models.TextChoices):
    REFLECTION_END = "reflection_end", _("End of the recovery and reflection period")
    ART36_NOTICE = "art36_notice", _("Notice on continued presence (Art. 36 para. 1 VZAE)")
    THREE_MONTH_THRESHOLD = "three_month_threshold", _("Three-month threshold: permit request due")
    PERMIT_EXPIRY = "permit_expiry", _("Permit expiry")
    OHG_CLAIM_WINDOW = "ohg_claim_window", _("End of the OHG claim window")
    ANNUAL_ASSESSMENT = "annual_assessment", _("Annual round-table assessment")
    ACTION_ITEM = "action_item", _("Round-table action item")
    NOTICE_DELIVERY = "notice_delivery", _("Victims' rights notice not yet delivered")
    RETENTION = "retention", _("Anonymisation of the closed case")
    L_PERMIT_LONGEST = "l_permit_longest", _("Longest validity of a short-stay permit L")
    SAFETY_REVIEW = "safety_review", _("Review of the safety assessment")


class SourceKind(models.TextChoices):
    """Where a rule comes from: a convention of the round table is not law and is never shown as law."""

    LAW = "law", _("Law in force")
    CONVENTION = "convention", _("Convention of the round table")
    PRACTICE = "practice", _("Canton practice")


class Rule(models.Model):
    """One version of one deadline rule: due = anchor + months + days, valid for anchors in
    [valid_from, valid_until). A change adds a version and closes the previous one."""

    key = models.CharField(_("rule"), max_length=32, choices=RuleKey.choices)
    version = models.PositiveIntegerField(_("version"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    months = models.PositiveSmallIntegerField(_("months after the event"), default=0)
    days = models.SmallIntegerField(
        _("days after the event"), default=0, help_text=_("Negative: days before the event.")
    )
    reminder_days = ArrayField(
        models.PositiveSmallIntegerField(),
        verbose_name=_("reminders, days before the due date"),
        default=list,
        blank=True,
    )
    escalate_when_overdue = models.BooleanField(_("escalate to the coordinators when overdue"), default=True)
    source_kind = models.CharField(_("kind of source"), max_length=16, choices=SourceKind.choices)
    source_reference = models.CharField(
        _("source"), max_length=200, help_text=_("The article or text, for instance Art. 35 para. 1 VZAE.")
    )
    reason = models.CharField(_("reason for the change"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["key", "-valid_from"]
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        permissions = [("manage_rules", _("Can change the deadline rules of the canton"))]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="deadline_rule_version_unique"),
            models.UniqueConstraint(
                fields=["key"], condition=Q(valid_until__isnull=True), name="deadline_rule_one_current_version"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=F("valid_from")),
                name="deadline_rule_valid_until_after_valid_from",
            ),
            models.CheckConstraint(
                condition=~Q(key=RuleKey.REFLECTION_END) | Q(months=0, days__gte=REFLECTION_MINIMUM_DAYS),
                name="deadline_rule_reflection_at_least_30_days",
            ),
            models.CheckConstraint(condition=Q(key__in=RuleKey.values), name="deadline_rule_key_is_known"),
            models.CheckConstraint(
                condition=Q(source_kind__in=SourceKind.values) & ~Q(source_reference=""),
                name="deadline_rule_has_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} v{self.version}"

    @property
    def shown_reference(self) -> str:
        return shown_reference(self.source_reference)

    @property
    def source(self) -> str:
        """The kind of source and its reference, as shown beside the rule and its deadlines."""
        return f"{SourceKind(self.source_kind).label}: {self.shown_reference}"


class Deadline(models.Model):
    """A deadline computed by an action from an event on a subject (a case, a reflection
    period, a permit, a meeting, ...); never typed in by hand."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    rule = models.ForeignKey(Rule, on_delete=models.PROTECT, related_name="deadlines", verbose_name=_("rule version"))
    # The rule's key again: one open deadline per (rule, subject) across rule versions.
    rule_key = models.CharField(_("rule"), max_length=32, choices=RuleKey.choices)
    # The subject as "app_label.model" and primary key: no foreign key into the public
    # schema's content types, which differ in id between test and production databases.
    subject_type = models.CharField(_("subject type"), max_length=100)
    subject_id = models.PositiveBigIntegerField(_("subject id"))
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines", verbose_name=_("case")
    )
    responsible_organisation = models.ForeignKey(
        "partners.Organisation",
        on_delete=models.PROTECT,
        related_name="deadlines",
        verbose_name=_("responsible organisation"),
    )
    # The person of the responsible organisation the case is assigned to (set by the cases app
    # through ksmm.deadlines.responsibility); reminders go to them first. None: the organisation.
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    anchor = models.DateField(_("event date"))
    # A length decided on the case (days after the event), in place of the rule's days.
    length_days = models.PositiveSmallIntegerField(_("length in days"), null=True, blank=True)
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        permissions = [("view_canton_deadlines", _("Can see every deadline of the canton"))]
        indexes = [
            models.Index(fields=["responsible_organisation", "status", "due_on"], name="deadline_org_status_due"),
            models.Index(fields=["due_on"], condition=Q(status="open"), name="deadline_open_due"),
            # The reminder scan reads, per rule version, the open deadlines up to a horizon.
            models.Index(fields=["rule", "due_on"], condition=Q(status="open"), name="deadline_open_rule_due"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_key", "subject_type", "subject_id"],
                condition=Q(status="open"),
                name="deadline_one_open_per_rule_and_subject",
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True) | (~Q(status="open") & Q(closed_at__isnull=False)),
                name="deadline_closed_at_matches_status",
            ),
            models.CheckConstraint(condition=Q(status__in=["open", "done", "cancelled"]), name="deadline_status_known"),
        ]

    def __str__(self) -> str:
        return f"{self.rule_key} {self.subject_type}:{self.subject_id} {self.due_on}"

    @property
    def title(self) -> str:
        """What may be shown anywhere: the case number and the rule, never a name."""
        label = RuleKey(self.rule_key).label
        return f"{self.case.case_number}: {label}" if self.case_id and self.case else str(label)
