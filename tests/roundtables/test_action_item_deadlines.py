"""An action item's due date is a deadline of its owner, kept in step with the item."""

import datetime

import pytest
from django_tenants.utils import schema_context

from ksmm.deadlines.models import Deadline, RuleKey
from ksmm.partners.models import Organisation
from roundtables.meetings.actions import (
    check_approve,
    check_save_action_item,
    do_delete_part,
    do_set_action_item_status,
)
from roundtables.models import ActionItem, Meeting
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def _deadlines(item: ActionItem) -> list[tuple[str, datetime.date, int]]:
    rows = Deadline.objects.filter(
        rule_key=RuleKey.ACTION_ITEM, subject_type="roundtables.actionitem", subject_id=item.pk
    )
    return list(rows.order_by("pk").values_list("status", "due_on", "responsible_organisation_id"))


def _new_item(meeting: Meeting, owner: Organisation) -> ActionItem:
    item = ActionItem(description="Merkblatt", owner=owner, due_date=datetime.date(2026, 6, 30))
    return check_save_action_item(acting_user=None, meeting=meeting, item=item)


def test_a_new_action_item_opens_a_deadline_on_its_due_date(zh_meeting: Meeting, zh_org: Organisation) -> None:
    with schema_context("zh"):
        item = _new_item(zh_meeting, zh_org)
        assert _deadlines(item) == [("open", datetime.date(2026, 6, 30), zh_org.pk)]
        check_save_action_item(acting_user=None, meeting=zh_meeting, item=item)  # saved again unchanged
        assert len(_deadlines(item)) == 1


def test_a_new_due_date_or_owner_moves_the_deadline(zh_meeting: Meeting, zh_org: Organisation) -> None:
    with schema_context("zh"):
        item = _new_item(zh_meeting, zh_org)
        item.due_date = datetime.date(2026, 7, 15)
        check_save_action_item(acting_user=None, meeting=zh_meeting, item=item)
        assert [row for row in _deadlines(item) if row[0] == "open"] == [
            ("open", datetime.date(2026, 7, 15), zh_org.pk)
        ]
        other = OrganisationFactory()
        item.owner = other
        check_save_action_item(acting_user=None, meeting=zh_meeting, item=item)
        assert [row for row in _deadlines(item) if row[0] == "open"] == [("open", datetime.date(2026, 7, 15), other.pk)]


def test_done_closes_the_deadline_even_after_approval_and_reopening_opens_it(
    zh_meeting: Meeting, zh_org: Organisation
) -> None:
    with schema_context("zh"):
        item = _new_item(zh_meeting, zh_org)
        check_approve(acting_user=None, meeting=zh_meeting)
        do_set_action_item_status(acting_user=None, item=item, status=ActionItem.Status.DONE)
        assert [row[0] for row in _deadlines(item)] == ["done"]
        do_set_action_item_status(acting_user=None, item=item, status=ActionItem.Status.OPEN)
        assert [row[0] for row in _deadlines(item)] == ["done", "open"]


def test_deleting_a_draft_item_cancels_its_deadline(zh_meeting: Meeting, zh_org: Organisation) -> None:
    with schema_context("zh"):
        item = _new_item(zh_meeting, zh_org)
        item_id = item.pk
        do_delete_part(acting_user=None, meeting=zh_meeting, obj=item)
        item.pk = item_id
        assert [row[0] for row in _deadlines(item)] == ["cancelled"]
