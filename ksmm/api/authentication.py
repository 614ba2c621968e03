"""The ways into the API: a browser session past the second factor, or an OAuth2 bearer token of
a system (client credentials) or of a system acting for a person (authorisation code)."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from oauth2_provider.contrib.rest_framework import OAuth2Authentication
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request

from .scopes import is_delegating


class BearerTokenAuthentication(OAuth2Authentication):
    """Bearer tokens of this canton's OAuth2 applications.

    Tokens live in the canton's schema, so a token from another canton is simply unknown here.
    A client-credentials token has no user: the request's user stays anonymous, the caller is the
    organisation its application is bound to (see `identity.caller_for`). A delegated token
    (authorisation code) names the person who granted it: the request's user is that person,
    so every write is checked and recorded as theirs. A person who can no longer sign in takes
    their tokens with them at once.
    """

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user, token = result
        if user is None:
            if is_delegating(token.application):
                raise exceptions.AuthenticationFailed()
            return AnonymousUser(), token
        # A token with a user from an application that does not act for people, or of a person
        # who is no longer active, is refused.
        if not is_delegating(token.application) or not user.is_active:
            raise exceptions.AuthenticationFailed()
        return user, token


class VerifiedSessionAuthentication(SessionAuthentication):
    """The browser session, but only once it passed the second factor.

    A password-only session counts as no credentials at all, so it gets a 401 like anybody.
    """

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        user = getattr(request._request, "user", None)
        if user is None or not user.is_active or not user.is_verified():
            return None
        self.enforce_csrf(request)
        return user, None
