"""Pages around delegated access: the person's connected systems, and the RFC 8414 metadata
document that tells a system where to ask for it."""

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from ksmm.memberships.access import member_required

from .connections import connections_of, do_revoke_connection

METADATA_MAX_AGE = 3600


@member_required
def connections(request: HttpRequest) -> HttpResponse:
    return render(request, "api/connections.html", {"connections": connections_of(request.user)})  # type: ignore[arg-type]


@member_required
@require_POST
def revoke_connection(request: HttpRequest, client_id: int) -> HttpResponse:
    """Ends a client's access for the signed-in person; a client holding none of their tokens
    (or of another canton) is 404 alike."""
    user = request.user
    held = [c.client for c in connections_of(user) if c.client.pk == client_id]  # type: ignore[arg-type]
    if not held:
        raise Http404
    do_revoke_connection(acting_user=user, client=held[0], request=request)  # type: ignore[arg-type]
    messages.success(request, _("The system can no longer act on your behalf."))
    return redirect("api_pages:connections")


@require_GET
def authorization_server_metadata(request: HttpRequest) -> JsonResponse:
    """RFC 8414, for this canton's host: the issuer is its origin; public and cacheable."""
    origin = request.build_absolute_uri("/").rstrip("/")
    provider = settings.OAUTH2_PROVIDER
    methods = ["client_secret_basic", "client_secret_post"]
    document = {
        "issuer": origin,
        "authorization_endpoint": origin + reverse("api:authorize"),
        "token_endpoint": origin + reverse("api:token"),
        "revocation_endpoint": origin + reverse("api:revoke-token"),
        "scopes_supported": sorted(provider["SCOPES"]),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials"],
        "code_challenge_methods_supported": ["S256"],
        "token_endpoint_auth_methods_supported": methods,
        "revocation_endpoint_auth_methods_supported": methods,
        "authorization_response_iss_parameter_supported": True,
        "service_documentation": origin + reverse("api:docs"),
    }
    response = JsonResponse(document)
    response["Cache-Control"] = f"public, max-age={METADATA_MAX_AGE}"
    response["Access-Control-Allow-Origin"] = "*"
    return response
