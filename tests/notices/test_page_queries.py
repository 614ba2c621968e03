"""The notice pages' SQL statements, pinned as absolute numbers (STYLE.md rule 10).

Counted with tests/queries.py after a warm-up request: a published version with the shipped
texts, for the coordinator, 8 (7 besides SET search_path) statements; the
notices of a case, for its victim-aid counsellor, 14 (13): with the victim's identity, whose
languages come first, and the audit entry of that read (lock, last entry, insert).
"""

import pytest
from django_tenants.utils import schema_context

from cases.models import Case
from ksmm.accounts.models import User
from notices.models import Notice, NoticeVersion
from tests.auth import sign_in
from tests.conftest import canton_client
from tests.queries import assert_statements

VERSION, VERSION_WITHOUT = 8, 7
CASE, CASE_WITHOUT = 14, 13

pytestmark = pytest.mark.django_db


def test_the_notice_version_page_runs_a_fixed_number_of_statements(carla: User) -> None:
    with schema_context("zh"):
        notice = Notice.objects.order_by("pk").first()
        version = NoticeVersion.objects.get(status=NoticeVersion.Status.PUBLISHED, notice=notice)
    client = sign_in(canton_client("zh"), carla)
    assert_statements(client, f"/notices/versions/{version.pk}/", VERSION, without_search_path=VERSION_WITHOUT)


def test_the_notices_of_a_case_run_a_fixed_number_of_statements(vera: User, zh_case: Case) -> None:
    client = sign_in(canton_client("zh"), vera)
    assert_statements(client, f"/notices/cases/{zh_case.pk}/", CASE, without_search_path=CASE_WITHOUT)
