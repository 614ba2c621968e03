"""Writes to the round table itself and its groups: already authorised by the caller, audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditEntry
from ksmm.partners.actions import default_group
from ksmm.partners.entries import CANTON_CODES
from ksmm.partners.models import ContactPerson, Organisation
from roundtables.models import RoundTable, RoundTableMember

from .assessment import do_ensure_annual_assessment

PURPOSE = "round table"


class RoundTableExists(Exception):
    """A canton has one round table; a second one is refused."""


def _contact_of(contact: ContactPerson | None, organisation: Organisation | None) -> bool:
    return contact is None or (organisation is not None and contact.organisation_id == organisation.pk)


def validate_round_table(round_table: RoundTable) -> None:
    """Raises ValidationError with the fields in error; lists that the scope does not use are emptied."""
    errors: dict[str, str] = {}
    round_table.scope_communes = [name.strip() for name in round_table.scope_communes if name.strip()]
    round_table.scope_cantons = [code.strip().upper() for code in round_table.scope_cantons if code.strip()]
    if round_table.scope != RoundTable.Scope.COMMUNES:
        round_table.scope_communes = []
    elif not round_table.scope_communes:
        errors["scope_communes"] = _("Name the communes the round table covers.")
    if round_table.scope != RoundTable.Scope.CANTONS:
        round_table.scope_cantons = []
    elif unknown := [code for code in round_table.scope_cantons if code not in CANTON_CODES]:
        errors["scope_cantons"] = _("Unknown canton codes: %(codes)s") % {"codes": ", ".join(unknown)}
    elif len(set(round_table.scope_cantons)) < 2:
        errors["scope_cantons"] = _("A round table of several cantons names at least two cantons.")
    if not _contact_of(round_table.chair_contact, round_table.chair_organisation):
        errors["chair_contact"] = _("The chairperson must work for the chairing organisation.")
    if not _contact_of(round_table.steward_contact, round_table.steward_organisation):
        errors["steward_contact"] = _("The person must work for the organisation of the steward or moderator.")
    if errors:
        raise ValidationError(errors)


def check_save_round_table(*, acting_user: User | None, round_table: RoundTable) -> RoundTable:
    """Validates, then creates or updates the canton's round table."""
    validate_round_table(round_table)
    return do_save_round_table(acting_user=acting_user, round_table=round_table)


def do_save_round_table(*, acting_user: User | None, round_table: RoundTable) -> RoundTable:
    action = AuditEntry.Action.UPDATE if round_table.pk else AuditEntry.Action.CREATE
    with transaction.atomic():
        if not round_table.pk and RoundTable.objects.select_for_update().exists():
            raise RoundTableExists(_("This canton already has a round table."))
        round_table.save()
        do_record(actor=acting_user, action=action, obj=round_table, purpose=PURPOSE)
        do_ensure_annual_assessment(round_table=round_table, acting_user=acting_user)
    return round_table


def validate_member(member: RoundTableMember) -> None:
    errors: dict[str, str] = {}
    organisation = member.organisation
    for field in ("representative", "deputy"):
        if not _contact_of(getattr(member, field), organisation):
            errors[field] = _("The representative and the deputy must work for the member organisation.")
    if member.representative_id is not None and member.deputy_id == member.representative_id:
        errors["deputy"] = _("The deputy must be another person than the representative.")
    if member.role == RoundTableMember.Role.OTHER and not member.role_description.strip():
        errors["role_description"] = _("Describe the role of this member.")
    others = RoundTableMember.objects.filter(
        round_table_id=member.round_table_id, organisation_id=member.organisation_id
    )
    if others.exclude(pk=member.pk).exists():
        errors["organisation"] = _("This organisation is already a member of the round table.")
    if errors:
        raise ValidationError(errors)


def member_group(organisation: Organisation) -> str:
    """The group of a member for whom the coordinator picked none: its group in the directory, else
    the core group for the specialised NGO for victims of trafficking (guidelines 3.3), else associate."""
    if organisation.group != Organisation.Group.NONE:
        return organisation.group
    if default_group(organisation) == Organisation.Group.CORE:
        return RoundTableMember.Group.CORE
    return RoundTableMember.Group.ASSOCIATE


def check_save_member(*, acting_user: User | None, member: RoundTableMember) -> RoundTableMember:
    """Validates, then adds or changes a member of the core or associate group (by default the
    one member_group names)."""
    if not member.group:
        member.group = member_group(member.organisation)
    validate_member(member)
    return do_save_member(acting_user=acting_user, member=member)


def do_save_member(*, acting_user: User | None, member: RoundTableMember) -> RoundTableMember:
    """Saves the membership; the directory's group of the organisation follows it."""
    action = AuditEntry.Action.UPDATE if member.pk else AuditEntry.Action.CREATE
    with transaction.atomic():
        member.save()
        do_record(actor=acting_user, action=action, obj=member, purpose=PURPOSE)
        _set_directory_group(acting_user=acting_user, organisation_id=member.organisation_id, group=member.group)
    return member


def do_remove_member(*, acting_user: User | None, member: RoundTableMember) -> None:
    with transaction.atomic():
        do_record(actor=acting_user, action=AuditEntry.Action.DELETE, obj=member, purpose=PURPOSE)
        member.delete()
        _set_directory_group(
            acting_user=acting_user, organisation_id=member.organisation_id, group=Organisation.Group.NONE
        )


def _set_directory_group(*, acting_user: User | None, organisation_id: int, group: str) -> None:
    # The directory filters by group; the round table's membership is where the group is decided.
    if Organisation.objects.filter(pk=organisation_id).exclude(group=group).update(group=group):
        do_record(
            actor=acting_user,
            action=AuditEntry.Action.UPDATE,
            object_type="partners.organisation",
            object_id=str(organisation_id),
            purpose=PURPOSE,
        )
