"""The data table that follows every chart, for screen readers and print: the same `Table`.

Written here rather than in a template: the dashboard has some twenty tables, and Django's
template loops over their cells cost more than everything else the page does (bench/statistics_dashboard.py).
Every text is escaped by format_html.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .charts import NO_DATA_SYMBOL, SUPPRESSED_SYMBOL
from .tables import Cell, Row, Table, count_text, is_suppressed


def _cell(cell: Cell, *, suppressed: SafeString, no_data: SafeString, reported: bool) -> SafeString:
    if not reported:
        return no_data
    if is_suppressed(cell):
        return suppressed
    return format_html("{}", count_text(cell))


def data_table(table: Table) -> SafeString:
    """A <table> with its caption, column headers and one header cell per row."""
    suppressed = format_html(
        '<span class="suppressed"><span aria-hidden="true">{}</span><span class="visually-hidden">{}</span></span>',
        SUPPRESSED_SYMBOL,
        _("suppressed"),
    )
    no_data = format_html(
        '<span class="no-data">{}<span class="visually-hidden"> {}</span></span>', NO_DATA_SYMBOL, _("no data")
    )
    unit = format_html(" ({})", table.unit) if table.unit else ""
    head = format_html_join("", '<th scope="col" class="number">{}</th>', ((column,) for column in table.columns))

    def row_html(row: Row) -> SafeString:
        cells = mark_safe("".join(  # noqa: S308 - each cell is built by format_html
            f'<td class="number">{_cell(cell, suppressed=suppressed, no_data=no_data, reported=row.reported)}</td>'
            for cell in row.cells
        ))  # fmt: skip
        return format_html('<tr><th scope="row">{}</th>{}</tr>', row.label, cells)

    body = mark_safe("".join(row_html(row) for row in table.rows))  # noqa: S308 - rows built by format_html
    return format_html(
        '<table class="table data-table" id="table-{}"><caption>{}{}</caption>'
        '<thead><tr><th scope="col">{}</th>{}</tr></thead><tbody>{}</tbody></table>',
        table.key, table.title, unit, table.row_header, head, body,
    )  # fmt: skip
