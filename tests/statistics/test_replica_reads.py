"""The statistics pages read the published release from the replica; the audit entry of the read
is written on the primary (ksmm/cantons/replica.py, tests/cantons/test_replica.py)."""

from typing import Any

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ksmm.audit.models import AuditEntry
from ksmm.cantons.replica import REPLICA

pytestmark = [
    pytest.mark.django_db(databases=[DEFAULT_DB_ALIAS, REPLICA]),
    pytest.mark.usefixtures("dashboard_release"),
]


def _touching(context: CaptureQueriesContext, table: str) -> list[str]:
    return [query["sql"] for query in context.captured_queries if table in query["sql"]]


def test_the_dashboard_reads_the_release_from_the_replica_and_audits_on_the_primary(
    analyst_client: Client, settings: Any
) -> None:
    settings.KSMM_REPLICA_READS = True
    entries = AuditEntry.objects.count()
    with (
        CaptureQueriesContext(connections[DEFAULT_DB_ALIAS]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as replica,
    ):
        response = analyst_client.get("/statistics/")
    assert response.status_code == 200
    assert _touching(replica, "statistics_release")
    assert not _touching(primary, "statistics_release")
    assert not _touching(replica, "audit_auditentry")
    assert AuditEntry.objects.count() == entries + 1


def test_with_replica_reads_off_the_dashboard_reads_only_the_primary(analyst_client: Client) -> None:
    with CaptureQueriesContext(connections[REPLICA]) as replica:
        assert analyst_client.get("/statistics/").status_code == 200
    assert replica.captured_queries == []
