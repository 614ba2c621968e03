from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from demo.seed import DEMO_EMAIL_DOMAIN, demo_totp_code, demo_totp_secret


class Command(BaseCommand):
    help = "Prints the current TOTP code (or the secret) of a demo account. Demo accounts only."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--secret", action="store_true", help="Print the base32 secret instead.")

    def handle(self, *args: Any, **options: Any) -> None:
        email = options["email"].strip().lower()
        if not email.endswith(f"@{DEMO_EMAIL_DOMAIN}"):
            raise CommandError(f"Only demo accounts (@{DEMO_EMAIL_DOMAIN}) have a published secret.")
        self.stdout.write(demo_totp_secret(email) if options["secret"] else demo_totp_code(email))
