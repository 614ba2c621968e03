"""Each canton's own record of a transfer: the request in the sending canton, the incoming
transfer in the receiving one. The public row (ksmm.transfers.Transfer) links the two by id."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models import Case, CounsellingPart
from ksmm.compartments import Compartment
from ksmm.partners.models import Organisation
from ksmm.transfers.models import Transfer

Status = Transfer.Status
LIVE = ("requested", "accepted", "completed")


class TransferRequest(models.Model):
    """A lead's request to hand a case over to an organisation of another canton.

    What goes: the core always; other compartments the requesting organisation reads; parts of
    the counselling only with the person's consent to that recipient (Art. 11 OHG), recorded
    here by the victim-aid service with the request (the consent model of the case names
    organisations of this canton only).
    """

    Status = Status

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="transfer_requests", verbose_name=_("case"))
    transfer_id = models.PositiveBigIntegerField(_("transfer"), unique=True)
    receiving_canton = models.CharField(_("receiving canton"), max_length=2)
    receiving_organisation_id = models.PositiveBigIntegerField(_("receiving organisation"))
    # As the other canton's directory named it when the request was made.
    receiving_organisation_name = models.CharField(_("receiving organisation"), max_length=200)
    requesting_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_by_user_id = models.BigIntegerField(_("requested by person"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    compartments = ArrayField(
        models.CharField(max_length=16, choices=Compartment.choices), verbose_name=_("compartments sent")
    )
    counselling_parts = ArrayField(
        models.CharField(max_length=16, choices=CounsellingPart.choices),
        verbose_name=_("counselling data sent"),
        default=list,
        blank=True,
    )
    consent_given_on = models.DateField(_("consent given on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED)
    answer_reason = models.TextField(_("reason for declining"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # The receiving canton's number of the new case, shown to readers of the core data.
    received_case_number = models.CharField(_("case number in the receiving canton"), max_length=20, blank=True)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("transfer request")
        verbose_name_plural = _("transfer requests")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="transfer_request_has_reason"),
            models.CheckConstraint(condition=Q(compartments__contains=["core"]), name="transfer_request_core"),
            models.CheckConstraint(
                condition=Q(compartments__contained_by=Compartment.values), name="transfer_request_compartments_known"
            ),
            models.CheckConstraint(
                condition=Q(counselling_parts__contained_by=CounsellingPart.values),
                name="transfer_request_parts_known",
            ),
            # Counselling data go only with the consent they rely on (Art. 11 OHG).
            models.CheckConstraint(
                condition=Q(
                    counselling_parts=[],
                    compartments__contained_by=[c for c in Compartment.values if c != "counselling"],
                )
                | (
                    ~Q(counselling_parts=[]) & Q(consent_given_on__isnull=False, compartments__contains=["counselling"])
                ),
                name="transfer_request_counselling_has_consent",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(answer_reason=""), name="transfer_request_decline_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(status="completed", completed_at__isnull=False) & ~Q(received_case_number="")
                | ~Q(status="completed") & Q(completed_at__isnull=True, received_case_number=""),
                name="transfer_request_completed_has_case",
            ),
            models.UniqueConstraint(fields=["case"], condition=Q(status__in=LIVE), name="transfer_request_one_live"),
        ]

    def __str__(self) -> str:
        return f"transfer request {self.pk} of {self.case_id}"

    @property
    def is_open(self) -> bool:
        return self.status in (Status.REQUESTED, Status.ACCEPTED)


class IncomingTransfer(models.Model):
    """A case another canton hands over to an organisation of this one: the request as it
    arrived, the answer, and once copied the new case with a summary of what came."""

    Status = Status

    transfer_id = models.PositiveBigIntegerField(_("transfer"), unique=True)
    sending_canton = models.CharField(_("sending canton"), max_length=2)
    sender_case_id = models.PositiveBigIntegerField(_("case in the sending canton"))
    sender_case_number = models.CharField(_("case number in the sending canton"), max_length=20)
    sender_organisation_name = models.CharField(_("sent by"), max_length=200)
    receiving_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("receiving organisation")
    )
    reason = models.TextField(_("reason"))
    compartments = ArrayField(
        models.CharField(max_length=16, choices=Compartment.choices), verbose_name=_("compartments sent")
    )
    counselling_parts = ArrayField(
        models.CharField(max_length=16, choices=CounsellingPart.choices),
        verbose_name=_("counselling data sent"),
        default=list,
        blank=True,
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    answered_by_user_id = models.BigIntegerField(_("answered by"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    case = models.OneToOneField(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incoming_transfer",
        verbose_name=_("new case"),
    )
    # What arrived, as counts per kind of record (cases/transfers/carrying.py names them in the
    # reader's language): the history summary beside who sent it, when and why.
    carried = models.JSONField(_("what was carried over"), default=dict, blank=True)
    requested_at = models.DateTimeField(_("requested at"))
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("incoming transfer")
        verbose_name_plural = _("incoming transfers")
        indexes = [models.Index(fields=["receiving_organisation", "status"], name="incoming_transfer_queue")]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="incoming_transfer_has_reason"),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""), name="incoming_transfer_decline_has_reason"
            ),
            models.CheckConstraint(
                condition=Q(status="completed", case__isnull=False) | ~Q(status="completed") & Q(case__isnull=True),
                name="incoming_transfer_completed_has_case",
            ),
            # One sender case arrives at most once, whatever reruns of the copy do.
            models.UniqueConstraint(
                fields=["sending_canton", "sender_case_id"],
                condition=Q(case__isnull=False),
                name="incoming_transfer_one_case_per_sender_case",
            ),
        ]

    def __str__(self) -> str:
        return f"incoming transfer {self.pk} from {self.sending_canton}"
