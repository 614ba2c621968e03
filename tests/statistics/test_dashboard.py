"""The dashboard's page: what it shows, that its charts and tables agree, and what it never shows."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import translation
from django.utils.formats import number_format

from ksmm.accounts.models import User
from ksmm.statistics.catalogue import AGE_BAND, NATIONALITY_REGION, PLACE, RESIDENCE_STATUS, SEX, SOURCE
from ksmm.statistics.models import Release, ReleasedCell
from tests.auth import sign_in
from tests.queries import assert_statements
from tests.statistics.pages import SUPPRESSED_TEXT, chart_marks, data_tables, svgs, table_cells, text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dashboard_release")]

VICTIM_DIMENSIONS = (SEX, AGE_BAND, RESIDENCE_STATUS, NATIONALITY_REGION, PLACE, SOURCE)


def page_of(client: Client, path: str = "/statistics/") -> str:
    with translation.override("en"):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def shown(count: int | None) -> str:
    assert count is not None
    with translation.override("en"):
        return number_format(count, force_grouping=True)


def released(release: Release, *, canton: str, kind: str, start: datetime.date, **fields: str) -> dict[str, int | None]:
    """value → count of the cells of one dimension, read from the release directly."""
    rows = ReleasedCell.objects.filter(
        release=release, canton=canton, period_kind=kind, period_start=start, form="all", measure="victims_identified",
        **fields,
    ).values_list("value", "count")  # fmt: skip
    return dict(rows)


def test_the_analyst_page_runs_a_fixed_number_of_statements(analyst_client: Client) -> None:
    assert_statements(analyst_client, "/statistics/", 9)


def test_the_coordinator_page_runs_a_fixed_number_of_statements(carla_client: Client) -> None:
    assert_statements(carla_client, "/statistics/", 10)


@pytest.mark.parametrize("path", ["/statistics/", "/statistics/?year=2024&quarter=3&form=sexual&canton=ge"])
def test_every_chart_is_an_accessible_svg_without_style_or_script(analyst_client: Client, path: str) -> None:
    page = page_of(analyst_client, path)
    charts = svgs(page)
    assert len(charts) >= 16
    for key, chart in charts.items():
        assert chart.attrib["role"] == "img", key
        assert chart.attrib["aria-labelledby"] == f"chart-{key}-title chart-{key}-desc"
        assert text(chart.find("{http://www.w3.org/2000/svg}desc")), key  # type: ignore[arg-type]
    for source in re.findall(r"<svg .*?</svg>", page, flags=re.S):
        assert "style=" not in source
        assert "<script" not in source
        assert "href" not in source  # nothing fetched from anywhere


def _chart_values(chart_titles: list[str], columns: list[str]) -> dict[tuple[str, str], str]:
    values = {}
    for title in chart_titles:
        label, _sep, value = title.rpartition(": ")
        row, _dot, column = label.partition(" · ")
        values[(row, column or columns[0])] = SUPPRESSED_TEXT if value == "suppressed" else value
    return values


@pytest.mark.parametrize("path", ["/statistics/", "/statistics/?year=2025&quarter=1&form=labour"])
def test_every_data_table_carries_the_numbers_of_its_chart(analyst_client: Client, path: str) -> None:
    page = page_of(analyst_client, path)
    tables, charts = data_tables(page), svgs(page)
    assert set(charts) <= set(tables)
    for key, chart in charts.items():
        cells = table_cells(tables[key])
        columns = sorted({column for _row, column in cells}, key=[c for _r, c in cells].index)
        marks = _chart_values(chart_marks(chart), columns)
        if key == "cantons":  # the tile map draws the first column only, a tile for each canton
            cells = {
                cell: value.replace("– no data", "no data") for cell, value in cells.items() if cell[1] == columns[0]
            }
        assert marks == cells, key


def test_a_suppressed_cell_is_shown_as_the_symbol_never_as_a_number(
    analyst_client: Client, dashboard_release: Release
) -> None:
    page = page_of(analyst_client, "/statistics/?year=2024&canton=ur")
    tables = data_tables(page)
    suppressed_seen = 0
    for dimension in VICTIM_DIMENSIONS:
        counts = released(
            dashboard_release, canton="ur", kind="year", start=datetime.date(2024, 1, 1), dimension=dimension.key
        )
        cells = table_cells(tables[f"victims_{dimension.key}"])
        with translation.override("en"):
            labels = {value: str(label) for value, label in dimension.values}
        for value, count in counts.items():
            shown = cells[(labels[value], "Presumed victims identified")]
            if count is None:
                suppressed_seen += 1
                assert shown == SUPPRESSED_TEXT, (dimension.key, value)
            else:
                assert shown == str(count), (dimension.key, value)  # a small canton: below 1,000
    assert suppressed_seen > 3, "the test release suppresses small cells of a small canton"


def test_the_quarter_filter_shows_the_quarter(analyst_client: Client, dashboard_release: Release) -> None:
    tables = data_tables(page_of(analyst_client, "/statistics/?year=2025&quarter=2&canton=zh"))
    shown_counts = 0
    for dimension in VICTIM_DIMENSIONS:
        counts = released(
            dashboard_release, canton="zh", kind="quarter", start=datetime.date(2025, 4, 1), dimension=dimension.key
        )
        cells = table_cells(tables[f"victims_{dimension.key}"])
        with translation.override("en"):
            labels = {value: str(label) for value, label in dimension.values}
        for value, count in counts.items():
            expected = SUPPRESSED_TEXT if count is None else shown(count)
            assert cells[(labels[value], "Presumed victims identified")] == expected, (dimension.key, value)
            shown_counts += count is not None
    assert shown_counts > 0, "a quarter of Zurich has cells above the threshold"


def test_a_coordinator_sees_the_own_canton_only(carla_client: Client, dashboard_release: Release) -> None:
    page = page_of(carla_client, "/statistics/?year=2025")
    tables = data_tables(page)
    assert "cantons" not in tables
    zh = released(dashboard_release, canton="zh", kind="year", start=datetime.date(2025, 1, 1), dimension="sex")
    ch = released(dashboard_release, canton="ch", kind="year", start=datetime.date(2025, 1, 1), dimension="sex")
    assert zh["female"] != ch["female"]
    cells = table_cells(tables["victims_sex"])
    assert cells[("Female", "Presumed victims identified")] == shown(zh["female"])


def test_the_page_names_the_release_the_threshold_and_the_rules(
    analyst_client: Client, dashboard_release: Release
) -> None:
    page = page_of(analyst_client)
    assert f"a count below {dashboard_release.threshold} is not shown" in page
    assert f"counting rules {dashboard_release.rules_version}" in page
    for language in ("de", "fr", "it", "en"):
        assert f'href="/statistics/report/2025/{language}/"' in page


def test_filters_that_are_not_offered_answer_an_error_and_the_defaults(analyst_client: Client) -> None:
    page = page_of(analyst_client, "/statistics/?year=1999&quarter=7&canton=xx&form=%3Cscript%3E")
    assert page.count('class="field-error"') == 4
    assert "<script>" not in page
    assert "Select a valid choice." in page
    assert "/statistics/export/all.xlsx?year=2025&amp;quarter=&amp;form=all&amp;canton=ch" in page  # the defaults


def test_the_tile_map_has_every_canton(analyst_client: Client) -> None:
    chart = svgs(page_of(analyst_client))["cantons"]
    assert len(chart_marks(chart)) == 26


def test_the_filters_speak_the_reader_s_language(analyst: User, federal_client: Client) -> None:
    analyst.language = "fr"
    analyst.save(update_fields=["language"])
    page = sign_in(federal_client, analyst).get("/statistics/").content.decode()
    assert ">Année entière</option>" in page
    assert ">Quarter 2</option>" not in page
