from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import get_public_schema_name

from ksmm.audit.chain import ChainReport, audited_schemas, verify_schema
from ksmm.audit.checks import do_record_chain_checks


class Command(BaseCommand):
    help = "Recomputes the audit hash chain of each schema; fails when any chain is broken."

    def add_arguments(self, parser: ArgumentParser) -> None:
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--schema", help="One schema: a canton code such as zh, or public.")
        which.add_argument("--all", action="store_true", help="The public schema and every canton (the default).")

    def handle(self, *args: Any, **options: Any) -> None:
        schemas = audited_schemas()
        if options["schema"]:
            wanted = options["schema"].lower()
            if wanted not in schemas:
                raise CommandError(f"No such schema: {wanted}")
            schemas = [wanted]
        reports = [verify_schema(name) for name in schemas]
        # Monitoring reads when each chain was last found intact (ksmm_audit_chain_verified_age_seconds).
        do_record_chain_checks(reports=reports)
        for report in reports:
            self.stdout.write(self._line(report))
        broken = [report.schema_name for report in reports if not report.is_intact]
        if broken:
            raise CommandError(f"Broken audit chain in: {', '.join(broken)}")

    @staticmethod
    def _line(report: ChainReport) -> str:
        name = "public (federal)" if report.schema_name == get_public_schema_name() else report.schema_name
        if report.is_intact:
            return f"{name}: intact, {report.entries} entries, head {report.head_hash}"
        return f"{name}: BROKEN at sequence {report.first_broken} ({report.reason})"
