"""Counting one canton: every measure of the catalogue, written as aggregates into `public`.

Runs inside the canton's schema (a Celery task of counting/tasks.py, or the demo seed). The
canton's earlier aggregates and round-table health are replaced in one transaction, so the
federal level sees either the last complete count or the new one, never a mix; a second run
(a redelivered task, a nightly run overlapping an analyst's) writes the same rows again and never
duplicates them. Only slugs of the catalogue and counts cross into `public`.
"""

import logging
import zlib
from dataclasses import dataclass

from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name, schema_context

from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.cantons.current import current_schema
from ksmm.cantons.models import Canton
from ksmm.statistics.catalogue import RULES_VERSION
from ksmm.statistics.models import Aggregate, CantonHealth, CountingRun
from ksmm.statistics.runs import do_finish_canton

from .health import health_by_year
from .measures import aggregate_sql, all_facts
from .persons import fill_persons_table

logger = logging.getLogger(__name__)

# First half of the advisory lock that serialises two counts of one canton.
COUNT_LOCK_NAMESPACE = 0x434E5400  # "CNT"


def _delete_aggregates(*, canton_id: int) -> None:
    """One DELETE statement: the ORM's delete() loads every row first where any delete signal
    is connected (a global receiver is enough), several seconds for a large canton."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM public.{Aggregate._meta.db_table} WHERE canton_id = %s", [canton_id])  # noqa: S608


@dataclass(frozen=True)
class CountResult:
    canton_code: str
    aggregates: int
    years: int


def do_count_canton(*, run_id: int | None) -> CountResult:
    """Counts the current canton and replaces its aggregates; with a run, records the canton done.

    The count, the audit entry in the public chain (which canton, which run, how many rows: no
    figure of the count itself) and the run's bookkeeping commit together.
    """
    schema = current_schema()
    canton = Canton.objects.get(schema_name=schema, level=Canton.Level.CANTON)
    run = CountingRun.objects.filter(pk=run_id).first() if run_id is not None else None
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [COUNT_LOCK_NAMESPACE, zlib.crc32(schema.encode()) - 2**31]
            )
        _delete_aggregates(canton_id=canton.pk)
        persons_table = fill_persons_table(schema=schema)
        with connection.cursor() as cursor:
            for facts in all_facts(persons_table=persons_table):
                cursor.execute(
                    aggregate_sql(facts),
                    [canton.pk, run.pk if run else None, RULES_VERSION, facts.measure, *facts.params],
                )
        aggregates = Aggregate.objects.filter(canton=canton).count()
        years = health_by_year()
        CantonHealth.objects.filter(canton=canton).delete()
        CantonHealth.objects.bulk_create(
            CantonHealth(
                canton=canton,
                run=run,
                year=health.year,
                round_table_exists=health.round_table_exists,
                agreement_valid=health.agreement_valid,
                agreement_valid_until=health.agreement_valid_until,
                meetings=health.meetings,
            )
            for health in years
        )
        with schema_context(get_public_schema_name()):
            do_record(
                actor=None,
                action=AuditAction.CREATE,
                object_type="statistics.aggregate",
                object_id=canton.code,
                purpose=f"counting run {run.pk}" if run else "counting",
            )
        if run is not None:
            do_finish_canton(run_id=run.pk, canton_code=canton.code)
    logger.info("counting canton=%s run=%s aggregates=%d", canton.code, run_id, aggregates)
    return CountResult(canton_code=canton.code, aggregates=aggregates, years=len(years))
