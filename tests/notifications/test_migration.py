"""The migration to event notifications keeps the inbox items posted before it."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django_tenants.utils import schema_context

from cases.models import Case
from ksmm.accounts.models import User

pytestmark = pytest.mark.django_db

BEFORE = [("notifications", "0002_case_notices")]
AFTER = [("notifications", "0003_event_notifications")]


def test_an_exception_notice_posted_before_gets_a_key_and_stays(zh_case: Case, alice: User) -> None:
    with schema_context("zh"):
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO notifications_reminder (kind, case_id, link, recipient_id, is_escalation, created_at)"
                " VALUES ('minor_at_risk_exception', %s, '', %s, false, now()) RETURNING id",
                [zh_case.pk, alice.pk],
            )
            (legacy_id,) = cursor.fetchone()
            # Committed before the migration runs, in real life: its foreign-key checks are done.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(AFTER)
        with connection.cursor() as cursor:
            cursor.execute("SELECT kind, event_key, link FROM notifications_reminder WHERE id = %s", [legacy_id])
            assert cursor.fetchone() == ("minor_at_risk_exception", f"legacy:{legacy_id}", "/inbox/")
