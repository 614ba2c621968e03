"""The nightly counting run, started by Celery beat in the public schema."""

from celery import shared_task
from tenant_schemas_celery.task import TenantTask

from .models import CountingRun
from .runs import do_start_counting_run


@shared_task(base=TenantTask, name="statistics.start_nightly_run", acks_late=True, reject_on_worker_lost=True)
def start_nightly_run() -> int:
    """Starts the night's run; a redelivered message starts a second run, which only counts again."""
    return do_start_counting_run(trigger=CountingRun.Trigger.NIGHTLY).pk
