"""Reading the indicator catalogue of the current canton."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from cases.models import Case
from cases.policy import CaseAccess
from ksmm.compartments import Compartment

from .models import Assessment, CatalogueVersion, Checklist, Dimension, ExploitationForm, Indicator, Strength, Target


def current_catalogue() -> CatalogueVersion:
    """The newest catalogue version already valid today; every canton has at least version 1."""
    today = timezone.localdate()
    catalogue = CatalogueVersion.objects.filter(valid_from__lte=today).order_by("-valid_from", "-version").first()
    return catalogue or CatalogueVersion.objects.order_by("version").get()


def dimensions_with_indicators(
    *, catalogue: CatalogueVersion, active_only: bool = True, target: str = "", form: str = ""
) -> QuerySet[Dimension]:
    """The dimensions of `catalogue` with their indicators prefetched (two queries)."""
    indicators = Indicator.objects.order_by("order", "pk")
    if active_only:
        indicators = indicators.filter(is_active=True)
    if target:
        indicators = indicators.filter(target__in=[target, "all"])
    if form:
        indicators = indicators.filter(exploitation_form__in=[form, "both"])
    return catalogue.dimensions.prefetch_related(Prefetch("indicators", queryset=indicators))


def cantonal_indicator(*, indicator_id: int) -> Indicator | None:
    """A canton's own indicator; the default catalogue is not edited here."""
    return Indicator.objects.filter(pk=indicator_id, is_cantonal=True).select_related("dimension").first()


@dataclass
class ChecklistItem:
    indicator: Indicator
    observed: bool
    note: str


@dataclass
class ChecklistGroup:
    dimension: Dimension
    items: list[ChecklistItem]


def checklist_of(*, case: Case) -> Checklist | None:
    return Checklist.objects.select_related("updated_by_organisation", "catalogue").filter(case=case).first()


def checklist_with_observations(*, pk: int) -> Checklist:
    """A checklist with its observations and their indicators, as the API shows it."""
    return Checklist.objects.prefetch_related("observations__indicator").select_related("catalogue").get(pk=pk)


def checklist_groups(*, case: Case, checklist: Checklist | None) -> list[ChecklistGroup]:
    """The indicators that fit the case (target group, form of exploitation) by dimension, with
    what was observed; an observed indicator is always shown, even when it no longer fits."""
    catalogue = checklist.catalogue if checklist else current_catalogue()
    observed = {o.indicator_id: o.note for o in checklist.observations.all()} if checklist else {}
    target = Target.CHILDREN if case.is_minor else Target.ADULTS
    form = getattr(case, "exploitation_type", "")
    groups = []
    for dimension in dimensions_with_indicators(catalogue=catalogue, active_only=False):
        items = [
            ChecklistItem(indicator=indicator, observed=indicator.pk in observed, note=observed.get(indicator.pk, ""))
            for indicator in dimension.indicators.all()
            if indicator.pk in observed
            or (
                indicator.is_active
                and indicator.target in (target, Target.ALL)
                and (
                    form not in ExploitationForm.values or indicator.exploitation_form in (form, ExploitationForm.BOTH)
                )
            )
        ]
        if items:
            groups.append(ChecklistGroup(dimension=dimension, items=items))
    return groups


def observed_strengths(groups: list[ChecklistGroup]) -> dict[str, int]:
    counts = dict.fromkeys(Strength.values, 0)
    for group in groups:
        for item in group.items:
            if item.observed:
                counts[item.indicator.strength] += 1
    return counts


def assessments_of(*, case: Case) -> QuerySet[Assessment]:
    return Assessment.objects.filter(case=case).select_related("decided_by", "decided_by_organisation")


def page_assessments(*, access: CaseAccess) -> list[Assessment]:
    """The case's assessments, latest first, read once for the case page's panel and timeline."""
    return access.loaded("identification:assessments", lambda: list(assessments_of(case=access.case)))


def page_checklist(*, access: CaseAccess) -> Checklist | None:
    """The checklist with its number of observations (`observed`), read once for the case page.

    Identity data: only for readers of the identity compartment (the caller asks the decision).
    """
    return access.loaded(
        "identification:checklist",
        lambda: (
            Checklist.objects.filter(case=access.case)
            .select_related("updated_by_organisation")
            .annotate(observed=Count("observations"))
            .first()
        ),
    )


def observations_left_on_transfer(*, access: CaseAccess) -> list[dict[str, str]]:
    """What the sending canton observed with indicators this canton's catalogue lacks (code,
    wording, note), kept in the transfer's summary (transfers.py): identity data, for readers
    of the identity compartment. No query for a case that did not come from another canton."""
    if access.case.source != Case.Source.OTHER_CANTON or not access.can_read(Compartment.IDENTITY):
        return []
    from cases.transfers.models import IncomingTransfer

    from .transfers import LEFT_TEXT

    carried = IncomingTransfer.objects.filter(case=access.case).values_list("carried", flat=True).first() or {}
    return list(carried.get(LEFT_TEXT, []))
