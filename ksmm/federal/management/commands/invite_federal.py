from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from ksmm.accounts.models import FederalRole
from ksmm.federal.actions import FederalPeopleError, check_invite_federal

LANGUAGES = ("de", "fr", "it", "en")


class Command(BaseCommand):
    help = (
        "Invites a federal analyst or administrator: an e-mail with a one-time link to the bare host "
        "(the first federal administrator of an installation is invited this way)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--role", required=True, choices=FederalRole.values)
        parser.add_argument("--email", required=True)
        parser.add_argument("--name", default="", help="Full name; needed for a person new to the platform.")
        parser.add_argument("--language", default="de", choices=LANGUAGES, help="Language of the e-mail.")

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip()
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"Not an e-mail address: {email!r}") from exc
        try:
            with transaction.atomic():
                check_invite_federal(
                    acting_user=None, email=email, full_name=options["name"].strip() or email,
                    role=FederalRole(options["role"]), language=options["language"],
                )  # fmt: skip
        except FederalPeopleError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Invitation sent: {options['role']}, valid for seven days.")
