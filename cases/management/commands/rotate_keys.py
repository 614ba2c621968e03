from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from cases.encryption import current_key_version, key_versions
from cases.rotation.cantons import cantons_with_data
from cases.rotation.runs import ALL_PARTS, BATCH_SIZE, Part, do_rotate_keys
from cases.tasks import rotate_keys


class Command(BaseCommand):
    help = (
        "Rewrites the encrypted fields, attachment files and blind index of each canton under the "
        "current key version (the first of KSMM_FIELD_ENCRYPTION_KEYS). Safe to run again: it "
        "continues where the data stands."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--canton", action="append", help="A canton code (ZH); repeat for more. Default: all.")
        parser.add_argument("--fields", action="store_true", help="Only the encrypted fields.")
        parser.add_argument("--attachments", action="store_true", help="Only the attachment files.")
        parser.add_argument("--blind-index", action="store_true", help="Only the blind index.")
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE, help="Rows per transaction.")
        parser.add_argument(
            "--background", action="store_true", help="Queue one Celery task per canton instead of running here."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        chosen = {Part.FIELDS: options["fields"], Part.ATTACHMENTS: options["attachments"],
                  Part.BLIND_INDEX: options["blind_index"]}  # fmt: skip
        parts = [part for part in ALL_PARTS if chosen[part]] or list(ALL_PARTS)
        try:
            cantons = cantons_with_data(codes=options["canton"])
        except LookupError as error:
            raise CommandError(f"No canton with a schema: {error}") from error
        versions = ", ".join(str(version) for version in key_versions())
        self.stdout.write(f"Current key version {current_key_version()} (ring: {versions}).")
        for canton in cantons:
            with schema_context(canton.schema_name):
                if options["background"]:
                    rotate_keys.delay(parts=[str(part) for part in parts])
                    self.stdout.write(f"{canton.code}: queued")
                    continue

                def report(part: str, rewritten: int, remaining: int, code: str = canton.code) -> None:
                    left = "" if remaining < 0 else f", {remaining} left"
                    self.stdout.write(f"{code} {part}: {rewritten} rewritten{left}")

                results = do_rotate_keys(parts=parts, size=options["batch_size"], report=report)
            unfinished = [result.part for result in results if result.remaining]
            if unfinished:
                self.stderr.write(f"{canton.code}: rows still locked in {', '.join(unfinished)}; run again.")
