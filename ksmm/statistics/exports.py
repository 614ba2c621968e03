"""The dashboard's tables as CSV and XLSX, with the filters the reader chose.

A suppressed cell is exported empty, with a flag column beside each count column saying so
(1 suppressed, 0 shown), so a spreadsheet can neither mistake it for 0 nor sum over it unaware.
Every text passes through `safe_cell`: no cell a spreadsheet would run as a formula.
"""

import csv
import io
from collections.abc import Iterator

from django.utils import formats
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ksmm.audit.export import safe_cell

from .dashboard import Dashboard, canton_names
from .tables import Table, is_suppressed

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEALTH = "health"


def header(table: Table) -> list[str]:
    columns = [str(table.row_header)]
    for column in table.columns:
        columns += [str(column), _("%(column)s: suppressed (1 = yes)") % {"column": column}]
    return columns


def rows(table: Table) -> Iterator[list[str | int | None]]:
    for row in table.rows:
        line: list[str | int | None] = [str(row.label)]
        for cell in row.cells:
            if is_suppressed(cell) or not row.reported:
                line += [None, 1 if is_suppressed(cell) else 0]
            else:
                line += [cell if isinstance(cell, int) else None, 0]
        yield line


def health_table(dashboard: Dashboard) -> tuple[list[str], list[list[str | int | None]]]:
    head = [
        _("Canton"), _("A round table exists"), _("A co-operation agreement is adopted and valid"),
        _("Agreement valid until"), _("Meetings this year"),
    ]  # fmt: skip
    body: list[list[str | int | None]] = [
        [
            name,
            1 if health.round_table_exists else 0,
            1 if health.agreement_valid else 0,
            health.agreement_valid_until.isoformat() if health.agreement_valid_until else None,
            health.meetings,
        ]
        for _code, name, health in dashboard.health
    ]
    return head, body


def _lines(dashboard: Dashboard, key: str) -> tuple[list[str], list[list[str | int | None]]]:
    if key == HEALTH:
        return health_table(dashboard)
    table = dashboard.tables[key]
    return header(table), list(rows(table))


def table_csv(dashboard: Dashboard, key: str) -> str:
    """One table as CSV (UTF-8 with a BOM, so that spreadsheets read the accents)."""
    head, body = _lines(dashboard, key)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(cell) for cell in head])
    for line in body:
        writer.writerow(["" if cell is None else safe_cell(cell) for cell in line])
    return "\ufeff" + buffer.getvalue()


def workbook(dashboard: Dashboard, keys: list[str]) -> bytes:
    """A workbook: a first sheet on the release and the filters, then one sheet per table."""
    book = Workbook()
    about = book.active
    assert about is not None  # noqa: S101 - a new workbook has its sheet
    about.title = _("About")[:31]
    for fact in about_lines(dashboard):
        about.append([safe_cell(cell) for cell in fact])
    about.column_dimensions["A"].width = 40
    about.column_dimensions["B"].width = 60
    titles = {key: str(table.title) for key, table in dashboard.tables.items()}
    titles[HEALTH] = _("Round-table health")
    for key in keys:
        sheet = book.create_sheet(key[:31])
        head, body = _lines(dashboard, key)
        sheet.append([safe_cell(titles[key])])
        sheet["A1"].font = Font(bold=True)
        sheet.append([safe_cell(cell) for cell in head])
        for heading in sheet[2]:
            heading.font = Font(bold=True)
        for line in body:
            sheet.append([safe_cell(cell) if isinstance(cell, str) else cell for cell in line])
        sheet.column_dimensions["A"].width = 42
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def about_lines(dashboard: Dashboard) -> list[list[str]]:
    release, scope = dashboard.release, dashboard.scope
    names = canton_names()
    period = str(scope.year) + (f" Q{scope.quarter}" if scope.quarter else "")
    return [
        [_("Release"), formats.date_format(release.created_at, "DATE_FORMAT")],
        [_("Version of the counting rules"), release.rules_version],
        [_("Suppression threshold"), str(release.threshold)],
        [_("Canton"), names.get(scope.canton.upper(), _("Switzerland (all cantons)"))],
        [_("Period"), period],
        [_("Form of exploitation"), scope.form],
        [
            _("Disclosure control"),
            _(
                "Empty cells with the flag 1 are suppressed: below the threshold, or suppressed so that a "
                "small cell cannot be derived from totals or differences."
            ),
        ],
    ]


def file_name(dashboard: Dashboard, key: str, extension: str) -> str:
    scope = dashboard.scope
    period = f"{scope.year}" + (f"-q{scope.quarter}" if scope.quarter else "")
    return f"ksmm-statistics-{key}-{scope.canton}-{period}-{scope.form}.{extension}"
