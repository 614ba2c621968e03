"""Creating API clients. Run inside the canton's schema."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import Application

from partners.models import Organisation

from .models import KNOWN_SCOPES, ApiClient

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class NewApiClient:
    client: ApiClient
    # Shown once: only its hash is stored.
    client_secret: str


def check_create_api_client(*, organisation_id: int, name: str, scopes: Iterable[str]) -> NewApiClient:
    """Validates the organisation and scopes, then creates the client."""
    wanted = sorted(set(scopes))
    unknown = [scope for scope in wanted if scope not in KNOWN_SCOPES]
    if not wanted or unknown:
        raise ValueError(f"Scopes must be a non-empty subset of {', '.join(KNOWN_SCOPES)}.")
    if not name.strip():
        raise ValueError("The client needs a name.")
    organisation = Organisation.objects.get(pk=organisation_id, is_active=True)
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
