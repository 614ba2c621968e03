"""Sections other apps add to the case page (residence, identification, steps of the case).

An app registers a panel once, e.g. in AppConfig.ready():

    register_case_panel(CasePanel(template_name="permits/_case_panel.html",
                                  compartment=Compartment.CORE, context=residence_panel))

`context(*, access)` gets the gate's decision (`cases.policy.CaseAccess`: the case, what the
reader may read and write) and returns the template's variables (under `panel.data`); the panel
is shown only to readers of its compartment, and any finer distinction (e.g. residence details
versus status and dates) is asked of that decision, never of the policy again.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ksmm.compartments import Compartment

from .policy import CaseAccess

PanelContext = Callable[..., dict[str, Any]]


@dataclass(frozen=True, kw_only=True)
class CasePanel:
    template_name: str
    compartment: str = Compartment.CORE
    context: PanelContext | None = None


@dataclass(frozen=True, kw_only=True)
class RenderedPanel:
    template_name: str
    data: dict[str, Any]


_PANELS: list[CasePanel] = []


def register_case_panel(panel: CasePanel) -> CasePanel:
    if panel not in _PANELS:
        _PANELS.append(panel)
    return panel


def panels_for(*, access: CaseAccess) -> list[RenderedPanel]:
    return [
        RenderedPanel(template_name=panel.template_name, data=panel.context(access=access) if panel.context else {})
        for panel in _PANELS
        if access.can_read(panel.compartment)
    ]
