"""Writes of attachments: `check_upload` validates the file and its place, `do_upload` stores it
encrypted and records it, `do_delete` removes one with its reason, `do_delete_case_attachments`
removes all of a case (retention). Stored bytes are removed once the transaction has committed;
an upload whose transaction fails removes the bytes it wrote."""

import hashlib
import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from cases.models import Case
from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.cantons.current import current_schema
from ksmm.compartments import Compartment
from ksmm.partners.models import Organisation

from . import sealing
from .content import checked_type
from .models import Attachment
from .rules import COMPARTMENTS_OF_KIND, WHERE_IT_BELONGS

logger = logging.getLogger(__name__)

UPLOAD_PURPOSE = "attachment upload"
DELETE_PURPOSE = "attachment deleted"


def too_large_message() -> str:
    limit = settings.KSMM_ATTACHMENT_MAX_BYTES // (1024 * 1024)
    return _("The file is larger than %(limit)s MB. Reduce it (e.g. scan in black and white) or split it.") % {
        "limit": limit
    }


def check_upload(
    *,
    acting_user: User | None,
    organisation: Organisation,
    case: Case,
    compartment: str,
    counselling_part: str,
    kind: str,
    title: str,
    data: bytes,
    name: str,
    size: int | None = None,
    request: HttpRequest | None = None,
) -> Attachment:
    """Validates the upload (ValidationError by field: `file`, `kind`, `counselling_part`), then
    stores it. `size` is the size received when the bytes were not kept (over the limit)."""
    errors: dict[str, list[str]] = {}
    if (size if size is not None else len(data)) > settings.KSMM_ATTACHMENT_MAX_BYTES:
        errors.setdefault("file", []).append(too_large_message())
    else:
        try:
            checked_type(data=data, name=name)
        except ValidationError as error:
            errors.setdefault("file", []).extend(error.messages)
    if compartment not in COMPARTMENTS_OF_KIND.get(kind, frozenset()):
        errors.setdefault("kind", []).append(str(WHERE_IT_BELONGS.get(kind, _("Choose the kind of document."))))
    if compartment == Compartment.COUNSELLING and not counselling_part:
        errors.setdefault("counselling_part", []).append(_("Choose the part of the counselling it belongs to."))
    if errors:
        raise ValidationError(errors)
    return do_upload(
        acting_user=acting_user,
        organisation=organisation,
        case=case,
        compartment=compartment,
        counselling_part=counselling_part if compartment == Compartment.COUNSELLING else "",
        kind=kind,
        title=title,
        data=data,
        request=request,
    )


def do_upload(
    *,
    acting_user: User | None,
    organisation: Organisation,
    case: Case,
    compartment: str,
    counselling_part: str,
    kind: str,
    title: str,
    data: bytes,
    request: HttpRequest | None = None,
) -> Attachment:
    """Encrypts and stores the bytes, then records the attachment and its upload in the audit trail."""
    content_type = checked_type(data=data, name="")
    schema = current_schema()
    storage_key = sealing.store(data, schema=schema)
    try:
        with transaction.atomic():
            attachment = Attachment.objects.create(
                case=case,
                compartment=compartment,
                counselling_part=counselling_part,
                kind=kind,
                title=title,
                content_type=content_type,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                storage_key=storage_key,
                uploaded_by=acting_user,
                uploaded_by_organisation=organisation,
            )
            do_record(
                actor=acting_user,
                action=AuditAction.CREATE,
                obj=attachment,
                compartment=compartment,
                purpose=f"{UPLOAD_PURPOSE}, case {case.pk}",
                request=request,
            )
    except BaseException:
        sealing.discard(storage_key)
        raise
    return attachment


def _discard_on_commit(storage_keys: list[str]) -> None:
    def discard() -> None:
        for storage_key in storage_keys:
            try:
                sealing.discard(storage_key)
            except OSError:
                # The key is random and names no one; the row is gone, so nothing reads the bytes.
                logger.warning("Stored attachment bytes could not be removed: %s", storage_key)

    transaction.on_commit(discard)


def do_delete(
    *, acting_user: User | None, attachment: Attachment, reason: str, request: HttpRequest | None = None
) -> None:
    """Deletes an attachment (authorised by the gate), its reason in the audit trail, its bytes on commit."""
    with transaction.atomic():
        storage_key, pk = attachment.storage_key, attachment.pk
        do_record(
            actor=acting_user,
            action=AuditAction.DELETE,
            obj=attachment,
            compartment=attachment.compartment,
            purpose=f"{DELETE_PURPOSE}, case {attachment.case_id}: {reason}"[:200],
            request=request,
        )
        Attachment.objects.filter(pk=pk).delete()
        _discard_on_commit([storage_key])


def do_delete_case_attachments(*, case: Case) -> int:
    """Deletes every attachment of the case, rows now and bytes on commit (retention); how many."""
    with transaction.atomic():
        rows = Attachment.objects.filter(case=case)
        keys = list(rows.values_list("storage_key", flat=True))
        rows.delete()
        _discard_on_commit(keys)
    return len(keys)
