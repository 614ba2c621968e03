"""The systems a person has let act on their behalf (delegated OAuth2 tokens), and ending that.

A connection is one client holding live tokens of the person in this canton. The person ends it
from their "Connected systems" page; it also ends with their membership or a change of their
role or organisation, since the scopes were granted under the old ones.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Max, Min, Q
from django.http import HttpRequest
from django.utils import timezone
from oauth2_provider.models import AccessToken, Grant, RefreshToken

from ksmm.accounts.models import User
from ksmm.audit.actions import do_record
from ksmm.audit.models import AuditAction

from .models import ApiClient


@dataclass(frozen=True)
class Connection:
    client: ApiClient
    scopes: list[str]
    granted_at: datetime
    last_refreshed_at: datetime


def connections_of(user: User) -> list[Connection]:
    """The clients holding a live refresh or access token of `user`: three queries."""
    live_refresh = RefreshToken.objects.filter(user=user, revoked__isnull=True)
    live_access = AccessToken.objects.filter(user=user, expires__gt=timezone.now())
    application_ids = set(live_refresh.values_list("application_id", flat=True)) | set(
        live_access.values_list("application_id", flat=True)
    )
    if not application_ids:
        return []
    clients = ApiClient.objects.select_related("application", "organisation").filter(application_id__in=application_ids)
    # Every refresh token of a family, rotated ones included, dates back to the grant.
    dates = {
        row["application_id"]: row
        for row in RefreshToken.objects.filter(user=user, application_id__in=application_ids)
        .values("application_id")
        .annotate(granted_at=Min("created"), last_refreshed_at=Max("created"))
    }
    scopes: dict[int, set[str]] = {}
    for application_id, scope in live_access.values_list("application_id", "scope"):
        scopes.setdefault(application_id, set()).update(scope.split())
    return [
        Connection(
            client=client,
            scopes=sorted(scopes.get(client.application_id, set())),
            granted_at=dates.get(client.application_id, {}).get("granted_at") or client.created_at,
            last_refreshed_at=dates.get(client.application_id, {}).get("last_refreshed_at") or client.created_at,
        )
        for client in sorted(clients, key=lambda client: client.application.name)
    ]


def do_revoke_connection(*, acting_user: User, client: ApiClient, request: HttpRequest | None) -> None:
    """Ends every token and pending code `client` holds for `acting_user`, and records it."""
    with transaction.atomic():
        _revoke(Q(user=acting_user, application_id=client.application_id))
        do_record(
            actor=acting_user,
            action=AuditAction.REVOKE,
            obj=client,
            purpose="delegated access",
            recipient_organisation_id=client.organisation_id,
            request=request,
        )


def do_revoke_all_connections(*, user_id: int) -> None:
    """Ends every delegated token of a person here (membership ended, role or organisation
    changed): part of the caller's transaction, recorded by the caller's own entry."""
    _revoke(Q(user_id=user_id))


def _revoke(tokens: Q) -> None:
    RefreshToken.objects.filter(tokens, revoked__isnull=True).update(revoked=timezone.now())
    AccessToken.objects.filter(tokens).delete()
    Grant.objects.filter(tokens).delete()
