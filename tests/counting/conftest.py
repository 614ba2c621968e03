"""Hand-built cases for the counting rules, and a reader of the aggregates written."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from cases.identification.models import Assessment
from cases.identity import birth_digests, name_digests
from cases.models import BlindIndexEntry, Case, Identity
from counting.actions import do_count_canton
from ksmm.cantons.models import Canton
from ksmm.partners.models import Organisation
from ksmm.statistics.models import Aggregate
from tests.factories import OrganisationFactory

Type = Organisation.Type


@dataclass
class Builder:
    """Builds cases in ZH; `count()` runs the aggregation and returns a reader."""

    police: Organisation
    aid: Organisation
    migration: Organisation
    prosecution: Organisation
    number: int = 0

    def case(self, opened_on: date, **fields: object) -> Case:
        self.number += 1
        closed_on = fields.pop("closed_on", None)
        return Case.objects.create(
            case_number=f"ZH-T-{self.number}",
            pseudonym=f"Person {self.number}",
            intake_organisation=self.police,
            opened_on=opened_on,
            status="closed" if closed_on else "open",
            closed_on=closed_on,
            **fields,
        )

    def identify(self, case: Case, day: date, result: str = "yes") -> Assessment:
        assessment = Assessment.objects.create(case=case, result=result, decided_by_organisation=self.police)
        Assessment.objects.filter(pk=assessment.pk).update(
            decided_at=timezone.make_aware(datetime.combine(day, time(9)))
        )
        return assessment

    def identity(self, case: Case, *, name: str = "", date_of_birth: str = "", **fields: object) -> Identity:
        identity = Identity.objects.create(case=case, official_name=name, date_of_birth=date_of_birth, **fields)
        BlindIndexEntry.objects.bulk_create(
            [BlindIndexEntry(case=case, kind="name", digest=d) for d in name_digests([name] if name else [])]
            + [BlindIndexEntry(case=case, kind="birth", digest=d) for d in birth_digests(date_of_birth)]
        )
        return identity


class Counts:
    """The aggregates of ZH after a count: `get(measure, ...)` is a cell, 0 where no row exists."""

    def __init__(self) -> None:
        self.rows = {
            (a.measure, a.period_kind, a.period_start, a.dimension, a.value, a.form): a.count
            for a in Aggregate.objects.filter(canton__code="ZH")
        }

    def get(  # noqa: PLR0917 - a cell reads best as positional coordinates
        self, measure: str, period: str = "year", start: date = date(2025, 1, 1), dimension: str = "",
        value: str = "", form: str = "all",
    ) -> int:  # fmt: skip
        return self.rows.get((measure, period, start, dimension, value, form), 0)


@pytest.fixture
def build() -> Iterator[Builder]:
    with schema_context("zh"):
        yield Builder(
            police=OrganisationFactory(type=Type.CANTONAL_POLICE),
            aid=OrganisationFactory(type=Type.VICTIM_AID),
            migration=OrganisationFactory(type=Type.MIGRATION_OFFICE),
            prosecution=OrganisationFactory(type=Type.PUBLIC_PROSECUTOR),
        )
    connection.set_schema_to_public()


def count_zh(run_id: int | None = None) -> Counts:
    with schema_context("zh"):
        do_count_canton(run_id=run_id)
    return Counts()


def zh() -> Canton:
    return Canton.objects.get(code="ZH")
