"""The scopes of API clients: one per compartment of what the API serves (DESIGN.md 3, 8).

`OAUTH2_PROVIDER["SCOPES"]` labels them (the schema and `api_client create --help` show the
labels). A scope says which endpoints a client may call; what it reads there is further limited
by its organisation's grants on each case, because the case policy asks both (a client Caller's
`compartment_ceiling`). A client's effective scopes are those of its token that its ApiClient
row still holds.

Write scopes name a capability (`intake`, `steps`, `decisions`, `deliveries`). Only a person
grants them, to a system acting on their behalf (authorisation code): a client-credentials
token never carries one, and a delegated write still needs what the person's own role and grants
allow, so a token never exceeds the person (ksmm/api/permissions.py).
"""

from enum import StrEnum
from typing import Any

from oauth2_provider.scopes import SettingsScopes

from ksmm.compartments import Compartment

from .models import ApiClient


class Scope(StrEnum):
    DIRECTORY = "directory"
    CORE = "core"
    IDENTITY = "identity"
    INVESTIGATION = "investigation"
    RESIDENCE = "residence"
    NOTICES = "notices"
    INTAKE = "intake"
    STEPS = "steps"
    DECISIONS = "decisions"
    DELIVERIES = "deliveries"


WRITE_SCOPES = frozenset({Scope.INTAKE, Scope.STEPS, Scope.DECISIONS, Scope.DELIVERIES})


# The case compartments a scope opens (within the grants). Counselling has no scope: it stays
# with people (professional secrecy, OHG Art. 11).
COMPARTMENTS_OF_SCOPE: dict[str, str] = {
    Scope.CORE: Compartment.CORE,
    Scope.IDENTITY: Compartment.IDENTITY,
    Scope.INVESTIGATION: Compartment.INVESTIGATION,
    Scope.RESIDENCE: Compartment.RESIDENCE,
}
# Reached through the cases the organisation is party to: useless without `core`.
NEEDS_CORE = frozenset({Scope.IDENTITY, Scope.INVESTIGATION, Scope.RESIDENCE})
# Declared by endpoints that serve people only; no client is ever granted it.
PEOPLE_ONLY = ("people-only",)


def compartments_opened_by(scopes: frozenset[str]) -> frozenset[str]:
    return frozenset(COMPARTMENTS_OF_SCOPE[scope] for scope in scopes if scope in COMPARTMENTS_OF_SCOPE)


def is_delegating(application: Any) -> bool:
    """Whether `application` acts for people (authorisation code) rather than for itself."""
    return bool(application.authorization_grant_type == "authorization-code")


def grantable_scopes(*, application: Any, scopes: list[str]) -> list[str]:
    """What of `scopes` a token of `application` may carry: no write scope without a person."""
    return [scope for scope in scopes if is_delegating(application) or scope not in WRITE_SCOPES]


class ApiClientScopes(SettingsScopes):
    """A client may ask only for the scopes of its ApiClient row; without a row, none. A
    client-credentials application never gets a write scope, whatever its row says."""

    def get_available_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        if application is None:
            return list(super().get_available_scopes(application, request, *args, **kwargs))
        client = ApiClient.objects.filter(application_id=application.pk).first()
        return grantable_scopes(application=application, scopes=list(client.scopes)) if client is not None else []

    def get_default_scopes(self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any) -> list[str]:
        return self.get_available_scopes(application, request, *args, **kwargs)
