from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ksmm.backups.backup import BackupRefused, do_backup_canton
from ksmm.backups.binaries import ToolsNotFound
from ksmm.backups.database import ToolFailed


class Command(BaseCommand):
    help = (
        "Backs up one canton (its schema, the public rows it stands on, its sealed files) into one"
        " archive directory under --output. The archive is as sensitive as the database: store it encrypted."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("code", help="The canton's abbreviation, such as ZH.")
        parser.add_argument("--output", required=True, type=Path, help="Directory the archive is written into.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            path = do_backup_canton(code=options["code"], output=options["output"], progress=self.stdout.write)
        except (BackupRefused, ToolsNotFound, ToolFailed, ValueError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(path))
