"""Who is calling: a verified member of this canton, or a cantonal system bound to an organisation."""

from dataclasses import dataclass

from oauth2_provider.models import AccessToken
from rest_framework.request import Request

from ksmm.audit.attribution import Actor, attribute_request
from ksmm.audit.models import ActorKind
from ksmm.memberships.access import membership_of
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation

from .models import ApiClient
from .scopes import compartments_opened_by

_CACHE_ATTRIBUTE = "_ksmm_api_caller"


@dataclass(frozen=True)
class Caller:
    """The identity behind an API request, inside the canton of the current schema.

    Exactly one of `membership` (a person) and `client` (a system) is set; `organisation` is
    the one they act for.
    """

    organisation: Organisation
    membership: Membership | None = None
    client: ApiClient | None = None
    scopes: frozenset[str] = frozenset()

    @property
    def is_client(self) -> bool:
        return self.client is not None

    @property
    def compartment_ceiling(self) -> frozenset[str] | None:
        """The compartments a client's scopes open, read by the case policy on top of the
        organisation's grants; None for a person, whom only the grants limit."""
        return compartments_opened_by(self.scopes) if self.client is not None else None

    @property
    def audit_actor(self) -> Actor:
        if self.client is not None:
            return Actor(kind=ActorKind.CLIENT, client_id=self.client.pk, organisation_id=self.organisation.pk)
        assert self.membership is not None  # noqa: S101 - exactly one of the two is set
        return Actor(kind=ActorKind.PERSON, user_id=self.membership.user_id, organisation_id=self.organisation.pk)


def caller_for(request: Request) -> Caller | None:
    """The caller of `request` in this canton, or None when nobody known here is calling.

    Resolved once per request; the permission class calls it first. The caller becomes the actor
    of every audit entry written while serving the request.
    """
    cached: Caller | None = getattr(request, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    caller = _resolve(request)
    setattr(request, _CACHE_ATTRIBUTE, caller)
    if caller is not None:
        attribute_request(request._request, caller.audit_actor)
    return caller


def _resolve(request: Request) -> Caller | None:
    token = request.auth
    if isinstance(token, AccessToken):
        client = bound_client(token)
        if client is None:
            return None
        # Narrowing a client's scopes takes effect on tokens already issued.
        scopes = frozenset(token.scope.split()) & frozenset(client.scopes)
        return Caller(organisation=client.organisation, client=client, scopes=scopes)
    membership = membership_of(request)
    if membership is None:
        return None
    return Caller(organisation=membership.organisation, membership=membership)


def bound_client(token: AccessToken) -> ApiClient | None:
    """The client a token was issued to, if it is bound to an active organisation here."""
    return (
        ApiClient.objects.select_related("organisation", "application")
        .filter(application_id=token.application_id, organisation__is_active=True)
        .first()
    )
