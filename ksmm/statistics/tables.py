"""The tables of the dashboard: what every chart, data table, export and report is drawn from.

A table is rows (categories: years, forms, cantons, values of a dimension) by columns (series:
measures, kinds of permit). A cell is a count, or `SUPPRESSED` where the release withholds it
(disclosure control); nothing here can turn a suppressed cell back into a number.
"""

from dataclasses import dataclass
from typing import Final

from django.utils.formats import number_format
from django.utils.functional import Promise


class _Suppressed:
    """The one value of a withheld cell; it is not a number and formats to nothing."""

    def __repr__(self) -> str:
        return "SUPPRESSED"


SUPPRESSED: Final = _Suppressed()
Cell = int | _Suppressed


@dataclass(frozen=True)
class Row:
    key: str
    label: str | Promise
    cells: tuple[Cell, ...]
    # False where the canton of a row has no cell in the release at all (not counted yet).
    reported: bool = True


@dataclass(frozen=True)
class Table:
    key: str  # a slug: the export's file name and the anchor of the section
    title: str | Promise
    description: str | Promise
    row_header: str | Promise
    columns: tuple[str | Promise, ...]
    rows: tuple[Row, ...]
    unit: str | Promise = ""

    @property
    def has_suppressed(self) -> bool:
        return any(cell is SUPPRESSED for row in self.rows for cell in row.cells)

    @property
    def largest(self) -> int:
        return max((cell for row in self.rows for cell in row.cells if isinstance(cell, int)), default=0)


def is_suppressed(cell: Cell) -> bool:
    return cell is SUPPRESSED


def count_text(cell: Cell) -> str:
    """A shown count in the reader's language ("1'234" in German); empty for a suppressed cell."""
    return number_format(cell, force_grouping=True) if isinstance(cell, int) else ""
