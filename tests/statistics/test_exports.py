"""The exports and the annual report: same numbers as the release, suppressed cells never a number."""

import csv
import datetime
import io

import pytest
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from ksmm.statistics.catalogue import SEX
from ksmm.statistics.models import Release, ReleasedCell

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("dashboard_release")]


def csv_rows(client: Client, path: str) -> list[list[str]]:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.reader(io.StringIO(response.content.decode().removeprefix("\ufeff"))))


def sex_counts(release: Release, *, canton: str, year: int) -> dict[str, int | None]:
    return dict(
        ReleasedCell.objects.filter(
            release=release, canton=canton, period_kind="year", period_start=datetime.date(year, 1, 1),
            measure="victims_identified", dimension="sex", form="all",
        ).values_list("value", "count")
    )  # fmt: skip


def test_the_csv_of_a_table_has_the_counts_and_a_flag_for_each_suppressed_cell(
    analyst_client: Client, dashboard_release: Release
) -> None:
    rows = csv_rows(analyst_client, "/statistics/export/victims_sex.csv?year=2024&canton=ai")
    assert rows[0] == ["Sex", "Presumed victims identified", "Presumed victims identified: suppressed (1 = yes)"]
    counts = sex_counts(dashboard_release, canton="ai", year=2024)
    labels = {str(label): value for value, label in SEX.values}
    body = {row[0]: row[1:] for row in rows[1:]}
    assert set(body) == set(labels)
    for label, value in labels.items():
        count = counts.get(value, 0)
        assert body[label] == (["", "1"] if count is None else [str(count), "0"]), label
    assert any(count is None for count in counts.values()), "Appenzell Innerrhoden is small enough"


def test_no_csv_cell_starts_a_formula(analyst_client: Client) -> None:
    for key in ("trends", "forms", "cantons", "victims_source", "reflection", "permits", "health"):
        for row in csv_rows(analyst_client, f"/statistics/export/{key}.csv"):
            assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row), (key, row)


def test_the_workbook_holds_every_table_with_suppressed_cells_empty_and_flagged(
    analyst_client: Client, dashboard_release: Release
) -> None:
    response = analyst_client.get("/statistics/export/all.xlsx?year=2023&canton=ow")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert {"trends", "forms", "cantons", "victims_sex", "permits", "closures", "health"} <= set(book.sheetnames)
    flagged = 0
    for sheet in book.worksheets[1:]:
        header = [cell.value for cell in sheet[2]]
        for row in sheet.iter_rows(min_row=3, values_only=True):
            for index, name in enumerate(header):
                if isinstance(name, str) and name.endswith("suppressed (1 = yes)") and row[index] == 1:
                    flagged += 1
                    assert row[index - 1] is None, (sheet.title, row)
    assert flagged > 0
    sex = {row[0]: row[1:] for row in book["victims_sex"].iter_rows(min_row=3, values_only=True)}
    counts = sex_counts(dashboard_release, canton="ow", year=2023)
    female = counts.get("female", 0)
    assert sex["Female"] == ((None, 1) if female is None else (female, 0))


def test_an_unknown_table_or_format_is_not_found(analyst_client: Client) -> None:
    assert analyst_client.get("/statistics/export/nothing.csv").status_code == 404
    assert analyst_client.get("/statistics/export/trends.pdf").status_code == 404
    assert analyst_client.get("/statistics/export/all.csv").status_code == 404


def test_an_export_with_filters_that_are_not_offered_answers_400(analyst_client: Client) -> None:
    response = analyst_client.get("/statistics/export/trends.csv?year=1999")
    assert response.status_code == 400
    assert b"not offered" in response.content


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("de", "Menschenhandel"),
        ("fr", "Traite"),
        ("it", "Tratta"),
        ("en", "Human trafficking: annual statistics 2025"),
    ],
)
def test_the_annual_report_exists_in_four_languages(
    analyst_client: Client, language: str, title: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    response = analyst_client.get(f"/statistics/report/2025/{language}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    (tmp_path_factory.mktemp("reports") / f"report-{language}.pdf").write_bytes(response.content)
    reader = PdfReader(io.BytesIO(response.content))
    assert reader.metadata is not None
    assert title.lower() in str(reader.metadata.title).lower()
    assert len(reader.pages) >= 5


def test_the_report_shows_suppressed_cells_as_the_symbol_only(
    analyst_client: Client, carla_client: Client, dashboard_release: Release
) -> None:
    response = carla_client.get("/statistics/report/2024/en/")
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages]
    report = "\n".join(pages)
    assert "Zurich" in report
    assert "PKS" in report and "OHS" in report
    counts = sex_counts(dashboard_release, canton="zh", year=2024)
    for value, label in SEX.values:
        count = counts.get(value, 0)
        expected = "•" if count is None else f"{count:,}"
        assert any(line.startswith(f"{label} {expected}") for line in report.splitlines()), (label, expected)


def test_a_report_of_a_year_not_released_or_an_unknown_language_is_not_found(analyst_client: Client) -> None:
    assert analyst_client.get("/statistics/report/1999/de/").status_code == 404
    assert analyst_client.get("/statistics/report/2025/xx/").status_code == 404
