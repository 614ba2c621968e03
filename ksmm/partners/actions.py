"""Writes to the partner directory: already authorised by the caller, audited."""

from django.db import transaction

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditEntry

from .models import ContactPerson, Organisation


def do_save_organisation(*, acting_user: User, organisation: Organisation) -> Organisation:
    """Creates or updates a validated organisation of the current canton."""
    action = AuditEntry.Action.UPDATE if organisation.pk else AuditEntry.Action.CREATE
    with transaction.atomic():
        organisation.save()
        do_record(actor=acting_user, action=action, obj=organisation, purpose="partner directory")
    return organisation


def do_save_contact(*, acting_user: User, contact: ContactPerson) -> ContactPerson:
    """Creates or updates a validated contact person of an organisation of the current canton."""
    action = AuditEntry.Action.UPDATE if contact.pk else AuditEntry.Action.CREATE
    with transaction.atomic():
        contact.save()
        do_record(actor=acting_user, action=action, obj=contact, purpose="partner directory")
    return contact
