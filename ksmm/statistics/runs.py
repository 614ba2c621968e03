"""Counting runs: one task per active canton, sent by name, and the run's end.

`ksmm` imports no domain app: the count itself lives in the `counting` app and is reached through
Celery by its task name, with the canton's schema in the message header (tenant-schemas-celery).
When the last canton reports, the dashboard release is built by the task named PUBLISH_TASK.
"""

import datetime

from celery import current_app
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction
from ksmm.cantons.models import Canton

from .catalogue import RULES_VERSION
from .models import CountingRun

COUNT_TASK = "counting.count_canton"
PUBLISH_TASK = "statistics.publish_dashboard_release"
SCHEMA_HEADER = "_schema_name"


# A run still counting after this long has lost a canton's task: it no longer blocks a new one.
OVERDUE_AFTER = datetime.timedelta(hours=1)


class CountingRunningError(Exception):
    """A count asked for while another one is still running."""


def check_start_counting_run(*, acting_user: User) -> CountingRun:
    """Starts a count asked for by a person, unless one is running and not yet overdue."""
    if CountingRun.objects.filter(
        status=CountingRun.Status.RUNNING, started_at__gte=timezone.now() - OVERDUE_AFTER
    ).exists():
        raise CountingRunningError
    return do_start_counting_run(trigger=CountingRun.Trigger.ON_DEMAND, acting_user=acting_user)


def do_start_counting_run(*, trigger: str, acting_user: User | None = None) -> CountingRun:
    """Creates a run over the active cantons and, once committed, sends each its count.

    Audited in the public chain (who asked, which run: metadata only). A run without an active
    canton is done at once.
    """
    with transaction.atomic(), schema_context(get_public_schema_name()):
        cantons = list(Canton.objects.cantons().active().order_by("code").values_list("code", "schema_name"))
        run = CountingRun.objects.create(
            trigger=trigger,
            rules_version=RULES_VERSION,
            requested_by_user_id=acting_user.pk if acting_user else None,
            cantons_expected=[code for code, _schema in cantons],
        )
        do_record(actor=acting_user, action=AuditAction.CREATE, obj=run, purpose=f"counting run {trigger}")
        if not cantons:
            _finish(run)
        run_id = run.pk
        transaction.on_commit(lambda: _send_counts(run_id, [schema for _code, schema in cantons]))
    return run


def _send_counts(run_id: int, schemas: list[str]) -> None:
    for schema_name in schemas:
        current_app.send_task(COUNT_TASK, kwargs={"run_id": run_id}, headers={SCHEMA_HEADER: schema_name})


def do_finish_canton(*, run_id: int, canton_code: str) -> CountingRun | None:
    """Records a canton's count as done, under the run's row lock; the last one ends the run and
    asks for the dashboard release. A canton reported twice is recorded once."""
    with transaction.atomic(), schema_context(get_public_schema_name()):
        run = CountingRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None:
            return None
        if canton_code not in run.cantons_done:
            run.cantons_done = [*run.cantons_done, canton_code]
            run.save(update_fields=["cantons_done"])
        if run.status == CountingRun.Status.RUNNING and set(run.cantons_expected) <= set(run.cantons_done):
            _finish(run)
    return run


def _finish(run: CountingRun) -> None:
    run.status = CountingRun.Status.DONE
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "finished_at"])
    run_id = run.pk
    transaction.on_commit(
        lambda: current_app.send_task(
            PUBLISH_TASK, kwargs={"run_id": run_id}, headers={SCHEMA_HEADER: get_public_schema_name()}
        )
    )


def do_request_dashboard_release(*, threshold: int, acting_user: User) -> None:
    """Asks the worker for a dashboard release of the latest counts with `threshold`; audited."""
    with transaction.atomic(), schema_context(get_public_schema_name()):
        do_record(
            actor=acting_user,
            action=AuditAction.CREATE,
            object_type="statistics.release",
            purpose=f"dashboard release asked for, threshold {threshold}",
        )
        transaction.on_commit(
            lambda: current_app.send_task(
                PUBLISH_TASK,
                kwargs={"threshold": threshold, "acting_user_id": acting_user.pk},
                headers={SCHEMA_HEADER: get_public_schema_name()},
            )
        )
