"""Celery tasks of the federal statistics; they run in the public schema."""

import logging

from celery import shared_task

from .releases import do_publish_dashboard_release

logger = logging.getLogger(__name__)


@shared_task(name="statistics.publish_dashboard_release", acks_late=True, reject_on_worker_lost=True)
def publish_dashboard_release(run_id: int | None = None) -> int:
    """Publishes a dashboard release after a counting run (sent by name, with `run_id`); returns its id.

    A plain task, not a canton's: the release reads and writes the public schema only, and
    `do_publish_dashboard_release` enters it whatever schema the worker was left in.
    """
    release = do_publish_dashboard_release(run_id=run_id)
    logger.info("dashboard release id=%s run=%s", release.pk, run_id)
    return release.pk
