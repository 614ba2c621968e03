"""The proceedings section of the case page: the stage and its date of each proceeding, and the
OHG claims with the end of their window (core data, shown to every party)."""

from typing import Any

from cases.panels import CasePanel, register_case_panel
from cases.policy import CaseAccess
from ksmm.compartments import Compartment

from .access import ProceedingsAccess
from .queries import case_proceedings, stage_lines


def proceedings_panel(*, access: CaseAccess) -> dict[str, Any]:
    data = case_proceedings(access=access)
    gate = ProceedingsAccess(access)
    return {
        "rows": [(proceeding, stage_lines(proceeding)[-1:]) for proceeding in data.proceedings],
        "claims": [(claim, data.windows.get(claim.pk)) for claim in data.claims],
        "writes_proceedings": gate.writes_proceedings,
        "writes_claims": gate.writes_claims,
    }


register_case_panel(
    CasePanel(template_name="caseproceedings/_case_panel.html", compartment=Compartment.CORE, context=proceedings_panel)
)
