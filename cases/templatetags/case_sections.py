"""`{% case_sections case as sections %}`: the case's sub-navigation on every page of a case, from
the decision the page's gate already made for this request (cases.access.decision_on)."""

from typing import Any

from django import template

from ..access import decision_on
from ..models import Case
from ..panels import SectionLink, sections_for

register = template.Library()


@register.simple_tag(takes_context=True)
def case_sections(context: dict[str, Any], case: Case) -> list[SectionLink]:
    request = context.get("request")
    membership = getattr(request, "membership", None)
    if membership is None:
        return []
    return sections_for(access=decision_on(membership=membership, case=case, request=request))
