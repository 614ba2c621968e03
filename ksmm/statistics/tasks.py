"""Celery tasks of the federal statistics; they run in the public schema."""

import logging

from celery import shared_task
from tenant_schemas_celery.task import TenantTask

from ksmm.accounts.models import User

from .models import CountingRun
from .releases import do_publish_dashboard_release
from .runs import do_start_counting_run

logger = logging.getLogger(__name__)


@shared_task(base=TenantTask, name="statistics.start_nightly_run", acks_late=True, reject_on_worker_lost=True)
def start_nightly_run() -> int:
    """Starts the night's run; a redelivered message starts a second run, which only counts again."""
    return do_start_counting_run(trigger=CountingRun.Trigger.NIGHTLY).pk


@shared_task(name="statistics.publish_dashboard_release", acks_late=True, reject_on_worker_lost=True)
def publish_dashboard_release(
    run_id: int | None = None, threshold: int | None = None, acting_user_id: int | None = None
) -> int:
    """Publishes a dashboard release after a counting run (sent by name, with `run_id`), or when an
    administrator asks for another threshold; returns its id.

    A plain task, not a canton's: the release reads and writes the public schema only, and
    `do_publish_dashboard_release` enters it whatever schema the worker was left in.
    """
    acting_user = User.objects.filter(pk=acting_user_id).first() if acting_user_id else None
    release = do_publish_dashboard_release(run_id=run_id, threshold=threshold, acting_user=acting_user)
    logger.info("dashboard release id=%s run=%s", release.pk, run_id)
    return release.pk
