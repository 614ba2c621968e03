import logging

from celery import shared_task
from tenant_schemas_celery.task import TenantTask

from .checks import check_all_chains

logger = logging.getLogger(__name__)


@shared_task(base=TenantTask, name="ksmm.audit.tasks.verify_chains", acks_late=True, reject_on_worker_lost=True)
def verify_chains() -> list[str]:
    """Nightly: recomputes every schema's audit chain and records the outcome in public (the
    metrics alert on its age and on a broken chain). Returns the schemas found broken."""
    reports = check_all_chains()
    broken = [report.schema_name for report in reports if not report.is_intact]
    for schema_name in broken:
        logger.error("audit chain broken schema=%s", schema_name)
    logger.info("audit chains verified schemas=%d broken=%d", len(reports), len(broken))
    return broken
