"""The identification section of the case page: the assessment (core), the checklist's count
(identity readers only) and the quick assessment form for those who may write the core."""

from typing import Any

from cases.panels import CasePanel, register_case_panel
from cases.policy import CaseAccess
from ksmm.compartments import Compartment

from .forms import AssessmentForm
from .models import Observation
from .queries import assessments_of


def identification_panel(*, access: CaseAccess) -> dict[str, Any]:
    case = access.case
    shows_checklist = access.can_read(Compartment.IDENTITY)
    return {
        "latest": assessments_of(case=case).first(),
        "observed": Observation.objects.filter(checklist__case=case).count() if shows_checklist else None,
        "can_assess": access.can_write(Compartment.CORE),
        "form": AssessmentForm(),
    }


register_case_panel(
    CasePanel(
        template_name="identification/_case_panel.html", compartment=Compartment.CORE, context=identification_panel
    )
)
