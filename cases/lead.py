"""The lead organisation of a case: the party that closes it after asking the others.

The first party (the intake organisation) leads unless the lead passes to another party; a
lead that withdraws names its successor. One lead per case (a database constraint).
"""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.compartments import Compartment
from ksmm.partners.models import Organisation

from .models import Case, CaseParty


class LeadRefused(Exception):
    """A hand-over of the lead the rules do not allow; the message is shown to the user."""


def lead_party(*, case_id: int) -> CaseParty | None:
    return CaseParty.objects.select_related("organisation").filter(case_id=case_id, is_lead=True).first()


def is_lead(*, case_id: int, organisation_id: int) -> bool:
    return CaseParty.objects.filter(case_id=case_id, organisation_id=organisation_id, is_lead=True).exists()


def do_take_lead_if_none(*, case: Case, party: CaseParty) -> None:
    """A case without a lead (its first party, or the lead left without a successor) is led by `party`."""
    if party.left_at is None and not CaseParty.objects.filter(case=case, is_lead=True).exists():
        party.is_lead = True
        party.save(update_fields=["is_lead"])


def do_hand_over_lead(*, acting_user: User | None, case: Case, to: Organisation) -> CaseParty:
    """The lead passes to another organisation still working on the case."""
    with transaction.atomic():
        successor = (
            CaseParty.objects.select_for_update().filter(case=case, organisation=to, left_at__isnull=True).first()
        )
        if successor is None:
            raise LeadRefused(_("The lead can pass only to an organisation working on the case."))
        CaseParty.objects.filter(case=case, is_lead=True).exclude(pk=successor.pk).update(is_lead=False)
        if not successor.is_lead:
            successor.is_lead = True
            successor.save(update_fields=["is_lead"])
        do_record(
            actor=acting_user, action=AuditAction.UPDATE, obj=case, compartment=Compartment.CORE,
            purpose="lead handed over", recipient_organisation_id=to.pk,
        )  # fmt: skip
    return successor
