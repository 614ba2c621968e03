"""The attachments a reader sees on a case, grouped by compartment, in one query."""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from cases.facts import case_has, register_case_fact
from cases.policy import CaseAccess
from ksmm.compartments import Compartment

from .access import may_delete
from .models import Attachment


def readable_attachments(*, access: CaseAccess) -> QuerySet[Attachment]:
    """The case's attachments in the compartments (and counselling parts) the reader reads."""
    plain = access.readable - {Compartment.COUNSELLING.value}
    condition = Q(compartment__in=sorted(plain))
    if access.counselling_parts:
        condition |= Q(compartment=Compartment.COUNSELLING, counselling_part__in=sorted(access.counselling_parts))
    return Attachment.objects.filter(condition, case=access.case).select_related("uploaded_by_organisation")


@dataclass
class CompartmentAttachments:
    """One compartment's attachments as a reader sees them, and whether they may add one."""

    compartment: str
    label: str
    can_upload: bool
    attachments: list[Attachment] = field(default_factory=list)
    deletable: set[int] = field(default_factory=set)


ATTACHMENTS_FACT = "caseattachments"
register_case_fact(ATTACHMENTS_FACT, lambda case: Attachment.objects.filter(case_id=case))


def attachments_by_compartment(*, access: CaseAccess, ask_first: bool = False) -> list[CompartmentAttachments]:
    """Every compartment the reader reads, in the order of the compartments, with its attachments.

    `ask_first`: the case page, where most cases have none, reads the table only if the page's
    one question about such tables (cases/facts.py) found a row."""
    rows = access.loaded(
        "attachments",
        lambda: (
            [] if ask_first and not case_has(access, ATTACHMENTS_FACT) else list(readable_attachments(access=access))
        ),
    )
    groups = [
        CompartmentAttachments(compartment=compartment, label=str(label), can_upload=access.can_write(compartment))
        for compartment, label in Compartment.choices
        if access.can_read(compartment)
    ]
    by_compartment = {group.compartment: group for group in groups}
    for attachment in rows:
        group = by_compartment.get(attachment.compartment)
        if group is not None:
            group.attachments.append(attachment)
            if may_delete(access, attachment):
                group.deletable.add(attachment.pk)
    return groups
