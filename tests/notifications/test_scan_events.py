"""The reminder scan records `deadline.due` (ksmm/events): once per deadline and reminder day,
however often the scan runs, whether or not anybody is reminded, and never for a closed case."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from django_tenants.utils import schema_context

from cases.models import Case
from ksmm.deadlines.actions import do_open_deadline
from ksmm.deadlines.models import Deadline, RuleKey
from ksmm.events.actions import register_event_listener
from ksmm.events.models import Event
from ksmm.notifications.models import OVERDUE
from ksmm.notifications.scan import insert_due_reminders
from ksmm.partners.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

DAY_0 = date(2026, 3, 2)


def reflection_end(case: Case, organisation: Organisation) -> Deadline:
    return do_open_deadline(
        rule=RuleKey.REFLECTION_END, anchor=DAY_0, subject=case, case=case, responsible_organisation=organisation,
        acting_user=None,
    )  # fmt: skip


def due_events(deadline: Deadline) -> list[tuple[str, int | None, int | None, str | None]]:
    return list(
        Event.objects.filter(kind=Event.Kind.DEADLINE_DUE, object_type="deadlines.deadline", object_id=str(deadline.pk))
        .order_by("id")
        .values_list("object_id", "case_id", "organisation_id", "event_key")
    )


def test_each_reminder_day_of_a_deadline_is_one_event_however_often_the_scan_runs(
    zh_case: Case, zh_police: Organisation, alice: object
) -> None:
    with schema_context("zh"):
        deadline = reflection_end(zh_case, zh_police)
        seven_days_before = deadline.due_on - timedelta(days=7)
        for _ in range(3):
            insert_due_reminders(today=seven_days_before)
        assert due_events(deadline) == [
            (str(deadline.pk), zh_case.pk, zh_police.pk, f"deadline.due:deadlines_deadline:{deadline.pk}:7")
        ]
        for _ in range(2):
            insert_due_reminders(today=deadline.due_on + timedelta(days=1))
        assert [key for *_, key in due_events(deadline)] == [
            f"deadline.due:deadlines_deadline:{deadline.pk}:7",
            f"deadline.due:deadlines_deadline:{deadline.pk}:{OVERDUE}",
        ]


def test_a_deadline_of_an_organisation_without_people_is_due_all_the_same(zh_case: Case) -> None:
    with schema_context("zh"):
        nobody = OrganisationFactory(type=Organisation.Type.CANTONAL_POLICE)
        deadline = reflection_end(zh_case, nobody)
        assert insert_due_reminders(today=deadline.due_on) == 0
        assert len(due_events(deadline)) == 1


def test_a_deadline_of_a_closed_case_is_not_due(zh_case: Case, zh_police: Organisation) -> None:
    with schema_context("zh"):
        deadline = reflection_end(zh_case, zh_police)
        Case.objects.filter(pk=zh_case.pk).update(status=Case.Status.CLOSED, closed_on=DAY_0)
        insert_due_reminders(today=deadline.due_on)
        assert due_events(deadline) == []


def test_a_scan_rolled_back_leaves_no_event(zh_case: Case, zh_police: Organisation) -> None:
    with schema_context("zh"):
        deadline = reflection_end(zh_case, zh_police)
        with pytest.raises(RuntimeError), transaction.atomic():
            insert_due_reminders(today=deadline.due_on)
            raise RuntimeError("the worker died")
        assert due_events(deadline) == []


def test_the_listeners_hear_of_the_events_the_scan_recorded_only(zh_case: Case, zh_police: Organisation) -> None:
    heard: list[Event] = []
    listener = register_event_listener(heard.extend)
    try:
        with schema_context("zh"):
            deadline = reflection_end(zh_case, zh_police)
            insert_due_reminders(today=deadline.due_on)
            insert_due_reminders(today=deadline.due_on)
    finally:
        from ksmm.events import actions

        actions._LISTENERS.remove(listener)
    # Other committed deadlines of the canton may be due that day too: this one's, once.
    mine = [event for event in heard if event.kind == Event.Kind.DEADLINE_DUE and event.object_id == str(deadline.pk)]
    assert [(event.kind, event.case_id, event.id is not None) for event in mine] == [
        (Event.Kind.DEADLINE_DUE, zh_case.pk, True)
    ]
