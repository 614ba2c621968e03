"""The public row of a transfer between cantons (DESIGN.md 11).

Both cantons keep their own record of a transfer in their schema (the casetransfers app); this
row is what lets the receiving canton find a request addressed to it and what makes the copy
idempotent. It holds ids, canton codes, a status and times: nothing a person typed, no name,
no case number. The database refuses anything else in its text columns.
"""

import uuid

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

CANTON_CODE_PATTERN = r"^[A-Z]{2}$"


def _canton_code_check(field: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{field}__regex": CANTON_CODE_PATTERN}), name=f"%(class)s_{field}_code"
    )


class Transfer(models.Model):
    """A request to move one case from one canton to another, and how far it has got."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted, being copied")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        COMPLETED = "completed", _("Completed")

    sending_canton = models.CharField(_("sending canton"), max_length=2)
    receiving_canton = models.CharField(_("receiving canton"), max_length=2)
    # Primary keys in the two cantons' schemas: no foreign key crosses a schema.
    sender_case_id = models.PositiveBigIntegerField(_("case in the sending canton"))
    sender_organisation_id = models.PositiveBigIntegerField(_("sending organisation"))
    receiving_organisation_id = models.PositiveBigIntegerField(_("receiving organisation"))
    received_case_id = models.PositiveBigIntegerField(_("case in the receiving canton"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED)
    # Names the copy: a rerun of the task, or a second accept, finds the same key.
    idempotency_key = models.UUIDField(_("idempotency key"), default=uuid.uuid4, unique=True, editable=False)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("transfer between cantons")
        verbose_name_plural = _("transfers between cantons")
        indexes = [
            models.Index(fields=["receiving_canton", "status"], name="transfer_incoming"),
            models.Index(fields=["sending_canton", "sender_case_id"], name="transfer_sender_case"),
        ]
        constraints = [
            _canton_code_check("sending_canton"),
            _canton_code_check("receiving_canton"),
            models.CheckConstraint(condition=~Q(sending_canton=F("receiving_canton")), name="transfer_other_canton"),
            models.CheckConstraint(
                condition=Q(status__in=["requested", "accepted", "declined", "withdrawn", "completed"]),
                name="transfer_status_known",
            ),
            models.CheckConstraint(
                condition=Q(status="requested", answered_at__isnull=True) | ~Q(status="requested"),
                name="transfer_requested_unanswered",
            ),
            models.CheckConstraint(
                condition=Q(status="completed", received_case_id__isnull=False, completed_at__isnull=False)
                | ~Q(status="completed") & Q(received_case_id__isnull=True, completed_at__isnull=True),
                name="transfer_completed_has_case",
            ),
            # A case is on its way to one canton at a time, and leaves its canton once.
            models.UniqueConstraint(
                fields=["sending_canton", "sender_case_id"],
                condition=Q(status__in=["requested", "accepted", "completed"]),
                name="transfer_one_live_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"transfer {self.pk} {self.sending_canton}->{self.receiving_canton}"

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.REQUESTED, self.Status.ACCEPTED)
