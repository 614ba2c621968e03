"""The rules of the register's writes and whom they tell (inbox and e-mail, never a place or a name)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import schema_context

from cases.operations.actions import (
    check_announce,
    check_answer,
    check_cancel,
    check_carried_out,
    check_save_operation,
)
from cases.operations.models import Announcement, PlannedOperation
from ksmm.notifications.delivery import canton_of_schema
from ksmm.notifications.emails import ITEM_FIELDS, item_message
from ksmm.notifications.models import Reminder

from .conftest import MUNICIPALITY, POLICE_ONLY, Cast, client_for, plan

pytestmark = pytest.mark.django_db
Kind = Reminder.Kind


def told(kind: str) -> set[int]:
    return set(Reminder.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def test_announcing_tells_every_member_of_each_organisation_told_and_nobody_else(
    cast: Cast, raid: PlannedOperation
) -> None:
    with schema_context("zh"):
        assert told(Kind.OPERATION_ANNOUNCED) == {cast.vera.pk, cast.nora.pk}
        items = Reminder.objects.filter(kind=Kind.OPERATION_ANNOUNCED)
        assert {item.case_id for item in items} == {None}
        assert {item.link for item in items} == {reverse("operations:detail", args=[raid.pk])}
        assert raid.status == PlannedOperation.Status.ANNOUNCED and raid.announced_at is not None


def test_announcing_again_tells_only_the_organisations_added(cast: Cast, raid: PlannedOperation) -> None:
    with schema_context("zh"):
        with pytest.raises(ValidationError):
            check_announce(acting_user=cast.polly, operation=raid, organisations=[])
        check_announce(acting_user=cast.polly, operation=raid, organisations=[cast.aid, cast.other_aid])
        assert told(Kind.OPERATION_ANNOUNCED) == {cast.vera.pk, cast.nora.pk, cast.vicky.pk}
        assert Reminder.objects.filter(kind=Kind.OPERATION_ANNOUNCED).count() == 3
        assert Announcement.objects.filter(operation=raid).count() == 3


def test_only_victim_aid_and_ngos_can_be_told_and_only_before_the_end(cast: Cast) -> None:
    with schema_context("zh"):
        operation = plan(cast)
        with pytest.raises(ValidationError):
            check_announce(acting_user=cast.polly, operation=operation, organisations=[cast.migration])
        past = plan(cast, starts_at=timezone.now() - timedelta(days=1))
        with pytest.raises(ValidationError):
            check_announce(acting_user=cast.polly, operation=past, organisations=[cast.aid])
        assert not Reminder.objects.exists()


def test_a_change_of_the_announced_part_tells_again_and_a_police_only_change_does_not(
    cast: Cast, raid: PlannedOperation
) -> None:
    with schema_context("zh"):
        raid.tactical_notes = "Zwei Teams"
        check_save_operation(acting_user=cast.polly, organisation=cast.police, operation=raid)
        assert not told(Kind.OPERATION_CHANGED)
        raid.starts_at += timedelta(hours=2)
        raid.ends_at += timedelta(hours=2)
        check_save_operation(acting_user=cast.polly, organisation=cast.police, operation=raid)
        assert told(Kind.OPERATION_CHANGED) == {cast.vera.pk, cast.nora.pk}
        assert PlannedOperation.objects.get(pk=raid.pk).version == 2


def test_the_end_must_come_after_the_start(cast: Cast) -> None:
    with schema_context("zh"), pytest.raises(ValidationError) as error:
        plan(cast, ends_at=timezone.now())
    assert "ends_at" in error.value.message_dict


def test_the_answer_of_victim_aid_reaches_the_planner(cast: Cast, raid: PlannedOperation) -> None:
    with schema_context("zh"):
        announcement = Announcement.objects.get(operation=raid, organisation=cast.aid)
        with pytest.raises(ValidationError):
            check_answer(acting_user=cast.vera, announcement=announcement, answer="maybe", note="")
        check_answer(acting_user=cast.vera, announcement=announcement, answer="present", note="2 Beraterinnen ab 6 Uhr")
        assert told(Kind.OPERATION_ANSWERED) == {cast.polly.pk}
    page = client_for(cast.polly).get(reverse("operations:detail", args=[raid.pk])).content.decode()
    assert "We will be present" in page and "2 Beraterinnen ab 6 Uhr" in page


def test_victim_aid_answers_through_the_page(cast: Cast, raid: PlannedOperation) -> None:
    response = client_for(cast.nora).post(reverse("operations:answer", args=[raid.pk]), {"answer": "on_call"})
    assert response.status_code == 302
    with schema_context("zh"):
        assert Announcement.objects.get(operation=raid, organisation=cast.ngo).answer == "on_call"


def test_cancelling_tells_the_organisations_told_to_stand_down(cast: Cast, raid: PlannedOperation) -> None:
    with schema_context("zh"):
        check_cancel(acting_user=cast.polly, operation=raid, reason="Zielperson abgereist")
        assert told(Kind.OPERATION_CANCELLED) == {cast.vera.pk, cast.nora.pk}
        with pytest.raises(ValidationError):
            check_cancel(acting_user=cast.polly, operation=raid, reason="")
        with pytest.raises(ValidationError):
            check_announce(acting_user=cast.polly, operation=raid, organisations=[cast.other_aid])
    page = client_for(cast.vera).get(reverse("operations:detail", args=[raid.pk])).content.decode()
    assert "Cancelled" in page and "Zielperson abgereist" not in page


def test_an_operation_carried_out_without_announcement_needs_the_reason(cast: Cast) -> None:
    with schema_context("zh"):
        operation = plan(cast, starts_at=timezone.now() - timedelta(hours=6))
        today = timezone.localdate()
        with pytest.raises(ValidationError) as error:
            check_carried_out(
                acting_user=cast.polly, operation=operation, carried_out_on=today, not_announced_reason=""
            )
        assert "not_announced_reason" in error.value.message_dict
        with pytest.raises(ValidationError) as error:
            check_carried_out(
                acting_user=cast.polly,
                operation=operation,
                carried_out_on=today + timedelta(days=1),
                not_announced_reason="x",
            )
        assert "carried_out_on" in error.value.message_dict
        check_carried_out(
            acting_user=cast.polly,
            operation=operation,
            carried_out_on=today,
            not_announced_reason="Hätte die Ermittlung gefährdet",
        )
        operation.refresh_from_db()
        assert operation.status == PlannedOperation.Status.CARRIED_OUT and operation.carried_out_on == today


def test_the_carried_out_form_keeps_the_input_on_an_error(cast: Cast) -> None:
    with schema_context("zh"):
        operation = plan(cast, starts_at=timezone.now() - timedelta(hours=6))
    url = reverse("operations:carried_out", args=[operation.pk])
    response = client_for(cast.polly).post(url, {"carried_out_on": "01.01.2099", "not_announced_reason": "Grund X"})
    assert response.status_code == 400
    assert "Grund X" in response.content.decode() and 'role="alert"' in response.content.decode()
    response = client_for(cast.polly).post(url, {"carried_out_on": "kein Datum"})
    assert response.status_code == 400


def test_the_plan_form_saves_and_rejects_bad_input_without_losing_it(cast: Cast) -> None:
    data = {
        "starts_at": "12.12.2099 06:00",
        "ends_at": "12.12.2099 04:00",
        "municipality": "Dietikon",
        "sector": "construction",
        "contact_name": "Wm Huber",
        "contact_phone": "044 000 00 01",
        "address": "Baustelle Nord",
    }
    client = client_for(cast.polly)
    response = client.post(reverse("operations:create"), data)
    assert response.status_code == 400 and "Dietikon" in response.content.decode()
    response = client.post(reverse("operations:create"), {**data, "ends_at": "12.12.2099 10:00"})
    assert response.status_code == 302
    with schema_context("zh"):
        operation = PlannedOperation.objects.get(municipality="Dietikon")
        assert operation.planning_organisation == cast.police and operation.planned_by == cast.polly


def test_the_police_part_is_encrypted_at_rest(cast: Cast, raid: PlannedOperation) -> None:
    with schema_context("zh"), connection.cursor() as cursor:
        cursor.execute(
            "SELECT target, address, tactical_notes FROM operations_plannedoperation WHERE id = %s", [raid.pk]
        )
        stored = " ".join(cursor.fetchone())
    assert not any(text in stored for text in POLICE_ONLY)


def test_no_inbox_item_or_e_mail_names_the_place_or_the_police_part(cast: Cast, raid: PlannedOperation) -> None:
    with schema_context("zh"):
        check_cancel(acting_user=cast.polly, operation=raid, reason="x")
        rows = list(Reminder.objects.values(*ITEM_FIELDS))
        _, host = canton_of_schema()
        messages = [item_message(row=row, to="x@example.org", language="de", host=host) for row in rows]
        items = list(Reminder.objects.values_list("event_key", "link"))
    assert len(messages) == 4
    for message in messages:
        text = f"{message.subject}\n{message.body}"
        assert MUNICIPALITY not in text and not any(part in text for part in POLICE_ONLY)
        assert ", Fall" not in message.subject and ", case" not in message.subject  # no case number
        assert reverse("operations:detail", args=[raid.pk]) in message.body
    for event_key, link in items:
        assert MUNICIPALITY not in event_key + link
    page = client_for(cast.vera).get(reverse("notifications:inbox")).content.decode()
    assert "Police operation announced in advance" in page
