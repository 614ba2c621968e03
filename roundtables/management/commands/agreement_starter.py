"""Creates a draft agreement with the starter texts in the current canton schema.

python manage.py tenant_command agreement_starter --schema=be --form B --language de
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from roundtables.models import Agreement
from roundtables.starter import STARTER_LANGUAGES, do_create_starter, second_language_for


class Command(BaseCommand):
    help = "Creates a draft co-operation agreement with starter texts for all fourteen sections."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--form", choices=Agreement.Form.values, default=Agreement.Form.B)
        parser.add_argument("--language", choices=STARTER_LANGUAGES, default="de")

    def handle(self, *args: Any, **options: Any) -> None:
        second = second_language_for(options["language"])
        agreement = do_create_starter(
            acting_user=None, form=options["form"], language=options["language"], second_language=second
        )
        self.stdout.write(f"draft {agreement.pk} version {agreement.version}")
