"""The attachments section of the case page: per compartment the reader reads, its attachments,
and an upload form for each compartment the reader writes."""

from typing import Any

from cases.panels import CasePanel, register_case_panel
from cases.policy import CaseAccess
from ksmm.compartments import Compartment

from .forms import UploadForm
from .queries import CompartmentAttachments, attachments_by_compartment


def attachments_panel(*, access: CaseAccess) -> dict[str, Any]:
    return {"sections": sections(access=access, ask_first=True)}


def sections(*, access: CaseAccess, ask_first: bool = False) -> list[tuple[CompartmentAttachments, UploadForm | None]]:
    """Each compartment the reader reads with its attachments, and an empty upload form if they write it."""
    return [
        (group, UploadForm(compartment=group.compartment) if group.can_upload else None)
        for group in attachments_by_compartment(access=access, ask_first=ask_first)
    ]


register_case_panel(
    CasePanel(template_name="caseattachments/_case_panel.html", compartment=Compartment.CORE, context=attachments_panel)
)
