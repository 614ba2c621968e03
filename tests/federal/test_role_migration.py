"""The migration from the boolean to the federal role keeps every analyst's access."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db

BEFORE = [("accounts", "0003_user_inbox_email")]
AFTER = [("accounts", "0004_user_federal_role")]


def test_analysts_become_analysts_and_nobody_else_gets_a_role() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO accounts_user (password, is_superuser, email, full_name, language, inbox_email, is_active,"
            " is_federal_analyst, is_staff, date_joined) VALUES"
            " ('!', false, 'old.analyst@fedpol.test', 'A', '', 'immediate', true, true, false, now()),"
            " ('!', false, 'canton.person@zh.test', 'B', '', 'immediate', true, false, false, now())"
        )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT email, federal_role FROM accounts_user WHERE email IN (%s, %s) ORDER BY email",
            ["old.analyst@fedpol.test", "canton.person@zh.test"],
        )
        assert cursor.fetchall() == [("canton.person@zh.test", ""), ("old.analyst@fedpol.test", "analyst")]
