from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from ksmm.cantons.registry import record_for
from ksmm.federal.onboarding import OnboardingError, check_onboard_canton

LANGUAGES = ("de", "fr", "it", "en")


class Command(BaseCommand):
    help = (
        "Onboards a canton: provisions it if needed (idempotent) and invites its first canton "
        "administrator, who accepts on the canton's host."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("code", help="The canton's abbreviation, such as UR.")
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--admin-name", required=True)
        parser.add_argument("--language", help="Language of the e-mail; default: the canton's.", choices=LANGUAGES)

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["admin_email"].strip()
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"Not an e-mail address: {email!r}") from exc
        code = options["code"].strip().upper()
        language = options["language"] or _default_language(code)
        try:
            canton = check_onboard_canton(
                acting_user=None, code=code, admin_email=email, admin_name=options["admin_name"].strip(),
                language=language,
            )  # fmt: skip
        except OnboardingError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{canton.code}: active, schema {canton.schema_name}; invitation sent to its administrator.")


def _default_language(code: str) -> str:
    try:
        return record_for(code).default_language
    except KeyError:
        raise CommandError(f"Unknown canton: {code}") from None
