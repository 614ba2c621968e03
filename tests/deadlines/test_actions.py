from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django_tenants.utils import schema_context

from cases.models import Case
from ksmm.audit.models import AuditEntry
from ksmm.deadlines.actions import do_close_deadline, do_move_deadline, do_open_deadline
from ksmm.deadlines.models import Deadline, Rule, RuleKey
from ksmm.deadlines.rules import check_reflection_length, rule_valid_on
from ksmm.partners.models import Organisation

pytestmark = pytest.mark.django_db


def open_reflection(case: Case, organisation: Organisation, **kwargs: object) -> Deadline:
    return do_open_deadline(
        rule=RuleKey.REFLECTION_END,
        anchor=date(2026, 3, 2),
        subject=case,
        case=case,
        responsible_organisation=organisation,
        acting_user=None,
        **kwargs,  # type: ignore[arg-type]
    )


def test_every_canton_is_seeded_with_todays_law() -> None:
    for schema in ("zh", "ge"):
        with schema_context(schema):
            rules = {rule.key: rule for rule in Rule.objects.all()}
            assert set(rules) == set(RuleKey.values)
            assert rules[RuleKey.REFLECTION_END].days == 30
            assert rules[RuleKey.THREE_MONTH_THRESHOLD].months == 3
            assert rules[RuleKey.OHG_CLAIM_WINDOW].months == 60
            assert rules[RuleKey.ANNUAL_ASSESSMENT].months == 12
            assert rules[RuleKey.ART36_NOTICE].days < 0


def test_the_reflection_period_ends_30_days_after_its_start(zh_case: Case, zh_police: Organisation) -> None:
    with schema_context("zh"):
        deadline = open_reflection(zh_case, zh_police)
        assert deadline.due_on == date(2026, 4, 1)
        assert deadline.rule.key == RuleKey.REFLECTION_END
        assert deadline.status == Deadline.Status.OPEN
        assert AuditEntry.objects.filter(object_type="deadlines.deadline", object_id=str(deadline.pk)).exists()


def test_opening_twice_returns_the_open_deadline(zh_case: Case, zh_police: Organisation) -> None:
    with schema_context("zh"):
        first = open_reflection(zh_case, zh_police)
        second = do_open_deadline(
            rule=RuleKey.REFLECTION_END,
            anchor=date(2026, 5, 1),
            subject=zh_case,
            case=zh_case,
            responsible_organisation=zh_police,
            acting_user=None,
        )
        assert second.pk == first.pk
        assert Deadline.objects.count() == 1


def test_the_database_refuses_a_second_open_deadline_for_the_same_subject(
    zh_case: Case, zh_police: Organisation
) -> None:
    with schema_context("zh"):
        first = open_reflection(zh_case, zh_police)
        with pytest.raises(IntegrityError), transaction.atomic():
            Deadline.objects.create(
                rule=first.rule,
                rule_key=first.rule_key,
                subject_type=first.subject_type,
                subject_id=first.subject_id,
                responsible_organisation=zh_police,
                anchor=first.anchor,
                due_on=first.due_on,
            )


def test_a_length_decided_on_the_case_replaces_the_rule_but_never_goes_under_30(
    zh_case: Case, zh_police: Organisation
) -> None:
    with schema_context("zh"):
        with pytest.raises(ValidationError) as refused:
            open_reflection(zh_case, zh_police, length_days=29)
        assert refused.value.code == "reflection_too_short"
        assert not Deadline.objects.exists()
        deadline = open_reflection(zh_case, zh_police, length_days=45)
        assert deadline.due_on == date(2026, 4, 16)


def test_the_refusal_is_in_the_users_language() -> None:
    from django.utils import translation

    with schema_context("zh"), translation.override("fr"), pytest.raises(ValidationError) as refused:
        check_reflection_length(days=20, on=date(2026, 1, 1))
    with translation.override("fr"):
        assert "30" in refused.value.messages[0]
        assert "au moins" in refused.value.messages[0]


def test_closing_marks_it_done_and_a_new_one_may_open(zh_case: Case, zh_police: Organisation) -> None:
    with schema_context("zh"):
        first = open_reflection(zh_case, zh_police)
        closed = do_close_deadline(rule=RuleKey.REFLECTION_END, subject=zh_case, acting_user=None, reason="ended")
        assert closed is not None and closed.pk == first.pk
        first.refresh_from_db()
        assert first.status == Deadline.Status.DONE
        assert first.closed_at is not None
        assert do_close_deadline(rule=RuleKey.REFLECTION_END, subject=zh_case, acting_user=None, reason="x") is None
        assert open_reflection(zh_case, zh_police).pk != first.pk


def test_moving_recomputes_from_the_new_event_and_keeps_the_length(zh_case: Case, zh_police: Organisation) -> None:
    with schema_context("zh"):
        first = open_reflection(zh_case, zh_police, length_days=40)
        moved = do_move_deadline(
            rule=RuleKey.REFLECTION_END, subject=zh_case, anchor=date(2026, 3, 10), acting_user=None
        )
        assert moved is not None
        assert moved.pk != first.pk
        assert moved.due_on == date(2026, 4, 19)
        first.refresh_from_db()
        assert first.status == Deadline.Status.CANCELLED
        unchanged = do_move_deadline(
            rule=RuleKey.REFLECTION_END, subject=zh_case, anchor=date(2026, 3, 10), acting_user=None
        )
        assert unchanged is not None and unchanged.pk == moved.pk


def test_months_end_on_the_last_day_of_a_shorter_month() -> None:
    from ksmm.deadlines.rules import add_months

    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 1, 31), 60) == date(2031, 1, 31)


def test_the_rule_version_valid_on_the_event_date_is_used(zh_case: Case, zh_police: Organisation) -> None:
    with schema_context("zh"):
        old = Rule.objects.get(key=RuleKey.PERMIT_EXPIRY)
        old.valid_until = date(2026, 6, 1)
        old.save()
        new = Rule.objects.create(
            key=RuleKey.PERMIT_EXPIRY, version=2, valid_from=date(2026, 6, 1), days=-14, reminder_days=[7],
            source_kind="practice", source_reference="Kantonale Praxis",
        )  # fmt: skip
        assert rule_valid_on(key=RuleKey.PERMIT_EXPIRY, on=date(2026, 5, 31)) == old
        assert rule_valid_on(key=RuleKey.PERMIT_EXPIRY, on=date(2026, 6, 1)) == new
        deadline = do_open_deadline(
            rule=RuleKey.PERMIT_EXPIRY,
            anchor=date(2026, 12, 31),
            subject=zh_case,
            case=zh_case,
            responsible_organisation=zh_police,
            acting_user=None,
        )
        assert deadline.rule == new
        assert deadline.due_on == date(2026, 12, 17)


def test_the_database_refuses_a_reflection_rule_under_30_days() -> None:
    with schema_context("zh"), pytest.raises(IntegrityError), transaction.atomic():
        Rule.objects.create(
            key=RuleKey.REFLECTION_END,
            version=9,
            valid_from=date(2030, 1, 1),
            valid_until=date(2031, 1, 1),
            days=29,
            source_kind="law",
            source_reference="Art. 35 VZAE",
        )
