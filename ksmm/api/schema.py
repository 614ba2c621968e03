"""OpenAPI descriptions of the two ways to authenticate (drf-spectacular extensions).

drf-spectacular's extension base registers subclasses in an untyped __init_subclass__.
"""

from typing import Any

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.permissions import SAFE_METHODS

from .permissions import DEFAULT_READ_SCOPES

TOKEN_URL = "/api/oauth/token/"  # noqa: S105 - a URL, not a secret


class ClientCredentialsScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    target_class = "ksmm.api.authentication.ClientCredentialsAuthentication"
    name = "oauth2"

    def get_security_requirement(self, auto_schema: Any) -> dict[str, list[str]]:
        declared = getattr(auto_schema.view, "required_scopes", None)
        if declared is None:
            declared = DEFAULT_READ_SCOPES if auto_schema.method in SAFE_METHODS else []
        return {self.name: list(declared)}

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        scopes = {name: str(description) for name, description in settings.OAUTH2_PROVIDER["SCOPES"].items()}
        return {"type": "oauth2", "flows": {"clientCredentials": {"tokenUrl": TOKEN_URL, "scopes": scopes}}}


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
