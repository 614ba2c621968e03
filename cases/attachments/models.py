"""Files attached to a case: signed consent forms, permit decisions, identity documents, interview
records (DESIGN.md 3, 9).

Each attachment lies in one compartment of the case and is read only by that compartment's
readers (counselling attachments: by the readers of their counselling part). Its bytes are
encrypted with the canton's key before they reach the storage (sealing.py), under a random key
that says nothing about the file; the row keeps what the application detected (content type,
size, digest) and the title (encrypted), never the name the file had on the uploader's computer.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.encryption import EncryptedTextField, current_key_version
from cases.models import Case, CounsellingPart
from ksmm.compartments import Compartment
from ksmm.partners.models import Organisation


class AttachmentKind(models.TextChoices):
    CONSENT_FORM = "consent_form", _("Signed consent form")
    PERMIT_DECISION = "permit_decision", _("Permit decision")
    IDENTITY_DOCUMENT = "identity_document", _("Identity document")
    INTERVIEW_RECORD = "interview_record", _("Interview record")
    OTHER = "other", _("Other document")


class ContentType(models.TextChoices):
    """The types the content check recognises by their bytes (content.py)."""

    PDF = "application/pdf", "PDF"
    JPEG = "image/jpeg", "JPEG"
    PNG = "image/png", "PNG"
    ODT = "application/vnd.oasis.opendocument.text", "ODT"
    DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"


class Attachment(models.Model):
    """A file in one compartment of a case, stored encrypted under a random storage key."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+", verbose_name=_("case"))
    compartment = models.CharField(_("compartment"), max_length=16, choices=Compartment.choices)
    # Counselling attachments belong to a part, as counselling entries do: a consent opens parts.
    counselling_part = models.CharField(
        _("part of the counselling"), max_length=16, choices=CounsellingPart.choices, blank=True
    )
    kind = models.CharField(_("kind of document"), max_length=20, choices=AttachmentKind.choices)
    # A title may name the person ("passport of …"): encrypted like identity and counselling fields.
    title = EncryptedTextField(_("title"))
    content_type = models.CharField(_("type of file"), max_length=80, choices=ContentType.choices)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256 of the content"), max_length=64)
    storage_key = models.CharField(_("storage key"), max_length=200, unique=True, editable=False)
    # The master key version that sealed the file (its header says so too): cases/rotation/ seals
    # the older ones again.
    key_version = models.PositiveSmallIntegerField(_("key version"), default=current_key_version, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by organisation")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = [models.Index(fields=["case", "compartment"], name="attachment_case_compartment")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(compartment=Compartment.COUNSELLING) & ~Q(counselling_part=""))
                | (~Q(compartment=Compartment.COUNSELLING) & Q(counselling_part="")),
                name="attachment_counselling_has_part",
            ),
            models.CheckConstraint(
                condition=Q(compartment__in=Compartment.values), name="attachment_compartment_known"
            ),
            models.CheckConstraint(condition=Q(content_type__in=ContentType.values), name="attachment_type_checked"),
            models.CheckConstraint(condition=Q(size__gt=0), name="attachment_not_empty"),
            models.CheckConstraint(condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="attachment_sha256_hex"),
        ]

    def __str__(self) -> str:
        return f"attachment {self.pk}"

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.content_type]


EXTENSIONS: dict[str, str] = {
    ContentType.PDF: "pdf",
    ContentType.JPEG: "jpg",
    ContentType.PNG: "png",
    ContentType.ODT: "odt",
    ContentType.DOCX: "docx",
}
