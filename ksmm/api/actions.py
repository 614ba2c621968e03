"""Creating API clients. Run inside the canton's schema."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import Application

from ksmm.compartments import default_grants
from ksmm.partners.models import Organisation

from .models import KNOWN_SCOPES, ApiClient
from .scopes import COMPARTMENTS_OF_SCOPE, NEEDS_CORE, Scope

# Scopes of compartments that only some types of organisation read (DESIGN.md 3).
GRANT_BOUND_SCOPES = (Scope.IDENTITY, Scope.INVESTIGATION)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class NewApiClient:
    client: ApiClient
    # Shown once: only its hash is stored.
    client_secret: str


def check_create_api_client(*, organisation_id: int, name: str, scopes: Iterable[str]) -> NewApiClient:
    """Validates the organisation and scopes, then creates the client.

    Identity and investigation scopes are refused to an organisation whose type the canton's
    data-sharing matrix does not let read them; on each case the grants limit the client further.
    """
    wanted = sorted(set(scopes))
    unknown = [scope for scope in wanted if scope not in KNOWN_SCOPES]
    if not wanted or unknown:
        raise ValueError(f"Scopes must be a non-empty subset of {', '.join(KNOWN_SCOPES)}.")
    if Scope.CORE not in wanted and NEEDS_CORE & set(wanted):
        raise ValueError(f"{', '.join(sorted(NEEDS_CORE & set(wanted)))} reach cases only with core as well.")
    if not name.strip():
        raise ValueError("The client needs a name.")
    organisation = Organisation.objects.get(pk=organisation_id, is_active=True)
    readable = default_grants(organisation_type=organisation.type)
    beyond = [scope for scope in GRANT_BOUND_SCOPES if scope in wanted and COMPARTMENTS_OF_SCOPE[scope] not in readable]
    if beyond:
        raise ValueError(
            f"The canton's data-sharing matrix grants organisations of type {organisation.type} "
            f"no {', '.join(beyond)} data."
        )
    return do_create_api_client(organisation=organisation, name=name.strip(), scopes=wanted)


def do_create_api_client(*, organisation: Organisation, name: str, scopes: list[str]) -> NewApiClient:
    """A confidential client-credentials application bound to `organisation`."""
    secret = generate_client_secret()
    with transaction.atomic():
        application = Application.objects.create(
            name=name,
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
            client_secret=secret,
            hash_client_secret=True,
        )
        client = ApiClient.objects.create(application=application, organisation=organisation, scopes=scopes)
    logger.info("api client created id=%s organisation=%s", client.pk, organisation.pk)
    return NewApiClient(client=client, client_secret=secret)
