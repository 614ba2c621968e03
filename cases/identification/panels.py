"""The identification section of the case page: the assessment (core), the checklist's count
(identity readers only) and the quick assessment form for those who may write the core."""

from typing import Any

from cases.panels import CasePanel, register_case_panel
from cases.policy import CaseAccess
from ksmm.compartments import Compartment

from .forms import AssessmentForm
from .queries import page_assessments, page_checklist


def identification_panel(*, access: CaseAccess) -> dict[str, Any]:
    observed = None
    if access.can_read(Compartment.IDENTITY):
        checklist = page_checklist(access=access)
        observed = checklist.observed if checklist is not None else 0  # type: ignore[attr-defined]
    assessments = page_assessments(access=access)
    return {
        "latest": assessments[0] if assessments else None,
        "observed": observed,
        "can_assess": access.can_write(Compartment.CORE),
        "form": AssessmentForm(),
    }


register_case_panel(
    CasePanel(
        template_name="identification/_case_panel.html", compartment=Compartment.CORE, context=identification_panel
    )
)
