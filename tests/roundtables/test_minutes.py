"""The rule of approved minutes (roundtables/minutes.py): frozen, but for an action item's status."""

import pytest
from django_tenants.utils import schema_context

from roundtables.meetings.actions import check_approve
from roundtables.meetings.minutes import ensure_draft, minutes_frozen, part_may_change
from roundtables.models import ActionItem, Decision, FrozenMinutes, Meeting, RoundTable

pytestmark = pytest.mark.django_db


def test_draft_minutes_are_not_frozen(zh_meeting: Meeting) -> None:
    with schema_context("zh"):
        assert not minutes_frozen(zh_meeting)
        assert not minutes_frozen(zh_meeting.pk)
        ensure_draft(zh_meeting)


def test_approved_minutes_are_frozen_by_instance_and_by_id(zh_meeting: Meeting) -> None:
    with schema_context("zh"):
        check_approve(acting_user=None, meeting=zh_meeting)
        assert minutes_frozen(zh_meeting)
        assert minutes_frozen(zh_meeting.pk)
        with pytest.raises(FrozenMinutes):
            ensure_draft(zh_meeting.pk)


def test_the_stored_status_decides_not_a_stale_copy(zh_meeting: Meeting) -> None:
    with schema_context("zh"):
        check_approve(acting_user=None, meeting=zh_meeting)
        stale = Meeting.objects.get(pk=zh_meeting.pk)
        stale.status = Meeting.Status.DRAFT
        assert minutes_frozen(stale)


def test_an_unsaved_meeting_is_judged_as_it_is(zh_round_table: RoundTable) -> None:
    with schema_context("zh"):
        assert not minutes_frozen(Meeting(round_table=zh_round_table))
        assert minutes_frozen(Meeting(round_table=zh_round_table, status=Meeting.Status.APPROVED))


def test_a_missing_meeting_id_is_not_frozen(db: None) -> None:
    with schema_context("zh"):
        assert not minutes_frozen(2_000_000_000)


def test_of_approved_minutes_only_an_action_items_status_may_change(zh_meeting: Meeting) -> None:
    with schema_context("zh"):
        item = zh_meeting.action_items.get()
        decision = zh_meeting.decisions.get()
        assert part_may_change(part=decision, meeting=zh_meeting, fields={"text"})
        assert part_may_change(part=item, meeting=zh_meeting, fields={"description", "status"})
        check_approve(acting_user=None, meeting=zh_meeting)
        assert part_may_change(part=item, meeting=zh_meeting, fields={"status"})
        assert part_may_change(part=ActionItem, meeting=zh_meeting.pk, fields={"status"})
        assert not part_may_change(part=item, meeting=zh_meeting, fields={"status", "due_date"})
        assert not part_may_change(part=decision, meeting=zh_meeting, fields={"status"})
        assert not part_may_change(part=Decision, meeting=zh_meeting.pk, fields={"text"})
