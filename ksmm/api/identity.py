"""Who is calling: a verified member of this canton, a cantonal system bound to an organisation,
or such a system acting for a member who granted it named scopes (a delegated token)."""

from dataclasses import dataclass

from oauth2_provider.models import AccessToken
from rest_framework.request import Request

from ksmm.audit.attribution import Actor, attribute_request
from ksmm.audit.models import ActorKind
from ksmm.memberships.access import membership_for, membership_of
from ksmm.memberships.models import Membership
from ksmm.partners.models import Organisation

from .models import ApiClient
from .scopes import compartments_opened_by

_CACHE_ATTRIBUTE = "_ksmm_api_caller"


@dataclass(frozen=True)
class Caller:
    """The identity behind an API request, inside the canton of the current schema.

    `membership` (a person), `client` (a system), or both (a system acting for that person,
    `is_delegated`); `organisation` is the one they act for, the person's when there is one
    (a delegated token is only granted by a member of the client's own organisation).
    """

    organisation: Organisation
    membership: Membership | None = None
    client: ApiClient | None = None
    scopes: frozenset[str] = frozenset()

    @property
    def is_client(self) -> bool:
        """A system acting for itself, with no person behind the call."""
        return self.client is not None and self.membership is None

    @property
    def is_delegated(self) -> bool:
        return self.client is not None and self.membership is not None

    @property
    def compartment_ceiling(self) -> frozenset[str] | None:
        """The compartments a token's scopes open, read by the case policy on top of the grants
        (of the organisation, or of the person behind a delegated token); None for a person in
        their browser, whom only the grants limit."""
        return compartments_opened_by(self.scopes) if self.client is not None else None

    @property
    def audit_actor(self) -> Actor:
        if self.membership is not None and self.client is not None:
            return Actor(
                kind=ActorKind.DELEGATED,
                user_id=self.membership.user_id,
                client_id=self.client.pk,
                organisation_id=self.organisation.pk,
            )
        if self.client is not None:
            return Actor(kind=ActorKind.CLIENT, client_id=self.client.pk, organisation_id=self.organisation.pk)
        assert self.membership is not None  # noqa: S101 - one of the two is set
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
        if token.user_id is None:
            return Caller(organisation=client.organisation, client=client, scopes=scopes)
        # A delegated token: the person must still be a member here, of the client's organisation.
        membership = membership_for(request.user)
        if membership is None or membership.organisation_id != client.organisation_id:
            return None
        return Caller(organisation=membership.organisation, membership=membership, client=client, scopes=scopes)
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
