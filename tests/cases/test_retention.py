"""Retention: a closed case is anonymised when the canton's period after closure has passed."""

from datetime import date

import pytest
from django.apps import apps
from django.db import connection
from django_tenants.utils import schema_context

from cases.identity import IdentityData, do_save_identity
from cases.models import Case, Identity
from cases.notes import do_add_counselling_entry, do_add_evidence_note
from cases.queries import cases_for
from cases.referrals import check_request_referral
from cases.retention import DELETED, KEPT, do_apply_retention
from cases.steps.actions import check_save_step
from cases.steps.models import Closure
from cases.tasks import apply_retention
from ksmm.audit.models import AuditEntry
from ksmm.deadlines.actions import check_new_rule_version, open_deadline_for
from ksmm.deadlines.models import Deadline, RuleKey
from ksmm.memberships.models import Membership
from permits.actions import check_request_reflection_period
from permits.models import ReflectionPeriod
from tests.auth import sign_in
from tests.conftest import canton_client

from .conftest import Cast

pytestmark = pytest.mark.django_db

# In every free text of the case, so that a scan of the whole schema can look for it.
MARK = "Qzxwv"
CLOSED_ON = date(2026, 6, 30)


def _fill_and_close(cast: Cast, case: Case) -> None:
    do_save_identity(
        acting_user=None,
        case=case,
        data=IdentityData(
            official_name=f"{MARK}escu", first_name="Ana", date_of_birth="1999-04-02", interpreter_notes=f"{MARK} d."
        ),
    )
    do_add_counselling_entry(
        acting_user=None, organisation=cast.aid, case=case, part="notes", occurred_on=date(2026, 3, 3),
        text=f"{MARK} counselling", confidential_address=f"{MARK}strasse 1",
    )  # fmt: skip
    do_add_evidence_note(
        acting_user=None, organisation=cast.police, case=case, text=f"{MARK} evidence", reference=f"{MARK}-1"
    )
    check_request_referral(
        acting_user=None, membership=cast.membership(cast.polly), case=case, recipient=cast.ngo, compartments=[],
        message=f"{MARK} referral",
    )  # fmt: skip
    check_request_reflection_period(
        acting_user=None, organisation=cast.aid, case=case, addressed_to=cast.migration,
        requested_on=date(2026, 3, 5), grounds=f"{MARK} grounds",
    )  # fmt: skip
    check_save_step(
        acting_user=None,
        organisation=cast.police,
        step=Closure(
            case=case,
            closed_on=CLOSED_ON,
            reason=Closure.Reason.OTHER,
            note=f"{MARK} closure",
            override_reason=f"{MARK} override",
        ),
    )


def _tables_holding(text: str) -> list[str]:
    """Every table of the ZH schema with a text, array or JSON value containing `text`."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = 'zh'
                  AND data_type IN ('text', 'character varying', 'jsonb', 'ARRAY')"""
        )
        columns = cursor.fetchall()
        found = []
        for table, column in columns:
            cursor.execute(
                f'SELECT 1 FROM zh."{table}" WHERE "{column}"::text LIKE %s LIMIT 1',  # noqa: S608 - catalogue names
                [f"%{text}%"],
            )
            if cursor.fetchone():
                found.append(f"{table}.{column}")
    return found


def test_every_model_pointing_at_a_case_is_deleted_or_kept_on_purpose() -> None:
    pointing = {
        model._meta.label
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is Case
    }
    assert pointing == set(DELETED) | set(KEPT), "classify the new model in cases/retention.py"


def test_closing_a_case_opens_its_retention_deadline_ten_years_on(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        _fill_and_close(cast, rosa)
        deadline = open_deadline_for(rule=RuleKey.RETENTION, subject=rosa)
        assert deadline is not None
        assert deadline.due_on == date(2036, 6, 30)
        assert deadline.responsible_organisation_id == cast.police.pk
    page = sign_in(canton_client("zh"), cast.polly).get(f"/cases/{rosa.pk}/").content.decode()
    assert "To be anonymised on 30.06.2036 (retention period)" in page
    # A corrected closing date moves the deadline; one stays open.
    with schema_context("zh"):
        closure = Closure.objects.get(case=rosa)
        closure.closed_on = date(2026, 7, 15)
        check_save_step(acting_user=None, organisation=cast.police, step=closure)
        assert open_deadline_for(rule=RuleKey.RETENTION, subject=rosa).due_on == date(2036, 7, 15)  # type: ignore[union-attr]
        assert Deadline.objects.filter(rule_key=RuleKey.RETENTION, subject_id=rosa.pk, status="open").count() == 1


def test_a_case_past_its_retention_period_keeps_nothing_personal(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        _fill_and_close(cast, rosa)
        assert _tables_holding(MARK), "the scan finds the marker while the data is there"
        assert Identity.objects.filter(case=rosa).exists()

        assert do_apply_retention(today=date(2036, 6, 29)) == 0
        assert Case.objects.get(pk=rosa.pk).anonymised_on is None

        assert do_apply_retention(today=date(2036, 6, 30)) == 1
        assert _tables_holding(MARK) == []
        assert _tables_holding("Rosa") == []
        case = Case.objects.get(pk=rosa.pk)
        assert case.anonymised_on == date.today()
        assert (case.status, case.closed_on, case.opened_on) == ("closed", CLOSED_ON, date(2026, 3, 1))
        assert not Identity.objects.filter(case=rosa).exists()
        # Kept for the statistics, without their text.
        period = ReflectionPeriod.objects.get(case=rosa)
        assert period.grounds == "[anonymised]"
        assert Closure.objects.get(case=rosa).reason == Closure.Reason.OTHER
        # Nobody reads it any more, and the engine has nothing left open.
        aid = Membership.objects.select_related("organisation").get(user=cast.vera)
        assert not cases_for(membership=aid).filter(pk=rosa.pk).exists()
        assert not Deadline.objects.filter(case=rosa, status=Deadline.Status.OPEN).exists()
        assert AuditEntry.objects.filter(action="delete", object_id=str(rosa.pk), purpose="retention").exists()
        # A second run finds nothing to do.
        assert do_apply_retention(today=date(2036, 7, 1)) == 0
    assert sign_in(canton_client("zh"), cast.vera).get(f"/cases/{rosa.pk}/").status_code == 404


def test_the_canton_sets_its_own_period_and_open_cases_are_never_touched(cast: Cast, rosa: Case) -> None:
    with schema_context("zh"):
        check_new_rule_version(
            acting_user=cast.nora, key=RuleKey.RETENTION, valid_from=date(2026, 1, 1), months=60,
            days=0, reminder_days=[30], escalate_when_overdue=False, reason="Kantonales Archivgesetz",
            source_kind="practice", source_reference="Kantonales Archivgesetz",
        )  # fmt: skip
        _fill_and_close(cast, rosa)
        assert open_deadline_for(rule=RuleKey.RETENTION, subject=rosa).due_on == date(2031, 6, 30)  # type: ignore[union-attr]
        still_open = Case.objects.create(
            case_number="ZH-2020-0001", pseudonym="Lena", intake_organisation=cast.police, opened_on=date(2020, 1, 1)
        )
        assert apply_retention(today="2031-06-30") == 1
        still_open.refresh_from_db()
        assert (still_open.pseudonym, still_open.anonymised_on) == ("Lena", None)


def test_cases_closed_before_retention_existed_get_their_deadline(cast: Cast) -> None:
    import importlib

    from django.apps import apps as current_apps

    backfill = importlib.import_module("cases.migrations.0004_retention_of_closed_cases")
    with schema_context("zh"):
        earlier = Case.objects.create(
            case_number="ZH-2019-0001", pseudonym="Mira", intake_organisation=cast.aid, opened_on=date(2019, 1, 5),
            status=Case.Status.CLOSED, closed_on=date(2019, 8, 31),
        )  # fmt: skip
        assert open_deadline_for(rule=RuleKey.RETENTION, subject=earlier) is None
        backfill.open_retention_deadlines(current_apps, None)
        backfill.open_retention_deadlines(current_apps, None)  # run twice: still one
        deadline = open_deadline_for(rule=RuleKey.RETENTION, subject=earlier)
        assert deadline is not None
        assert (deadline.due_on, deadline.responsible_organisation_id) == (date(2029, 8, 31), cast.aid.pk)
        assert Deadline.objects.filter(rule_key=RuleKey.RETENTION, subject_id=earlier.pk).count() == 1
