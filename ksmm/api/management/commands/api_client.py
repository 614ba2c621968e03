from argparse import ArgumentParser, RawDescriptionHelpFormatter
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_tenants.utils import schema_context

from ksmm.api.actions import check_create_api_client
from ksmm.api.models import ApiClient
from ksmm.cantons.models import Canton
from ksmm.partners.models import Organisation

GRANTS_NOTE = (
    "On each case a client reads a compartment only if its scope AND its organisation's grant on "
    "that case allow it: a scope never opens more than the organisation may see."
)


def scope_table() -> str:
    """The scopes and what each opens, for --help and the output of create."""
    labels = settings.OAUTH2_PROVIDER["SCOPES"]
    width = max(len(name) for name in labels)
    return "\n".join(f"  {name:<{width}}  {label}" for name, label in labels.items())


class Command(BaseCommand):
    help = (
        "Creates an OAuth2 client of a canton, bound to one organisation: client credentials (read "
        "scopes), or with --redirect-uri an authorisation-code client that acts for the "
        "organisation's people (write scopes too); lists them."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser(
            "create",
            help="Prints the client id and the secret, once.",
            description=f"Scopes:\n{scope_table()}\n\n{GRANTS_NOTE}",
            formatter_class=RawDescriptionHelpFormatter,
        )
        create.add_argument("--canton", required=True, help="Abbreviation, such as ZH.")
        create.add_argument("--organisation-id", type=int, required=True)
        create.add_argument("--name", required=True, help="What system this is, such as 'Police case system'.")
        create.add_argument(
            "--scopes",
            nargs="+",
            required=True,
            choices=list(settings.OAUTH2_PROVIDER["SCOPES"]),
            help="One or more of the scopes above; identity, investigation and residence need core; "
            "intake, steps, decisions and deliveries need --redirect-uri.",
        )
        create.add_argument(
            "--redirect-uri",
            action="append",
            default=[],
            dest="redirect_uris",
            help="An exact https redirect URI of a system acting for people (authorisation code with "
            "PKCE S256); repeat for several.",
        )
        listing = sub.add_parser("list", help="The clients of a canton.")
        listing.add_argument("--canton", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            canton = Canton.objects.cantons().active().get(code=options["canton"].upper())
        except Canton.DoesNotExist as exc:
            raise CommandError(f"No active canton {options['canton']}.") from exc
        with schema_context(canton.schema_name):
            if options["action"] == "create":
                self.create(canton, options)
            else:
                self.list()

    def create(self, canton: Canton, options: dict[str, Any]) -> None:
        try:
            created = check_create_api_client(
                organisation_id=options["organisation_id"],
                name=options["name"],
                scopes=options["scopes"],
                redirect_uris=options["redirect_uris"],
            )
        except Organisation.DoesNotExist as exc:
            raise CommandError(f"No active organisation {options['organisation_id']} in {canton.code}.") from exc
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        labels = settings.OAUTH2_PROVIDER["SCOPES"]
        self.stdout.write(f"client_id: {created.client.application.client_id}")
        self.stdout.write(f"client_secret: {created.client_secret}")
        self.stdout.write("The secret is stored hashed and cannot be shown again.")
        application = created.client.application
        self.stdout.write(f"grant type: {application.authorization_grant_type}")
        if application.redirect_uris:
            self.stdout.write(f"redirect URIs: {application.redirect_uris}")
            self.stdout.write("Authorisation code with PKCE (S256); people of the organisation grant scopes.")
        self.stdout.write("Scopes:")
        for scope in created.client.scopes:
            self.stdout.write(f"  {scope}: {labels[scope]}")
        self.stdout.write(GRANTS_NOTE)

    def list(self) -> None:
        for client in ApiClient.objects.select_related("application", "organisation").order_by("pk"):
            self.stdout.write(
                f"{client.application.client_id}  {client.application.authorization_grant_type}  "
                f"organisation {client.organisation_id}  "
                f"scopes {' '.join(client.scopes)}  {client.application.name}"
            )
