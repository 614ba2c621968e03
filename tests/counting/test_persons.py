"""Presumed victims identified: persons counted once, with the PKS variables (counting/persons.py)."""

from datetime import date

import pytest
from django_countries.data import COUNTRIES
from django_tenants.utils import schema_context

from cases.models import PersonIdentifier
from counting.persons import age_band
from counting.regions import REGION_OF, nationality_region
from ksmm.statistics.catalogue import AGE_BAND, NATIONALITY_REGION
from permits.models import PermitRequest

from .conftest import Builder, count_zh

pytestmark = pytest.mark.django_db

Y24, Y25 = date(2024, 1, 1), date(2025, 1, 1)
VI = "victims_identified"


def test_a_person_with_two_cases_counts_once_on_the_day_of_the_first_identification(build: Builder) -> None:
    with schema_context("zh"):
        first = build.case(date(2024, 12, 1), exploitation_type="labour")
        build.identity(first, name="Ana Pop", date_of_birth="1990-04-02", sex="2")
        build.identify(first, date(2024, 12, 20))
        second = build.case(date(2025, 2, 1), exploitation_type="sexual")
        build.identity(second, name="Pop Ana", date_of_birth="1990-04-02", sex="2")  # word order ignored
        build.identify(second, date(2025, 2, 3))
        # Same name, the birth date known only to the year: another person as far as we know.
        vague = build.case(date(2025, 2, 1))
        build.identity(vague, name="Ana Pop", date_of_birth="1990")
        build.identify(vague, date(2025, 2, 3))
        # Two cases without any identity: two persons.
        for _ in range(2):
            build.identify(build.case(date(2025, 3, 1)), date(2025, 3, 2))
    get = count_zh().get
    assert get(VI, "year", Y24) == 1
    assert get(VI, "year", Y24, form="labour") == 1
    assert get(VI, "year", Y25) == 3
    assert get(VI, "year", Y25, form="sexual") == 0
    assert get(VI, "year", Y25, "sex", "unknown") == 3


def test_a_case_is_identified_by_its_first_yes_and_a_no_never_counts(build: Builder) -> None:
    with schema_context("zh"):
        case = build.case(date(2025, 1, 1))
        build.identify(case, date(2025, 1, 5), "unclear")
        build.identify(case, date(2025, 2, 5), "yes")
        build.identify(case, date(2025, 3, 5), "yes")
        build.identify(case, date(2025, 4, 5), "no")
        build.identify(build.case(date(2025, 1, 1)), date(2025, 1, 5), "no")
    get = count_zh().get
    assert get(VI, "year", Y25) == 1
    assert get(VI, "month", date(2025, 2, 1)) == 1
    assert get(VI, "month", date(2025, 3, 1)) == 0


@pytest.mark.parametrize(
    ("date_of_birth", "identified_on", "band", "minor"),
    [
        ("2010-06-15", date(2025, 6, 14), "10_14", "minor"),
        ("2010-06-15", date(2025, 6, 15), "15_17", "minor"),
        ("2007-06-15", date(2025, 6, 15), "18_19", "adult"),
        ("2007-06", date(2025, 6, 15), "15_17", "minor"),  # counted from 30 June 2007
        ("2007", date(2025, 12, 30), "15_17", "minor"),  # from 31 December 2007
        ("1955-01-01", date(2025, 1, 1), "70_plus", "adult"),
        ("", date(2025, 1, 1), "unknown", "adult"),
    ],
)
def test_age_band_on_the_day_of_identification(
    build: Builder, date_of_birth: str, identified_on: date, band: str, minor: str
) -> None:
    with schema_context("zh"):
        case = build.case(date(2025, 1, 1))
        build.identity(case, name="Eva", date_of_birth=date_of_birth)
        build.identify(case, identified_on)
    get = count_zh().get
    assert get(VI, "year", Y25, "age_band", band) == 1
    assert get(VI, "year", Y25, "minor", minor) == 1


def test_a_presumed_minor_counts_as_minor_whatever_the_birth_date(build: Builder) -> None:
    with schema_context("zh"):
        flagged = build.case(date(2025, 1, 1), is_minor=True)
        build.identify(flagged, date(2025, 1, 2))
        doubt = build.case(date(2025, 1, 1))
        build.identity(doubt, name="Lia", date_of_birth="1990", age_in_doubt=True)
        build.identify(doubt, date(2025, 1, 2))
    assert count_zh().get(VI, "year", Y25, "minor", "minor") == 2


def test_residence_status_follows_the_pks_rules(build: Builder) -> None:
    statuses = {}
    with schema_context("zh"):

        def person(nationality: str, key: str) -> object:
            case = build.case(date(2025, 1, 1))
            identity = build.identity(case, name=f"Person {key}", nationality=nationality)
            build.identify(case, date(2025, 1, 2))
            statuses[key] = case
            return identity

        def permit(case: object, kind: str, months: int) -> None:
            until = date(2025 + months // 12, 1 + months % 12, 1)
            PermitRequest.objects.create(
                case=case, kind=kind, requested_by_organisation=build.aid, addressed_to=build.migration,
                requested_on=date(2025, 1, 1), expected_until=until, status="granted", decided_on=date(2025, 1, 1),
                valid_from=date(2025, 1, 1), valid_until=until, sem_approved=True if kind == "B" else None,
            )  # fmt: skip

        person("CH", "swiss")
        person("RO", "b")
        permit(statuses["b"], "B", 12)
        person("NG", "long_l")
        permit(statuses["long_l"], "L", 18)
        person("NG", "short_l")
        permit(statuses["short_l"], "L", 12)
        asylum = person("ER", "asylum")
        PersonIdentifier.objects.create(identity=asylum, category="N", value="N 123")
        person("TH", "foreign")
        person("", "blank")
    get = count_zh().get
    assert get(VI, "year", Y25, "residence_status", "swiss") == 1
    assert get(VI, "year", Y25, "residence_status", "foreign_permanent") == 2
    assert get(VI, "year", Y25, "residence_status", "asylum") == 1
    assert get(VI, "year", Y25, "residence_status", "other_foreign") == 2
    assert get(VI, "year", Y25, "residence_status", "unknown") == 1
    assert get(VI, "year", Y25, "nationality_region", "africa") == 3
    assert get(VI, "year", Y25, "nationality_region", "eu_efta") == 1
    assert get(VI, "year", Y25, "nationality_region", "switzerland") == 1


def test_every_iso_country_has_one_region_of_the_catalogue() -> None:
    assert set(REGION_OF) == set(COUNTRIES)
    assert set(REGION_OF.values()) <= set(NATIONALITY_REGION.value_keys)
    assert nationality_region("ch") == "switzerland"
    assert nationality_region("XK") == "unknown"
    assert nationality_region("") == "unknown"
    assert (nationality_region("LI"), nationality_region("TR"), nationality_region("RE")) == (
        "eu_efta", "other_europe", "africa",
    )  # fmt: skip


def test_age_bands_are_the_pks_bands() -> None:
    assert {age_band(age) for age in range(100)} == set(AGE_BAND.value_keys) - {"unknown"}
    assert [age_band(a) for a in (9, 10, 14, 15, 17, 18, 19, 20, 69, 70)] == [
        "under_10", "10_14", "10_14", "15_17", "15_17", "18_19", "18_19", "20_24", "60_69", "70_plus",
    ]  # fmt: skip
    assert age_band(None) == "unknown"
