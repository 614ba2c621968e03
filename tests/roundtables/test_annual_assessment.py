"""The round table's annual assessment (guidelines 2005, 3.3) is a deadline that fires: opened with
the round table, met and renewed by each approved annual-assessment meeting."""

import datetime
import importlib

import pytest
from django.apps import apps as current_apps
from django.utils import timezone
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.deadlines.models import Deadline, RuleKey, SourceKind
from ksmm.deadlines.rules import add_months
from ksmm.partners.models import Organisation
from roundtables.meetings.actions import check_approve
from roundtables.models import Meeting, MeetingAttendee, RoundTable
from roundtables.round_tables.actions import check_save_round_table
from tests.factories import MeetingFactory, OrganisationFactory

from .conftest import dangerously_clear_round_table

pytestmark = pytest.mark.django_db


def _assessments(round_table: RoundTable) -> list[tuple[str, datetime.date, int]]:
    rows = Deadline.objects.filter(
        rule_key=RuleKey.ANNUAL_ASSESSMENT, subject_type="roundtables.roundtable", subject_id=round_table.pk
    )
    return list(rows.order_by("pk").values_list("status", "due_on", "responsible_organisation_id"))


def _approved(round_table: RoundTable, organisation: Organisation, *, kind: str, day: datetime.date) -> Meeting:
    meeting = MeetingFactory(round_table=round_table, kind=kind, date=day, minutes="Bilanz des Jahres")
    MeetingAttendee.objects.create(meeting=meeting, organisation=organisation)
    return check_approve(acting_user=None, meeting=meeting)


def test_a_new_round_table_opens_its_assessment_for_the_coordinators_organisation(
    carla: User, zh_org: Organisation
) -> None:
    with schema_context("zh"):
        dangerously_clear_round_table()
        steward = OrganisationFactory(name="Koordinationsstelle", type=Organisation.Type.PUBLIC_PROSECUTOR)
        round_table = check_save_round_table(
            acting_user=carla,
            round_table=RoundTable(
                name="Runder Tisch", mandate_authority="Regierungsrat", steward_organisation=steward
            ),
        )
        today = timezone.localdate()
        assert _assessments(round_table) == [("open", add_months(today, 12), zh_org.pk)]  # carla acts
        deadline = Deadline.objects.select_related("rule").get(subject_id=round_table.pk, rule_key="annual_assessment")
        assert deadline.rule.source_kind == SourceKind.CONVENTION
        round_table.name = "Runder Tisch Menschenhandel"
        check_save_round_table(acting_user=carla, round_table=round_table)
        assert len(_assessments(round_table)) == 1


def test_without_a_coordinator_the_steward_answers_for_it(db: None) -> None:
    with schema_context("zh"):
        dangerously_clear_round_table()
        from ksmm.memberships.models import Membership

        Membership.objects.filter(role=Membership.Role.COORDINATOR).update(is_active=False)
        steward = OrganisationFactory(name="Koordination", type=Organisation.Type.PUBLIC_PROSECUTOR)
        round_table = check_save_round_table(
            acting_user=None,
            round_table=RoundTable(name="RT", mandate_authority="Regierungsrat", steward_organisation=steward),
        )
        assert [row[2] for row in _assessments(round_table)] == [steward.pk]


def test_an_approved_assessment_meeting_meets_it_and_opens_the_next_a_year_later(
    zh_round_table: RoundTable, zh_org: Organisation, carla: User
) -> None:
    with schema_context("zh"):
        check_save_round_table(acting_user=carla, round_table=zh_round_table)
        assert [row[0] for row in _assessments(zh_round_table)] == ["open"]
        _approved(zh_round_table, zh_org, kind=Meeting.Kind.REGULAR, day=datetime.date(2026, 3, 1))
        assert [row[0] for row in _assessments(zh_round_table)] == ["open"]
        _approved(zh_round_table, zh_org, kind=Meeting.Kind.ANNUAL_ASSESSMENT, day=datetime.date(2026, 5, 20))
        rows = _assessments(zh_round_table)
        assert [row[0] for row in rows] == ["done", "open"]
        assert rows[1][1] == datetime.date(2027, 5, 20)


def test_the_migration_opens_it_for_a_round_table_set_up_before(
    zh_round_table: RoundTable, zh_org: Organisation, carla: User
) -> None:
    migration = importlib.import_module("roundtables.migrations.0006_open_annual_assessment")
    with schema_context("zh"):
        assert _assessments(zh_round_table) == []  # made by a factory, as before this change
        MeetingFactory(
            round_table=zh_round_table, kind="annual_assessment", date=datetime.date(2025, 11, 3),
            status="approved", approved_at=timezone.now(),
        )  # fmt: skip
        migration.open_assessment(current_apps, None)
        migration.open_assessment(current_apps, None)
        assert [row[:2] for row in _assessments(zh_round_table)] == [("open", datetime.date(2026, 11, 3))]
