"""Creating API clients. Run inside the canton's schema."""

import ipaddress
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import transaction
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import Application
from oauth2_provider.settings import oauth2_settings

from ksmm.compartments import default_grants
from ksmm.partners.models import Organisation

from .models import KNOWN_SCOPES, ApiClient
from .scopes import COMPARTMENTS_OF_SCOPE, NEEDS_CORE, WRITE_SCOPES, Scope

# Scopes of compartments that only some types of organisation read (DESIGN.md 3).
GRANT_BOUND_SCOPES = (Scope.IDENTITY, Scope.INVESTIGATION)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class NewApiClient:
    client: ApiClient
    # Shown once: only its hash is stored.
    client_secret: str


def check_create_api_client(
    *, organisation_id: int, name: str, scopes: Iterable[str], redirect_uris: Iterable[str] = ()
) -> NewApiClient:
    """Validates the organisation and scopes, then creates the client.

    Identity and investigation scopes are refused to an organisation whose type the canton's
    data-sharing matrix does not let read them; on each case the grants limit the client further.
    With `redirect_uris` the client acts for people (authorisation code with PKCE) and may hold
    write scopes; without, it acts for itself (client credentials) and may not.
    """
    wanted = sorted(set(scopes))
    unknown = [scope for scope in wanted if scope not in KNOWN_SCOPES]
    if not wanted or unknown:
        raise ValueError(f"Scopes must be a non-empty subset of {', '.join(KNOWN_SCOPES)}.")
    uris = [check_redirect_uri(uri) for uri in redirect_uris]
    if not uris and WRITE_SCOPES & set(wanted):
        raise ValueError("Write scopes are granted by people only: give the client redirect URIs.")
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
    return do_create_api_client(organisation=organisation, name=name.strip(), scopes=wanted, redirect_uris=uris)


def check_redirect_uri(uri: str) -> str:
    """An exact redirect URI: https, or http to a loopback address where the settings allow it
    (tests, DEBUG); never a fragment or a wildcard."""
    parts = urlsplit(uri.strip())
    allowed = oauth2_settings.ALLOWED_REDIRECT_URI_SCHEMES
    loopback = parts.scheme == "http" and "http" in allowed and _is_loopback(parts.hostname or "")
    if not parts.hostname or parts.fragment or "*" in uri or not (parts.scheme == "https" or loopback):
        raise ValueError("A redirect URI is an exact https URL (http only to a loopback address in development).")
    return uri.strip()


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def do_create_api_client(
    *, organisation: Organisation, name: str, scopes: list[str], redirect_uris: list[str] | None = None
) -> NewApiClient:
    """A confidential application bound to `organisation`: client credentials, or, with
    `redirect_uris`, authorisation code (PKCE is required by the settings)."""
    secret = generate_client_secret()
    grant_type = Application.GRANT_AUTHORIZATION_CODE if redirect_uris else Application.GRANT_CLIENT_CREDENTIALS
    with transaction.atomic():
        application = Application.objects.create(
            name=name,
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=grant_type,
            redirect_uris=" ".join(redirect_uris or []),
            client_secret=secret,
            hash_client_secret=True,
        )
        client = ApiClient.objects.create(application=application, organisation=organisation, scopes=scopes)
    logger.info("api client created id=%s organisation=%s", client.pk, organisation.pk)
    return NewApiClient(client=client, client_secret=secret)
