"""Only aggregates cross into `public`: a marker in every personal text of every canton is
nowhere in `public` after counting, and the scan does find a marker planted there.

The personal texts are found by walking the models of the case file (cases and its sub-apps,
permits, notices): every free text, encrypted or not (a CharField or TextField without choices),
so a field added later is planted too.
"""

from datetime import date

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Value
from django.db.models.functions import Cast, Concat, Left
from django_tenants.utils import schema_context

from cases.encryption import EncryptedTextField
from cases.models import Case, EvidenceNote
from cases.steps.models import Interview, Proceeding, SafetyAssessment
from counting.actions import do_count_canton
from counting.synthetic import _cast, add_synthetic_cases
from ksmm.statistics.models import Aggregate, ReleasedCell
from ksmm.statistics.privacy import do_publish_open_data_release
from ksmm.statistics.releases import do_publish_dashboard_release
from permits.models import PermitDocument, PermitRequest, Stay
from tests.conftest import ACTIVE_TEST_CANTONS
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MARK = "Qmk"  # every marker starts so; "Qmk<schema><n>Q" is unique per canton and field
CASE_APPS = ("cases", "permits", "notices")
SCANNED_TYPES = ("text", "character varying", "character", "json", "jsonb", "ARRAY", "USER-DEFINED")


def personal_text_fields() -> list[tuple[type[models.Model], models.Field]]:  # type: ignore[type-arg]
    """Every free-text field of the case file's models (encrypted fields included)."""
    found = []
    for config in apps.get_app_configs():
        if config.name.split(".")[0] not in CASE_APPS:
            continue
        for model in config.get_models():
            for field in model._meta.concrete_fields:
                if (
                    isinstance(field, models.CharField | models.TextField)
                    and not field.choices
                    and not field.primary_key
                ):
                    found.append((model, field))
    return found


def _more_rows(schema: str) -> None:
    """Rows in the step, investigation and residence tables the synthetic cases leave empty."""
    cast, case = _cast(), Case.objects.filter(case_number__contains="-SY-").first()
    police = cast.police
    EvidenceNote.objects.create(case=case, author_organisation=police, text="Evidence.", reference="R-1")
    Interview.objects.create(case=case, recorded_by_organisation=police, held_on=date(2025, 1, 2), note="Heard.")
    SafetyAssessment.objects.create(case=case, recorded_by_organisation=police, assessed_on=date(2025, 1, 2),
                                    review_on=date(2025, 2, 2), risk_level="high", threats="Threats.")  # fmt: skip
    Proceeding.objects.create(case=case, recorded_by_organisation=police, offence="other", authority="Court")
    Stay.objects.create(case=case, starts_on=date(2025, 1, 1), recorded_by_organisation=police)
    request = PermitRequest.objects.filter(case__case_number__contains="-SY-").first()
    PermitDocument.objects.create(request=request, title="Letter", file_reference=f"{schema}-1",
                                  added_on=date(2025, 1, 1), added_by_organisation=police)  # fmt: skip


def plant_markers(schema: str) -> dict[str, str]:
    """Writes a marker into every personal text field that has rows in `schema`; returns
    {"app.Model.field": marker} of those planted. A field whose constraint refuses free text
    (a code, a language tag) cannot hold personal text and is left as it is."""
    planted = {}
    for index, (model, field) in enumerate(personal_text_fields()):
        marker = f"{MARK}{schema}{index}Q"
        rows = model._default_manager.all()
        if not rows.exists() or (field.max_length and field.max_length < len(marker) + 1):
            continue
        if isinstance(field, EncryptedTextField):
            value: object = marker
        else:
            value = Concat(Value(marker), Cast("pk", models.CharField()))
            value = Left(value, field.max_length) if field.max_length else value
        try:
            with transaction.atomic():
                rows.update(**{field.name: value})
        except IntegrityError:
            continue
        planted[f"{model._meta.label}.{field.name}"] = marker
    return planted


def columns_holding(text: str, *, schema: str) -> list[str]:
    """Every text, varchar, array and JSON column of `schema` with a value containing `text`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns c"
            " WHERE table_schema = %s AND data_type = ANY(%s)"
            " AND EXISTS (SELECT 1 FROM information_schema.tables t WHERE t.table_schema = c.table_schema"
            " AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE')",
            [schema, list(SCANNED_TYPES)],
        )
        columns = cursor.fetchall()
        found = []
        for table, column in columns:
            cursor.execute(
                f'SELECT 1 FROM "{schema}"."{table}" WHERE "{column}"::text LIKE %s LIMIT 1',  # noqa: S608 - catalogue names
                [f"%{text}%"],
            )
            if cursor.fetchone():
                found.append(f"{table}.{column}")
    return found


def test_no_marker_of_any_canton_reaches_public_after_counting() -> None:
    planted: dict[str, dict[str, str]] = {}
    for code in ACTIVE_TEST_CANTONS:
        schema = code.lower()
        with schema_context(schema):
            add_synthetic_cases(count=40, seed=11)
            _more_rows(schema)
            planted[schema] = plant_markers(schema)
            assert columns_holding(f"{MARK}{schema}", schema=schema), "the markers are in the canton's tables"
            do_count_canton(run_id=None)
    connection.set_schema_to_public()
    assert Aggregate.objects.filter(canton__code__in=ACTIVE_TEST_CANTONS).values("canton").distinct().count() == 4
    # Everything that is published from the aggregates is in public too.
    do_publish_dashboard_release()
    do_publish_open_data_release(year=date.today().year - 1, epsilon=0.1, acting_user=None)
    assert ReleasedCell.objects.exists()
    zh = planted["zh"]
    for field in ("cases.Identity.official_name", "cases.Identity.date_of_birth", "cases.CounsellingEntry.text",
                  "cases.Case.pseudonym", "casesteps.SafetyAssessment.threats", "cases.EvidenceNote.text",
                  "permits.PermitDocument.title", "notices.NoticeDelivery.interpreter"):  # fmt: skip
        assert field in zh, f"{field} was not planted"
    assert len(zh) >= 40
    assert columns_holding(MARK, schema="public") == []


def test_the_scan_finds_a_marker_planted_in_public() -> None:
    marker = f"{MARK}publicQ"
    assert columns_holding(marker, schema="public") == []
    UserFactory(full_name=f"Ana {marker}escu")
    assert columns_holding(marker, schema="public") == ["accounts_user.full_name"]
