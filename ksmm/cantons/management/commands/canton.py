from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ksmm.cantons.actions import do_deactivate_canton, do_provision_canton
from ksmm.cantons.models import Canton
from ksmm.cantons.registry import CANTONS, FEDERAL_CODE


class Command(BaseCommand):
    help = "Creates or updates canton schemas and hosts (idempotent), deactivates a canton, or lists them."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        provision = sub.add_parser("provision", help="Create or update schema and domain.")
        provision.add_argument("codes", nargs="*", help="Abbreviations such as ZH GE; CH is the federal level.")
        provision.add_argument("--all", action="store_true", help="The federal level and all 26 cantons.")
        provision.add_argument("--domain", help="Host name; only with a single canton.")
        deactivate = sub.add_parser("deactivate", help="Host answers 404, beat skips it; data is kept.")
        deactivate.add_argument("codes", nargs="+")
        sub.add_parser("list", help="Show the registry.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "provision":
            codes = [FEDERAL_CODE, *(c.code for c in CANTONS)] if options["all"] else options["codes"]
            if not codes:
                raise CommandError("Name at least one canton, or use --all.")
            if options["domain"] and len(codes) != 1:
                raise CommandError("--domain needs exactly one canton.")
            for code in codes:
                try:
                    canton = do_provision_canton(code=code, domain=options["domain"])
                except KeyError as exc:
                    raise CommandError(f"Unknown canton: {code}") from exc
                self.stdout.write(f"{canton.code}: active, schema {canton.schema_name}")
        elif action == "deactivate":
            for code in options["codes"]:
                try:
                    canton = do_deactivate_canton(code=code)
                except (Canton.DoesNotExist, ValueError) as exc:
                    raise CommandError(f"Cannot deactivate {code}: {exc}") from exc
                self.stdout.write(f"{canton.code}: inactive")
        else:
            for canton in Canton.objects.order_by("level", "bfs_number"):
                domains = ", ".join(d.domain for d in canton.domains.all())
                state = "active" if canton.is_active else "inactive"
                self.stdout.write(f"{canton.code:3} {state:8} {canton.schema_name:7} {domains}")
