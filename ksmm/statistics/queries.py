"""What the statistics pages read: the latest dashboard release, its cells, round-table health.

Nothing here reads a canton's schema or the raw aggregates: only what a release published.
Each function is one query.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.http import Http404

from ksmm.cantons.registry import CANTONS

from .catalogue import SWITZERLAND
from .models import CantonHealth, PeriodKind, Release, ReleasedCell

# (canton, period kind, period start, measure, dimension, value, form) → count, None if suppressed.
CellKey = tuple[str, str, datetime.date, str, str, str, str]
Cells = dict[CellKey, int | None]
CANTON_ORDER = tuple(record.code.lower() for record in CANTONS)  # by BFS number


@dataclass(frozen=True)
class CellRequest:
    """One slice of a release to read: cantons x periods x measures, all dimensions or totals only."""

    cantons: tuple[str, ...]
    period_kind: str
    measures: tuple[str, ...]
    period_start: datetime.date | None = None  # None: every period of the kind
    totals_only: bool = False
    form: str | None = None  # None: every form

    def condition(self) -> Q:
        condition = Q(canton__in=self.cantons, period_kind=self.period_kind, measure__in=self.measures)
        if self.period_start is not None:
            condition &= Q(period_start=self.period_start)
        if self.totals_only:
            condition &= Q(dimension="")
        if self.form is not None:
            condition &= Q(form=self.form)
        return condition


def latest_dashboard_release() -> Release | None:
    """The release the dashboard shows: the newest one."""
    return Release.objects.filter(kind=Release.Kind.DASHBOARD).order_by("-created_at", "-pk").first()


def release_years(*, release: Release, canton: str) -> list[int]:
    """The years the release counts for `canton` (or Switzerland), oldest first."""
    starts = (
        ReleasedCell.objects.filter(
            release=release,
            canton=canton,
            period_kind=PeriodKind.YEAR,
            measure="cases_opened",
            dimension="",
            form="all",
        )
        .values_list("period_start", flat=True)
        .distinct()
        .order_by("period_start")
    )
    return [start.year for start in starts]


def released_cells(*, release: Release, requests: Iterable[CellRequest]) -> Cells:
    """The cells of every request, read in one query."""
    condition = Q()
    for request in requests:
        condition |= request.condition()
    rows = ReleasedCell.objects.filter(condition, release=release).values_list(
        "canton", "period_kind", "period_start", "measure", "dimension", "value", "form", "count"
    )
    return {
        (canton, kind, start, measure, dimension, value, form): count
        for canton, kind, start, measure, dimension, value, form, count in rows
    }


def canton_health(*, year: int, canton: str) -> list[tuple[str, CantonHealth]]:
    """(lower-case canton code, health) for `year`: every canton for Switzerland, else the one."""
    rows = CantonHealth.objects.filter(year=year).annotate(code=Lower("canton__code")).order_by()
    if canton != SWITZERLAND:
        rows = rows.filter(canton__code=canton.upper())
    found = {str(health.code): health for health in rows}
    return [(code, found[code]) for code in CANTON_ORDER if code in found]


def open_data_releases() -> QuerySet[Release]:
    """The open-data releases, newest first: public to everyone."""
    return Release.objects.filter(kind=Release.Kind.OPEN_DATA).order_by("-created_at", "-pk")


def open_data_release(release_id: int) -> Release:
    """An open-data release by id; 404 for any other id, a dashboard release's included."""
    release = open_data_releases().filter(pk=release_id).first()
    if release is None:
        raise Http404
    return release
