"""OpenAPI descriptions of the two ways to authenticate (drf-spectacular extensions).

drf-spectacular's extension base registers subclasses in an untyped __init_subclass__.
"""

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension

from .permissions import scopes_for
from .scopes import WRITE_SCOPES

TOKEN_URL = "/api/oauth/token/"  # noqa: S105 - a URL, not a secret
AUTHORIZATION_URL = "/api/oauth/authorize/"
SCHEME_DESCRIPTION = _(
    "A cantonal system bound to one organisation, with client credentials (read scopes only), or "
    "acting for a person of that organisation who granted it named scopes (authorisation code "
    "with PKCE S256; write scopes only this way). A scope opens a kind of data or a kind of "
    "change; on each case the system does only what its organisation's grants, and for a person "
    "that person's own role and grants, allow as well. An operation that requires a scope no "
    "client can hold is for people only."
)


class ClientCredentialsScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "ksmm.api.authentication.BearerTokenAuthentication"
    name = "oauth2"

    def get_security_requirement(self, auto_schema: Any) -> dict[str, list[str]]:
        """The scopes of this operation; one no client can hold means people only."""
        return {self.name: list(scopes_for(auto_schema.view, method=auto_schema.method))}

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        scopes = {name: str(description) for name, description in settings.OAUTH2_PROVIDER["SCOPES"].items()}
        read = {name: label for name, label in scopes.items() if name not in WRITE_SCOPES}
        flows = {
            "clientCredentials": {"tokenUrl": TOKEN_URL, "scopes": read},
            "authorizationCode": {
                "authorizationUrl": AUTHORIZATION_URL,
                "tokenUrl": TOKEN_URL,
                "refreshUrl": TOKEN_URL,
                "scopes": scopes,
            },
        }
        return {"type": "oauth2", "description": str(SCHEME_DESCRIPTION), "flows": flows}


class VerifiedSessionScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "ksmm.api.authentication.VerifiedSessionAuthentication"
    name = "verifiedSession"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": "The browser session of a member, after password and second factor.",
        }
