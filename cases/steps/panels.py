"""The steps section of the case page: open tasks, each kind of step with what the reader may
see of its latest record, and the buttons to record a step for those who may write it."""

from dataclasses import dataclass
from typing import Any

from cases.panels import CasePanel, register_case_panel
from cases.policy import CaseAccess
from ksmm.compartments import Compartment

from .kinds import KINDS, StepKind, Visibility
from .models import Step
from .queries import display, open_tasks, page_steps


@dataclass
class PanelLine:
    kind: StepKind
    count: int
    latest: list[tuple[str, str]]
    can_write: bool


def headline(kind: StepKind, step: Step) -> list[tuple[str, str]]:
    """The panel fields are core data or harmless dates and kinds, never free text or addresses."""
    return [
        (str(getattr(step._meta.get_field(name), "verbose_name", name)), display(step, name))
        for name in kind.panel_fields
    ]


def steps_panel(*, access: CaseAccess) -> dict[str, Any]:
    case, readable = access.case, access.readable
    lines: list[PanelLine] = []
    for kind in KINDS:
        if not kind.applies_to(case):
            continue
        visibility = kind.visibility(readable=readable, parts=access.counselling_parts)
        writable = access.can_write(kind.compartment)
        if kind.key == "closure":
            writable = False  # closed on the closing page (closing.py), linked from the panel
        if visibility == Visibility.NONE and not writable:
            continue
        steps = page_steps(access=access)[kind.key] if visibility != Visibility.NONE else []
        latest = steps[0] if steps else None
        lines.append(
            PanelLine(
                kind=kind,
                count=len(steps),
                latest=headline(kind, latest) if latest else [],
                can_write=writable,
            )
        )
    return {"lines": lines, "tasks": open_tasks(access=access)}


register_case_panel(
    CasePanel(template_name="casesteps/_case_panel.html", compartment=Compartment.CORE, context=steps_panel)
)
