"""The two ways into the API: a browser session past the second factor, or an OAuth2 client token."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from oauth2_provider.contrib.rest_framework import OAuth2Authentication
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request


class ClientCredentialsAuthentication(OAuth2Authentication):
    """Bearer tokens of this canton's OAuth2 applications (client credentials only).

    Tokens live in the canton's schema, so a token from another canton is simply unknown here.
    The request's user stays anonymous: a system is not a person. Its identity is the
    organisation its application is bound to (see `identity.caller_for`).
    """

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        result = super().authenticate(request)
        if result is None:
            return None
        user, token = result
        if user is not None:
            # Only client-credentials applications are created here; a token carrying a user
            # came from some other grant and is not accepted.
            raise exceptions.AuthenticationFailed()
        return AnonymousUser(), token


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
