"""OpenAPI descriptions of the two ways to authenticate (drf-spectacular extensions).

drf-spectacular's extension base registers subclasses in an untyped __init_subclass__.
"""

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension

from .permissions import scopes_for

TOKEN_URL = "/api/oauth/token/"  # noqa: S105 - a URL, not a secret
SCHEME_DESCRIPTION = _(
    "Client credentials of a cantonal system bound to one organisation. A scope opens a kind of "
    "data; on each case the client reads only what its organisation's grants allow as well. An "
    "operation that requires a scope no client can hold is for people only."
)


class ClientCredentialsScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "ksmm.api.authentication.ClientCredentialsAuthentication"
    name = "oauth2"

    def get_security_requirement(self, auto_schema: Any) -> dict[str, list[str]]:
        """The scopes of this operation; one no client can hold means people only."""
        return {self.name: list(scopes_for(auto_schema.view, method=auto_schema.method))}

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        scopes = {name: str(description) for name, description in settings.OAUTH2_PROVIDER["SCOPES"].items()}
        flow = {"tokenUrl": TOKEN_URL, "scopes": scopes}
        return {"type": "oauth2", "description": str(SCHEME_DESCRIPTION), "flows": {"clientCredentials": flow}}


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
