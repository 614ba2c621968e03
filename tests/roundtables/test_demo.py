"""The demo gives every demo canton a round table with an approved annual assessment."""

import pytest
from django_tenants.utils import schema_context

from demo.seed import DEMO_CANTONS, load_demo
from ksmm.deadlines.models import Deadline, RuleKey
from roundtables.models import ActionItem, Meeting, RoundTable

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", DEMO_CANTONS)
def test_each_demo_canton_has_a_round_table_with_an_annual_assessment(demo_data: None, code: str) -> None:
    load_demo()  # a second run adds nothing
    with schema_context(code.lower()):
        round_table = RoundTable.objects.get()
        assert round_table.mandate_authority and round_table.mandate_document and round_table.mandate_date
        assert round_table.chair_organisation is not None and round_table.chair_contact is not None
        groups = set(round_table.members.values_list("group", flat=True))
        assert groups == {"core", "associate"}
        assert not round_table.members.filter(representative__isnull=True).exists()
        meeting = Meeting.objects.get(kind=Meeting.Kind.ANNUAL_ASSESSMENT)
        assert meeting.status == Meeting.Status.APPROVED
        assert meeting.minutes and meeting.attendees.count() == 5
        assert meeting.decisions.count() == 2
        items = ActionItem.objects.filter(meeting=meeting)
        assert items.count() == 2
        open_deadlines = Deadline.objects.filter(
            rule_key=RuleKey.ACTION_ITEM, status="open", subject_id__in=items.values("pk")
        )
        assert sorted(open_deadlines.values_list("due_on", flat=True)) == sorted(
            items.values_list("due_date", flat=True)
        )
