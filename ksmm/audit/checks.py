"""Recording each verification of the audit chains, so that monitoring can tell how long ago
every schema's chain was last found intact (ksmm_audit_chain_verified_age_seconds)."""

from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from ksmm.cantons.models import AuditChainCheck

from .chain import ChainReport, verify_all


def do_record_chain_checks(*, reports: Sequence[ChainReport]) -> None:
    """Stores the outcome of each report in public; a broken chain keeps its last intact time."""
    now = timezone.now()
    with schema_context(get_public_schema_name()), transaction.atomic():
        for report in reports:
            check, _created = AuditChainCheck.objects.select_for_update().get_or_create(
                schema_name=report.schema_name,
                defaults={"checked_at": now, "is_intact": report.is_intact, "entries": report.entries},
            )
            check.checked_at = now
            check.is_intact = report.is_intact
            check.entries = report.entries
            if report.is_intact:
                check.verified_at = now
            check.save()


def check_all_chains() -> list[ChainReport]:
    """Verifies the public chain and every canton's, and records the outcome."""
    reports = verify_all()
    do_record_chain_checks(reports=reports)
    return reports
