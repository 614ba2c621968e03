"""The meeting and agreement pages' SQL statements, pinned as absolute numbers (STYLE.md rule 10).

Counted with tests/queries.py after a warm-up request, for a member (alice): draft minutes with
an attendee, a decision and an action item, 8 (7 besides SET search_path)
statements; a complete draft agreement, 12 (11).
"""

import pytest

from ksmm.accounts.models import User
from roundtables.models import Agreement, Meeting
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.queries import assert_statements

MEETING, MEETING_WITHOUT = 8, 7
AGREEMENT, AGREEMENT_WITHOUT = 12, 11

pytestmark = pytest.mark.django_db


def test_the_meeting_page_runs_a_fixed_number_of_statements(alice: User, zh_meeting: Meeting) -> None:
    client = sign_in(canton_client("zh"), alice)
    path = f"/roundtable/meetings/{zh_meeting.pk}/"
    assert_statements(client, path, MEETING, without_search_path=MEETING_WITHOUT)


def test_the_agreement_page_runs_a_fixed_number_of_statements(alice: User, zh_agreement: Agreement) -> None:
    client = sign_in(canton_client("zh"), alice)
    path = f"/roundtable/agreements/{zh_agreement.pk}/"
    assert_statements(client, path, AGREEMENT, without_search_path=AGREEMENT_WITHOUT)
