from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from ksmm.backups.backup import BackupRefused, canton_by_code, do_backup_canton
from ksmm.backups.binaries import ToolsNotFound
from ksmm.backups.database import ToolFailed
from ksmm.backups.export_readme import export_readme


class Command(BaseCommand):
    help = "Exports a canton leaving the platform: a full backup with a README on how to read it."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("code", help="The canton's abbreviation, such as ZH.")
        parser.add_argument("--output", required=True, type=Path, help="Directory the archive is written into.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            canton = canton_by_code(options["code"])
            path = do_backup_canton(
                code=canton.code,
                output=options["output"],
                readme=export_readme(canton=canton),
                progress=self.stdout.write,
            )
        except (BackupRefused, ToolsNotFound, ToolFailed, ValueError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(str(path))
