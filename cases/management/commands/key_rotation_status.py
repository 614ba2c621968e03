from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from cases.encryption import current_key_version
from cases.rotation.cantons import cantons_with_data
from cases.rotation.runs import rotation_status


class Command(BaseCommand):
    help = (
        "Shows, per canton and part, the last key rotation and how many rows are still of an older "
        "key version. Exits with an error while any are left (the old key must stay in the ring)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--canton", action="append", help="A canton code (ZH); repeat for more. Default: all.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            cantons = cantons_with_data(codes=options["canton"])
        except LookupError as error:
            raise CommandError(f"No canton with a schema: {error}") from error
        self.stdout.write(f"Current key version {current_key_version()}.")
        behind = []
        for canton in cantons:
            with schema_context(canton.schema_name):
                for row in rotation_status():
                    when = f" (at {row.last_at:%Y-%m-%d %H:%M:%S %Z})" if row.last_at else ""
                    state = f"{row.state} to version {row.target_version}" if row.state else "never rotated"
                    self.stdout.write(
                        f"{canton.code} {row.part}: {state}, {row.rewritten} rewritten, {row.remaining} left{when}"
                    )
                    if row.remaining:
                        behind.append(f"{canton.code} {row.part}")
        if behind:
            raise CommandError(f"Rows of an older key version are left in: {', '.join(behind)}")
