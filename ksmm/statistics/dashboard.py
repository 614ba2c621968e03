"""The dashboard as tables: what one reader sees of one release for one choice of filters.

`build_dashboard` reads the release once (queries.released_cells) and turns its cells into the
tables of each section. A cell missing from the release counts 0 (the release leaves out empty
cells); a canton with no cell at all is marked as not reported. Suppressed cells stay suppressed.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ksmm.cantons.registry import CANTONS

from . import charts
from .catalogue import (
    AGE_BAND,
    ALL_FORMS,
    CLOSURE_OUTCOME,
    FIRST_CONTACT,
    FORM,
    MINOR,
    NATIONALITY_REGION,
    NOTICE_TIMING,
    PERMIT_KIND,
    PLACE,
    REFLECTION_LENGTH,
    RESIDENCE_STATUS,
    SEX,
    SOURCE,
    UNITS,
    Dimension,
    measure,
)
from .data_tables import data_table
from .models import CantonHealth, PeriodKind, Release
from .queries import CellRequest, Cells, canton_health, release_years, released_cells
from .tables import SUPPRESSED, Cell, Row, Table

TREND_MEASURES = ("cases_opened", "victims_identified", "offences")
MAP_MEASURES = ("victims_identified", "cases_opened")
VICTIM_DIMENSIONS = (SEX, AGE_BAND, MINOR, RESIDENCE_STATUS, NATIONALITY_REGION, PLACE, SOURCE)
CANTON_CODES = tuple(record.code.lower() for record in CANTONS)


@dataclass(frozen=True)
class Scope:
    """What the filters chose: a canton (or Switzerland), a year or one of its quarters, a form."""

    canton: str
    year: int
    quarter: int | None = None
    form: str = ALL_FORMS

    @property
    def period_kind(self) -> str:
        return PeriodKind.QUARTER if self.quarter else PeriodKind.YEAR

    @property
    def period_start(self) -> datetime.date:
        return datetime.date(self.year, 3 * (self.quarter - 1) + 1 if self.quarter else 1, 1)


@dataclass(frozen=True)
class Figure:
    table: Table
    chart: str  # "bar", "stacked", "line", "map" or "" (table only)

    def table_html(self) -> str:
        return data_table(self.table)

    def svg(self) -> str:
        if self.chart == "line":
            return charts.line_chart(self.table)
        if self.chart == "map":
            return charts.tile_map(self.table, labels=canton_names())
        if self.chart:
            return charts.bar_chart(self.table, stacked=self.chart == "stacked")
        return ""


@dataclass(frozen=True)
class Section:
    key: str
    title: str | Promise
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class Dashboard:
    release: Release
    scope: Scope
    years: list[int]
    sections: tuple[Section, ...]
    health: list[tuple[str, str, CantonHealth]] = field(default_factory=list)  # code, name, health

    @property
    def tables(self) -> dict[str, Table]:
        return {figure.table.key: figure.table for section in self.sections for figure in section.figures}

    @property
    def has_suppressed(self) -> bool:
        return any(table.has_suppressed for table in self.tables.values())


def canton_names() -> dict[str, str]:
    """Each canton's name in the reader's language, by upper-case code (no query)."""
    language = (get_language() or "de")[:2]
    attribute = f"name_{language}" if language in {"de", "fr", "it", "en"} else "name_de"
    return {record.code: getattr(record, attribute) for record in CANTONS}


def build_dashboard(
    *, release: Release, scope: Scope, federal: bool, years: list[int] | None = None, with_health: bool = True
) -> Dashboard:
    """The tables for `scope`; `federal` adds the cantons side by side (the tile map)."""
    if years is None:
        years = release_years(release=release, canton=scope.canton)
    requests = [
        CellRequest(
            cantons=(scope.canton,), period_kind=scope.period_kind, period_start=scope.period_start,
            measures=tuple(m for m in _ALL_MEASURES),
        ),
        CellRequest(
            cantons=(scope.canton,), period_kind=PeriodKind.YEAR, measures=TREND_MEASURES, totals_only=True,
            form=scope.form,
        ),
    ]  # fmt: skip
    if federal:
        requests.append(
            CellRequest(
                cantons=CANTON_CODES, period_kind=scope.period_kind, period_start=scope.period_start,
                measures=MAP_MEASURES, totals_only=True, form=scope.form,
            )
        )  # fmt: skip
    reader = _Reader(released_cells(release=release, requests=requests), scope)
    sections = [
        Section("trends", _("Trends per year"), (Figure(reader.trends(years), "line"),)),
        Section("forms", _("Forms of exploitation"), (Figure(reader.forms(), "bar"),)),
    ]
    if federal:
        sections.append(Section("cantons", _("Cantons"), (Figure(reader.cantons(), "map"),)))
    sections += [
        Section(
            "victims",
            _("Presumed victims"),
            tuple(Figure(reader.victims_by(dimension), "bar") for dimension in VICTIM_DIMENSIONS),
        ),
        Section("indicators", _("Indicators of the co-operation mechanism"), reader.indicators()),
    ]
    health = health_rows(scope) if with_health else []
    return Dashboard(release=release, scope=scope, years=years, sections=tuple(sections), health=health)


def health_rows(scope: Scope) -> list[tuple[str, str, CantonHealth]]:
    """(code, name, health) of each canton the scope covers, for the year of the scope."""
    names = canton_names()
    return [(code, names[code.upper()], row) for code, row in canton_health(year=scope.year, canton=scope.canton)]


def scope_query(scope: Scope, *, federal: bool) -> str:
    """The filters as a query string, for the links of the page (never personal data)."""
    filters = {"year": scope.year, "quarter": scope.quarter or "", "form": scope.form}
    if federal:
        filters["canton"] = scope.canton
    return urlencode(filters)


_ALL_MEASURES = (
    "cases_opened",
    "cases_closed",
    "victims_identified",
    "offences",
    "reflection_requested",
    "reflection_decided",
    "reflection_length",
    "permits_requested",
    "permits_granted",
    "notice_timing",
    "first_aid_contact",
)


def _unit(measure_key: str) -> Promise:
    return UNITS[measure(measure_key).unit]


class _Reader:
    """Looks cells up for one scope and lays them out as tables."""

    def __init__(self, cells: Cells, scope: Scope) -> None:
        self.cells = cells
        self.scope = scope
        self.reported = {key[0] for key in cells}

    def cell(
        self,
        measure_key: str,
        *,
        dimension: str = "",
        value: str = "",
        form: str | None = None,
        canton: str | None = None,
        period: tuple[str, datetime.date] | None = None,
    ) -> Cell:
        kind, start = period or (self.scope.period_kind, self.scope.period_start)
        key = (canton or self.scope.canton, kind, start, measure_key, dimension, value, form or self.scope.form)
        if key not in self.cells:
            return 0
        count = self.cells[key]
        return SUPPRESSED if count is None else count

    def _by_dimension(self, key: str, measure_key: str, dimension: Dimension, title: Promise | str) -> Table:
        return Table(
            key=key,
            title=title,
            description=measure(measure_key).description,
            row_header=dimension.label,
            columns=(measure(measure_key).label,),
            rows=tuple(
                Row(value, label, (self.cell(measure_key, dimension=dimension.key, value=value),))
                for value, label in dimension.values
            ),
            unit=_unit(measure_key),
        )

    def trends(self, years: list[int]) -> Table:
        return Table(
            key="trends",
            title=_("Cases, presumed victims and offences per year"),
            description=_(
                "Cases, persons and offences are counted apart: one case can concern several persons, "
                "one person several offences. The three lines are never added up."
            ),
            row_header=_("Year"),
            columns=tuple(measure(key).label for key in TREND_MEASURES),
            rows=tuple(
                Row(
                    str(year),
                    str(year),
                    tuple(
                        self.cell(key, period=(PeriodKind.YEAR, datetime.date(year, 1, 1))) for key in TREND_MEASURES
                    ),
                )
                for year in years
            ),
            unit=_("number per year"),
        )

    def forms(self) -> Table:
        keys = ("cases_opened", "victims_identified")
        return Table(
            key="forms",
            title=_("Cases and presumed victims by form of exploitation"),
            description=_("Every form of exploitation, whatever the form chosen in the filters."),
            row_header=FORM.label,
            columns=tuple(measure(key).label for key in keys),
            rows=tuple(
                Row(form, label, tuple(self.cell(key, form=form) for key in keys)) for form, label in FORM.values
            ),
            unit=_("cases or persons"),
        )

    def cantons(self) -> Table:
        names = canton_names()
        return Table(
            key="cantons",
            title=_("Presumed victims and cases by canton"),
            description=_(
                "Each canton where the cases were opened. A person identified in two cantons is counted in each."
            ),
            row_header=_("Canton"),
            columns=tuple(measure(key).label for key in MAP_MEASURES),
            rows=tuple(
                Row(
                    code,
                    names[code.upper()],
                    tuple(self.cell(key, canton=code) for key in MAP_MEASURES),
                    reported=code in self.reported,
                )
                for code in CANTON_CODES
            ),
            unit=_("persons"),
        )

    def victims_by(self, dimension: Dimension) -> Table:
        return self._by_dimension(f"victims_{dimension.key}", "victims_identified", dimension, dimension.label)

    def indicators(self) -> tuple[Figure, ...]:
        reflection = Table(
            key="reflection",
            title=_("Recovery and reflection periods"),
            description=_("Requests by the date of the request; decisions by the date of the decision."),
            row_header=_("Step"),
            columns=(_("Reflection periods"),),
            rows=(
                Row("requested", _("Requested"), (self.cell("reflection_requested"),)),
                Row(
                    "granted",
                    _("Granted"),
                    (self.cell("reflection_decided", dimension="reflection_decision", value="granted"),),
                ),
                Row(
                    "refused",
                    _("Refused"),
                    (self.cell("reflection_decided", dimension="reflection_decision", value="refused"),),
                ),
            ),
            unit=UNITS["periods"],
        )
        permit_keys = ("permits_requested", "permits_granted")
        permits = Table(
            key="permits",
            title=_("L and B permits"),
            description=measure("permits_requested").description,
            row_header=PERMIT_KIND.label,
            columns=tuple(measure(key).label for key in permit_keys),
            rows=tuple(
                Row(kind, label, tuple(self.cell(key, dimension="permit_kind", value=kind) for key in permit_keys))
                for kind, label in PERMIT_KIND.values
            ),
            unit=UNITS["permits"],
        )
        return (
            Figure(self._by_dimension("notice_timing", "notice_timing", NOTICE_TIMING, NOTICE_TIMING.label), "bar"),
            Figure(
                self._by_dimension("first_aid_contact", "first_aid_contact", FIRST_CONTACT, FIRST_CONTACT.label), "bar"
            ),
            Figure(reflection, "bar"),
            Figure(
                self._by_dimension(
                    "reflection_length", "reflection_length", REFLECTION_LENGTH, REFLECTION_LENGTH.label
                ),
                "bar",
            ),
            Figure(permits, "bar"),
            Figure(
                self._by_dimension("closures", "cases_closed", CLOSURE_OUTCOME, _("Cases closed by outcome")), "bar"
            ),
        )
