"""Victims'-rights notices: versioned texts, one row per language, and their delivery on a case.

A language is data (`NoticeText.language`), not a column: adding Tigrinya needs rows, no migration.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from ksmm.partners.models import Organisation

from .languages import language_for


class ImmutableVersion(Exception):
    """A published or retired version is never changed; a new version is drafted instead."""


class Notice(models.Model):
    """One kind of information sheet a victim receives (guidelines 4.3, annexes 3, 5 and 7)."""

    class Kind(models.TextChoices):
        ASSISTANCE = "assistance", _("Assistance and victim-aid services")
        VICTIMS_RIGHTS = "victims_rights", _("Victims' rights in criminal proceedings")
        REFLECTION_PERIOD = "reflection_period", _("Recovery and reflection period")
        MINORS = "minors", _("Information for children and young people")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        permissions = [("manage_notices", _("Manage the victims' notices and confirm their translations"))]

    def __str__(self) -> str:
        return self.get_kind_display()


class NoticeVersion(models.Model):
    """A version of a notice; only a draft is edited, and one version at a time is published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        RETIRED = "retired", _("Retired")

    notice = models.ForeignKey(Notice, on_delete=models.PROTECT, related_name="versions", verbose_name=_("notice"))
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["notice__order", "-number"]
        verbose_name = _("notice version")
        verbose_name_plural = _("notice versions")
        constraints = [
            models.UniqueConstraint(fields=["notice", "number"], name="notice_version_number_unique"),
            models.UniqueConstraint(
                fields=["notice"], condition=Q(status="published"), name="notice_version_one_published"
            ),
            models.UniqueConstraint(fields=["notice"], condition=Q(status="draft"), name="notice_version_one_draft"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="notice_version_published_at_set"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notice_id} v{self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT


class NoticeText(models.Model):
    """The text of a version in one language; a translation awaits review until confirmed."""

    class Review(models.TextChoices):
        AWAITING = "awaiting", _("Awaiting professional review")
        CONFIRMED = "confirmed", _("Review confirmed")

    version = models.ForeignKey(NoticeVersion, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=8, help_text=_("BCP 47 code such as ro, pt or zh-Hans"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Paragraphs separated by a blank line."))
    review = models.CharField(_("review"), max_length=16, choices=Review.choices, default=Review.AWAITING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        ordering = ["language"]
        verbose_name = _("notice text")
        verbose_name_plural = _("notice texts")
        constraints = [
            models.UniqueConstraint(fields=["version", "language"], name="notice_text_language_unique"),
            models.CheckConstraint(
                condition=Q(language__regex=r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$"), name="notice_text_language_code"
            ),
            models.CheckConstraint(
                condition=Q(review="awaiting") | Q(reviewed_at__isnull=False), name="notice_text_confirmed_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version_id}:{self.language}"

    @property
    def language_label(self) -> str:
        """ "Romanian" for "ro", in the reader's language."""
        return str(language_for(self.language).label)


class NoticeDelivery(models.Model):
    """The fact that a victim received a notice: which text, when, by whom, how, acknowledged or why not.

    Core compartment: that and how the victim was informed is known to every party to the case;
    the delivery holds no identity, counselling or investigation data.
    """

    class Method(models.TextChoices):
        HANDED_OVER = "handed_over", _("Handed over to read")
        READ_ALOUD = "read_aloud", _("Read aloud")
        INTERPRETER = "interpreter", _("With an interpreter")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="notice_deliveries", verbose_name=_("case"))
    text = models.ForeignKey(NoticeText, on_delete=models.PROTECT, related_name="deliveries", verbose_name=_("notice"))
    delivered_on = models.DateField(_("delivered on"))
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("delivered by")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    method = models.CharField(_("how"), max_length=16, choices=Method.choices)
    interpreter = models.CharField(_("interpreter"), max_length=150, blank=True)
    acknowledged = models.BooleanField(_("acknowledged by the victim"))
    no_acknowledgement_reason = models.CharField(_("reason there is no acknowledgement"), max_length=300, blank=True)
    # The text's review state when it was handed over (a later confirmation does not change it).
    text_reviewed = models.BooleanField(_("text reviewed when delivered"), default=True)
    unreviewed_reason = models.CharField(
        _("reason to deliver a text awaiting professional review"), max_length=300, blank=True
    )
    # Why a notice was given in a language the victim's identity record does not name; hints at the
    # victim's languages, so it is shown to readers of the identity compartment only.
    language_reason = models.CharField(
        _("reason to deliver in a language the victim does not speak"), max_length=300, blank=True
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-delivered_on", "-pk"]
        verbose_name = _("notice delivery")
        verbose_name_plural = _("notice deliveries")
        constraints = [
            models.CheckConstraint(
                condition=~Q(method="interpreter") | ~Q(interpreter=""), name="notice_delivery_interpreter_named"
            ),
            models.CheckConstraint(
                condition=Q(acknowledged=True, no_acknowledgement_reason="")
                | Q(acknowledged=False) & ~Q(no_acknowledgement_reason=""),
                name="notice_delivery_acknowledged_or_reason",
            ),
            models.CheckConstraint(
                condition=Q(text_reviewed=True) | ~Q(unreviewed_reason=""), name="notice_delivery_unreviewed_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}:{self.text_id}"
