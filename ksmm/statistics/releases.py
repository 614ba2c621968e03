"""Releases of the federal statistics: the dashboard's exact counts under disclosure control.

A dashboard release freezes the latest aggregates into published cells (ksmm/statistics/cube.py),
suppresses small cells and the cells that would let them be derived (disclosure.py), and stores
every cell with its count or, where suppressed, with no count and the reason. The pages read a
release, never the aggregates. The open-data release is in privacy.py.
"""

import logging
import time

from django.conf import settings
from django.db import connection, transaction
from django_tenants.utils import get_public_schema_name, schema_context

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction

from .catalogue import RULES_VERSION
from .cube import Cube, Row, build_cube
from .disclosure import PRIMARY, SECONDARY, suppress
from .models import Aggregate, CountingRun, Release, ReleasedCell

logger = logging.getLogger(__name__)

REASONS = {
    0: ReleasedCell.Suppression.NONE,
    PRIMARY: ReleasedCell.Suppression.PRIMARY,
    SECONDARY: ReleasedCell.Suppression.SECONDARY,
}
CELL_COLUMNS = (
    "release_id",
    "canton",
    "period_kind",
    "period_start",
    "measure",
    "dimension",
    "value",
    "form",
    "count",
    "suppression",
)


def aggregate_rows() -> list[Row]:
    """The latest aggregates of the current counting rules, as rows for the cube."""
    rows = Aggregate.objects.filter(rules_version=RULES_VERSION).values_list(
        "canton__code", "period_kind", "period_start", "measure", "dimension", "value", "form", "count"
    )
    return [(code.lower(), *rest) for code, *rest in rows]  # type: ignore[misc]


def protected_cube(rows: list[Row], *, threshold: int) -> Cube:
    """The cube of `rows` with primary and secondary suppression decided."""
    cube = build_cube(rows)
    for block in cube.blocks:
        suppress(block.table, threshold=threshold)
    return cube


def do_publish_dashboard_release(
    *, run_id: int | None = None, threshold: int | None = None, acting_user: User | None = None
) -> Release:
    """Publishes the latest aggregates as a dashboard release; atomic and audited in public.

    `run_id` names the counting run the release follows (default: the newest finished run);
    `threshold` defaults to STATISTICS_SUPPRESSION_THRESHOLD and is stored with the release.
    """
    threshold = settings.STATISTICS_SUPPRESSION_THRESHOLD if threshold is None else threshold
    if not 1 <= threshold <= 100:
        raise ValueError("The suppression threshold must lie between 1 and 100.")
    with schema_context(get_public_schema_name()), transaction.atomic():
        run = _run(run_id)
        started = time.monotonic()
        cube = protected_cube(aggregate_rows(), threshold=threshold)
        release = Release.objects.create(
            kind=Release.Kind.DASHBOARD,
            run=run,
            rules_version=RULES_VERSION,
            threshold=threshold,
            created_by_user_id=acting_user.pk if acting_user else None,
        )
        published, suppressed = _write_cells(release, cube)
        release.cells_published, release.cells_suppressed = published, suppressed
        release.save(update_fields=["cells_published", "cells_suppressed"])
        do_record(actor=acting_user, action=AuditAction.CREATE, obj=release, purpose="dashboard release")
        logger.info(
            "dashboard release id=%s published=%d suppressed=%d seconds=%.1f",
            release.pk,
            published,
            suppressed,
            time.monotonic() - started,
        )
    return release


def _run(run_id: int | None) -> CountingRun | None:
    runs = CountingRun.objects.all()
    if run_id is not None:
        return runs.get(pk=run_id)
    return runs.filter(status=CountingRun.Status.DONE).order_by("-started_at", "-pk").first()


def _write_cells(release: Release, cube: Cube) -> tuple[int, int]:
    """Copies every cell into the table at once (COPY: a full release is close to a million rows)."""
    published = suppressed = 0
    table = connection.ops.quote_name(ReleasedCell._meta.db_table)
    with connection.cursor() as cursor, cursor.copy(f"COPY {table} ({', '.join(CELL_COLUMNS)}) FROM STDIN") as copy:
        for canton, kind, start, (measure, dimension, value), form, count, reason in cube.cells():
            if reason:
                suppressed += 1
                copy.write_row(
                    (release.pk, canton, kind, start, measure, dimension, value, form, None, REASONS[reason])
                )
            else:
                published += 1
                copy.write_row((release.pk, canton, kind, start, measure, dimension, value, form, count, ""))
    return published, suppressed
