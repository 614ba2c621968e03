"""Writes to the partner directory: already authorised by the caller, audited."""

from django.db import transaction

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditEntry

from .models import ContactPerson, Organisation


def default_group(organisation: Organisation) -> str:
    """The round-table group an entry gets when the coordinator picks none: the specialised NGO for
    victims of trafficking belongs to the core group (guidelines 2005, 3.3); others to no group."""
    if organisation.type == Organisation.Type.NGO and organisation.specialised_in_trafficking:
        return Organisation.Group.CORE
    return Organisation.Group.NONE


def group_was_picked(*, organisation: Organisation, group_given: bool, group_changed: bool) -> bool:
    """Whether the coordinator decided the group: not when none was given; on an entry just marked
    specialised only by changing it at the same time (else the specialised NGO's default applies)."""
    if not group_given:
        return False
    if organisation.pk is None:
        return True
    stored = Organisation.objects.filter(pk=organisation.pk).values_list("specialised_in_trafficking", flat=True)
    newly_specialised = organisation.specialised_in_trafficking and not stored.first()
    return group_changed or not newly_specialised


def do_save_organisation(*, acting_user: User, organisation: Organisation, group_picked: bool = True) -> Organisation:
    """Creates or updates a validated organisation of the current canton; without a group picked,
    it gets the default group (default_group)."""
    if not group_picked:
        organisation.group = default_group(organisation)
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
