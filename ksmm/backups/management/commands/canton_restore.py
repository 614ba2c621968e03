from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ksmm.backups.archive import ArchiveRefused
from ksmm.backups.binaries import ToolsNotFound
from ksmm.backups.database import ToolFailed
from ksmm.backups.restore import do_restore_canton


class Command(BaseCommand):
    help = (
        "Restores one canton from its archive under its own schema name: into an installation without"
        " it, or over it with --replace. No other canton is touched."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("archive", type=Path, help="The archive directory canton_backup wrote.")
        parser.add_argument("--replace", action="store_true", help="Replace the canton's existing schema and files.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            do_restore_canton(path=options["archive"], replace=options["replace"], progress=self.stdout.write)
        except (ArchiveRefused, ToolsNotFound, ToolFailed, ValueError, OSError) as error:
            raise CommandError(str(error)) from error
