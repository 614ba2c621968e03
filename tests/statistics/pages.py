"""Reading the dashboard's HTML in tests: its charts (SVG) and data tables, parsed as XML."""

import re
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
SUPPRESSED_TEXT = "•suppressed"


def svgs(page: str) -> dict[str, ET.Element]:
    """Every chart of the page by its table's key (from the ids of its title)."""
    charts = {}
    for source in re.findall(r"<svg .*?</svg>", page, flags=re.S):
        root = ET.fromstring(source)  # noqa: S314 - our own page, in a test
        title = root.find(f"{SVG}title")
        assert title is not None
        charts[title.attrib["id"].removeprefix("chart-").removesuffix("-title")] = root
    return charts


def data_tables(page: str) -> dict[str, ET.Element]:
    found = re.findall(r'(<table class="table data-table" id="table-([\w-]+)">.*?</table>)', page, flags=re.S)
    return {key: ET.fromstring(source) for source, key in found}  # noqa: S314 - our own page, in a test


def text(element: ET.Element) -> str:
    return "".join(element.itertext()).strip()


def table_cells(table: ET.Element) -> dict[tuple[str, str], str]:
    """(row label, column header) → the cell's text, "•suppressed" for a suppressed cell."""
    columns = [text(th) for th in table.findall("./thead/tr/th")][1:]
    cells = {}
    for row in table.findall("./tbody/tr"):
        label = text(row.find("th"))  # type: ignore[arg-type]
        for column, cell in zip(columns, row.findall("td"), strict=True):
            cells[(label, column)] = text(cell)
    return cells


def chart_marks(chart: ET.Element) -> list[str]:
    """The title of every mark (bar, point, tile): "row · column: value" or "row: value"."""
    return [text(title) for mark in chart.iter(f"{SVG}g") if (title := mark.find(f"{SVG}title")) is not None]
