"""The gate for attachments: the case gate, then the attachment's own compartment (and, in the
counselling, its part). Missing, foreign and unreadable attachments answer 404 alike and are
recorded as refused; a download is recorded as a read of the attachment's compartment."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from cases.access import access_case, actor_of
from cases.policy import CaseAccess, Reader
from ksmm.audit.actions import do_record, do_record_denied
from ksmm.audit.models import AuditAction
from ksmm.cantons.current import current_schema
from ksmm.compartments import Compartment

from . import sealing
from .models import Attachment

OBJECT_TYPE = "caseattachments.attachment"
DOWNLOAD_PURPOSE = "attachment download"


def reads(access: CaseAccess, attachment: Attachment) -> bool:
    """Whether the reader of `access` may read the attachment: its compartment, and for the
    counselling its part (a consent opens parts, as for counselling entries)."""
    if attachment.compartment == Compartment.COUNSELLING:
        return attachment.counselling_part in access.counselling_parts
    return access.can_read(attachment.compartment)


def may_delete(access: CaseAccess, attachment: Attachment) -> bool:
    """The organisation that uploaded it, while it writes the compartment, deletes it."""
    return (
        access.can_write(attachment.compartment)
        and attachment.uploaded_by_organisation_id == access.reader.organisation.pk
    )


def access_attachment(
    *,
    reader: Reader,
    case_id: int | str,
    attachment_id: int | str,
    request: HttpRequest | None = None,
    delete: bool = False,
) -> tuple[CaseAccess, Attachment]:
    """The case decision and the attachment, if the reader may read it (and delete it, with
    delete=True: 403 when readable but not the reader's to delete)."""
    access = access_case(membership=reader, case_id=case_id, request=request)
    try:
        pk = int(attachment_id)
    except (TypeError, ValueError):
        raise Http404 from None
    attachment = Attachment.objects.filter(case=access.case, pk=pk).first()
    if attachment is None or not reads(access, attachment):
        do_record_denied(
            actor=actor_of(reader, request),
            request=request,
            object_type=OBJECT_TYPE,
            object_id=str(pk),
            compartment=attachment.compartment if attachment is not None else "",
        )
        raise Http404
    if delete and not may_delete(access, attachment):
        do_record_denied(
            actor=actor_of(reader, request), request=request, obj=attachment, compartment=attachment.compartment
        )
        raise PermissionDenied
    return access, attachment


def download(*, access: CaseAccess, attachment: Attachment, request: HttpRequest | None = None) -> bytes:
    """The attachment's plaintext, its read recorded first (actor, case, attachment; no title)."""
    do_record(
        actor=actor_of(access.reader, request),
        action=AuditAction.READ,
        obj=attachment,
        compartment=attachment.compartment,
        purpose=f"{DOWNLOAD_PURPOSE}, case {attachment.case_id}",
        request=request,
    )
    return sealing.load(schema=current_schema(), storage_key=attachment.storage_key)
