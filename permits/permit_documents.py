"""Documents of a permit request: kept in the migration office's file, recorded here by reference.

Same shape as actions.py: `check_*` validate with translated messages and are audited.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.compartments import Compartment
from ksmm.partners.models import Organisation

from .models import PermitDocument, PermitRequest


def check_add_document(
    *,
    acting_user: User | None,
    organisation: Organisation,
    permit: PermitRequest,
    title: str,
    file_reference: str,
    added_on: date,
    request: HttpRequest | None = None,
) -> PermitDocument:
    title, file_reference = title.strip(), file_reference.strip()
    if not title or not file_reference:
        raise ValidationError(_("A document needs a title and a file reference."))
    with transaction.atomic():
        document = PermitDocument.objects.create(
            request=permit,
            title=title,
            file_reference=file_reference,
            added_on=added_on,
            added_by_organisation=organisation,
            added_by_user_id=acting_user.pk if acting_user is not None else None,
        )
        do_record(
            actor=acting_user,
            action=AuditAction.CREATE,
            obj=document,
            compartment=Compartment.RESIDENCE,
            purpose="permit document added",
            request=request,
        )
    return document
