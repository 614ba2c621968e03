"""Open-data releases: noise, budget, seeds, and the public pages on the bare host."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from ksmm.audit.models import AuditEntry
from ksmm.statistics.models import Release
from ksmm.statistics.privacy import (
    OPEN_DATA_TABLES,
    PrivacyBudgetExceededError,
    do_publish_open_data_release,
    exact_year_cells,
    noise_scale,
    noisy_counts,
)
from ksmm.statistics.releases import do_publish_dashboard_release
from tests.queries import assert_statements

from .cubes import random_rows, write_aggregates

pytestmark = pytest.mark.django_db
YEAR = 2024


@pytest.fixture
def aggregates() -> None:
    write_aggregates(random_rows(seed=31, cantons=3, mean=1.5, families=("cases", "victims", "reflection")))


def _noisy(release: Release) -> list[int]:
    return list(release.cells.order_by("pk").values_list("count", flat=True))


def test_a_release_in_tests_is_reproducible_from_its_recorded_seed(aggregates: None) -> None:
    release = do_publish_open_data_release(year=YEAR, epsilon=0.5, acting_user=None)
    assert release.seed is not None and release.noise_scale == noise_scale(epsilon=0.5)
    again = noisy_counts(list(exact_year_cells(year=YEAR).values()), scale=release.noise_scale, seed=release.seed)
    assert _noisy(release) == again


def test_the_noise_changes_the_counts_and_only_noisy_counts_are_stored(aggregates: None) -> None:
    exact = list(exact_year_cells(year=YEAR).values())
    release = do_publish_open_data_release(year=YEAR, epsilon=0.5, acting_user=None)
    noisy = _noisy(release)
    assert len(noisy) == len(exact) == release.cells_published
    assert noisy != exact
    assert all(isinstance(count, int) and count >= 0 for count in noisy)


def test_the_production_path_draws_from_opendp_and_records_no_seed(aggregates: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.STATISTICS_SEEDED_NOISE = False
    release = do_publish_open_data_release(year=YEAR, epsilon=0.4, acting_user=None)
    assert release.seed is None
    assert all(count >= 0 for count in _noisy(release))


def test_the_scale_grows_with_the_sensitivity_and_shrinks_with_epsilon() -> None:
    assert noise_scale(epsilon=1.0) == pytest.approx(len(OPEN_DATA_TABLES), rel=0.01)
    assert noise_scale(epsilon=0.5) > noise_scale(epsilon=1.0)


def test_a_release_beyond_the_yearly_budget_is_refused(aggregates: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.STATISTICS_EPSILON_PER_YEAR = 1.0
    do_publish_open_data_release(year=YEAR, epsilon=0.6, acting_user=None)
    with pytest.raises(PrivacyBudgetExceededError) as refused:
        do_publish_open_data_release(year=YEAR, epsilon=0.5, acting_user=None)
    assert "0.4" in refused.value.messages[0] and "2024" in refused.value.messages[0]
    assert Release.objects.filter(kind=Release.Kind.OPEN_DATA).count() == 1
    do_publish_open_data_release(year=YEAR, epsilon=0.4, acting_user=None)  # what is left still goes
    do_publish_open_data_release(year=YEAR + 1, epsilon=1.0, acting_user=None)  # another year's budget


@pytest.mark.parametrize("epsilon", [0.0, -1.0, float("nan"), float("inf")])
def test_a_bad_epsilon_is_refused(aggregates: None, epsilon: float) -> None:
    with pytest.raises(ValidationError):
        do_publish_open_data_release(year=YEAR, epsilon=epsilon, acting_user=None)


def test_an_open_data_release_is_audited(aggregates: None) -> None:
    release = do_publish_open_data_release(year=YEAR, epsilon=0.3, acting_user=None)
    assert AuditEntry.objects.filter(
        action="create", object_type="statistics.release", object_id=str(release.pk)
    ).exists()


# The pages


@pytest.fixture
def release(aggregates: None) -> Release:
    return do_publish_open_data_release(year=YEAR, epsilon=0.5, acting_user=None)


def test_the_open_data_pages_are_public_on_the_bare_host(federal_client: Client, release: Release) -> None:
    listing = federal_client.get("/open-data/")
    assert listing.status_code == 200 and f"/open-data/{release.pk}/data.csv" in listing.content.decode()
    page = federal_client.get(f"/open-data/{release.pk}/", HTTP_ACCEPT_LANGUAGE="fr")
    assert page.status_code == 200
    csv = federal_client.get(f"/open-data/{release.pk}/data.csv")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode().splitlines()
    assert lines[0] == "canton,year,measure,dimension,value,form,count" and len(lines) == release.cells_published + 1
    data = json.loads(federal_client.get(f"/open-data/{release.pk}/data.json").content)
    assert data["counts_are_noisy"] and len(data["cells"]) == release.cells_published
    assert sorted(cell["count"] for cell in data["cells"]) == sorted(release.cells.values_list("count", flat=True))


def test_the_data_dictionary_explains_every_table_value_and_the_privacy(
    federal_client: Client, release: Release
) -> None:
    dictionary = json.loads(federal_client.get(f"/open-data/{release.pk}/dictionary.json").content)
    assert dictionary["privacy"]["epsilon"] == 0.5 and dictionary["privacy"]["counts_are_noisy"]
    assert dictionary["privacy"]["l1_sensitivity"] == len(OPEN_DATA_TABLES)
    assert dictionary["privacy"]["budget_per_year"] == 1.0
    published = set(release.cells.values_list("measure", "dimension", "value"))
    explained = {(t["measure"], t["dimension"], v["value"]) for t in dictionary["tables"] for v in t["values"]}
    assert published <= explained
    for table in dictionary["tables"]:
        assert set(table["label"]) == {"de", "fr", "it", "en"} and table["unit"]


def test_the_open_data_pages_do_not_exist_on_a_canton_host(zh_client: Client, release: Release) -> None:
    for path in ("/open-data/", f"/open-data/{release.pk}/", f"/open-data/{release.pk}/data.csv"):
        assert zh_client.get(path).status_code == 404


def test_unknown_releases_and_formats_are_not_found(federal_client: Client, release: Release) -> None:
    dashboard = do_publish_dashboard_release(acting_user=None)
    for path in (
        f"/open-data/{release.pk + 1000}/",
        f"/open-data/{release.pk}/data.xlsx",
        f"/open-data/{release.pk}/data.",
        f"/open-data/{dashboard.pk}/data.csv",
        f"/open-data/{dashboard.pk}/dictionary.json",
        "/open-data/abc/",
    ):
        assert federal_client.get(path).status_code == 404, path


def test_the_open_data_pages_refuse_writes(federal_client: Client, release: Release) -> None:
    assert federal_client.post("/open-data/").status_code == 405


def test_the_listing_runs_a_fixed_number_of_statements(federal_client: Client, release: Release) -> None:
    do_publish_open_data_release(year=YEAR + 1, epsilon=0.5, acting_user=None)
    assert_statements(federal_client, "/open-data/", 2)
