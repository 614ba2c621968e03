"""The victim's consents to share counselling data, and the Art. 11(3) OHG exception."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ksmm.partners.models import Organisation

from ..encryption import EncryptedTextField
from .case import Case
from .records import CounsellingPart


class ExceptionPurpose(models.TextChoices):
    """The two things Art. 11(3) OHG allows without consent; the rule is in cases/visibility.py."""

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
    def scope_labels(self) -> list[str]:
        return [str(CounsellingPart(value).label) for value in self.scope]

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
