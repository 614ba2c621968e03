"""Sections other apps add to the case page (residence, identification, steps of the case), and
the links of the case's sub-navigation (residence, notices, steps: pages of apps above cases).

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

from django.urls import reverse
from django.utils.functional import Promise

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


@dataclass(frozen=True, kw_only=True)
class CaseSection:
    """A page of the case, linked from the case's sub-navigation for readers of its compartment.

    `url_name` takes the case id as its only argument; `order` places it among the others."""

    label: Promise
    url_name: str
    compartment: str = Compartment.CORE
    order: int = 50


@dataclass(frozen=True)
class SectionLink:
    label: str
    url: str


_SECTIONS: list[CaseSection] = []


def register_case_section(section: CaseSection) -> CaseSection:
    if section not in _SECTIONS:
        _SECTIONS.append(section)
    return section


def sections_for(*, access: CaseAccess) -> list[SectionLink]:
    """The sub-navigation of the case page: the sections this reader's decision lets them read."""
    return [
        SectionLink(label=str(section.label), url=reverse(section.url_name, args=[access.case.pk]))
        for section in sorted(_SECTIONS, key=lambda section: section.order)
        if access.can_read(section.compartment)
    ]
