"""Referrals of a case from one organisation to another."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ksmm.compartments import Compartment
from ksmm.partners.models import Organisation

from .case import Case

# The states in which a referral waits for the recipient's answer: one per recipient and case.
OPEN = ["requested", "sent"]
ANSWERED = ["accepted", "declined", "done"]


class Referral(models.Model):
    """A hand-off: the sender asks another organisation to take part, with chosen compartments.

    A recipient without users on the platform (a KESB, IOM, a foreign authority) is reached by
    letter: the sender prints it, records each dispatch and, later, the answer on its behalf.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        SENT = "sent", _("Sent by letter")
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

    class Channel(models.TextChoices):
        PLATFORM = "platform", _("On the platform")
        LETTER = "letter", _("By letter")

    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.PLATFORM)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    requested_by_user_id = models.BigIntegerField(_("requested by"), null=True)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by_user_id = models.BigIntegerField(_("decided by"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)

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
                fields=["case", "to_organisation"], condition=Q(status__in=OPEN), name="referral_one_open"
            ),
            models.CheckConstraint(condition=~Q(status="sent") | Q(channel="letter"), name="referral_sent_by_letter"),
            # An answer by letter is recorded by hand, dated; one on the platform needs no date.
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(channel="letter"), name="referral_answered_by_letter"
            ),
            models.CheckConstraint(
                condition=~Q(channel="letter", status__in=ANSWERED) | Q(answered_on__isnull=False),
                name="referral_letter_answer_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"referral {self.pk} on {self.case_id}"

    @property
    def compartment_labels(self) -> list[str]:
        return [str(Compartment(value).label) for value in self.compartments]
