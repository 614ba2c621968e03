"""Reading the indicator catalogue of the current canton."""

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from .models import CatalogueVersion, Dimension, Indicator


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
