"""Meetings: minutes, attendees, decisions and action items; approved minutes are frozen."""

import datetime
from collections.abc import Callable

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client
from django_tenants.utils import schema_context

from ksmm.accounts.models import User
from ksmm.partners.models import Organisation
from roundtables.meetings.actions import (
    MinutesIncomplete,
    attendance_of,
    check_approve,
    check_save_action_item,
    do_create_meeting,
    do_save_meeting,
    do_save_part,
    do_set_action_item_status,
)
from roundtables.models import ActionItem, Decision, FrozenMinutes, Meeting, MeetingAttendee, RoundTable
from tests.auth import sign_in
from tests.factories import (
    ActionItemFactory,
    ContactPersonFactory,
    DecisionFactory,
    MeetingFactory,
    OrganisationFactory,
)
from tests.queries import assert_statements

pytestmark = pytest.mark.django_db


def _refused(change: Callable[[], object]) -> None:
    with pytest.raises(DatabaseError, match="approved minutes"), transaction.atomic():
        change()


def test_people_attend_for_their_organisation_and_an_organisation_alone_attends_as_such(
    zh_round_table: RoundTable,
) -> None:
    with schema_context("zh"):
        police, aid = OrganisationFactory.create_batch(2)
        officer = ContactPersonFactory(organisation=police)
        rows = attendance_of(organisations=[police, aid], contacts=[officer])
        assert sorted(rows, key=str) == sorted([(police.pk, officer.pk), (aid.pk, None)], key=str)
        meeting = do_create_meeting(
            acting_user=None, round_table=zh_round_table, date=datetime.date(2026, 5, 4), attendance=rows
        )
        assert meeting.attendees.count() == 2
        do_save_meeting(acting_user=None, meeting=meeting, attendance=[(aid.pk, None)])
        assert list(meeting.attendees.values_list("organisation_id", "contact_id")) == [(aid.pk, None)]


def test_minutes_without_text_or_attendees_are_not_approved(zh_round_table: RoundTable) -> None:
    with schema_context("zh"):
        meeting = MeetingFactory(round_table=zh_round_table, minutes="")
        with pytest.raises(MinutesIncomplete):
            check_approve(acting_user=None, meeting=meeting)


def test_an_action_item_is_owned_by_the_organisation_of_its_person(zh_meeting: Meeting) -> None:
    with schema_context("zh"):
        owner = OrganisationFactory()
        item = ActionItem(
            description="Flyer", owner=owner, owner_contact=ContactPersonFactory(), due_date=datetime.date(2026, 9, 1)
        )
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError):
            check_save_action_item(acting_user=None, meeting=zh_meeting, item=item)


def test_approved_minutes_are_frozen_in_the_actions(zh_meeting: Meeting) -> None:
    with schema_context("zh"):
        check_approve(acting_user=None, meeting=zh_meeting)
        zh_meeting.minutes = "Geändert"
        with pytest.raises(FrozenMinutes):
            do_save_meeting(acting_user=None, meeting=zh_meeting)
        stale = Meeting.objects.get(pk=zh_meeting.pk)
        stale.status = Meeting.Status.DRAFT  # a forged copy still cannot pass
        with pytest.raises(FrozenMinutes):
            do_save_part(acting_user=None, meeting=stale, obj=Decision(meeting=stale, text="Nachträglich"))


def test_approved_minutes_are_frozen_in_the_database(zh_meeting: Meeting) -> None:
    with schema_context("zh"):
        check_approve(acting_user=None, meeting=zh_meeting)
        decision = zh_meeting.decisions.get()
        item = zh_meeting.action_items.get()
        _refused(lambda: Meeting.objects.filter(pk=zh_meeting.pk).update(minutes="Forged"))
        _refused(lambda: Meeting.objects.filter(pk=zh_meeting.pk).update(status="draft", approved_at=None))
        _refused(lambda: Meeting.objects.filter(pk=zh_meeting.pk).delete())
        _refused(lambda: Decision.objects.filter(pk=decision.pk).update(text="Forged"))
        _refused(lambda: DecisionFactory(meeting=zh_meeting))
        _refused(lambda: Decision.objects.filter(pk=decision.pk).delete())
        _refused(lambda: MeetingAttendee.objects.filter(meeting=zh_meeting).delete())
        _refused(lambda: MeetingAttendee.objects.create(meeting=zh_meeting, organisation=OrganisationFactory()))
        _refused(lambda: ActionItem.objects.filter(pk=item.pk).update(description="Forged"))
        _refused(lambda: ActionItem.objects.filter(pk=item.pk).update(due_date=datetime.date(2030, 1, 1)))
        _refused(lambda: ActionItemFactory(meeting=zh_meeting))
        with connection.cursor() as cursor:
            _refused(lambda: cursor.execute("DELETE FROM roundtables_actionitem WHERE id = %s", [item.pk]))
        assert Meeting.objects.get(pk=zh_meeting.pk).minutes == zh_meeting.minutes


def test_the_action_items_of_approved_minutes_can_still_be_done(zh_meeting: Meeting) -> None:
    with schema_context("zh"):
        check_approve(acting_user=None, meeting=zh_meeting)
        item = zh_meeting.action_items.get()
        do_set_action_item_status(acting_user=None, item=item, status=ActionItem.Status.DONE)
        item.refresh_from_db()
        assert item.status == ActionItem.Status.DONE
        assert item.done_at is not None
        do_set_action_item_status(acting_user=None, item=item, status=ActionItem.Status.OPEN)
        assert ActionItem.objects.get(pk=item.pk).done_at is None


def test_a_coordinator_records_a_meeting_with_a_decision_and_an_action_item(
    zh_client: Client, carla: User, zh_round_table: RoundTable, zh_org: Organisation
) -> None:
    with schema_context("zh"):
        officer = ContactPersonFactory(organisation=zh_org, name="Olivia Officer")
    sign_in(zh_client, carla)
    assert zh_client.get("/roundtable/meetings/new/").status_code == 200
    response = zh_client.post(
        "/roundtable/meetings/new/",
        {
            "date": "2026-02-10",
            "kind": "annual_assessment",
            "location": "Kaspar-Escher-Haus",
            "minutes": "Die assoziierte Gruppe beurteilt das Jahr.",
            "attendee_organisations": [zh_org.pk],
            "attendee_contacts": [officer.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()
    with schema_context("zh"):
        meeting = Meeting.objects.get(location="Kaspar-Escher-Haus")
        assert list(meeting.attendees.values_list("contact_id", flat=True)) == [officer.pk]
    base = f"/roundtable/meetings/{meeting.pk}"
    assert zh_client.post(f"{base}/decision/new/", {"order": 1, "text": "Bericht annehmen"}).status_code == 302
    item = {
        "description": "Jahresbericht versenden",
        "owner": zh_org.pk,
        "owner_contact": officer.pk,
        "due_date": "2026-03-31",
    }
    assert zh_client.post(f"{base}/action-item/new/", item).status_code == 302
    page = zh_client.get(f"{base}/").content.decode()
    assert "Bericht annehmen" in page and "Jahresbericht versenden" in page and "Olivia Officer" in page
    assert zh_client.post(f"{base}/approve/").status_code == 302
    with schema_context("zh"):
        meeting.refresh_from_db()
        assert meeting.status == Meeting.Status.APPROVED
        item_id = meeting.action_items.get().pk
    assert zh_client.post(f"/roundtable/action-items/{item_id}/status/", {"status": "done"}).status_code == 302
    with schema_context("zh"):
        assert ActionItem.objects.get(pk=item_id).status == ActionItem.Status.DONE


def test_approved_minutes_refuse_a_form_change(zh_client: Client, carla: User, zh_meeting: Meeting) -> None:
    with schema_context("zh"):
        check_approve(acting_user=None, meeting=zh_meeting)
        decision = zh_meeting.decisions.get()
        item = zh_meeting.action_items.get()
    sign_in(zh_client, carla)
    base = f"/roundtable/meetings/{zh_meeting.pk}"
    for path, data in [
        (f"{base}/edit/", {"date": "2026-01-01", "kind": "regular", "minutes": "Neu"}),
        (f"{base}/decision/{decision.pk}/", {"order": 1, "text": "Neu"}),
        (f"{base}/decision/new/", {"order": 1, "text": "Neu"}),
        (f"{base}/action-item/{item.pk}/", {"description": "Neu", "owner": item.owner_id, "due_date": "2026-01-01"}),
    ]:
        response = zh_client.post(path, data, HTTP_ACCEPT_LANGUAGE="de")
        assert response.status_code == 400, path
        assert "Ein genehmigtes Protokoll kann nicht geändert werden." in response.content.decode()
    with schema_context("zh"):
        assert Decision.objects.get(pk=decision.pk).text != "Neu"


def test_a_draft_decision_is_deleted_and_an_unknown_kind_is_404(
    zh_client: Client, carla: User, zh_meeting: Meeting
) -> None:
    with schema_context("zh"):
        decision = zh_meeting.decisions.get()
    sign_in(zh_client, carla)
    base = f"/roundtable/meetings/{zh_meeting.pk}"
    assert zh_client.get(f"{base}/minutes/new/").status_code == 404
    assert zh_client.post(f"{base}/decision/{decision.pk}/delete/").status_code == 302
    with schema_context("zh"):
        assert not Decision.objects.filter(pk=decision.pk).exists()


def _paths(meeting: Meeting) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    with schema_context("zh"):
        decision = meeting.decisions.get()
        item = meeting.action_items.get()
    base = f"/roundtable/meetings/{meeting.pk}"
    reader = [("get", "/roundtable/meetings/"), ("get", f"{base}/"), ("get", f"{base}/pdf/")]
    writer = [
        ("get", "/roundtable/meetings/new/"),
        ("get", f"{base}/edit/"),
        ("post", f"{base}/approve/"),
        ("get", f"{base}/decision/new/"),
        ("get", f"{base}/decision/{decision.pk}/"),
        ("post", f"{base}/decision/{decision.pk}/delete/"),
        ("get", f"{base}/action-item/new/"),
        ("get", f"{base}/action-item/{item.pk}/"),
        ("post", f"/roundtable/action-items/{item.pk}/status/"),
    ]
    return reader, writer


def test_a_member_reads_the_minutes_but_does_not_write(zh_client: Client, alice: User, zh_meeting: Meeting) -> None:
    reader, writer = _paths(zh_meeting)
    sign_in(zh_client, alice)
    for method, path in reader:
        assert getattr(zh_client, method)(path).status_code == 200, path
    for method, path in writer:
        assert getattr(zh_client, method)(path).status_code == 403, path


def test_an_outsider_finds_no_meeting(zh_client: Client, bob: User, zh_meeting: Meeting) -> None:
    reader, writer = _paths(zh_meeting)
    sign_in(zh_client, bob)
    for method, path in reader + writer:
        assert getattr(zh_client, method)(path).status_code == 404, path


def test_the_coordinator_pages_answer(zh_client: Client, carla: User, zh_meeting: Meeting) -> None:
    _reader, writer = _paths(zh_meeting)
    sign_in(zh_client, carla)
    for method, path in writer:
        if method == "get":
            assert zh_client.get(path).status_code == 200, path


@pytest.mark.parametrize("rows", [1, 50])
def test_the_meeting_list_costs_the_same_queries_for_1_and_50_meetings(
    zh_client: Client, alice: User, zh_round_table: RoundTable, zh_org: Organisation, rows: int
) -> None:
    with schema_context("zh"):
        for number in range(rows):
            meeting = MeetingFactory(
                round_table=zh_round_table, date=datetime.date(2025, 1, 1) + datetime.timedelta(days=number)
            )
            DecisionFactory(meeting=meeting)
            ActionItemFactory(meeting=meeting, owner=zh_org)
    sign_in(zh_client, alice)
    # session, user (host, device and membership are remembered), meetings
    assert_statements(zh_client, "/roundtable/meetings/", 5, without_search_path=4, warm_up=False)


@pytest.mark.parametrize("rows", [1, 50])
def test_a_meetings_page_costs_the_same_queries_for_1_and_50_items(
    zh_client: Client, alice: User, zh_meeting: Meeting, zh_org: Organisation, rows: int
) -> None:
    with schema_context("zh"):
        for _number in range(rows):
            ActionItemFactory(meeting=zh_meeting, owner=zh_org, owner_contact=ContactPersonFactory(organisation=zh_org))
            DecisionFactory(meeting=zh_meeting)
            MeetingAttendee.objects.create(
                meeting=zh_meeting, organisation=zh_org, contact=ContactPersonFactory(organisation=zh_org)
            )
    sign_in(zh_client, alice)
    # ... gate and permission, meeting, attendees, decisions, action items
    assert_statements(zh_client, f"/roundtable/meetings/{zh_meeting.pk}/", 8, without_search_path=7, warm_up=False)
