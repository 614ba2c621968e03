"""Writing counselling entries and evidence notes (the callers passed access_case with write)."""

from datetime import date

from django.db import transaction
from django.http import HttpRequest

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.compartments import Compartment
from ksmm.partners.models import Organisation

from .models import Case, CounsellingEntry, EvidenceNote


def do_add_counselling_entry(
    *,
    acting_user: User | None,
    organisation: Organisation,
    case: Case,
    part: str,
    occurred_on: date,
    text: str,
    confidential_address: str = "",
    request: HttpRequest | None = None,
) -> CounsellingEntry:
    with transaction.atomic():
        entry = CounsellingEntry.objects.create(
            case=case,
            author_organisation=organisation,
            author_user_id=acting_user.pk if acting_user else None,
            part=part,
            occurred_on=occurred_on,
            text=text,
            confidential_address=confidential_address,
        )
        do_record(
            actor=acting_user,
            action=AuditAction.CREATE,
            obj=entry,
            compartment=Compartment.COUNSELLING,
            purpose=part,
            request=request,
        )
    return entry


def do_add_evidence_note(
    *,
    acting_user: User | None,
    organisation: Organisation,
    case: Case,
    text: str,
    reference: str = "",
    request: HttpRequest | None = None,
) -> EvidenceNote:
    with transaction.atomic():
        note = EvidenceNote.objects.create(
            case=case,
            author_organisation=organisation,
            author_user_id=acting_user.pk if acting_user else None,
            reference=reference,
            text=text,
        )
        do_record(
            actor=acting_user,
            action=AuditAction.CREATE,
            obj=note,
            compartment=Compartment.INVESTIGATION,
            purpose="evidence note",
            request=request,
        )
    return note
