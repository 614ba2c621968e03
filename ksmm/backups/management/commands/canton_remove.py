from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ksmm.backups.archive import ArchiveRefused
from ksmm.backups.backup import BackupRefused
from ksmm.backups.removal import do_remove_canton


class Command(BaseCommand):
    help = (
        "Removes a canton that left the platform: its schema, files, registry and public rows. Needs"
        " the canton's code again (--confirm) and its export, checked to hold every row (--export-checked)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("code", help="The canton's abbreviation, such as ZH.")
        parser.add_argument("--confirm", required=True, help="The abbreviation once more.")
        parser.add_argument("--export-checked", required=True, type=Path, help="The archive canton_export wrote.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            do_remove_canton(
                code=options["code"],
                confirm=options["confirm"].upper(),
                export=options["export_checked"],
                progress=self.stdout.write,
            )
        except (ArchiveRefused, BackupRefused, ValueError, OSError) as error:
            raise CommandError(str(error)) from error
